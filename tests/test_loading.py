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
