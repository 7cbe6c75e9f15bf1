"""Where a write lands: never replacing a pipe, a device, a read-only file or a command's input,
and never losing a concurrent save.

* A named pipe or a character device (``/dev/null``, ``/dev/stdout``) given as ``-o`` is
  written into, as a shell's ``>`` does, never renamed over; a pipe with no reader is refused
  rather than waited on; a block device or a socket is refused (``file-kind``).
* A read-only file is never replaced (``write``, naming the permission), even with ``--force``.
* ``export``, ``import`` and ``credences init`` refuse an existing file without ``--force``, and
  their own input even with it, however it is named (``./m.yaml``, a symlink, a hard link).
* Eight processes saving over the same loaded text at once: exactly one wins, seven get a
  ``file-changed`` conflict, and the file holds the winner's text (a ``flock`` on the folder is
  held across compare and replace; no lock file is left behind).
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import stat
from pathlib import Path

import pytest

import argmap
from argmap import saving
from argmap.export import export
from argmap.saving import atomic_write, check_writable
from tests.support.commands import argmap_cli

ROOT = Path(__file__).resolve().parents[1]
SPRINKLER = ROOT / "models/examples/sprinkler.yaml"
DRY = ROOT / "models/examples/credences/sprinkler-dry.yaml"
OLD = "model: sprinkler\ncredences: {cloudy: 0.5}\n"


def no_replace(*args: object) -> None:
    raise AssertionError("os.replace was called")


# ---------------------------------------------------------------------- pipes and devices


def test_dev_null_is_written_into_not_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "replace", no_replace)
    atomic_write("/dev/null", b"digraph {}\n")
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(argmap.InputError) as err:  # a device cannot be compared and saved back
        atomic_write("/dev/null", "a: 2\n", expected="a: 1\n")
    assert err.value.codes == ("file-kind",)


def test_the_cli_writes_into_dev_null_with_no_force() -> None:
    for args in (("export", str(SPRINKLER), "-f", "dot", "-o", "/dev/null"),
                 ("credences", "init", str(SPRINKLER), "-o", "/dev/null")):
        done = argmap_cli(*args)
        assert done.returncode == 0, done.stderr
        assert "wrote /dev/null" in done.stdout
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def _reader(pipe: Path) -> int:
    """A reader's end of ``pipe``, open before the writer comes (a non-blocking open)."""
    return os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)


def _drain(fd: int) -> bytes:
    chunks = []
    while chunk := os.read(fd, 1 << 16):
        chunks.append(chunk)
    os.close(fd)
    return b"".join(chunks)


def test_a_fifo_output_with_a_reader_gets_the_bytes_and_stays_a_fifo(tmp_path: Path) -> None:
    pipe = tmp_path / "out.dot"
    os.mkfifo(pipe)
    fd = _reader(pipe)
    done = argmap_cli("export", str(SPRINKLER), "-f", "dot", "-o", str(pipe))
    got = _drain(fd)  # a small export fits the pipe's buffer, so the writer never waits
    assert done.returncode == 0, done.stderr
    assert got.startswith(b"digraph") and got.rstrip().endswith(b"}")
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.dot"]


