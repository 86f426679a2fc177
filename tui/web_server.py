"""The web server behind ``ceasefire-tui serve``: one reader process per browser tab.

Built on ``textual-serve`` (Textualize's server; imported only by ``serve``): its
:class:`~textual_serve.app_service.AppService` speaks the protocol of Textual's web driver
to the app process, its ``textual.js`` draws the terminal in the page and its
:class:`~textual_serve.download_manager.DownloadManager` streams files the app delivers.
The routes are ours, so that every one of them is guarded:

* ``/?token=T``: the page; a missing or wrong token is 403 (compared in constant time);
  the page sets the token as an ``HttpOnly``, ``SameSite=Strict`` cookie for downloads.
* ``/ws/T``: the websocket that drives one reader process; refused (403, no process
  started) without the token, or when its ``Origin`` is not this server (another page the
  user visits must not drive the app: cross-site websocket hijacking, DNS rebinding);
  refused (503) past the session limit.
* ``/download/KEY``: a file the app delivered (an export), with the token's cookie; always
  an attachment, so no export is ever rendered as a page of this origin.
* ``/static/...``: textual-serve's JavaScript, CSS and fonts (nothing of the user's).

Private textual-serve names overridden (checked by ``tests/test_serve.py``):
``AppService._open_app_process`` (to start the reader without a shell, in a session of its
own, so that stopping it stops every process it made), which sets ``_process`` and
``_stdin`` and uses ``_build_environment`` (the web driver's environment).
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import ipaddress
import json
import os
import re
import secrets
import signal
import socket
import sys
from asyncio.subprocess import PIPE, Process
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from urllib.parse import quote

import textual_serve
from aiohttp import WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager

#: Seconds a reader has to quit after it is asked before its process group is terminated.
QUIT_GRACE = 5.0
#: Seconds between SIGTERM and SIGKILL.
KILL_GRACE = 2.0

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARD_HOSTS = frozenset({"", "0.0.0.0", "::"})


def is_loopback(host: str) -> bool:
    """Whether binding ``host`` keeps the server on this machine."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def url_host(host: str) -> str:
    """``host`` as it stands in a URL (an IPv6 address in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host


class ReaderProcess(AppService):
    """One browser tab's reader: started without a shell, in a new session (its own
    process group), so that :meth:`end` can stop it and every process it made."""

    def __init__(
        self, argv: list[str], websocket: web.WebSocketResponse, downloads: DownloadManager
    ) -> None:
        async def close() -> None:
            await websocket.close()

        super().__init__(
            " ".join(argv),
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=downloads,
        )
        self.argv = argv
        self.process: Process | None = None

    async def _open_app_process(self, width: int = 80, height: int = 24) -> Process:
        """Start the reader (overrides textual-serve's, which runs a shell command)."""
        environment = self._build_environment(width=width, height=height)
        process = await asyncio.create_subprocess_exec(
            *self.argv,
            stdin=PIPE,
            stdout=PIPE,
            stderr=PIPE,
            env=environment,
            start_new_session=True,
        )
        self._process = self.process = process
        self._stdin = process.stdin
        return process

    async def end(self) -> None:
        """Ask the reader to quit; terminate, then kill, its process group if it does not."""
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
            await asyncio.wait_for(self.stop(), QUIT_GRACE)
        process = self.process
        if process is None:
            return
        # Its output ended: give it time to exit (closing its own child), then signal.
        for hard, grace in ((None, KILL_GRACE), (False, KILL_GRACE), (True, None)):
            if hard is not None and process.returncode is None:
                _signal_group(process, hard=hard)
            try:
                await asyncio.wait_for(process.wait(), grace)
                return
            except TimeoutError:
                continue


def _signal_group(process: Process, *, hard: bool) -> None:
    """SIGTERM (or SIGKILL) to the reader's process group: it and every process it made
    (elsewhere than POSIX, to the reader alone)."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(process.pid, signal.SIGKILL if hard else signal.SIGTERM)
        elif hard:
            process.kill()
        else:
            process.terminate()


@dataclass
class ServerConfig:
    """What the server serves and to whom."""

    path: Path
    """The positions file served."""
    argv: list[str]
    """The command that runs one reader (its file given)."""
    host: str
    """The address listened on (``127.0.0.1`` unless the user chose another)."""
    port: int
    """The port (0: any free one)."""
    token: str
    """The secret the page, the websocket and downloads need."""
    max_sessions: int = 4
    """At most this many readers at once."""
    title: str = "ceasefire-tui"
    """The page's title."""


class ReaderServer:
    """The aiohttp application and the sessions it runs."""

    def __init__(self, config: ServerConfig) -> None:
        self.config = config
        self.downloads = DownloadManager()
        self.sessions: set[ReaderProcess] = set()
        self.sockets: set[web.WebSocketResponse] = set()
        self._reserved = 0
        self.port = config.port
        """The port listened on (known once started, when ``config.port`` is 0)."""
        self.static = Path(textual_serve.__file__).parent / "static"
        self.cookie = f"ceasefire-token-{secrets.token_hex(4)}"

    # ------------------------------------------------------------------ guards

    def token_ok(self, given: str | None) -> bool:
        """Whether ``given`` is the token (constant-time comparison)."""
        return given is not None and secrets.compare_digest(
            given.encode("utf-8", "surrogateescape"), self.config.token.encode()
        )

    def allowed_origins(self, request: web.Request) -> set[str]:
        """The origins this server's page can have, as a browser writes them."""
        port = self.port
        host = self.config.host
        if is_loopback(host):
            names = ["127.0.0.1", "localhost", "[::1]", url_host(host)]
        elif host in WILDCARD_HOSTS:
            # Listening everywhere: the name the browser used, if it names this machine
            # (an IP address or this host's name, never a domain that could be rebound).
            shown = (request.host or "").lower()
            shown = shown.rsplit(":", 1)[0] if shown.rfind(":") > shown.rfind("]") else shown
            names = [shown] if self._names_this_machine(shown) else []
        else:
            names = [url_host(host)]
        suffix = ("", f":{port}") if port == 80 else (f":{port}",)  # browsers omit :80
        return {f"http://{name.lower()}{end}" for name in names for end in suffix}

    @staticmethod
    def _names_this_machine(name: str) -> bool:
        bare = name.strip("[]")
        try:
            ipaddress.ip_address(bare)
            return True
        except ValueError:
            pass
        return bare in {"localhost", socket.gethostname().lower(), socket.getfqdn().lower()}

    def origin_ok(self, request: web.Request) -> bool:
        """Whether the websocket comes from this server's own page."""
        origin = request.headers.get("Origin")
        return origin is not None and origin.lower() in self.allowed_origins(request)

    def full(self) -> bool:
        """Whether every session is taken."""
        return len(self.sessions) + self._reserved >= self.config.max_sessions

    def _full_text(self) -> str:
        limit = self.config.max_sessions
        return (
            f"ceasefire-tui serve: {limit} session{'s' * (limit != 1)} open already, the "
            "most this server allows (--max-sessions). Close a tab and reload this page."
        )

    # ------------------------------------------------------------------ routes

    def make_app(self) -> web.Application:
        """The aiohttp application."""
        app = web.Application()
        app.add_routes(
            [
                web.get("/", self.handle_index),
                web.get("/ws", self.handle_no_token),
                web.get("/ws/", self.handle_no_token),
                web.get("/ws/{token}", self.handle_websocket),
                web.get("/download/{key}", self.handle_download),
                web.static("/static", self.static),
            ]
        )
        return app

    async def handle_no_token(self, request: web.Request) -> web.StreamResponse:
        """``/ws`` without a token: refused."""
        raise web.HTTPForbidden(text="403: this websocket needs the token")

    async def handle_index(self, request: web.Request) -> web.StreamResponse:
        """The page, with the token; 403 without it, 503 when every session is taken."""
        if not self.token_ok(request.query.get("token")):
            raise web.HTTPForbidden(
                text="403: open the link with its token, as `ceasefire-tui serve` printed it."
            )
        if self.full():
            raise web.HTTPServiceUnavailable(text=self._full_text())
        response = web.Response(text=self.page(request), content_type="text/html")
        response.set_cookie(
            self.cookie, self.config.token, httponly=True, samesite="Strict", path="/"
        )
        response.headers.update(
            {
                "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer",  # the token is in the page's URL
                "X-Frame-Options": "DENY",
                "X-Content-Type-Options": "nosniff",
            }
        )
        return response

    def page(self, request: web.Request) -> str:
        """The HTML page (textual-serve's, without its request to Google Fonts)."""
        template = resources.files("tui").joinpath("serve_page.html").read_text("utf-8")
        font_size = request.query.get("fontsize", "16")
        values = {
            "TITLE": self.config.title,
            "STATIC": "/static/",
            "WEBSOCKET": f"ws://{request.host}/ws/{self.config.token}",
            "FONT_SIZE": font_size if font_size.isdigit() and len(font_size) < 3 else "16",
        }
        return re.sub(
            r"\{\{([A-Z_]+)\}\}", lambda m: html.escape(values[m[1]], quote=True), template
        )

    async def handle_download(self, request: web.Request) -> web.StreamResponse:
        """A file the app delivered (an export), as an attachment."""
        if not self.token_ok(request.cookies.get(self.cookie)):
            raise web.HTTPForbidden(text="403: this download needs the page's token")
        key = request.match_info["key"]
        try:
            meta = await self.downloads.get_download_metadata(key)
        except KeyError:
            raise web.HTTPNotFound(text="no such download") from None
        response = web.StreamResponse()
        content_type = meta.mime_type + (f"; charset={meta.encoding}" if meta.encoding else "")
        name = meta.file_name
        fallback = "".join(c if c.isascii() and c.isprintable() and c not in '"\\' else "_"
                           for c in name)
        response.headers.update(
            {
                "Content-Type": content_type,
                "Content-Disposition": (
                    f'attachment; filename="{fallback}"; filename*=UTF-8\'\'{quote(name)}'
                ),
                "X-Content-Type-Options": "nosniff",
                "Cache-Control": "no-store",
            }
        )
        await response.prepare(request)
        async for chunk in self.downloads.download(key):
            await response.write(chunk)
        await response.write_eof()
        return response

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        """One reader process for this websocket, after every check passed."""
        if not self.token_ok(request.match_info["token"]):
            raise web.HTTPForbidden(text="403: wrong token")
        if not self.origin_ok(request):
            raise web.HTTPForbidden(text="403: this websocket is only for this server's page")
        if self.full():
            raise web.HTTPServiceUnavailable(text=self._full_text())
        self._reserved += 1
        websocket = web.WebSocketResponse(heartbeat=15)
        service: ReaderProcess | None = None
        try:
            await websocket.prepare(request)
            self.sockets.add(websocket)
            service = ReaderProcess(self.config.argv, websocket, self.downloads)
            self.sessions.add(service)
            self._reserved -= 1
            await service.start(_size(request, "width", 80), _size(request, "height", 24))
            await _relay(websocket, service)
        finally:
            if service is None:
                self._reserved -= 1
            else:
                await service.end()
                self.sessions.discard(service)
            self.sockets.discard(websocket)
            await websocket.close()
        return websocket

    async def stop_sessions(self) -> None:
        """End every session: each reader asked to quit, its process group killed if not."""
        await asyncio.gather(*(s.end() for s in list(self.sessions)), return_exceptions=True)
        for websocket in list(self.sockets):
            await websocket.close(code=1001, message=b"server stopped")


def _size(request: web.Request, name: str, default: int) -> int:
    """A terminal dimension from the query, within 10..1000."""
    value = request.query.get(name, "")
    return min(max(int(value), 10), 1000) if value.isdigit() and len(value) < 6 else default


async def _relay(websocket: web.WebSocketResponse, service: AppService) -> None:
    """The browser's messages to the reader: keys, resizes, focus (as textual-serve does)."""
    async for message in websocket:
        if message.type != WSMsgType.TEXT:
            continue
        try:
            envelope = json.loads(message.data)
            kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        except (ValueError, TypeError, IndexError, KeyError):
            continue
        if kind == "stdin" and isinstance(data, str):
            await service.send_bytes(data.encode("utf-8"))
        elif kind == "resize" and isinstance(data, dict):
            width, height = data.get("width"), data.get("height")
            if isinstance(width, int) and isinstance(height, int):
                await service.set_terminal_size(min(max(width, 10), 1000),
                                                min(max(height, 5), 1000))
        elif kind == "ping":
            await websocket.send_json(["pong", data])
        elif kind == "blur":
            await service.blur()
        elif kind == "focus":
            await service.focus()


def reader_argv(path: Path, *, allow_outside: bool = False) -> list[str]:
    """The command that opens one reader on ``path`` (this interpreter, this package)."""
    return [
        sys.executable, "-m", "tui.serve_child", str(os.getpid()),
        *(["--allow-outside"] if allow_outside else []),
        "--", str(path.absolute()),
    ]
