"""Loading details that the bad-input corpus does not cover."""

from __future__ import annotations

import argmap


def test_block_scalars_do_not_leave_a_trailing_newline() -> None:
    model = argmap.load_model_text(
        "id: t\ntitle: >\n  A title\ndescription: |\n  Two\n  lines\nclaims:\n"
        "  a:\n    statement: >\n      Folded\n      text.\n    note: |\n      kept\n"
        "      lines\n    prior: 0.5\n"
    )
    claim = model.claims["a"]
    assert claim.statement == "Folded text."
    assert claim.note == "kept\nlines"
    assert model.title == "A title" and model.description == "Two\nlines"


def test_surrounding_spaces_in_quoted_text_are_kept() -> None:
    model = argmap.load_model_text(
        'id: t\ntitle: T\nclaims:\n  a: {statement: " spaced ", prior: 0.5}\n'
    )
    assert model.claims["a"].statement == " spaced "


_GIVEN = """id: t
title: T
output:
  claim: c
  given: {b: low, a: true}
  note: >
    Read given a and b.
claims:
  a: {statement: A., prior: 0.5, evidence: V}
  b: {statement: B., states: [high, low], prior: 0.5, evidence: M}
  c: {statement: C., parents: [a, b], logic: all}
"""


def test_output_given_loads_in_file_order_with_yaml_booleans_as_states() -> None:
    model = argmap.load_model_text(_GIVEN)
    assert dict(model.given) == {"a": "true", "b": "low"}
    assert list(model.given) == ["b", "a"]  # as the author wrote it, not model order
    assert model.given_label == "b=low, a=true"
    assert model.output_note == "Read given a and b."
    assert model.output_label == "c=true"


def test_a_model_without_given_has_an_empty_condition() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    assert dict(model.given) == {} and model.given_label == "" and model.output_note is None


def test_evidence_marks_load_and_default_to_none() -> None:
    model = argmap.load_model_text(_GIVEN)
    assert [model.claims[c].evidence for c in "abc"] == ["V", "M", None]
