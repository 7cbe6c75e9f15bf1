"""Saving never loses what a person wrote: atomic writes, conflict checks, no stray files.

A write goes to a temporary file in the same folder, is flushed and fsynced, then renamed over
the target. Killing the writing process halfway (``ARGMAP_TEST_PAUSE_MID_WRITE`` holds it
there) must leave the old file whole; letting it finish must leave the new file whole.
"""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

import argmap
from argmap.credence_writer import credence_template, update_credences_text
from argmap.saving import PAUSE_ENV, atomic_write
from argmap.values import Beta, Interval, Point, parse_value
from tests.support.commands import argmap_cli

ROOT = Path(__file__).resolve().parents[1]
SPRINKLER = ROOT / "models/examples/sprinkler.yaml"
DRY = ROOT / "models/examples/credences/sprinkler-dry.yaml"


def temp_files(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------- atomic_write itself


def test_atomic_write_creates_replaces_and_leaves_nothing_behind(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    atomic_write(target, "a: 1\n")
    assert target.read_text() == "a: 1\n"
    atomic_write(target, "a: 2\n", expected="a: 1\n")
    assert target.read_text() == "a: 2\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]


def test_atomic_write_refuses_a_file_changed_on_disk(tmp_path: Path) -> None:
    target = tmp_path / "me.yaml"
    target.write_text("a: 1\n")
    loaded = target.read_text()
    target.write_text("a: 1  # someone else's edit\n")
    with pytest.raises(argmap.ConflictError, match="changed on disk since it was loaded") as err:
        atomic_write(target, "a: 2\n", expected=loaded)
    assert err.value.exit_code == 2 and err.value.codes == ("file-changed",)
    assert target.read_text() == "a: 1  # someone else's edit\n"
    target.unlink()  # deleted since it was read: also a conflict
    with pytest.raises(argmap.ConflictError):
        atomic_write(target, "a: 2\n", expected=loaded)
    assert not target.exists() and not temp_files(tmp_path)


def test_atomic_write_accepts_the_text_as_the_loaders_read_it(tmp_path: Path) -> None:
    """Windows line ends and a BOM: the loaders keep \\r\\n and drop the BOM; so does the check."""
    target = tmp_path / "me.yaml"
    target.write_bytes(b"\xef\xbb\xbfmodel: sprinkler\r\ncredences: {}\r\n")
    loaded = argmap.load_credences(target, argmap.load_model(SPRINKLER)).text
    assert loaded is not None
    atomic_write(target, "model: sprinkler\ncredences: {cloudy: 0.4}\n", expected=loaded)
    assert target.read_text() == "model: sprinkler\ncredences: {cloudy: 0.4}\n"


def test_atomic_write_keeps_the_mode_and_writes_through_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real.yaml"
    real.write_text("a: 1\n")
    real.chmod(0o640)
    link = tmp_path / "link.yaml"
    link.symlink_to(real)
    atomic_write(link, "a: 2\n", expected="a: 1\n")
    assert link.is_symlink() and real.read_text() == "a: 2\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert not temp_files(tmp_path)


def test_a_failed_write_leaves_the_old_file_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "me.yaml"
    target.write_text("old\n")

    def broken_replace(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(argmap.InputError, match="cannot write here .No space left") as err:
        atomic_write(target, "new\n")
    assert err.value.codes == ("write",)
    assert target.read_text() == "old\n"
    assert not temp_files(tmp_path)


def test_writing_into_a_missing_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(argmap.InputError, match="cannot write here") as err:
        atomic_write(tmp_path / "no" / "such" / "me.yaml", "a: 1\n")
    assert err.value.codes == ("write",)


# ---------------------------------------------------------------------- round-trip editing

COMMENTED = """\
# My numbers for the sprinkler model. Keep this comment!
argmap: 1
model: sprinkler
author: "A. Reader"     # quoted on purpose
date: 2026-11-30
credences:
  # Clouds: from ten years of weather records.
  cloudy: 0.2           # rare here
  wet:
    rain: 0.95          # almost always
    leak: [0.0, 0.02]   # dew
  sprinkler:
    - when: {cloudy: "false"}
      p: beta(7, 3)     # we water often
note: Written by hand.  # the last key stays last
"""


def test_update_keeps_comments_key_order_quotes_and_indentation(tmp_path: Path) -> None:
    model = argmap.load_model(SPRINKLER)
    target = tmp_path / "mine.yaml"
    target.write_text(COMMENTED)
    loaded = argmap.load_credences(target, model)
    assert loaded.text == COMMENTED
    new = update_credences_text(
        COMMENTED,
        model,
        {
            "cloudy": Point(0.35),
            "wet.rain": parse_value({"mean": 0.9, "sd": 0.05}),
            "wet.leak": Interval(0.01, 0.03),
            "sprinkler[cloudy=false]": Beta(6, 4),
            "rain[cloudy=true]": Point(0.75),  # not in the file yet: added at the end
        },
    )
    atomic_write(target, new, expected=loaded.text)
    saved = target.read_text()
    assert saved == new and not temp_files(tmp_path)
    # Every comment line and every trailing comment is still there.
    for comment in [line[line.index("#") :] for line in COMMENTED.splitlines() if "#" in line]:
        assert comment in saved, comment
    # Keys in the same order, the new table row appended after the existing entries.
    keys = [line.split(":")[0].strip() for line in saved.splitlines() if line[:1].isalpha()]
    assert keys == ["argmap", "model", "author", "date", "credences", "note"]
    claims = [
        line.split(":")[0].strip() for line in saved.splitlines() if re.match("  [a-z]", line)
    ]
    assert claims == ["cloudy", "wet", "sprinkler", "rain"]
    assert 'author: "A. Reader"' in saved  # quotes kept
    assert '    - when: {cloudy: "false"}' in saved  # list indentation kept
    assert '    - when: {cloudy: "true"}' in saved  # a new row written the same way
    again = argmap.load_credences(target, model)
    assert again.values["cloudy"] == Point(0.35)
    assert again.values["sprinkler[cloudy=false]"] == Beta(6.0, 4.0)
    assert again.values["wet.leak"] == Interval(0.01, 0.03)
    assert again.values["rain[cloudy=true]"] == Point(0.75)
    rain = again.values["wet.rain"]
    assert isinstance(rain, Beta) and rain.mean == pytest.approx(0.9)
    assert again.author == "A. Reader" and again.note == "Written by hand."


def test_update_of_an_unchanged_value_changes_nothing() -> None:
    model = argmap.load_model(SPRINKLER)
    text = DRY.read_text()
    assert update_credences_text(text, model, {"cloudy": Point(0.2)}) == text


def test_update_refuses_an_unknown_parameter() -> None:
    model = argmap.load_model(SPRINKLER)
    with pytest.raises(argmap.UnknownNameError, match="did you mean 'cloudy'") as caught:
        update_credences_text(DRY.read_text(), model, {"cloudyy": Point(0.2)})
    assert caught.value.codes == ("unknown-parameter",)
    assert caught.value.problems[0].argument == "values"


def test_a_template_edited_and_saved_loads_back(tmp_path: Path) -> None:
    model = argmap.load_model(SPRINKLER)
    target = tmp_path / "me.yaml"
    template = credence_template(model, author="Me")
    atomic_write(target, template)
    new = update_credences_text(template, model, {"wet.sprinkler": Point(0.5)})
    atomic_write(target, new, expected=template)
    cred = argmap.load_credences(target, model)
    assert set(cred.values) == set(model.parameters)
    assert cred.values["wet.sprinkler"] == Point(0.5)
    assert template.count("#") == new.count("#")


# ---------------------------------------------------------------------- killed mid-write

WRITER = textwrap.dedent(
    """
    import sys
    from argmap.saving import atomic_write
    path, new = sys.argv[1], sys.argv[2]
    atomic_write(path, open(new, encoding="utf-8").read())
    """
)


def start_writer(target: Path, new_text: str, pause: float) -> subprocess.Popen[bytes]:
    source = target.parent.parent / "new-text.yaml"
    source.write_text(new_text)
    env = {**os.environ, PAUSE_ENV: str(pause)}
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, str(target), str(source)], env=env, cwd=ROOT
    )


def wait_for_half_written_temp(folder: Path, proc: subprocess.Popen[bytes]) -> Path:
    """Poll until the writer's temp file holds its first half (the writer then pauses)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the writer finished before it could be killed"
        found = [p for p in temp_files(folder) if p.stat().st_size > 0]
        if found:
            return found[0]
        time.sleep(0.01)
    raise AssertionError("no temp file appeared")


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    path = tmp_path / "credences"
    path.mkdir()
    return path


OLD = DRY.read_text()
# About 1 MB: a valid credence file padded with comments.
NEW = credence_template(argmap.load_model(SPRINKLER), author="Killed") + "# pad\n" * 200_000


def test_killed_mid_write_leaves_the_old_file_whole(folder: Path) -> None:
    target = folder / "me.yaml"
    target.write_text(OLD)
    proc = start_writer(target, NEW, pause=5)
    try:
        temp = wait_for_half_written_temp(folder, proc)
        assert 0 < temp.stat().st_size < len(NEW.encode())
        proc.send_signal(signal.SIGKILL)
        assert proc.wait(timeout=10) == -signal.SIGKILL
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_text() == OLD  # whole, byte for byte
    argmap.load_credences(target, argmap.load_model(SPRINKLER))
    # Only the half-written temp file is left (a killed process cannot clean up); it is a
    # hidden .tmp file beside the target and never the target itself.
    assert [p.name.startswith(".me.yaml.") for p in temp_files(folder)] == [True]


def test_a_write_let_finish_leaves_the_new_file_whole(folder: Path) -> None:
    target = folder / "me.yaml"
    target.write_text(OLD)
    proc = start_writer(target, NEW, pause=0.5)
    wait_for_half_written_temp(folder, proc)
    assert target.read_text() == OLD  # while it pauses, the old file is untouched
    assert proc.wait(timeout=60) == 0
    assert target.read_text() == NEW
    assert not temp_files(folder)
    assert argmap.load_credences(target, argmap.load_model(SPRINKLER)).author == "Killed"


# ---------------------------------------------------------------------- argmap credences init


def test_credences_init_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    done = argmap_cli("credences", "init", str(SPRINKLER), "-o", str(out), "--author", "Me")
    assert done.returncode == 0, done.stderr
    model = argmap.load_model(SPRINKLER)
    cred = argmap.load_credences(out, model)
    assert cred.author == "Me" and set(cred.values) == set(model.parameters)
    out.write_text(OLD)
    again = argmap_cli("credences", "init", str(SPRINKLER), "-o", str(out))
    assert again.returncode == 2, again.stderr
    assert f"{out}: file exists (expected a new file; use --force to replace)" in again.stderr
    assert "Traceback" not in again.stderr
    assert out.read_text() == OLD
    forced = argmap_cli("credences", "init", str(SPRINKLER), "-o", str(out), "--force")
    assert forced.returncode == 0, forced.stderr
    assert argmap.load_credences(out, model).values == {
        pid: p.value for pid, p in model.parameters.items()
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["me.yaml"]
