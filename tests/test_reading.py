"""Reading a file a person named: its kind and size are checked before a byte is read.

A named pipe, a device, a folder or a socket given as a model, a credence file or a network to
import is refused at once (code ``file-kind``), never read until memory runs out or waited on
forever; a file over the limit is refused from its size alone (a 6 GB sparse file is never
read), and a file that grows after the size check is still read no further than the limit.
"""

from __future__ import annotations

import os
import socket
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

import argmap
from argmap.interchange import import_network
from argmap.interchange.importing import MAX_NETWORK_BYTES
from argmap.loading import MAX_BYTES
from argmap.reading import read_limited
from tests.support.commands import argmap_cli

ROOT = Path(__file__).resolve().parents[1]
SPRINKLER = ROOT / "models/examples/sprinkler.yaml"


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.yaml"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "sock.yaml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    try:
        yield path
    finally:
        server.close()


def _refused(err: argmap.ArgmapError, path: Path | str, code: str, words: str) -> None:
    assert err.codes == (code,), err
    assert err.problems[0].file == str(path)
    assert words in err.problems[0].message, err


# ---------------------------------------------------------------------- the reader itself


@pytest.mark.timeout(60)  # a hang guard, not a speed test (speed is bench/'s)
@pytest.mark.parametrize(
    ("path", "words"),
    [("/dev/zero", "is a character device"), ("/dev/null", "is a character device")],
)
def test_devices_are_refused_not_read(path: str, words: str) -> None:
    for read in (argmap.load_model, lambda p: import_network(p, fmt="bif")):
        with pytest.raises(argmap.InputError) as err:
            read(path)
        _refused(err.value, path, "file-kind", words)
    with pytest.raises(argmap.InputError) as err:
        argmap.load_credences(path, argmap.load_model(SPRINKLER))
    _refused(err.value, path, "file-kind", words)


@pytest.mark.timeout(60)  # a hang guard, not a speed test (speed is bench/'s)
def test_a_fifo_is_refused_at_once_with_no_writer(fifo: Path) -> None:
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(fifo)
    _refused(err.value, fifo, "file-kind", "is a named pipe (FIFO) (expected a YAML file)")
    with pytest.raises(argmap.InputError) as err:
        import_network(fifo, fmt="bif")
    _refused(err.value, fifo, "file-kind", "is a named pipe (FIFO) (expected a network file)")
    assert stat.S_ISFIFO(fifo.stat().st_mode)


@pytest.mark.timeout(60)  # a hang guard, not a speed test (speed is bench/'s)
def test_a_path_swapped_for_a_fifo_after_the_stat_does_not_hang(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    regular = os.stat(SPRINKLER)
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: regular if str(p) == str(fifo)
                        else real_stat(p, *a, **k))
    with pytest.raises(argmap.InputError) as err:
        read_limited(fifo, limit=MAX_BYTES)
    _refused(err.value, fifo, "file-kind", "is a named pipe (FIFO)")  # by fstat of the open file


def test_a_folder_a_socket_and_a_symlink_loop_are_refused(
    tmp_path: Path, unix_socket: Path
) -> None:
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(tmp_path)
    _refused(err.value, tmp_path, "file-kind", "is a folder (expected a YAML file)")
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(unix_socket)
    _refused(err.value, unix_socket, "file-kind", "is a socket")
    loop = tmp_path / "loop.yaml"
    loop.symlink_to(tmp_path / "loop2.yaml")
    (tmp_path / "loop2.yaml").symlink_to(loop)
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(loop)
    _refused(err.value, loop, "read", "cannot read file (a symlink loop)")
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(tmp_path / "no.yaml" / "deeper.yaml")
    assert err.value.codes == ("read",)
    link = tmp_path / "link.yaml"  # a symlink to a model is followed
    link.symlink_to(SPRINKLER)
    assert argmap.load_model(link).id == "sprinkler"


@pytest.mark.timeout(60)  # a hang guard, not a speed test (speed is bench/'s)
def test_a_sparse_6_gb_file_is_refused_from_its_size_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    huge = tmp_path / "huge.yaml"
    with huge.open("wb") as handle:
        handle.truncate(6 * 1024**3)  # sparse: no disk space used
    net = tmp_path / "huge.bif"
    os.link(huge, net)

    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(os, "open", no_open)
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(huge)
    _refused(err.value, huge, "limit",
             f"file too large (expected at most {MAX_BYTES:,} bytes, got 6,442,450,944)")
    with pytest.raises(argmap.InputError) as err:
        import_network(net)
    _refused(err.value, net, "limit",
             f"file too large (expected at most {MAX_NETWORK_BYTES:,} bytes, got 6,442,450,944)")


def test_a_file_that_grows_after_the_stat_is_read_no_further_than_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grown = tmp_path / "grown.yaml"
    grown.write_bytes(b"#" * 5000)
    (tmp_path / "small.yaml").write_bytes(b"a: 1\n")
    small = os.stat(tmp_path / "small.yaml")  # what stat() saw before the file grew
    monkeypatch.setattr(os, "stat", lambda *a, **k: small)
    monkeypatch.setattr(os, "fstat", lambda *a, **k: small)
    asked: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(os, "read", counting_read)
    with pytest.raises(argmap.InputError) as err:
        read_limited(grown, limit=1000)
    _refused(err.value, grown, "limit", "file too large (expected at most 1,000 bytes, got more)")
    assert sum(asked) == 1001
    assert read_limited(grown, limit=5000) == b"#" * 5000


# ---------------------------------------------------------------------- the command line


@pytest.mark.parametrize("kind", ["fifo", "zero", "null", "folder", "sparse"])
def test_the_cli_refuses_odd_inputs_with_a_located_message(tmp_path: Path, kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "in.yaml"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path
    elif kind == "sparse":
        path = tmp_path / "in.yaml"
        with path.open("wb") as handle:
            handle.truncate(6 * 1024**3)
    else:
        path = Path(f"/dev/{kind}")
    runs = [
        ("validate", str(path)),
        ("validate", str(SPRINKLER), "--credences", str(path)),
        ("import", str(path), "-f", "bif"),
        ("export", str(path), "-f", "dot"),
    ]
    for args in runs:
        try:
            done = argmap_cli(*args)
        except subprocess.TimeoutExpired:  # pragma: no cover - the failure this test guards
            pytest.fail(f"argmap {' '.join(args)} hung on a {kind}")
        assert done.returncode == 2, (args, done.stderr)
        assert done.stderr.startswith(f"error: {path}: "), done.stderr
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr
