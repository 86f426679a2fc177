"""``ceasefire-tui serve``: the reader in a browser, private by default (issue 16).

Each test starts the real command on a free port (``--port 0``; it prints the link it
listens on) and talks to it as a browser does: the page, then the websocket that drives
one reader process.  The processes it starts are listed through ``/proc``.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
from helpers.platforms import needs_proc
from helpers.serving import Served, alive, screen_stream, start_server, wait_until

from positions.export import FORMATS
from positions.loader import load_document
from seeds import SEED_POSITIONS

pytestmark = needs_proc

AUTHOR = load_document(SEED_POSITIONS).document.meta.author or "James Landale"


@pytest.fixture
def served() -> Iterator[Served]:
    server = start_server()
    try:
        yield server
    finally:
        server.stop()


class Session:
    """One browser tab's websocket: what the reader drew, and the messages beside it."""

    def __init__(self, socket: aiohttp.ClientWebSocketResponse) -> None:
        self.socket = socket
        self.output = b""
        self.messages: list[list[object]] = []

    @property
    def text(self) -> str:
        return screen_stream(self.output)

    async def until(self, condition: object, what: str, timeout: float = 60) -> None:
        """Read from the websocket until ``condition()`` holds."""
        check = condition if callable(condition) else (lambda: condition in self.text)
        async with asyncio.timeout(timeout):
            while not check():
                message = await self.socket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    self.output += message.data
                elif message.type == aiohttp.WSMsgType.TEXT:
                    self.messages.append(json.loads(message.data))
                elif message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                      aiohttp.WSMsgType.CLOSING):
                    if check():
                        return
                    raise AssertionError(f"the websocket closed before {what}")

    async def keys(self, keys: str) -> None:
        await self.socket.send_json(["stdin", keys])


async def open_session(
    client: aiohttp.ClientSession, served: Served, *, origin: str | None = None
) -> Session:
    return await open_session_at(client, served.websocket_url(), origin or served.base)


async def open_session_at(client: aiohttp.ClientSession, url: str, origin: str) -> Session:
    return Session(await client.ws_connect(url, headers={"Origin": origin}))


async def refused(client: aiohttp.ClientSession, url: str, origin: str | None) -> int:
    """The HTTP status a websocket handshake was refused with."""
    headers = {} if origin is None else {"Origin": origin}
    with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
        await client.ws_connect(url, headers=headers)
    return caught.value.status


async def test_the_page_needs_the_token(served: Served) -> None:
    async with aiohttp.ClientSession() as client:
        for url in (f"{served.base}/", f"{served.base}/?token=wrong", f"{served.base}/?token="):
            async with client.get(url) as response:
                assert response.status == 403, url
        async with client.get(served.url) as response:
            assert response.status == 200
            page = await response.text()
            assert response.headers["Referrer-Policy"] == "no-referrer"
        assert f"/ws/{served.token}" in page
        assert "googleapis" not in page and "https://" not in page  # no outside request
    assert served.children() == set(), "a refused or plain page request started a reader"


async def test_the_websocket_needs_the_token_and_this_servers_origin(served: Served) -> None:
    async with aiohttp.ClientSession() as client:
        base = served.base
        assert await refused(client, served.websocket_url("wrong"), base) == 403
        assert await refused(client, served.websocket_url(""), base) == 403
        assert await refused(client, base.replace("http", "ws") + "/ws", base) == 403
        good = served.websocket_url()
        for origin in (None, "http://evil.example", "http://127.0.0.1.evil.example:80",
                       base.replace("http://", "https://"), "null"):
            assert await refused(client, good, origin) == 403, origin
    assert served.children() == set(), "a refused websocket started a reader"


async def test_a_session_shows_the_reader_and_q_ends_its_process(served: Served) -> None:
    async with aiohttp.ClientSession() as client:
        session = await open_session(client, served)
        await session.until(AUTHOR, "the article's author on screen")
        readers = served.children()
        assert readers, "no reader process"
        await session.keys("q")
        await session.until(lambda: session.socket.closed, "the session to end")
    wait_until(lambda: not any(alive(pid) for pid in readers), "the reader to exit")
    assert served.children() == set()


