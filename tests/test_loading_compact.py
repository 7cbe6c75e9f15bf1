"""Compact tables (``table: |`` and lines of numbers) load as the ``when`` rows they spell.

A model written with compact tables equals the same model written out row by row, number for
number; a compact table with the wrong shape, a word that is not a number or too many rows is
refused with a problem located at the table. The fast (libyaml) and ruamel readings agree.
"""

from __future__ import annotations

from itertools import product
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
import argmap.loading as loading
from argmap._compact_tables import MAX_COMPACT_ROWS
from argmap._fast_yaml import NotFast

HEAD = """id: compact
title: Compact tables
claims:
  a: {statement: A., states: [lo, mid, hi], prior: {lo: 0.2, mid: 0.3, hi: 0.5}}
  b: {statement: B., prior: 0.4}
"""


def child(states: list[str], table: str) -> str:
    return (f"  c:\n    statement: C.\n    states: [{', '.join(states)}]\n    parents: [a, b]\n"
            f"{table}")


def compact(rows: list[list[float]]) -> str:
    return "    table: |\n" + "".join(
        "      " + " ".join(repr(x) for x in row) + "\n" for row in rows
    )


def verbose(rows: list[list[float]], states: list[str]) -> str:
    combos = product(["lo", "mid", "hi"], ["true", "false"])
    lines = ["    table:\n"]
    for (a, b), row in zip(combos, rows, strict=True):
        p = ", ".join(f"{s}: {x!r}" for s, x in zip(states, row, strict=True))
        lines.append(f'      - {{when: {{a: {a}, b: "{b}"}}, p: {{{p}}}}}\n')
    return "".join(lines)


ROWS = st.integers(2, 4).flatmap(lambda k: st.lists(
    st.lists(st.floats(0.001, 1.0), min_size=k, max_size=k).map(
        lambda xs: [x / sum(xs) for x in xs[:-1]] + [1.0 - sum(x / sum(xs) for x in xs[:-1])]
    ).filter(lambda row: min(row) >= 0),
    min_size=6, max_size=6))


@settings(max_examples=60, deadline=None)
@given(rows=ROWS)
def test_a_compact_table_loads_as_its_rows(rows: list[list[float]]) -> None:
    states = [f"s{i}" for i in range(len(rows[0]))]
    long = argmap.load_model_text(HEAD + child(states, verbose(rows, states)))
    short = argmap.load_model_text(HEAD + child(states, compact(rows)))
    assert short == long
    for combo, row in zip(product(range(3), range(2)), rows, strict=True):
        seen = {"a": ["lo", "mid", "hi"][combo[0]], "b": ["true", "false"][combo[1]]}
        got = argmap.marginals(short, evidence=seen).distributions["c"]
        assert got == pytest.approx(dict(zip(states, row, strict=True)), abs=1e-12)


def test_both_readings_agree(monkeypatch: pytest.MonkeyPatch) -> None:
    text = HEAD + child(["x", "y"], compact([[0.5, 0.5]] * 6))
    fast = argmap.load_model_text(text)

    def refuse(*_: Any, **__: Any) -> Any:
        raise NotFast("off")

    monkeypatch.setattr(loading, "read_plain", refuse)
    assert argmap.load_model_text(text) == fast


@pytest.mark.parametrize(("table", "says", "code"), [
    ("    table: |\n      0.5 0.5\n", "has 1 line(s) (expected 6, one per combination", "table"),
    ("    table: |\n" + "      0.5 0.5\n" * 5 + "      0.5\n",
     "line 6 of the compact table has 1 number(s) (expected 2", "table"),
    ("    table: |\n" + "      0.5 0.5\n" * 5 + "      0.5 x\n",
     "line 6 of the compact table holds 'x' (expected numbers", "type"),
    ("    table: |\n" + "      0.5 0.5\n" * 5 + "      0.5 0.6\n", "sum", "sum"),
])
def test_a_bad_compact_table_is_located_at_the_table(table: str, says: str, code: str) -> None:
    text = HEAD + child(["x", "y"], table)
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model_text(text, "m.yaml")
    problem = err.value.problems[0]
    assert says in problem.message and problem.code == code
    assert problem.line is not None and problem.line >= text.splitlines().index("    table: |")


def test_compact_rows_are_limited_before_anything_is_built() -> None:
    parents = [f"p{i}" for i in range(18)]  # 2**18 = 262,144 combinations, one line given
    text = "id: many\ntitle: Many\nclaims:\n" + "".join(
        f"  {p}: {{statement: P., prior: 0.5}}\n" for p in parents
    ) + f"  c:\n    statement: C.\n    parents: [{', '.join(parents)}]\n    table: |\n      1 0\n"
    assert 2 ** 18 > MAX_COMPACT_ROWS
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model_text(text, "m.yaml")
    assert [p.code for p in err.value.problems] == ["limit"]
    assert "compact tables too large: 262,144 lines" in err.value.problems[0].message
