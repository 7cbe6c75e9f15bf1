"""The ``argmap`` command as a person uses it: exit codes, located messages, tables, JSON."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import argmap

SPRINKLER = "models/examples/sprinkler.yaml"
DRY = "models/examples/credences/sprinkler-dry.yaml"


def run(
    *args: str, cwd: str | Path | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "argmap", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
        env=env,
    )


def test_validate_ok() -> None:
    done = run("validate", SPRINKLER, "--credences", DRY)
    assert done.returncode == 0, done.stderr
    assert "ok (4 claims, 8 numbers)" in done.stdout


def test_query_json_matches_library() -> None:
    done = run("query", SPRINKLER, "--json", "-c", DRY, "--evidence", "wet=true")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)["result"]
    model = argmap.load_model(SPRINKLER)
    expected = argmap.marginals(model, argmap.load_credences(DRY, model), evidence={"wet": "true"})
    assert data["marginals"] == {c: dict(d) for c, d in expected.distributions.items()}
    assert data["evidence"] == {"wet": "true"}
    assert data["evidence_probability"] == pytest.approx(expected.evidence_probability)


def test_evidence_and_do_move_the_numbers_as_they_should() -> None:
    def p_rain(*extra: str) -> float:
        done = run("query", SPRINKLER, "--json", *extra)
        assert done.returncode == 0, done.stderr
        return float(json.loads(done.stdout)["result"]["marginals"]["rain"]["true"])

    base = p_rain()
    assert p_rain("--evidence", "wet=true") > base  # observing the effect raises the cause
    assert p_rain("--do", "wet=true") == pytest.approx(base)  # forcing it does not
    assert p_rain("--do", "cloudy=true") > base


def test_query_table_is_readable() -> None:
    done = run("query", SPRINKLER, "--evidence", "wet=true")
    assert done.returncode == 0
    assert "P(wet=true) = 1.0000" in done.stdout
    assert "wet (observed)" in done.stdout
    assert "Rain " in done.stdout


def test_default_model_is_scheming(tmp_path: Path) -> None:
    done = run("validate")
    assert done.returncode == 0, done.stderr
    assert "scheming.yaml: ok" in done.stdout


def test_credences_init_writes_a_loadable_commented_template(tmp_path: Path) -> None:
    out = tmp_path / "me.yaml"
    done = run("credences", "init", SPRINKLER, "-o", str(out), "--author", "Me")
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "# wet: The grass is wet." in text
    model = argmap.load_model(SPRINKLER)
    cred = argmap.load_credences(out, model)
    assert cred.author == "Me"
    assert set(cred.values) == set(model.parameters)
    again = run("credences", "init", SPRINKLER, "-o", str(out))
    assert again.returncode == 2 and "file exists" in again.stderr
    assert out.read_text() == text


def test_cli_does_not_import_pgmpy() -> None:
    code = (
        "import sys; import argmap.cli, argmap.inference, argmap.engine; "
        "assert not [m for m in sys.modules if m.startswith('pgmpy')], 'pgmpy imported'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


GOOD = """id: t
title: T
claims:
  a: {statement: A, prior: 0.3}
  b:
    statement: B
    parents: {a: supports}
    table:
      - {when: {a: "true"}, p: 0.9}
      - {when: {a: "false"}, p: 0.2}
