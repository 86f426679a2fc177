"""``ceasefire-tui serve [FILE.yaml]``: the reader in a browser, private by default.

The file is checked first (errors are printed as ``check`` prints them, and nothing is
served).  Then a random token is made, the server listens (``127.0.0.1`` unless
``--host`` says otherwise, with a warning for any other host) and prints the one URL that
carries the token.  Each browser tab gets its own reader process (see
:mod:`tui.web_server`); ``ctrl+c`` stops the server and every one of them.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import secrets
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from positions.cli import PROG
from positions.text import printable
from seeds import SEED_POSITIONS

if TYPE_CHECKING:
    from tui.web_server import ReaderServer


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=f"{PROG} serve",
        description=(
            "Serve the reader in a web browser (one reader per tab). Only the printed link, "
            "which carries a random token, opens it."
        ),
    )
    parser.add_argument("file", nargs="?", metavar="FILE.yaml", help="default: the seed")
    parser.add_argument(
        "--host",
        default="127.0.0.1",
        help="address to listen on (default 127.0.0.1: this machine only; 0.0.0.0 lets "
        "anyone who can reach this machine and holds the link read the file)",
    )
    parser.add_argument(
        "--port", type=int, default=8000, help="port (default 8000; 0: any free port)"
    )
    parser.add_argument(
        "--max-sessions",
        type=int,
        default=4,
        metavar="N",
        help="at most N browser tabs at once (default 4)",
    )
    parser.add_argument(
        "--allow-outside",
        action="store_true",
        help="read an article outside the positions file's folder",
    )
    return parser


def _title(path: Path, err: TextIO, allow_outside: bool) -> str | None:
    """Check the file as ``check`` does; its title, or ``None`` (errors printed)."""
    from positions.session import DocumentSession, Failed

    event = DocumentSession(path, allow_outside=allow_outside).open_linked()
    if isinstance(event, Failed):
        for diagnostic in event.diagnostics:
            print(diagnostic.format(), file=err)
        errors = sum(1 for d in event.diagnostics if d.severity == "error")
        print(printable(f"{path}: {errors} error{'s' * (errors != 1)}; nothing served"),
              file=err)
        return None
    for diagnostic in event.warnings:
        print(diagnostic.format(), file=err)
    return printable(event.loaded.document.title)


def main(argv: list[str], out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run ``serve`` with ``argv`` (the arguments after ``serve``); the exit status."""
    out = out or sys.stdout
    err = err or sys.stderr
    args = _parser().parse_args(argv)
    if not 0 <= args.port <= 65535:
        print(f"{PROG} serve: error: --port {args.port}: not a port (0..65535)", file=err)
        return 2
    if args.max_sessions < 1:
        print(f"{PROG} serve: error: --max-sessions must be at least 1", file=err)
        return 2
    path = Path(args.file) if args.file else SEED_POSITIONS
    title = _title(path, err, args.allow_outside)
    if title is None:
        return 1
    from tui.web_server import ReaderServer, ServerConfig, is_loopback, reader_argv

    config = ServerConfig(
        path=path.absolute(),
        argv=reader_argv(path, allow_outside=args.allow_outside),
        host=args.host,
        port=args.port,
        token=secrets.token_urlsafe(32),
        max_sessions=args.max_sessions,
        title=f"{title} · {PROG}",
    )
    if not is_loopback(args.host):
        print(
            printable(
                f"{PROG} serve: warning: listening on {args.host or 'every address'}, not "
                f"only this machine: anyone who can reach it and holds the link can read "
                f"{path} (and, where the app can edit, change it)."
            ),
            file=err,
        )
    try:
        return asyncio.run(_serve(ReaderServer(config), out, err))
    except KeyboardInterrupt:  # only where signal handlers cannot be set (Windows)
        return 130


async def _serve(server: ReaderServer, out: TextIO, err: TextIO) -> int:
    """Listen until SIGINT or SIGTERM, then end every session and stop."""
    from aiohttp import web

    from tui.web_server import url_host

    config = server.config
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=2.0)
    await runner.setup()
    site = web.TCPSite(runner, config.host or None, config.port)
    try:
        await site.start()
    except OSError as exc:
        await runner.cleanup()
        print(printable(f"{PROG} serve: error: cannot listen on {config.host}:{config.port}: "
                        f"{exc.strerror or exc}"), file=err)
        return 1
    server.port = runner.addresses[0][1]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError):
            loop.add_signal_handler(sig, stop.set)
    shown = config.host
    if shown in ("", "0.0.0.0", "::"):
        import socket

        shown = socket.gethostname()
    print(printable(f"Serving {config.path} (ctrl+c stops it). Open this link in a browser:"),
          file=out)
    print(f"    http://{url_host(shown)}:{server.port}/?token={config.token}", file=out,
          flush=True)
    try:
        await stop.wait()
    finally:
        sessions = len(server.sessions)
        await server.stop_sessions()
        await runner.cleanup()
    print(f"Stopped ({sessions} session{'s' * (sessions != 1)} ended).", file=out, flush=True)
    return 0
