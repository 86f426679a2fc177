"""Safe file input and output: what a user sees when a path is not a plain file.

Reading: the positions file and the article go through one bounded reader that refuses
FIFOs, devices, sockets and directories without blocking.  Writing: an export only ever
replaces a regular file or creates one, and every failure is one ``error:`` line.
"""

from __future__ import annotations

import io
import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from positions import fsutil
from positions.cli import main
from positions.fsutil import UnsafeWriteError, read_bounded, write_atomic
from positions.loader import SEED_POSITIONS

FIXTURES = Path(__file__).parent / "fixtures"
#: What the write tests export: a file with no warnings, so stderr holds only the error.
SOURCE = SEED_POSITIONS
CASE_YAML = (FIXTURES / "hostile" / "article-empty" / "positions.yaml").read_text("utf-8")
ROOT = os.geteuid() == 0


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out=out, err=err)
    return status, out.getvalue(), err.getvalue()


def check_in_child(path: Path) -> subprocess.CompletedProcess[str]:
    """``ceasefire-tui check PATH`` in a child with a timeout: a read that blocks fails."""
    code = "import sys\nfrom positions.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    return subprocess.run(
        [sys.executable, "-c", code, "check", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
    )


def unix_socket(path: Path) -> socket.socket:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    sock.bind(str(path))
    return sock


# --------------------------------------------------------------------------- reading


def test_a_fifo_as_positions_file_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "positions.yaml"
    os.mkfifo(fifo)
    result = check_in_child(fifo)
    assert result.returncode == 1
    assert result.stderr.splitlines()[0] == (
        f"{fifo}:1:1: error: is a FIFO (named pipe), not a regular file"
    )


def test_a_fifo_or_a_link_to_one_as_article_is_refused_without_blocking(tmp_path: Path) -> None:
    (tmp_path / "positions.yaml").write_text(CASE_YAML, encoding="utf-8")
    os.mkfifo(tmp_path / "pipe")
    for make in (lambda a: os.mkfifo(a), lambda a: os.symlink(tmp_path / "pipe", a)):
        article = tmp_path / "article.md"
        article.unlink(missing_ok=True)
        make(article)
        result = check_in_child(tmp_path / "positions.yaml")
        assert result.returncode == 1
        assert result.stderr.splitlines()[0] == (
            f"{tmp_path / 'positions.yaml'}:3:9: error: article article.md: "
            "is a FIFO (named pipe), not a regular file"
        )


def test_a_socket_and_a_directory_are_refused(tmp_path: Path) -> None:
    (tmp_path / "positions.yaml").write_text(CASE_YAML, encoding="utf-8")
    sock = unix_socket(tmp_path / "article.md")
    try:
        status, _, err = run("check", str(tmp_path / "positions.yaml"))
    finally:
        sock.close()
    assert status == 1
    assert "error: article article.md: is a socket, not a regular file" in err
    (tmp_path / "article.md").unlink()
    (tmp_path / "article.md").mkdir()
    status, _, err = run("check", str(tmp_path / "positions.yaml"))
    assert "error: article article.md: is a directory, not a file" in err


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
def test_a_device_node_as_article_is_refused(tmp_path: Path) -> None:
    (tmp_path / "positions.yaml").write_text(CASE_YAML, encoding="utf-8")
    os.mknod(tmp_path / "article.md", stat.S_IFCHR | 0o666, os.makedev(1, 5))  # like /dev/zero
    status, _, err = run("check", str(tmp_path / "positions.yaml"))
    assert status == 1
    assert "error: article article.md: is a character device, not a regular file" in err


def test_positions_file_over_8_mb_is_refused_with_its_size(tmp_path: Path) -> None:
    path = tmp_path / "positions.yaml"
    path.write_bytes(CASE_YAML.encode() + b"#" * (9 * 1024 * 1024))
    status, _, err = run("check", str(path))
    assert status == 1
    assert err.splitlines()[0] == f"{path}:1:1: error: positions file is 9 MB; the limit is 8 MB"


def test_one_byte_over_the_limit_is_refused_with_exact_sizes(tmp_path: Path) -> None:
    path = tmp_path / "f.txt"
    path.write_bytes(b"x" * 100)
    assert read_bounded(path, 100, what="file") == b"x" * 100
    path.write_bytes(b"x" * 101)
    with pytest.raises(fsutil.ReadError, match=r"^file is 101 bytes; the limit is 100 bytes$"):
        read_bounded(path, 100, what="file")


@pytest.mark.parametrize(
    ("encoding", "name"),
    [
        ("utf-16-le", "UTF-16"),
        ("utf-16-be", "UTF-16"),
        ("utf-32-le", "UTF-32"),
        ("utf-32-be", "UTF-32"),
    ],
)
def test_utf16_and_utf32_without_bom_are_named(tmp_path: Path, encoding: str, name: str) -> None:
    path = tmp_path / "positions.yaml"
    path.write_bytes(CASE_YAML.encode(encoding))
    status, _, err = run("check", str(path))
    assert status == 1
    assert err.splitlines()[0] == (
        f"{path}:1:1: error: not UTF-8: looks like {name}; save the file as UTF-8"
    )


