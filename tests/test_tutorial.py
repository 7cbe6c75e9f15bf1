"""docs/mapping-a-report.md stays true: every console block's command runs and prints what the
page shows (each shown line appears in the real output, in the page's order)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

import argmap
from tests.support.commands import ROOT, run_main

PAGE = ROOT / "docs" / "mapping-a-report.md"
MODEL = ROOT / "models" / "examples" / "simulation.yaml"


def blocks() -> list[tuple[str, list[str]]]:
    """(command, shown output lines) for each ```console block of the page, in order."""
    found = re.findall(r"```console\n(.*?)```", PAGE.read_text(), re.S)
    out = []
    for block in found:
        first, *rest = block.rstrip("\n").split("\n")
        assert first.startswith("$ argmap "), first
        out.append((first[2:], rest))
    return out


def broken_copy() -> str:
    """The page's broken file: one parent misspelt, the two beta(9, 1) priors set to 1.3."""
    text = MODEL.read_text()
    text = text.replace("      reach_posthuman: supports\n", "      reach_posthumna: supports\n", 1)
    return text.replace("    prior: beta(9, 1)\n", "    prior: 1.3\n")


def test_every_console_block_prints_what_the_page_shows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "models").symlink_to(ROOT / "models")
    (tmp_path / "broken.yaml").write_text(broken_copy())
    monkeypatch.chdir(tmp_path)
    commands = blocks()
    assert len(commands) >= 7
    for command, shown in commands:
        code, out, err = run_main(capsys, *shlex.split(command)[1:])
        expected_code = 2 if "broken.yaml" in command else 0
        assert code == expected_code, (command, err)
        printed = (out + err).splitlines()
        at = 0
        for line in shown:
            assert line in printed[at:], (command, line, printed)
            at = printed.index(line, at) + 1
    assert (tmp_path / "me.yaml").exists() and (tmp_path / "simulation.svg").exists()


def test_the_trilemma_follows_from_the_premises_whatever_the_propositions() -> None:
    """Section VII: granting II, III and V, the trilemma holds (to the map's 'almost certainly')
    for any credence in the three propositions."""
    model = argmap.load_model(MODEL)
    granted = {"substrate_independence": "true", "computing_power": "true", "indifference": "true"}
    for p_post in (0.0, 0.3, 1.0):
        for p_int in (0.0, 0.5, 1.0):
            values = {"reach_posthuman": argmap.Point(p_post), "interested": argmap.Point(p_int)}
            p = argmap.marginals(model, values, evidence=granted).p("trilemma", "true")
            assert p >= 0.99