"""

# (kind, file text, expected line, expected message fragment)
BAD = [
    ("probability out of range", GOOD.replace("prior: 0.3", "prior: 1.3"), 4, "got 1.3"),
    ("negative probability", GOOD.replace("p: 0.2", "p: -0.2"), 10, "out of range"),
    ("unknown parent", GOOD.replace("{a: supports}", "{aa: supports}"), 7, "did you mean 'a'"),
    (
        "cycle",
        GOOD.replace(
            "a: {statement: A, prior: 0.3}", "a: {statement: A, parents: [b], logic: not}"
        ),
        None,
        "cycle:",
    ),
    ("duplicate key", GOOD.replace("title: T", "title: T\ntitle: U"), 3, "duplicate key"),
    ("yaml syntax", GOOD.replace("claims:", "claims: ["), None, "YAML syntax error"),
    ("unknown key", GOOD.replace("statement: B", "statment: B"), 6, "did you mean 'statement'"),
    ("missing statement", GOOD.replace("    statement: B\n", ""), 5, "missing key 'statement'"),
    (
        "table misses a row",
        GOOD.replace('      - {when: {a: "false"}, p: 0.2}\n', ""),
        8,
        "misses 1 parent combination",
    ),
    (
        "overlapping rows",
        GOOD.replace('{when: {a: "false"}, p: 0.2}', "{when: {}, p: 0.2}"),
        10,
        "both match",
    ),
    ("unknown state", GOOD.replace('{a: "false"}', '{a: "flase"}'), 10, "did you mean 'false'"),
    (
        "not summing to 1",
        GOOD.replace("p: 0.2", "p: {true: 0.2, false: 0.7}"),
        10,
        "does not sum to 1",
    ),
    (
        "role disagrees",
        GOOD.replace("{a: supports}", "{a: undermines}"),
        7,
        "disagrees with the numbers",
    ),
    ("wrong type", GOOD.replace("title: T", "title: [1, 2]"), 2, "valid string"),
    ("two forms", GOOD.replace("prior: 0.3", "prior: 0.3, logic: all"), 4, "exactly one of"),
    ("bad beta", GOOD.replace("prior: 0.3", "prior: 'beta(0, 2)'"), 4, "positive"),
    ("unquoted beta in flow", GOOD.replace("prior: 0.3", "prior: beta(1, 2)"), 4, "must be quoted"),
    ("alias bomb", "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n", 1, "aliases are not allowed"),
    ("python tag", "!!python/object/apply:os.system ['echo hi']\n", 1, "not allowed"),
    ("empty file", "", None, "empty file"),
    ("top level list", "- a\n- b\n", 1, "expected a model"),
]


@pytest.mark.parametrize(("kind", "text", "line", "fragment"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_gives_located_message_and_exit_2(
    kind: str, text: str, line: int | None, fragment: str, tmp_path: Path
) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    done = run("validate", str(path))
    assert done.returncode == 2, (kind, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr
    assert fragment in done.stderr, done.stderr
    prefix = f"{path}:{line}:" if line is not None else f"{path}"
    assert prefix in done.stderr, done.stderr
    with pytest.raises(argmap.ArgmapError):
        argmap.load_model(path)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = (
        GOOD.replace("prior: 0.3", "prior: 1.3")
        .replace("p: 0.2", "p: 2")
        .replace("statement: B", "statement: B\n    colour: red")
    )
    path = tmp_path / "many.yaml"
    path.write_text(text)
    done = run("validate", str(path))
    assert done.returncode == 2
    assert done.stderr.count("error:") >= 2, done.stderr


def test_credence_file_for_another_model(tmp_path: Path) -> None:
    path = tmp_path / "other.yaml"
    path.write_text("model: scheming\ncredences: {}\n")
    done = run("query", SPRINKLER, "-c", str(path))
    assert done.returncode == 2
    assert f"{path}:1:8: credence file is for model 'scheming'" in done.stderr


def test_bad_evidence_option() -> None:
    done = run("query", SPRINKLER, "--evidence", "wet")
    assert done.returncode == 2 and "expected id=state" in done.stderr
    done = run("query", SPRINKLER, "--evidence", "wett=true")
    assert done.returncode == 2 and "did you mean 'wet'" in done.stderr


def test_library_arguments_are_shown_as_the_options_people_typed() -> None:
    done = run("query", SPRINKLER, "--evidence", "wett=true")
    assert done.stderr == "error: --evidence: unknown claim 'wett' (did you mean 'wet'?)\n"
    done = run("query", SPRINKLER, "-e", "rain=true", "--do", "rain=false")
    assert done.stderr.startswith("error: --do: claim(s) ['rain'] both observed")
    done = run("export", SPRINKLER, "-f", "dot", "--group-by", "colour")
    assert done.stderr.startswith("error: --group-by: unknown grouping 'colour'")


def test_every_parameter_name_means_one_option() -> None:
    """The CLI names a library argument by the option of that name: no name may mean two."""
    import typer

    from argmap.cli import app
    from argmap.cli.problems import RENAMED, typed_as

    seen: dict[str, set[str]] = {}

    def walk(command: Any) -> None:
        for param in command.params:
            seen.setdefault(param.name, set()).add(typed_as(param))
        for sub in getattr(command, "commands", {}).values():
            walk(sub)

    walk(typer.main.get_command(app))
    assert {name: shown for name, shown in seen.items() if len(shown) > 1} == {}
    options = set().union(*seen.values())
    assert set(RENAMED.values()) <= options
    assert not set(RENAMED) & set(seen), "a renamed argument shadows a parameter of that name"
    assert seen["evidence"] == {"--evidence"} and seen["fmt"] == {"--format"}


def test_problems_outside_arguments_print_unchanged() -> None:
    from argmap.cli.problems import problem_text
    from argmap.errors import Problem

    assert problem_text(Problem("m.yaml", 2, 3, "bad"), {"m": "--m"}) == "m.yaml:2:3: bad"
    labels = Problem(None, None, None, "expected 2 labels", loc=("labels",))
    assert problem_text(labels, {"evidence": "--evidence"}) == "labels: expected 2 labels"


def test_usage_errors_exit_2_without_traceback() -> None:
    for args in (("query", "--bogus"), ("frobnicate",), ("compare", SPRINKLER)):
        done = run(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert "Traceback" not in done.stderr and "internal error" not in done.stderr


def test_compare_and_pool_default_to_the_scheming_model() -> None:
    a, b = "models/credences/carlsmith.yaml", "models/credences/pessimist.yaml"
    short = run("compare", a, b, "--json")
    full = run("compare", "models/scheming.yaml", a, b, "--json")
    assert short.returncode == 0, short.stderr
    assert json.loads(short.stdout) == json.loads(full.stdout)
    pooled = run("pool", a, b, "--json")
    assert pooled.returncode == 0, pooled.stderr


def test_results_are_the_same_bits_whatever_the_hash_seed() -> None:
    """Two processes, two string-hash seeds, one answer to the last bit. With opt_einsum 3.3
    (which ordered tensordot's summed axes by string hash) seeds 1 and 2 gave answers that
    differed in the last bits of Shapley values; pyproject now asks for 3.4."""
    a, b = "models/credences/carlsmith.yaml", "models/credences/pessimist.yaml"
    outputs = []
    for seed in ("1", "2"):
        done = run("compare", a, b, "--json", env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


def test_credences_that_contradict_a_role_warn_but_load(tmp_path: Path) -> None:
    path = tmp_path / "contrary.yaml"
    path.write_text(
        "model: sprinkler\ncredences:\n  rain:\n"
        '    - {when: {cloudy: "true"}, p: 0.1}\n    - {when: {cloudy: "false"}, p: 0.9}\n'
    )
    model = argmap.load_model(SPRINKLER)
    cred = argmap.load_credences(path, model)
    assert len(cred.warnings) == 1 and "cloudy -> rain" in cred.warnings[0]
    done = run("query", SPRINKLER, "-c", str(path))
    assert done.returncode == 0
    assert "warning:" in done.stderr and "role 'supports' disagrees" in done.stderr


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == f"argmap {argmap.__version__}"