# --------------------------------------------------------------------------- writing


def export_to(target: str | Path) -> tuple[int, str, str]:
    return run("export", str(SOURCE), "--format", "json", "-o", str(target))


def assert_one_error_line(status: int, err: str) -> None:
    assert status == 1
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ceasefire-tui: error: "), err


def test_dev_null_and_dev_full_are_never_replaced() -> None:
    for device in ("/dev/null", "/dev/full"):
        if not os.path.exists(device):
            continue
        before = os.stat(device)
        status, _, err = export_to(device)
        assert_one_error_line(status, err)
        assert "is a character device, not a regular file; refusing to replace it" in err
        after = os.stat(device)
        assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino
        assert after.st_rdev == before.st_rdev


def test_a_fifo_socket_or_link_to_one_is_not_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    sock = unix_socket(tmp_path / "sock.json")
    try:
        (tmp_path / "link.json").symlink_to(fifo)
        for target, kind in (
            (fifo, "a FIFO (named pipe)"),
            (tmp_path / "sock.json", "a socket"),
            (tmp_path / "link.json", "a FIFO (named pipe)"),
        ):
            status, _, err = export_to(target)
            assert_one_error_line(status, err)
            assert f"is {kind}, not a regular file; refusing to replace it" in err
        assert stat.S_ISFIFO(os.stat(fifo).st_mode)
        assert stat.S_ISSOCK(os.stat(tmp_path / "sock.json").st_mode)
        assert (tmp_path / "link.json").is_symlink()
    finally:
        sock.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.json", "pipe.json", "sock.json"]


@pytest.mark.skipif(not ROOT, reason="mknod needs root")
def test_a_device_node_is_not_replaced(tmp_path: Path) -> None:
    node = tmp_path / "out.json"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # like /dev/null
    status, _, err = export_to(node)
    assert_one_error_line(status, err)
    assert stat.S_ISCHR(os.lstat(node).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.json"]


def test_dev_stdout_is_refused_when_it_is_a_pipe() -> None:
    code = "import sys\nfrom positions.cli import main\nsys.exit(main(sys.argv[1:]))\n"
    result = subprocess.run(
        [sys.executable, "-c", code, "export", str(SOURCE), "-f", "json", "-o", "/dev/stdout"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert_one_error_line(result.returncode, result.stderr)
    assert result.stdout == ""


def test_a_file_in_proc_gives_one_error_line() -> None:
    status, _, err = export_to("/proc/version")
    assert_one_error_line(status, err)
    assert "cannot create a temporary file in /proc" in err


def test_a_folder_that_cannot_be_written_gives_one_error_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)  # as a read-only folder would, even for root
    status, _, err = export_to(tmp_path / "out.json")
    assert_one_error_line(status, err)
    assert err.strip().endswith(f"cannot create a temporary file in {tmp_path}: Permission denied")


def test_a_250_character_name_is_written_and_a_260_character_one_refused(tmp_path: Path) -> None:
    long_ok = tmp_path / ("a" * 245 + ".json")
    status, _, err = export_to(long_ok)
    assert status == 0, err
    assert long_ok.read_bytes().startswith(b"{")
    assert [p.name for p in tmp_path.iterdir()] == [long_ok.name]  # no temporary file left
    too_long = tmp_path / ("b" * 255 + ".json")
    status, _, err = export_to(too_long)
    assert_one_error_line(status, err)
    assert "file name too long (260 bytes; the limit is 255)" in err


def test_a_symlink_loop_gives_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "loop").symlink_to("loop")
    status, _, err = export_to(tmp_path / "loop" / "x.json")
    assert_one_error_line(status, err)
    assert "symbolic link loop" in err


def test_temporary_file_is_recognisable_and_stale_ones_are_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.json"
    stale = tmp_path / ".out.json.ceasefire-deadbeef.tmp"
    stale.write_bytes(b"half an export from a killed run")
    other = tmp_path / ".other.json.ceasefire-deadbeef.tmp"  # another target's: kept
    other.write_bytes(b"")
    seen: list[str] = []
    real_replace = os.replace

    def spy(src: str, dst: str) -> None:
        seen.append(os.path.basename(src))
        real_replace(src, dst)

    monkeypatch.setattr(fsutil.os, "replace", spy)
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    (name,) = seen
    assert name.startswith(".out.json.ceasefire-") and name.endswith(".tmp")
    assert sorted(p.name for p in tmp_path.iterdir()) == [other.name, "out.json"]


def test_write_atomic_raises_only_unsafe_write_error(tmp_path: Path) -> None:
    for target in (tmp_path, tmp_path / "missing" / "x.json", Path("/proc/version")):
        with pytest.raises(UnsafeWriteError) as info:
            write_atomic(target, b"x")
        assert "\n" not in str(info.value)
