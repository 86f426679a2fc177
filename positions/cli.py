"""The command line: ``check``, ``export``, ``new`` and ``schema``; opening the app is passed in.

This module never imports Textual: :func:`main` takes the function that opens the reader,
and any extra export formats (``svg``, drawn by the reader), so that ``check`` and
``export`` start fast and the domain stays UI-free.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from positions import __version__
from positions.diagnostics import Diagnostic, LoadError
from positions.fsutil import UnsafeWriteError, write_atomic
from positions.model import Document, Loaded
from positions.text import printable
from seeds import SEED_POSITIONS

if TYPE_CHECKING:
    import argparse

    from positions.session import DocumentSession

PROG = "ceasefire-tui"
COMMANDS = ("check", "export", "new", "schema")

#: Opens the reader on a session (its file opened: linked, or on its preview while a large
#: article links) and returns the exit status.
Launcher = Callable[["DocumentSession"], int]

#: An export format: a document to text (deterministic).
Renderer = Callable[[Document], str]

#: A command the caller adds (``serve``, run by the reader's package): its arguments (after
#: the command's name) to the exit status.
Command = Callable[[list[str]], int]


def _print_diagnostics(diagnostics: Sequence[Diagnostic], err: TextIO) -> None:
    for diagnostic in diagnostics:
        print(diagnostic.format(), file=err)


def _summary(loaded: Loaded) -> list[str]:
    doc: Document = loaded.document
    quotes = doc.all_quotes()
    positions = sum(len(p.positions) for p in doc.parties)
    silences = len(doc.parties) * len(doc.topics) - positions
    elided = sum(1 for _, _, q in quotes if len(q.spans) > 1)
    repairs = "; ".join(f"{r.kind}: {r.detail}" for r in doc.article.repairs) or "none"
    return [
        f"{doc.path}: ok",
        f"  article:  {doc.meta.file} ({len(doc.article.text):,} characters, "
        f"{len(doc.article.blocks)} block{'' if len(doc.article.blocks) == 1 else 's'})",
        f"  title:    {doc.title}",
        f"  parties:  {len(doc.parties)} ({', '.join(p.name for p in doc.parties)})",
        f"  topics:   {len(doc.topics)}",
        f"  positions: {positions}, silences: {silences}",
        f"  quotes anchored: {len(quotes)}/{len(quotes)}"
        + (f" ({elided} elided)" if elided else ""),
        f"  repairs:  {repairs}",
        f"  warnings: {len(loaded.warnings)}",
    ]


def _print_load_error(path: Path, exc: LoadError, err: TextIO) -> None:
    """Every diagnostic of a failed load, then the count."""
    _print_diagnostics(exc.diagnostics, err)
    errors = len(exc.errors)
    warnings = len(exc.diagnostics) - errors
    print(
        printable(
            f"{path}: {errors} error{'s' * (errors != 1)}, "
            f"{warnings} warning{'s' * (warnings != 1)}"
        ),
        file=err,
    )


def _load(
    path: Path, err: TextIO, *, strict: bool = False, allow_outside: bool = False
) -> Loaded | None:
    """Load ``path``, printing every diagnostic; ``None`` when it has errors."""
    from positions.session import DocumentSession, Failed

    event = DocumentSession(path, strict=strict, allow_outside=allow_outside).open_linked()
    if isinstance(event, Failed):
        _print_load_error(path, LoadError(list(event.diagnostics)), err)
        return None
    _print_diagnostics(event.warnings, err)
    return event.loaded


def cmd_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``check``: load each file, print a summary or every error."""
    paths = args.files or [SEED_POSITIONS]
    status = 0
    for path in paths:
        loaded = _load(Path(path), err, strict=args.strict, allow_outside=args.allow_outside)
        if loaded is None:
            status = 1
            continue
        for line in _summary(loaded):
            print(printable(line), file=out)
        _print_diagnostics(_notes(loaded, coverage=args.coverage), err)
    return status


def _notes(loaded: Loaded, *, coverage: bool) -> list[Diagnostic]:
    """``check``'s notes (they never fail ``--strict``): no parties yet; with ``coverage``,
    every quotation no quote covers."""
    import re

    from positions.diagnostics import Severity

    doc = loaded.document
    notes: list[Diagnostic] = []
    if not doc.parties:
        try:
            text = doc.path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError):
            text = ""
        match = re.search(r"^parties\b", text, re.MULTILINE)
        line = text.count("\n", 0, match.start()) + 1 if match else 1
        notes.append(
            Diagnostic(
                doc.path, line, 1, Severity.NOTE,
                "no parties yet; open the file in the reader, select a passage and press m "
                "to code it",
            )
        )
    if coverage:
        from positions.article import ArticleError, read_article
        from positions.coverage import coverage_notes

        try:
            raw = read_article(doc.article.path)
        except ArticleError:
            raw = doc.article.text
        notes.extend(coverage_notes(doc, raw))
    return notes


