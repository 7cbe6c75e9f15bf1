"""Model-wide limits: many large tables together are refused at load, before any is built."""

from __future__ import annotations

import tracemalloc
from pathlib import Path

import pytest

import argmap
from argmap.resolve import MAX_MODEL_TABLE_ENTRIES, MAX_TABLE_ENTRIES


def many_big_tables(path: Path, tables: int, parents: int = 18) -> Path:
    """``parents`` binary inputs and ``tables`` claims each conditioned on all of them, every
    table written as one row matching every combination (a few bytes for 2**19 entries)."""
    names = [f"p{i}" for i in range(parents)]
    lines = ["id: many_tables", "title: Many big tables", "output: {claim: t0}", "claims:"]
    lines += [f"  {n}: {{statement: Input {n}., prior: 0.5}}" for n in names]
    parent_map = "[" + ", ".join(names) + "]"
    for j in range(tables):
        lines.append(f"  t{j}: {{statement: Claim {j}., parents: {parent_map}, "
                     "table: [{when: {}, p: 0.5}]}")  # fmt: skip
    path.write_text("\n".join(lines) + "\n")
    return path


def test_many_big_tables_are_refused_at_load_without_building_them(tmp_path: Path) -> None:
    per = 2 ** 19
    assert per <= MAX_TABLE_ENTRIES
    n = MAX_MODEL_TABLE_ENTRIES // per + 1
    path = many_big_tables(tmp_path / "many.yaml", n)
    tracemalloc.start()
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model(path)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    problem = err.value.problems[0]
    assert problem.code == "limit" and f"t{n - 1}" in problem.loc
    assert f"{MAX_MODEL_TABLE_ENTRIES:,} entries" in problem.message
    assert peak < 200 * 2**20, f"{peak / 2**20:.0f} MiB while refusing"


def test_just_under_the_model_limit_loads(tmp_path: Path) -> None:
    per = 2 ** 19
    n = (MAX_MODEL_TABLE_ENTRIES - 18 * 2) // per
    model = argmap.load_model(many_big_tables(tmp_path / "ok.yaml", n))
    assert len(model.claims) == 18 + n
