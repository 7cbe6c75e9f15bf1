"""The bad-input corpus: every malformed file gives a located, typed error, never a traceback.

Each file in ``tests/bad_inputs/`` is listed in ``tests/bad_inputs/expected.yaml`` with the
problem it must report. It is checked twice:

* through the CLI (``argmap validate FILE``, ``argmap validate MODEL --credences FILE``, or
  ``argmap import FILE`` for a network file) as a subprocess: exit code 2, a
  ``FILE:LINE:COL: message`` line holding the expected message and line, no traceback (a
  60-second subprocess timeout catches a hang; speed is measured in ``bench/``, never here:
  timed assertions failed on a busy 2-core machine);
* through the library (``argmap.load_model`` / ``argmap.load_credences`` /
  ``argmap.interchange.import_network``): the typed
  :class:`argmap.ArgmapError` it raises holds the expected problem, and every ``also`` problem,
  each with its stable ``code`` and its location path (``loc``).

Files too large to commit (over the size limit, or with too many YAML nodes) are generated into
``tmp_path`` at test time.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

import argmap
from argmap.interchange.skeleton import import_argdown
from argmap.loading import MAX_BYTES, MAX_EVENTS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "bad_inputs"
INDEX: dict[str, dict[str, Any]] = YAML(typ="safe").load((CORPUS / "expected.yaml").read_text())


def argmap_command() -> list[str]:
    """The installed ``argmap`` console script, as people run it."""
    beside = Path(sys.executable).parent / "argmap"
    found = str(beside) if beside.exists() else shutil.which("argmap")
    if found is None:
        pytest.skip("the argmap console script is not installed (pip install -e .)")
    return [found]


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str
    seconds: float


def run_cli(*args: str) -> Run:
    start = time.perf_counter()
    done = subprocess.run(
        [*argmap_command(), *args], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    return Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - start)


def cli_args(name: str) -> list[str]:
    entry = INDEX[name]
    path = str(CORPUS / name)
    if entry["kind"] == "credences":
        return ["validate", str(ROOT / entry["model"]), "--credences", path]
    if entry["kind"] == "import":
        return ["import", path]
    return ["validate", path]


def load(name: str, path: Path | None = None) -> Callable[[], object]:
    """The library call that must raise for this corpus entry."""
    entry = INDEX[name]
    target = path or CORPUS / name
    if entry["kind"] == "credences":
        model = argmap.load_model(ROOT / entry["model"])
        return lambda: argmap.load_credences(target, model)
    if entry["kind"] == "import":
        if target.suffix == ".argdown":
            return lambda: import_argdown(target)
        return lambda: argmap.import_network(target)
    if entry.get("stage") == "compile":
        return lambda: argmap.model_size(argmap.load_model(target))
    return lambda: argmap.load_model(target)


def expected_problems(entry: dict[str, Any]) -> list[dict[str, Any]]:
    first = {"message": entry["message"], "line": entry["line"], "code": entry["code"]}
    return [first, *entry.get("also", [])]


def cli_line_pattern(path: str, message: str, line: int | None) -> re.Pattern[str]:
    where = re.escape(path) + (rf":{line}:\d+" if line is not None else "")
    return re.compile(rf"^error: {where}: .*{re.escape(message)}", re.MULTILINE)


def test_every_expected_problem_names_a_known_code() -> None:
    codes = set(typing.get_args(argmap.Code))
    for name, entry in INDEX.items():
        for problem in expected_problems(entry):
            assert problem.get("code") in codes, (name, problem)


def test_problems_found_while_resolving_carry_their_location_path() -> None:
    with pytest.raises(argmap.InputError) as caught:
        load("model_several_problems.yaml")()
    by_code = {p.code: p.loc for p in caught.value.problems}
    assert by_code["unknown-claim"][:2] == ("claims", "wet")
    assert by_code["out-of-range"][0] == "claims"


def test_corpus_is_indexed_and_large_enough() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.is_file() and p.name != "expected.yaml"}
    assert files == set(INDEX), (
        f"not indexed: {sorted(files - set(INDEX))}; missing: {sorted(set(INDEX) - files)}"
    )
    assert len(INDEX) >= 40
    assert {entry["kind"] for entry in INDEX.values()} == {"model", "credences", "import"}
    several = [name for name, entry in INDEX.items() if len(expected_problems(entry)) >= 3]
    assert {e["kind"] for n, e in INDEX.items() if n in several} == {"model", "credences"}


@pytest.mark.parametrize("name", sorted(INDEX))
def test_cli_reports_the_problem_located(name: str) -> None:
    entry, run = INDEX[name], run_cli(*cli_args(name))
    assert run.returncode == 2, (run.stdout, run.stderr)
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert run.stderr.strip(), "no message"
    for line in run.stderr.strip().splitlines():  # every line is a located problem
        assert re.match(r"^error: .+?(:\d+:\d+)?: \S", line), line
    for problem in expected_problems(entry):
        pattern = cli_line_pattern(str(CORPUS / name), problem["message"], problem["line"])
        assert pattern.search(run.stderr), f"expected {pattern.pattern!r} in:\n{run.stderr}"


@pytest.mark.parametrize("name", sorted(INDEX))
def test_library_raises_typed_error_with_the_problem(name: str) -> None:
    entry = INDEX[name]
    error_type = getattr(argmap, entry.get("error", "InputError"))
    with pytest.raises(argmap.ArgmapError) as caught:
        load(name)()
    err = caught.value
    assert isinstance(err, error_type), type(err)
    assert err.exit_code == 2
    path = str(CORPUS / name)
    for problem in expected_problems(entry):
        matches = [
            p
            for p in err.problems
            if p.file == path and problem["message"] in p.message and p.line == problem["line"]
        ]
        assert matches, f"{problem} not among:\n{err}"
        assert matches[0].code == problem["code"], (problem, matches[0])
        if problem["line"] is not None:
            assert matches[0].column is not None and matches[0].column >= 1
    assert len(err.problems) >= len(expected_problems(entry))


def test_several_problems_are_all_reported_at_once() -> None:
    for name in ("model_several_problems.yaml", "cred_several_problems.yaml"):
        with pytest.raises(argmap.InputError) as caught:
            load(name)()
        lines = [p.line or 0 for p in caught.value.problems]
        assert len(lines) >= 4, caught.value
        assert lines == sorted(lines), "problems are listed in file order"


def test_text_loaders_report_the_same_problems() -> None:
    name = "model_several_problems.yaml"
    with pytest.raises(argmap.InputError) as from_file:
        argmap.load_model(CORPUS / name)
    with pytest.raises(argmap.InputError) as from_text:
        argmap.load_model_text((CORPUS / name).read_text(), str(CORPUS / name))
    assert from_file.value.problems == from_text.value.problems


def huge_model(tmp_path: Path) -> Path:
    """A valid-looking model just over the size limit, padded with a long description."""
    path = tmp_path / "huge.yaml"
    head = "id: huge\ntitle: Huge\nclaims:\n  rain: {statement: It rains., prior: 0.3}\n"
    path.write_text(head + "description: " + "x" * (MAX_BYTES + 10 - len(head)) + "\n")
    return path


def test_huge_file_is_refused_quickly(tmp_path: Path) -> None:
    path = huge_model(tmp_path)
    assert path.stat().st_size > MAX_BYTES
    run = run_cli("validate", str(path))
    assert run.returncode == 2 and "Traceback" not in run.stderr
    assert f"error: {path}: file too large (expected at most {MAX_BYTES:,} bytes" in run.stderr
    with pytest.raises(argmap.InputError, match="file too large") as caught:
        argmap.load_model(path)
    assert caught.value.problems[0].line is None
    assert caught.value.codes == ("limit",)
    model = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    with pytest.raises(argmap.InputError, match="file too large"):
        argmap.load_credences(path, model)


def test_too_many_nodes_under_the_size_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.yaml"
    numbers = ", ".join(["0"] * (MAX_EVENTS + 10))
    path.write_text(f"id: many\ntitle: Many\nclaims:\n  a: {{statement: A, prior: [{numbers}]}}\n")
    assert path.stat().st_size < MAX_BYTES
    with pytest.raises(argmap.InputError, match="file too complex") as caught:
        argmap.load_model(path)
    assert caught.value.problems[0].line == 4
    assert caught.value.codes == ("limit",)
