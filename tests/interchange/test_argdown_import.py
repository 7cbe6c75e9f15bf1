"""Importing Argdown maps as model skeletons: our own exports, hand-written maps, a real one."""

from __future__ import annotations

from pathlib import Path

import pytest

import argmap
from argmap.credences import load_credences_text
from argmap.errors import InputError
from argmap.export import export
from argmap.interchange.argdown_reader import parse_argdown
from argmap.interchange.skeleton import import_argdown, import_argdown_text
from argmap.loading import load_model
from tests.support.exports import ROOT, SCHEMING, SPRINKLER, cli

SOFT_DRUGS = ROOT / "tests" / "data" / "legalisation-softdrugs.argdown"


@pytest.mark.parametrize("path", [SPRINKLER, SCHEMING])
def test_our_export_comes_back_with_the_same_claims_and_structure(path: Path) -> None:
    model = load_model(path)
    text = export(model, "argdown").decode("utf-8")
    imported = import_argdown_text(text, name=f"{model.id}.argdown")
    back = imported.model
    assert list(back.claims) == list(model.claims)
    assert imported.report.warnings == ()
    for cid, claim in model.claims.items():
        got = back.claims[cid]
        assert got.statement == claim.statement and got.states == claim.states, cid
        assert {(lk.parent, lk.role) for lk in got.links} == {
            (lk.parent, lk.role) for lk in claim.links}, cid
        assert got.note is not None and f"{model.id}.argdown line " in got.note
        assert "Placeholder numbers" in got.note
    assert back.output == model.output


HAND_WRITTEN = """===
title: front matter is skipped
===
/* a block
   comment */
# Dinner

[Pizza]: We should order #(food) pizza. // a comment
  + [Cheap]: Pizza is
    cheap.
  - <Health>: Pizza is unhealthy.
    <+ Vegetables are good.
  +> [Happy]: We will be happy.
  -> [Diet]
  _> [Undercut]: ignored relation.
  >< [Contra]
(1) a premise
----
* a list item

[Cheap] {"states": ["yes", "no"]}

[Diet] +> nothing at the top level
"""


def test_hand_written_map() -> None:
    imported = import_argdown_text(HAND_WRITTEN, name="dinner.argdown")
    claims = imported.model.claims
    assert set(claims) == {"Pizza", "Cheap", "Health", "untitled_12", "Happy", "Diet",
                           "Undercut", "Contra"}
    assert claims["Pizza"].statement == "We should order pizza."
    assert claims["Cheap"].statement == "Pizza is cheap." and claims["Cheap"].states == (
        "yes", "no")
    assert claims["Diet"].statement == "Diet"
    assert claims["Pizza"].section == "Dinner" and claims["Pizza"].basis == "report"
    roles = {(c, lk.parent, lk.role) for c, cl in claims.items() for lk in cl.links}
    assert roles == {("Pizza", "Cheap", "supports"), ("Pizza", "Health", "undermines"),
                     ("Health", "untitled_12", "supports"), ("Happy", "Pizza", "supports"),
                     ("Diet", "Pizza", "undermines")}
    assert claims["Happy"].kind == "noisy_or" and claims["Pizza"].kind == "table"
    assert claims["Cheap"].kind == "prior"
    assert "dinner.argdown line 8 (statement [Pizza])" in (claims["Pizza"].note or "")
    lines = {line for line, _ in imported.report.warnings}
    assert lines == {15, 16, 17, 18, 19, 23}
    numbers = [line for line in imported.text.splitlines()
               if any(key in line for key in ("prior:", "leak:", "strengths:", " p: "))]
    assert numbers and all(line.endswith("# placeholder") for line in numbers)


def test_cycles_and_self_relations_are_dropped_with_a_warning() -> None:
    imported = import_argdown_text("[A]: a\n  +> [B]: b\n    +> [A]\n  +> [A]\n",
                                   name="loop.argdown")
    assert [lk.parent for lk in imported.model.claims["B"].links] == ["A"]
    assert imported.model.claims["A"].links == ()
    messages = " ".join(m for _, m in imported.report.warnings)
    assert "would close a cycle" in messages and "relates to itself" in messages


def test_the_template_lists_every_placeholder_and_loads() -> None:
    imported = import_argdown_text(HAND_WRITTEN, name="dinner.argdown")
    cred = load_credences_text(imported.template, imported.model)
    assert set(cred.values) == set(imported.model.parameters)
    assert "PLACEHOLDER" in imported.template


def test_a_map_from_the_argdown_project() -> None:
    imported = import_argdown(SOFT_DRUGS)
    model = imported.model
    central = model.claims["Legalisation_of_Soft_Drugs"]
    assert central.statement == "Soft drugs should be legal."
    assert len(central.links) == 9
    assert sum(lk.role == "supports" for lk in central.links) == 5
    assert model.claims["No_harm__no_ban"].statement.startswith("The role of legislation")
    assert [lk.parent for lk in model.claims["No_harm__no_ban"].links] == [
        "Soft_drugs_are_harmful"]
    assert len(model.claims) == 18 and imported.report.relations == 17
    assert [line for line, _ in imported.report.warnings] == [82, 116]  # two undercuts
    assert model.output == ("Legalisation_of_Soft_Drugs", 0)
    assert model.title == "Pros and Cons Legalisation of Soft Drugs"  # its front matter


def test_nothing_to_import_is_an_error_and_odd_input_never_crashes() -> None:
    with pytest.raises(InputError, match="no statements found") as caught:
        import_argdown_text("// only a comment\n", name="empty.argdown")
    assert caught.value.codes == ("syntax",)
    for text in ["[", "[A", "<A>: {", "  + [B]", "[A]: {bad: [}", "\\", "-> [X]\n+ [Y]"]:
        parse_argdown(text)


def test_cli_writes_the_model_and_a_sibling_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "soft.yaml"
    code, text, _ = cli(capsys, "import", SOFT_DRUGS, "-o", out)
    assert code == 0, text
    assert "imported 18 claims and 17 relations" in text
    assert f"wrote the credence template {tmp_path / 'soft.credences.yaml'}" in text
    assert load_model(out).id == "legalisation_softdrugs"
    code, _, err = cli(capsys, "import", SOFT_DRUGS, "-o", out)
    assert code == 2 and "exists" in err
    mine = tmp_path / "mine.yaml"
    code, text, _ = cli(capsys, "import", SOFT_DRUGS, "-o", out, "--force",
                        "--credences-template", mine)
    assert code == 0 and mine.exists()
    code, printed, _ = cli(capsys, "import", SOFT_DRUGS)
    assert code == 0 and "Legalisation_of_Soft_Drugs:" in printed


def test_the_imported_skeleton_agrees_with_pgmpy() -> None:
    """The skeleton is a real network: its placeholder numbers give marginals pgmpy agrees with."""
    from argmap.interchange import pgmpy_marginals

    model = import_argdown(SOFT_DRUGS).model
    ours = argmap.marginals(model).distributions
    reference = pgmpy_marginals(model)
    for claim, dist in ours.items():
        for state, p in dist.items():
            assert abs(p - reference[claim][state]) < 1e-9, (claim, state)
