"""The command line's contract for scripts: the ``--json`` envelope of every command, ``-`` for
standard input, ``-h``, shell completion and metavars that say what to type."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

import argmap
from argmap.cli.envelope import ENVELOPE_SCHEMA, SCHEMA
from argmap.formats import names
from argmap.loading import MAX_BYTES
from tests.support.commands import run_main

ROOT = Path(__file__).resolve().parents[2]
SPRINKLER = "models/examples/sprinkler.yaml"
DRY = "models/examples/credences/sprinkler-dry.yaml"
ENVELOPE = jsonschema.Draft202012Validator(ENVELOPE_SCHEMA)


def run(*args: str, stdin: bytes | str | None = None) -> subprocess.CompletedProcess[bytes]:
    """``python -m argmap ARGS`` from the repository root, ``stdin`` on its standard input."""
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "argmap", *args], input=data,
                          capture_output=True, timeout=120, cwd=ROOT)  # fmt: skip


def envelope(out: str, command: str, ok: bool) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(out)
    errors = [e.message for e in ENVELOPE.iter_errors(data)]
    assert errors == [], errors
    assert data["schema"] == SCHEMA and data["argmap"] == argmap.__version__
    assert data["command"] == command and data["ok"] is ok
    assert (data["result"] is not None) is ok and bool(data["problems"]) is not ok
    return data


def test_every_command_prints_the_envelope(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bif = tmp_path / "s.bif"  # for import
    assert run_main(capsys, "export", SPRINKLER, "-f", "bif", "-o", str(bif))[0] == 0
    cases: list[tuple[str, list[str], str]] = [
        ("validate", ["validate", SPRINKLER, "-c", DRY], "size"),
        ("query", ["query", SPRINKLER, "-e", "wet=true"], "marginals"),
        ("coherence", ["coherence", SPRINKLER], "claims"),
        ("sensitivity", ["sensitivity", SPRINKLER], "base"),
        ("sensitivity", ["sensitivity", SPRINKLER, "--pair", "cloudy", "--pair",
                         "rain[cloudy=true]", "--points", "3"], "values"),
        ("voi", ["voi", SPRINKLER], "claims"),
        ("explain", ["explain", SPRINKLER, "--top", "2"], "scenarios"),
        ("montecarlo", ["montecarlo", SPRINKLER, "-c", DRY, "-n", "50"], "mean"),
        ("compare", ["compare", SPRINKLER, DRY, DRY], "cruxes"),
        ("pool", ["pool", SPRINKLER, DRY, DRY], "members"),
        ("export", ["export", SPRINKLER, "-f", "dot", "-o", str(tmp_path / "m.dot")], "bytes"),
        ("import", ["import", str(bif), "-o", str(tmp_path / "x.yaml")], "claims"),
        ("credences init", ["credences", "init", SPRINKLER, "-o", str(tmp_path / "c.yaml")],
         "numbers"),
    ]
    for command, argv, key in cases:
        code, out, err = run_main(capsys, *argv, "--json")
        assert code == 0, (argv, err)
        data = envelope(out, command, ok=True)
        assert key in data["result"], (command, sorted(data["result"]))


@pytest.mark.parametrize("argv", [
    ["validate", SPRINKLER, "-c", "no/such.yaml"], ["query", SPRINKLER, "-e", "wett=true"],
    ["coherence", "no/such.yaml"], ["sensitivity", SPRINKLER, "-t", "wett"],
    ["voi", SPRINKLER, "-e", "wett=true"], ["explain", SPRINKLER, "-t", "wett=true"],
    ["montecarlo", SPRINKLER, "-e", "wett=true"], ["compare", SPRINKLER, DRY, "no/such.yaml"],
    ["pool", SPRINKLER, DRY, DRY, "-e", "wett=true"], ["export", SPRINKLER, "-o", "x.docx"],
    ["import", "no/such.bif", "-o", "x.yaml"], ["credences", "init", "no/such.yaml", "-o", "x"],
])  # fmt: skip
def test_every_command_reports_problems_in_the_envelope(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, out, err = run_main(capsys, *argv, "--json")
    command = " ".join(argv[:2]) if argv[0] == "credences" else argv[0]
    data = envelope(out, command, ok=False)
    assert code == 2 and err.startswith("error: ")  # people still read standard error
    for problem in data["problems"]:
        assert f"error: {problem['text']}" in err
    assert {p["code"] for p in data["problems"]} <= {"read", "unknown-claim", "unknown-name"}


def test_a_problem_names_its_file_line_and_option(capsys: pytest.CaptureFixture[str]) -> None:
    bad = "tests/bad_inputs/model_several_problems.yaml"
    code, out, _ = run_main(capsys, "validate", bad, "--json")
    problems = envelope(out, "validate", ok=False)["problems"]
    assert code == 2 and len(problems) == 4
    first = problems[0]
    assert (first["file"], first["line"], first["column"], first["code"]) == (bad, 7, 12,
                                                                            "out-of-range")
    assert first["loc"][0] == "claims" and first["option"] is None
    code, out, _ = run_main(capsys, "query", SPRINKLER, "-e", "wet", "--json")
    (problem,) = envelope(out, "query", ok=False)["problems"]
    assert problem["option"] == "--evidence" and problem["code"] == "bad-value"
    assert problem["file"] is None and problem["loc"] == ["evidence"]


def test_a_usage_error_is_in_the_envelope_too(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "voi", SPRINKLER, "--top", "many", "--json")
    (problem,) = envelope(out, "voi", ok=False)["problems"]
    assert code == 2 and problem["code"] == "bad-argument" and "'--top'" in problem["message"]
    assert "Usage:" in err
    code, out, _ = run_main(capsys, "voi", SPRINKLER, "--top", "many")
    assert code == 2 and out == ""  # without --json, nothing on standard output


def test_warnings_are_in_the_envelope(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    chain = tmp_path / "chain.yaml"
    chain.write_text("id: c\ntitle: C\nclaims:\n  a: {statement: A, prior: 0.3}\n  b:\n"
                     "    statement: B\n    parents: [a]\n    table:\n      - {when: {a: true}, "
                     "p: 0.9}\n      - {when: {a: false}, p: 0.1}\n    stated: {p: 0.9}\n")
    code, out, err = run_main(capsys, "validate", str(chain), "--json")
    data = envelope(out, "validate", ok=True)
    assert code == 0 and len(data["warnings"]) == 1 and "b: the source states" in err
    assert data["warnings"][0] in err


def test_json_where_the_output_is_standard_output_is_refused(
    capsys: pytest.CaptureFixture[str],
) -> None:
    for argv in (["export", SPRINKLER, "-f", "dot"], ["credences", "init", SPRINKLER],
                 ["pool", SPRINKLER, DRY, DRY, "-o", "-"]):
        code, out, err = run_main(capsys, *argv, "--json")
        (problem,) = envelope(out, argv[0] if argv[0] != "credences" else "credences init",
                              ok=False)["problems"]
        assert code == 2 and problem["option"] == "--json" and "expected -o FILE" in err


# --- standard input ------------------------------------------------------------------------

def test_model_and_credences_from_standard_input() -> None:
    model = (ROOT / SPRINKLER).read_bytes()
    done = run("validate", "-", stdin=model)
    assert done.returncode == 0 and done.stdout.startswith(b"<stdin>: ok (4 claims")
    by_file = json.loads(run("query", SPRINKLER, "-c", DRY, "--json").stdout)["result"]
    piped = run("query", SPRINKLER, "-c", "-", "--json", stdin=(ROOT / DRY).read_bytes())
    data = json.loads(piped.stdout)["result"]
    assert data["marginals"] == by_file["marginals"] and data["credences"] == "<stdin>"
    piped = run("compare", SPRINKLER, DRY, "-", "--json", stdin=(ROOT / DRY).read_bytes())
    assert json.loads(piped.stdout)["result"]["difference"] == 0


def test_standard_input_problems_are_located_and_bounded() -> None:
    done = run("validate", "-", stdin="id: t\ntitle: T\nclaims:\n  a: {statement: A, prior: 2}\n")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("error: <stdin>:4:")
    done = run("validate", "-", "--json", stdin=b"a: 1\n" + b"#" * MAX_BYTES)
    (problem,) = json.loads(done.stdout)["problems"]
    assert done.returncode == 2 and (problem["code"], problem["file"]) == ("limit", "<stdin>")
    done = run("validate", "-", "-c", "-", stdin=b"")
    assert done.returncode == 2 and b"standard input given twice" in done.stderr


def test_pool_prints_the_pooled_profile_with_o_dash(tmp_path: Path) -> None:
    done = run("pool", SPRINKLER, DRY, "models/credences/../examples/credences/sprinkler-dry.yaml",
               "-w", "1,3", "-o", "-")
    assert done.returncode == 0, done.stderr
    written = tmp_path / "written.yaml"
    assert run("pool", SPRINKLER, DRY, DRY, "-w", "1,3", "-o", str(written)).returncode == 0
    printed = tmp_path / "printed.yaml"
    printed.write_bytes(done.stdout)
    model = argmap.load_model(ROOT / SPRINKLER)
    assert argmap.load_credences(printed, model).values == argmap.load_credences(
        written, model).values
    assert not (ROOT / "-").exists()


# --- help, metavars, completion ------------------------------------------------------------

COMMANDS = ["validate", "query", "coherence", "sensitivity", "voi", "explain", "montecarlo",
            "compare", "pool", "export", "import", "schema", "credences", "credences init"]


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_dash_h_is_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    words = command.split()
    code, short, _ = run_main(capsys, *words, "-h")
    code_long, long, _ = run_main(capsys, *words, "--help")
    assert code == code_long == 0 and short == long and "Usage:" in short


METAVARS: dict[str, list[str | re.Pattern[str]]] = {
    "query": [re.compile(r"\[?MODEL\]?"), "-c, --credences CREDENCES", "-e, --evidence ID=STATE",
              "--do ID=STATE"],
    "sensitivity": ["-t, --target ID[=STATE]", "--pair PARAM", "--top N", "--swing P"],
    "voi": ["--rank [change|mi]"],
    "explain": ["-t, --target ID[=STATE]", "--top N"],
    "montecarlo": ["-n, --samples N", "--seed N"],
    "compare": [re.compile(r"\{?FILE\}?(\.\.\.)?")],
    "pool": ["--method [linear|log]", "-w, --weights W[,W...]", "-o, --output FILE"],
    "export": [f"-f, --format [{'|'.join(names(writes=True))}]", "-o, --output FILE",
               "--rankdir [TB|LR]", "--group-by [group|section|none]"],
    "import": ["NETWORK", f"-f, --format [{'|'.join(names(reads=True))}]", "--id ID"],
    "credences init": ["-o, --output FILE", "--author NAME"],
    "schema": ["model|credences|output", "-o, --output FILE"],
}  # fmt: skip


@pytest.mark.parametrize("command", sorted(METAVARS))
def test_help_says_what_to_type(capsys: pytest.CaptureFixture[str], command: str) -> None:
    _, text, _ = run_main(capsys, *command.split(), "--help")
    flat = " ".join(text.split())
    for shown in METAVARS[command]:  # an argument's brackets depend on click's version
        found = shown.search(flat) if isinstance(shown, re.Pattern) else shown in flat
        assert found, (command, shown)
    assert "<str>" not in text.split("Options:")[1]  # no option left with typer's default


def _complete(*words: str) -> list[str]:
    """What zsh would offer after ``argmap WORDS``, through the completion protocol itself."""
    env = {**os.environ, "_ARGMAP_COMPLETE": "complete_zsh",
           "_TYPER_COMPLETE_ARGS": " ".join(["argmap", *words])}
    done = subprocess.run(
        [sys.executable, "-c", "from argmap.cli.app import app; app(prog_name='argmap')"],
        env=env, capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.split("\n")


def test_completion_scripts_and_their_answers() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "from argmap.cli.app import app; app(prog_name='argmap')",
         "--show-completion", "bash"], capture_output=True, text=True, timeout=60, cwd=ROOT,
    )
    assert done.returncode == 0 and "_ARGMAP_COMPLETE=complete_bash" in done.stdout
    assert "--install-completion" in run("--help").stdout.decode()
    assert any("query" in line for line in _complete("qu"))
    offered = " ".join(_complete("query", SPRINKLER, "--evidence", "we"))
    assert "wet=true" in offered and "wet=false" in offered and "rain" not in offered
    offered = " ".join(_complete("export", SPRINKLER, "-f", "x"))
    assert "xmlbif" in offered and "xdsl" in offered and "svg" not in offered


def test_help_loads_no_schema_generation() -> None:
    code = ("import sys; from argmap.cli import main\ntry:\n    main(['--help'])\n"
            "except SystemExit:\n    pass\n"
            "assert 'argmap.json_schema' not in sys.modules, 'schema generation imported'")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 0, done.stderr