def cmd_new(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``new``: write a minimal positions file for an article (never over an existing one)."""
    from positions.newfile import NewFileError, new_positions

    try:
        path = new_positions(Path(args.article), Path(args.output) if args.output else None)
    except NewFileError as exc:
        print(printable(f"{PROG}: error: {exc.message}"), file=err)
        return 1
    print(printable(f"wrote {path}"), file=err)
    args.written = path
    return 0


def _id_list(value: str | None) -> list[str] | None:
    """``a, b,c`` as ``["a", "b", "c"]``; ``None`` when the option was not given."""
    if value is None:
        return None
    return [part.strip() for part in value.split(",") if part.strip()]


def cmd_export(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``export``: write the loaded document (maybe only some topics and parties) in one
    format, to a file or stdout."""
    path = Path(args.file)
    loaded = _load(path, err, allow_outside=args.allow_outside)
    if loaded is None:
        return 1
    doc = loaded.document
    from positions.export import SelectionError, select  # loaded only for this command

    try:
        selected = select(doc, _id_list(args.topics), _id_list(args.parties))
    except SelectionError as exc:
        for problem in exc.problems:
            print(printable(f"{PROG}: error: {problem}"), file=err)
        return 1
    renderers: Mapping[str, Renderer] = args.renderers
    from positions.export.common import ExportTooLarge

    try:
        text = renderers[args.format](selected)
    except ExportTooLarge as exc:
        print(printable(f"{PROG}: error: {exc}"), file=err)
        return 1
    if args.output is None or args.output == "-":
        out.write(text)
        return 0
    try:
        write_atomic(
            Path(args.output), text.encode("utf-8"), protected=(doc.path, doc.article.path)
        )
    except UnsafeWriteError as exc:
        print(printable(f"{PROG}: error: {exc}"), file=err)
        return 1
    print(printable(f"wrote {args.output}"), file=err)
    return 0


def cmd_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    """``schema``: print the JSON Schema of the positions file format."""
    from importlib import resources

    out.write(resources.files("positions").joinpath("positions.schema.json").read_text("utf-8"))
    return 0


def _command_parser(renderers: Mapping[str, Renderer]) -> argparse.ArgumentParser:
    import argparse  # (not to open the reader on the bundled file: see main)

    parser = argparse.ArgumentParser(prog=PROG, description="Check and export positions files.")
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser(
        "check", help="validate positions files and anchor every quote (default: the seed)"
    )
    check.add_argument("files", nargs="*", metavar="FILE.yaml")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument(
        "--coverage",
        action="store_true",
        help="note every quotation in the article that no quote covers yet",
    )
    _allow_outside_option(check)
    check.set_defaults(run=cmd_check)
    from positions.export import FORMATS

    extra = [name for name in renderers if name not in FORMATS]
    export = sub.add_parser(
        "export",
        help=f"export a positions file's comparison ({', '.join(renderers)})",
        description=(
            "Export the comparison: md (GitHub-flavoured Markdown summary), html (one "
            "self-contained page: summary and highlighted article), json (the model with "
            "W3C Web Annotation selectors) or csv (one row per quote)."
            + "".join(f" Also {name}: {_first_line(renderers[name])}" for name in extra)
        ),
    )
    export.add_argument("file", metavar="FILE.yaml")
    export.add_argument(
        "--format", "-f", choices=sorted(renderers), default="json", help="default: json"
    )
    export.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout)")
    export.add_argument(
        "--topics", metavar="IDS", help="only these topics (comma-separated ids, file order)"
    )
    export.add_argument(
        "--parties", metavar="IDS", help="only these parties (comma-separated ids, file order)"
    )
    _allow_outside_option(export)
    export.set_defaults(run=cmd_export, renderers=renderers)
    new = sub.add_parser(
        "new",
        help="write a new positions file for an article, then open the reader on it",
        description="Write a minimal positions file for ARTICLE (no topics or parties yet; "
        "never over an existing file), then open the reader on it to code quotes.",
    )
    new.add_argument("article", metavar="ARTICLE", help="the article (.md, .markdown or .txt)")
    new.add_argument(
        "-o", "--output", metavar="FILE.yaml",
        help="the file to write (default: ARTICLE-STEM.positions.yaml beside the article)",
    )
    new.add_argument("--no-open", action="store_true", help="write the file only")
    new.set_defaults(run=cmd_new)
    schema = sub.add_parser("schema", help="print the JSON Schema of the positions format")
    schema.set_defaults(run=cmd_schema)
    return parser


