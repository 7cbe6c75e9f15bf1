"""The engine bench (bench/bench_engine.py, bench/bnlearn.py) keeps working: every network is
read with the same numbers in both engines, a network past the budget is a row, not a crash,
and the table's rows and summary are printed. (Its speed is the bench's business.)"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from argmap import Budget, compile_structure

pytest.importorskip("pyagrum")
BENCH = Path(__file__).resolve().parents[1] / "bench"
sys.path.insert(0, str(BENCH))

import bench_engine  # noqa: E402
import bnlearn  # noqa: E402


def test_every_network_is_found() -> None:
    assert bnlearn.available()[: len(bnlearn.NETWORKS)] == list(bnlearn.NETWORKS)


@pytest.mark.parametrize("name", ["asia", "child"])  # child: pyAgrum refuses it, pgmpy reads
def test_both_engines_agree_on_a_network(name: str) -> None:
    net = bnlearn.load(name)
    assert net.reader == ("pgmpy" if name == "child" else "pyAgrum")
    rng = np.random.default_rng(0)
    (ev,) = bnlearn.evidence_sets(net, 3, 1, rng)
    assert len(ev) == 3
    ours = compile_structure(net.structure).posterior(net.tables, evidence=ev).marginals
    theirs = bnlearn.pyagrum_fresh(net.bn, net.names, ev)
    assert max(float(np.abs(a - b).max()) for a, b in zip(ours, theirs, strict=True)) < 1e-12


def test_a_network_past_the_budget_is_a_row() -> None:
    rows = bench_engine.measure(
        "asia", Budget(max_clique=4), bench_engine.Repeats(0, 1, 1), np.random.default_rng(0)
    )
    (row,) = rows
    assert row.failed.startswith("too big (TooBigError: ")
    assert "too big" in row.line() and "asia" in row.line()


def test_the_quick_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_engine.main(["--quick", "--networks", "asia,cancer", "--no-maps"])
    out = capsys.readouterr().out.splitlines()
    rows = [line for line in out if line.startswith(("asia ", "cancer "))]
    assert len(rows) == 4 and all(r.endswith(("FASTER", "SLOWER")) for r in rows)
    assert "2 of 2 networks measured" in out
    assert any(line.startswith("largest difference from pyAgrum: ") for line in out)
    diff = float(out[-1].removeprefix("largest difference from pyAgrum: "))
    assert diff < 1e-12


def test_unknown_networks_are_refused(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as err:
        bench_engine.main(["--networks", "asia,nope"])
    assert err.value.code == 2 and "unknown networks: nope" in capsys.readouterr().err


def test_the_first_query_table(capsys: pytest.CaptureFixture[str]) -> None:
    bench_engine.main(["--first-sets", "2", "--networks", "asia,cancer"])
    out = capsys.readouterr().out.splitlines()
    assert out[1] == bench_engine.FIRST_HEADER
    rows = [line.split() for line in out[2:]]
    assert [r[0] for r in rows] == ["asia", "cancer"] and all(r[1] == "2" for r in rows)
    assert all(float(r[2]) > 0 and float(r[3]) > 0 and r[6] == "load" for r in rows)
