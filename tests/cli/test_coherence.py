"""``argmap coherence`` and the coherence warnings of ``argmap validate``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.analysis.test_coherence import CHAIN
from tests.support.commands import run_main


@pytest.fixture
def chain(tmp_path: Path) -> str:
    path = tmp_path / "chain.yaml"
    path.write_text(CHAIN)
    return str(path)


def test_coherence_table_shows_both_numbers(capsys: pytest.CaptureFixture[str], chain: str) -> None:
    code, out, _ = run_main(capsys, "coherence", chain)
    assert code == 0
    assert "tolerance 1 pp): 2 of 4 differ beyond it" in out
    line = next(x for x in out.splitlines() if x.startswith("c=true"))
    assert "30.0%" in line and "26.4%" in line and "-3.60 pp !" in line
    assert line.endswith("report, section 6")
    assert [x.split()[0] for x in out.splitlines() if x.startswith("d=")] == [
        "d=low", "d=mid", "d=high"]


def test_coherence_json_and_tolerance(capsys: pytest.CaptureFixture[str], chain: str) -> None:
    code, out, _ = run_main(capsys, "coherence", chain, "--json", "--tolerance", "0.03")
    data = json.loads(out)["result"]
    assert code == 0 and data["tolerance"] == 0.03
    assert [c["claim"] for c in data["claims"] if c["exceeds"]] == ["c"]
    assert data["claims"][2]["implied"]["true"] == pytest.approx(0.264, abs=1e-12)
    code, _, err = run_main(capsys, "coherence", chain, "--tolerance", "-1")
    assert code == 2 and "--tolerance" in err and "Traceback" not in err


def test_validate_warns_of_incoherent_claims(
    capsys: pytest.CaptureFixture[str], chain: str
) -> None:
    code, out, err = run_main(capsys, "validate", chain)
    assert code == 0 and "ok (5 claims" in out
    warnings = [x for x in err.splitlines() if x.startswith("warning: ")]
    assert len(warnings) == 2
    assert "c: the source states P(true) = 0.3 but the tables imply 0.264" in warnings[0]
    assert "report, section 6" in warnings[0]
    assert warnings[1].startswith(
        "warning: d: the source states P(mid) = 0.25 but the tables imply 0.23")
    code, _, err = run_main(capsys, "validate", chain, "--tolerance", "0.05")
    assert code == 0 and "warning" not in err