def _first_line(renderer: Renderer) -> str:
    """The first line of a renderer's docstring, for ``export --help``."""
    lines = (renderer.__doc__ or "").strip().splitlines()
    line = lines[0].replace("``", "") if lines else ""
    return line[:1].lower() + line[1:]


def _app_parser(commands: Sequence[str] = COMMANDS) -> argparse.ArgumentParser:
    import argparse

    parser = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "Read an article beside what each party said about it. With no FILE, opens the "
            f"bundled seed. Commands: {', '.join(commands)} (see '%(prog)s COMMAND --help')."
        ),
    )
    parser.add_argument("--version", action="version", version=f"{PROG} {__version__}")
    parser.add_argument("file", nargs="?", metavar="FILE.yaml", help="a positions file")
    _allow_outside_option(parser)
    return parser


def _allow_outside_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help="read an article outside the positions file's folder (refused by default: a "
        "file someone sends you must not pull your other files into an export)",
    )


def main(
    argv: Sequence[str] | None = None,
    *,
    launch: Launcher | None = None,
    renderers: Mapping[str, Renderer] | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
    background: bool = False,
    prepare: Callable[[], object] | None = None,
    commands: Mapping[str, Command] | None = None,
) -> int:
    """Run the command line on ``argv``; return the exit status (never raises on bad input).

    ``renderers`` adds export formats to :data:`~positions.export.FORMATS` (the reader adds
    ``svg``); they get the same ``--topics``/``--parties`` selection and safe writing.

    With ``background``, the reader's file is opened and linked in a child process (see
    :mod:`positions.background`) while ``prepare()`` runs (the reader imports its UI
    there), so both take the time of the longer; where no child can be made, the file is
    opened here and ``prepare`` is not called.

    ``commands`` adds commands this module does not know (the reader adds ``serve``): each
    gets the arguments after its name and returns the exit status.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    out = out or sys.stdout
    err = err or sys.stderr
    extra = dict(commands or {})
    if argv and argv[0] in extra:
        return extra[argv[0]](argv[1:])
    if argv and argv[0] in COMMANDS:
        from positions.export import FORMATS  # not needed to open the reader

        args = _command_parser({**FORMATS, **(renderers or {})}).parse_args(argv)
        status: int = args.run(args, out, err)
        written = getattr(args, "written", None)
        if written is None or args.no_open or launch is None:
            return status
        return _open_reader(written, False, launch, err, background, prepare)
    known = (*COMMANDS, *extra)
    path, allow_outside = SEED_POSITIONS, False
    if argv:  # (none: the bundled file, and no parser to build: 3-5 ms of the first paint)
        args = _app_parser(known).parse_args(argv)
        path, allow_outside = (Path(args.file) if args.file else path), args.allow_outside
        if args.file and not path.exists():
            typo = _mistyped_command(args.file, known)
            if typo is not None:
                print(printable(f'{PROG}: error: unknown command "{args.file}"; {typo}'),
                      file=err)  # fmt: skip
                return 2
    if launch is None:
        print(f"{PROG}: error: no user interface available", file=err)
        return 2
    return _open_reader(path, allow_outside, launch, err, background, prepare)


def _open_reader(
    path: Path,
    allow_outside: bool,
    launch: Launcher,
    err: TextIO,
    background: bool,
    prepare: Callable[[], object] | None,
) -> int:
    """Open ``path`` and the reader on it; the exit status."""
    from positions.session import DocumentSession, Failed

    session = DocumentSession(path, allow_outside=allow_outside)
    try:
        first = session.open(background=background, prepare=prepare)
        if isinstance(first, Failed):
            _print_load_error(path, LoadError(list(first.diagnostics)), err)
            return 1
        _print_diagnostics(session.warnings, err)
        return launch(session)
    finally:
        session.close()  # a child still linking when the reader closes is stopped


def _mistyped_command(word: str, commands: Sequence[str] = COMMANDS) -> str | None:
    """``did you mean "check"?`` when ``word`` (not a file) is close to a command."""
    import difflib

    close = difflib.get_close_matches(word, list(commands), n=1, cutoff=0.6)
    return f'did you mean "{close[0]}"?' if close else None
