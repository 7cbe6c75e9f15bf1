"""The command line never echoes a control or bidi character it was given: names in messages
are repr-quoted, file names and whole messages escaped (argmap.errors.visible / printable)."""

from __future__ import annotations

import subprocess
import sys

import pytest

SPRINKLER = "models/examples/sprinkler.yaml"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "argmap", *args], capture_output=True,
                          text=True, timeout=60)


@pytest.mark.parametrize(("args", "shown"), [
    (("query", SPRINKLER, "--evidence", "w\x1b]0;pwned\x07et=true"), r"'w\x1b]0;pwned\x07et'"),
    (("query", SPRINKLER, "--evidence", "wet=tr\u202eue"), r"'tr\u202eue'"),
    (("export", SPRINKLER, "--format", "g\x9bif"), r"'g\x9bif'"),
    (("validate", "no\x1bsuch.yaml"), r"no\x1bsuch.yaml: no such file"),
    (("validate", "tests/bad_inputs/model_text_lone_surrogate.yaml"), "lone surrogate U+D800"),
])
def test_user_text_is_escaped_in_messages(args: tuple[str, ...], shown: str) -> None:
    done = run(*args)
    assert done.returncode == 2, done.stderr
    assert shown in done.stderr
    assert not any(ord(c) < 0x20 and c != "\n" or 0x7F <= ord(c) <= 0x9F or c == "\u202e"
                   for c in done.stderr), repr(done.stderr)
