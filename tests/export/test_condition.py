"""Exports carry the headline's condition (``output.given``) and the claims' evidence marks."""

from __future__ import annotations

import json

import argmap
from argmap.export import to_html
from argmap.interchange import import_network_text
from tests.support.exports import ROOT

GIVEN = ROOT / "models" / "examples" / "sprinkler_given.yaml"


def _model() -> argmap.Model:
    return argmap.load_model(GIVEN)


def test_report_states_the_headline_with_its_condition_and_the_unconditional_number() -> None:
    model = _model()
    h = argmap.headline(model)
    page = to_html(model, evidence=dict(model.given), diagram=False)
    assert (f"Headline: P(wet=true | cloudy=true) = {100 * h.p_given:.1f}%</strong>; "
            f"unconditional: {100 * h.p_unconditional:.1f}%") in page
    assert "already known to be cloudy" in page  # output.note
    assert "given (the headline condition) cloudy = true" in page
    assert "<th>checked</th>" in page and "<td>S</td>" in page
    plain = to_html(argmap.load_model(ROOT / "models" / "examples" / "sprinkler.yaml"),
                    diagram=False)
    assert "Headline:" not in plain and "checked" not in plain


def test_report_without_the_condition_applied_says_so() -> None:
    page = to_html(_model(), diagram=False)
    assert "The condition is the model's headline condition (not applied below)" in page


def test_json_export_carries_given_note_and_evidence_marks() -> None:
    data = json.loads(argmap.export(_model(), "json", evidence={"cloudy": "true"}))
    assert data["output"]["given"] == {"cloudy": "true"}
    assert data["output"]["note"].startswith("The headline is the chance")
    assert [data["claims"][c]["evidence"] for c in ("cloudy", "rain", "sprinkler", "wet")] == [
        "V", "S", "M", None]


def test_diagrams_and_argdown_mark_given_claims_apart_from_observed_ones() -> None:
    model = _model()
    result = argmap.marginals(model, evidence={"cloudy": "true", "rain": "true"})
    dot = argmap.to_dot(model, result)
    assert "given: true" in dot and "observed: true" in dot
    mermaid = argmap.to_mermaid(model, result)
    assert "given: true" in mermaid and "observed: true" in mermaid
    argdown = argmap.to_argdown(model, result)
    assert '"given": "true"' in argdown and '"observed": "true"' in argdown
    assert '"evidence": "V"' in argdown


def test_network_files_keep_the_evidence_marks() -> None:
    model = _model()
    for fmt in ("bif", "xmlbif", "net"):
        text = argmap.export(model, fmt).decode("utf-8")
        back = import_network_text(text, fmt).model
        assert [back.claims[c].evidence for c in model.claims] == ["V", "S", "M", None], fmt
