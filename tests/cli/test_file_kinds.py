"""Any kind of file in any file slot of any command: exit 0 or 2, a located message, no harm.

Hypothesis draws a command (``validate``, ``validate --credences``, ``import``, ``export``,
``credences init``), a kind of path for its input (a model, a credence file, a folder, a named
pipe, ``/dev/null``, ``/dev/zero``, a 6 GB sparse file, a symlink loop, a read-only file, a
symlink or a hard link to the input, a socket, a dangling symlink, nothing at all) and another
for its ``-o``, with or without ``--force``. Whatever is drawn, the command exits 0 or 2
(with ``error: WHERE: ...`` and no traceback), never hangs, never changes a file it reads,
and leaves every pipe a pipe, every device a device, every folder a folder and every read-only
file as it was.
"""

from __future__ import annotations

import os
import re
import socket
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.commands import run_main

ROOT = Path(__file__).resolve().parents[2]
SPRINKLER = ROOT / "models/examples/sprinkler.yaml"
DRY = ROOT / "models/examples/credences/sprinkler-dry.yaml"
KINDS = ["model", "cred", "missing", "folder", "fifo", "null", "zero", "sparse", "loop",
         "readonly", "link", "hard", "socket", "dangling"]
COMMANDS = ["validate", "validate-credences", "import", "export", "export-credences",
            "credences-init"]


@contextmanager
def folder_of_kinds() -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh folder holding one path of every kind; the base model is ``base.yaml``."""
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        (tmp / "base.yaml").write_bytes(SPRINKLER.read_bytes())
        paths = {k: str(tmp / f"{k}.yaml") for k in KINDS}
        Path(paths["model"]).write_bytes(SPRINKLER.read_bytes())
        Path(paths["cred"]).write_bytes(DRY.read_bytes())
        Path(paths["folder"]).mkdir()
        os.mkfifo(paths["fifo"])
        paths["null"], paths["zero"] = "/dev/null", "/dev/zero"
        with open(paths["sparse"], "wb") as handle:
            handle.truncate(6 * 1024**3)
        Path(paths["loop"]).symlink_to(tmp / "loop2.yaml")
        (tmp / "loop2.yaml").symlink_to(paths["loop"])
        Path(paths["readonly"]).write_bytes(DRY.read_bytes())
        Path(paths["readonly"]).chmod(0o444)
        Path(paths["link"]).symlink_to("model.yaml")
        os.link(paths["model"], paths["hard"])
        Path(paths["dangling"]).symlink_to(tmp / "nowhere.yaml")
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        server.bind(paths["socket"])
        try:
            yield tmp, paths
        finally:
            server.close()


def argv(command: str, base: str, inp: str, out: str, force: bool) -> list[str]:
    more = ["--force"] if force else []
    return {
        "validate": ["validate", inp],
        "validate-credences": ["validate", base, "--credences", inp],
        "import": ["import", inp, "-f", "bif", "-o", out, *more],
        "export": ["export", inp, "-f", "dot", "-o", out, *more],
        "export-credences": ["export", base, "-c", inp, "-f", "json", "-o", out, *more],
        "credences-init": ["credences", "init", inp, "-o", out, *more],
    }[command]


def snapshot(paths: dict[str, str]) -> dict[str, tuple[int, bytes | None]]:
    """Each path's kind and, for a small regular file, its bytes."""
    seen: dict[str, tuple[int, bytes | None]] = {}
    for kind, path in paths.items():
        try:
            info = os.stat(path)
        except OSError:
            continue
        small = stat.S_ISREG(info.st_mode) and info.st_size < 100_000
        seen[kind] = (stat.S_IFMT(info.st_mode), Path(path).read_bytes() if small else None)
    return seen


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(command=st.sampled_from(COMMANDS), inp=st.sampled_from(KINDS),
       out=st.sampled_from(KINDS), force=st.booleans())
def test_any_file_kind_in_any_slot(
    capsys: pytest.CaptureFixture[str], command: str, inp: str, out: str, force: bool
) -> None:
    with folder_of_kinds() as (tmp, paths):
        before = snapshot(paths)
        args = argv(command, str(tmp / "base.yaml"), paths[inp], paths[out], force)
        code, _, err = run_main(capsys, *args)
        after = snapshot(paths)
    assert code in (0, 2), (args, err)
    assert "Traceback" not in err and "internal error" not in err, err
    if code == 2:
        assert re.match(r"error: [^\s:]\S*: \S", err), err
    read = {inp} | ({"model", "link", "hard"} if inp in ("link", "hard") else set())
    for kind, (mode, data) in before.items():
        assert after[kind][0] == mode, (args, kind)  # a pipe stays a pipe, a device a device
        if kind in read or kind == "readonly" or (kind in ("model", "link", "hard") and
                                                   read & {"model", "link", "hard"}):
            assert after[kind][1] == data, (args, kind)  # inputs and read-only files untouched