def test_a_fifo_output_with_no_reader_is_refused_not_waited_on(tmp_path: Path) -> None:
    pipe = tmp_path / "out.yaml"
    os.mkfifo(pipe)
    done = argmap_cli("credences", "init", str(SPRINKLER), "-o", str(pipe))
    assert done.returncode == 2
    assert (f"error: {pipe}: cannot write here (a named pipe with no reader; expected a program "
            "reading from it)") in done.stderr
    assert stat.S_ISFIFO(pipe.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.yaml"]


def test_a_symlink_to_a_fifo_is_written_through(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "out.dot"
    link.symlink_to(pipe)
    fd = _reader(pipe)
    atomic_write(link, b"abc")
    assert _drain(fd) == b"abc" and link.is_symlink() and stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_socket_and_a_block_device_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sock = tmp_path / "out.yaml"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(sock))
    try:
        with pytest.raises(argmap.InputError, match="is a socket") as err:
            atomic_write(sock, "a: 1\n")
        assert err.value.codes == ("file-kind",)
    finally:
        server.close()
    disk = tmp_path / "disk"
    disk.write_text("")
    real_stat = os.stat
    block = os.stat_result((stat.S_IFBLK | 0o660, *real_stat(disk)[1:]))
    monkeypatch.setattr(os, "stat", lambda p, *a, **k: block if str(p) == str(disk)
                        else real_stat(p, *a, **k))
    monkeypatch.setattr(os, "replace", no_replace)
    with pytest.raises(argmap.InputError) as err:
        atomic_write(disk, "a: 1\n")
    assert err.value.codes == ("file-kind",)
    assert str(err.value) == (f"{disk}: is a block device (expected a file name to write, a "
                              "pipe or a terminal)")


# ---------------------------------------------------------------------- files not to replace


def test_a_read_only_file_is_never_replaced(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    target.write_text(OLD)
    target.chmod(0o444)
    with pytest.raises(argmap.InputError) as err:
        atomic_write(target, "a: 2\n", expected=OLD)
    assert err.value.codes == ("write",)
    assert "is read-only (permission denied" in str(err.value)
    done = argmap_cli("credences", "init", str(SPRINKLER), "-o", str(target), "--force")
    assert done.returncode == 2 and f"error: {target}: is read-only" in done.stderr
    assert target.read_text() == OLD and stat.S_IMODE(target.stat().st_mode) == 0o444
    link = tmp_path / "link.yaml"  # through a symlink too
    link.symlink_to(target)
    with pytest.raises(argmap.InputError, match="is read-only"):
        atomic_write(link, "a: 2\n")
    assert target.read_text() == OLD and sorted(p.name for p in tmp_path.iterdir()) == [
        "link.yaml", "me.yaml"]


def test_a_folder_is_refused_as_output(tmp_path: Path) -> None:
    for args in (("export", str(SPRINKLER), "-f", "dot", "-o", str(tmp_path), "--force"),
                 ("credences", "init", str(SPRINKLER), "-o", str(tmp_path), "--force")):
        done = argmap_cli(*args)
        assert done.returncode == 2
        assert f"error: {tmp_path}: is a folder (expected a file name to write)" in done.stderr


def test_a_dangling_symlink_needs_force_then_writes_its_target(tmp_path: Path) -> None:
    link = tmp_path / "out.dot"
    link.symlink_to(tmp_path / "real.dot")
    done = argmap_cli("export", str(SPRINKLER), "-f", "dot", "-o", str(link))
    assert done.returncode == 2 and "file exists" in done.stderr
    done = argmap_cli("export", str(SPRINKLER), "-f", "dot", "-o", str(link), "--force")
    assert done.returncode == 0, done.stderr
    assert link.is_symlink() and (tmp_path / "real.dot").read_text().startswith("digraph")
    assert check_writable(link) == tmp_path / "real.dot"


# ---------------------------------------------------------------------- a command's own input


def _inputs(tmp_path: Path) -> tuple[Path, Path]:
    model = tmp_path / "m.yaml"
    model.write_bytes(SPRINKLER.read_bytes())
    cred = tmp_path / "c.yaml"
    cred.write_bytes(DRY.read_bytes())
    (tmp_path / "link.yaml").symlink_to("m.yaml")
    os.link(cred, tmp_path / "hard.yaml")
    return model, cred


@pytest.mark.parametrize("out", ["m.yaml", "./m.yaml", "sub/../m.yaml", "link.yaml", "hard.yaml",
                                 "c.yaml"])
def test_export_never_overwrites_its_input_even_with_force(tmp_path: Path, out: str) -> None:
    model, cred = _inputs(tmp_path)
    (tmp_path / "sub").mkdir()
    before = {p: p.read_bytes() for p in (model, cred)}
    target = str(tmp_path / out)
    for args in (("export", str(model), "-c", str(cred), "-f", "json", "-o", target, "--force"),
                 ("credences", "init", str(model), "-c", str(cred), "-o", target, "--force")):
        done = argmap_cli(*args)
        assert done.returncode == 2, done.stderr
        assert (f"error: {target}: is an input of this command (expected another file to write;"
                " a command never overwrites what it reads, even with --force)") in done.stderr
    assert {p: p.read_bytes() for p in (model, cred)} == before


def test_import_never_overwrites_its_input(tmp_path: Path) -> None:
    net = tmp_path / "asia.bif"
    net.write_bytes(export(argmap.load_model(SPRINKLER), "bif"))
    before = net.read_bytes()
    done = argmap_cli("import", str(net), "-o", str(net), "--force")
    assert done.returncode == 2 and "is an input of this command" in done.stderr
    out = tmp_path / "m.yaml"
    done = argmap_cli("import", str(net), "-o", str(out),
                      "--credences-template", f"{tmp_path}/./m.yaml")
    assert done.returncode == 2 and "is the model file -o writes" in done.stderr
    assert net.read_bytes() == before and not out.exists()


def test_export_refuses_an_existing_file_without_force(tmp_path: Path) -> None:
    out = tmp_path / "out.dot"
    out.write_text("mine\n")
    done = argmap_cli("export", str(SPRINKLER), "-o", str(out))
    assert done.returncode == 2
    assert f"error: {out}: file exists (expected a new file; use --force to replace)" in done.stderr
    assert out.read_text() == "mine\n"
    done = argmap_cli("export", str(SPRINKLER), "-o", str(out), "--force")
    assert done.returncode == 0, done.stderr
    assert out.read_text().startswith("digraph")


# ---------------------------------------------------------------------- concurrent saves


def _save(path: str, expected: str, mine: str, barrier: object, results: object) -> None:
    barrier.wait()  # type: ignore[attr-defined]
    try:
        atomic_write(path, mine, expected=expected)
        results.put((mine, "saved"))  # type: ignore[attr-defined]
    except argmap.ArgmapError as err:
        results.put((mine, ",".join(err.codes)))  # type: ignore[attr-defined]


def test_eight_concurrent_saves_of_the_same_text_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    target.write_text(OLD)
    ctx = multiprocessing.get_context("fork")
    barrier, results = ctx.Barrier(8), ctx.Queue()
    texts = [f"model: sprinkler\ncredences: {{cloudy: 0.{i + 1}}}\n" for i in range(8)]
    procs = [ctx.Process(target=_save, args=(str(target), OLD, t, barrier, results))
             for t in texts]
    for p in procs:
        p.start()
    outcomes = [results.get(timeout=60) for _ in procs]
    for p in procs:
        p.join(timeout=60)
        assert p.exitcode == 0
    winners = [text for text, what in outcomes if what == "saved"]
    assert len(winners) == 1, outcomes
    assert sorted(what for _, what in outcomes) == ["file-changed"] * 7 + ["saved"]
    assert target.read_text() == winners[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]  # no lock file, no .tmp


def test_a_save_waits_for_the_folder_lock_then_gives_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fcntl

    target = tmp_path / "me.yaml"
    target.write_text(OLD)
    monkeypatch.setattr(saving, "LOCK_SECONDS", 0.2)
    fd = os.open(tmp_path, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another save holds the folder
        with pytest.raises(argmap.ConflictError, match="did not finish within 0.2 s") as err:
            atomic_write(target, "a: 2\n", expected=OLD)
        assert err.value.codes == ("write",)
    finally:
        os.close(fd)
    assert target.read_text() == OLD
    atomic_write(target, "a: 2\n", expected=OLD)  # released: the save goes through
    assert target.read_text() == "a: 2\n"


def test_without_flock_a_save_still_works(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    def unsupported(fd: int, op: int) -> None:
        raise OSError(95, "Operation not supported")

    monkeypatch.setattr(fcntl, "flock", unsupported)
    target = tmp_path / "me.yaml"
    atomic_write(target, "a: 1\n")
    atomic_write(target, "a: 2\n", expected="a: 1\n")
    assert target.read_text() == "a: 2\n"