async def test_an_export_in_the_browser_is_a_download(served: Served) -> None:
    markdown = FORMATS["md"](load_document(SEED_POSITIONS).document).encode("utf-8")
    # A browser keeps a cookie from 127.0.0.1; aiohttp's client only when told it may.
    async with aiohttp.ClientSession(cookie_jar=aiohttp.CookieJar(unsafe=True)) as client:
        async with client.get(served.url) as response:  # sets the token's cookie
            assert response.status == 200
        session = await open_session(client, served)
        await session.until(AUTHOR, "the article's author on screen")
        await session.keys("e")
        await session.until("Export", "the export dialog")
        await session.keys("\r")
        await session.until(
            lambda: any(m[0] == "deliver_file_start" for m in session.messages),
            "the download to be offered",
        )
        (key,) = [m[1] for m in session.messages if m[0] == "deliver_file_start"]
        async with (
            aiohttp.ClientSession() as stranger,  # no cookie: refused
            stranger.get(f"{served.base}/download/{key}") as response,
        ):
            assert response.status == 403
        async with client.get(f"{served.base}/download/{key}") as response:
            assert response.status == 200
            assert response.headers["Content-Disposition"].startswith("attachment;")
            assert f"{SEED_POSITIONS.stem}.md" in response.headers["Content-Disposition"]
            assert await response.read() == markdown
        await session.until("Markdown", "the reader to say what it delivered")
        await session.keys("q")
        await session.until(lambda: session.socket.closed, "the session to end")


async def test_ctrl_c_stops_the_server_and_every_reader() -> None:
    served = start_server()
    try:
        async with aiohttp.ClientSession() as client:
            sessions = [await open_session(client, served) for _ in range(2)]
            for session in sessions:
                await session.until(AUTHOR, "the article's author on screen")
            readers = served.children()
            assert len(readers) >= 2
            status = await asyncio.to_thread(served.stop)
    finally:
        served.stop()
    assert status == 0, served.errors
    assert [pid for pid in readers if alive(pid)] == [], "a reader outlived the server"
    assert any("Stopped (2 sessions ended)" in line for line in served.lines)


async def test_at_most_n_sessions_and_the_next_one_is_refused_politely() -> None:
    served = start_server("--max-sessions", "1")
    try:
        async with aiohttp.ClientSession() as client:
            first = await open_session(client, served)
            await first.until(AUTHOR, "the article's author on screen")
            assert await refused(client, served.websocket_url(), served.base) == 503
            async with client.get(served.url) as response:
                assert response.status == 503
                assert "--max-sessions" in await response.text()
            await first.keys("q")
            await first.until(lambda: first.socket.closed, "the first session to end")
            wait_until(lambda: served.children() == set(), "the first reader to exit")
            # The server frees the slot once it has seen the reader out (a user would
            # reload the page): wait for the page to be served again.
            for _ in range(600):
                async with client.get(served.url) as response:
                    if response.status == 200:
                        break
                await asyncio.sleep(0.1)
            second = await open_session(client, served)
            await second.until(AUTHOR, "the article's author on screen, in a new session")
            await second.keys("q")
            await second.until(lambda: second.socket.closed, "the second session to end")
    finally:
        served.stop()


async def test_any_host_but_this_machine_is_warned_about_and_rebinding_is_refused() -> None:
    """Listening everywhere, the websocket takes the origin the browser used only when it
    names this machine (an address, its host name): a domain rebound to this machine's
    address (DNS rebinding) is refused."""
    served = start_server("--host", "0.0.0.0")
    port = served.base.rsplit(":", 1)[1]
    local = f"127.0.0.1:{port}"
    try:
        async with aiohttp.ClientSession() as client:
            url = f"ws://{local}/ws/{served.token}"
            for name in ("rebound.example", "127.0.0.1.nip.io"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as caught:
                    await client.ws_connect(url, headers={
                        "Host": f"{name}:{port}", "Origin": f"http://{name}:{port}"
                    })
                assert caught.value.status == 403, name
            assert await refused(client, url, f"http://localhost.example:{port}") == 403
            session = await open_session_at(client, url, f"http://{local}")
            await session.until(AUTHOR, "the article's author on screen")
            await session.keys("q")
            await session.until(lambda: session.socket.closed, "the session to end")
    finally:
        served.stop()
    warning = "".join(served.errors)
    assert "warning: listening on 0.0.0.0" in warning
    assert "anyone who can reach it and holds the link can read" in warning


def test_a_file_with_errors_is_not_served(tmp_path: Path) -> None:
    broken = tmp_path / "positions.yaml"
    broken.write_text("version: 1\narticle: {file: missing.md}\ntopics: {}\nparties: {}\n")
    result = subprocess.run(
        [sys.executable, "-m", "tui.cli", "serve", "--port", "0", str(broken)],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 1
    assert f"{broken}:2:" in result.stderr and "error:" in result.stderr
    assert "token=" not in result.stdout


def test_the_readers_start_up_does_not_import_the_server() -> None:
    code = (
        "import sys, tui.cli, tui.app, tui.screens.reader, tui.screens.export; "
        "print(sorted(m for m in ('textual_serve', 'aiohttp', 'tui.web_server', 'tui.serve') "
        "if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_textual_serve_names_overridden_still_exist() -> None:
    """``tui.web_server.ReaderProcess`` overrides a private method of textual-serve's
    ``AppService`` and sets its attributes: after an upgrade, this names what moved."""
    from textual_serve.app_service import AppService

    method = getattr(AppService, "_open_app_process", None)
    assert callable(method), "AppService._open_app_process is gone"
    assert list(inspect.signature(method).parameters) == ["self", "width", "height"]
    assert callable(getattr(AppService, "_build_environment", None))
    source = inspect.getsource(AppService)
    for name in ("self._process", "self._stdin", "await self._open_app_process("):
        assert name in source, f"AppService no longer uses {name}"


def test_serve_is_a_command_of_the_reader_and_a_typo_is_named() -> None:
    import io

    from positions.cli import main
    from tui.cli import serve

    err = io.StringIO()
    status = main(["serv"], commands={"serve": serve}, launch=lambda s: 0, err=err)
    assert status == 2
    assert 'unknown command "serv"; did you mean "serve"?' in err.getvalue()
    result = subprocess.run([sys.executable, "-m", "tui.cli", "serve", "--help"],
                            capture_output=True, text=True, timeout=60, check=True)
    assert "--max-sessions" in result.stdout and "token" in result.stdout


async def test_a_reader_does_not_outlive_a_server_killed_outright() -> None:
    """``kill -9`` gives the server no chance to stop its readers: they end by themselves."""
    served = start_server()
    try:
        async with aiohttp.ClientSession() as client:
            session = await open_session(client, served)
            await session.until(AUTHOR, "the article's author on screen")
            readers = served.children()
            assert readers
            served.process.kill()
            served.process.wait()
    finally:
        served.stop()
    wait_until(lambda: not any(alive(pid) for pid in readers), "the orphaned reader to end")


async def test_a_reader_that_does_not_quit_is_killed_when_the_server_stops() -> None:
    """A reader that cannot answer (stopped: SIGSTOP) is terminated, then killed, with
    every process of its group, after a few seconds' grace; the server still exits."""
    import os
    import signal

    served = start_server()
    try:
        async with aiohttp.ClientSession() as client:
            session = await open_session(client, served)
            await session.until(AUTHOR, "the article's author on screen")
            readers = served.children()
            for pid in readers:
                os.kill(pid, signal.SIGSTOP)
            status = await asyncio.to_thread(served.stop)
    finally:
        served.stop()
    assert status == 0, served.errors
    assert [pid for pid in readers if alive(pid)] == []
