"""The resolved model's types: parameter ids built and read back in one place, the parameters
of a claim, and an import structure without circles."""

from __future__ import annotations

import ast
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap import parameter_id, parse_parameter_id

ROOT = Path(__file__).resolve().parents[1]
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)
CORE = ["errors", "schema", "values", "model", "checks", "roles", "tables", "resolve",
        "schema_errors", "loading", "credences", "credence_writer"]


@given(
    claim=NAME,
    form=st.sampled_from(["prior", "row", "key"]),
    when=st.dictionaries(NAME, NAME, max_size=4),
    key=NAME,
)
def test_a_parameter_id_reads_back_as_what_built_it(
    claim: str, form: str, when: dict[str, str], key: str
) -> None:
    parts = (claim, when if form == "row" else None, key if form == "key" else None)
    assert parse_parameter_id(parameter_id(*parts)) == parts


@pytest.mark.parametrize("path", ["models/examples/sprinkler.yaml", "models/scheming.yaml"])
def test_every_parameter_id_is_built_from_its_when_and_key(path: str) -> None:
    model = argmap.load_model(ROOT / path)
    for pid, param in model.parameters.items():
        assert parse_parameter_id(pid) == (param.claim, param.when, param.key)
        assert (param.when is not None) == (param.slot[0] == "row")
    for cid in model.claims:
        assert [p.claim for p in model.parameters_of(cid)] == [cid] * len(model.parameters_of(cid))
    assert sum(len(model.parameters_of(c)) for c in model.claims) == len(model.parameters)


@pytest.mark.parametrize("text", ["", "rain[", "rain[cloudy]", "rain.", "2rain", "a.b.c",
                                  "rain[x=1]extra", "rain[*,x=y]"])
def test_a_malformed_parameter_id_is_a_bad_value(text: str) -> None:
    with pytest.raises(argmap.InputError) as caught:
        parse_parameter_id(text)
    assert caught.value.codes == ("bad-value",)
    assert caught.value.problems[0].argument == "text"


def test_parameters_of_an_unknown_claim_suggests_a_near_name() -> None:
    model = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    with pytest.raises(argmap.UnknownNameError, match="did you mean 'rain'") as caught:
        model.parameters_of("rian")
    assert caught.value.codes == ("unknown-claim",)


def _function_level_imports(module: str) -> list[str]:
    tree = ast.parse((ROOT / "argmap" / f"{module}.py").read_text())
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for inner in ast.walk(node):
                if isinstance(inner, ast.ImportFrom) and inner.level > 0:
                    found.append(f"{node.name}: from {'.' * inner.level}{inner.module}")
    return found


@pytest.mark.parametrize("module", CORE)
def test_core_modules_import_each_other_only_at_the_top(module: str) -> None:
    assert _function_level_imports(module) == []


def _imports(module: str) -> set[str]:
    """The argmap modules ``module`` imports at its top."""
    tree = ast.parse((ROOT / "argmap" / f"{module}.py").read_text())
    return {
        node.module.split(".")[0]
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 1 and node.module
    }


def test_core_modules_import_no_circle_and_nothing_above_them() -> None:
    graph = nx.DiGraph((m, dep) for m in CORE for dep in _imports(m))
    assert set(graph.nodes) <= set(CORE), set(graph.nodes) - set(CORE)
    assert nx.is_directed_acyclic_graph(graph), nx.find_cycle(graph)
