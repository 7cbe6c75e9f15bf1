"""Checks of diagrams read back by their reference parsers (Mermaid's and Argdown's, in node):
what a parser found must be what the model says."""

from __future__ import annotations

from typing import Any

import pytest

from argmap.export.argdown import flatten
from argmap.export.dot import claim_probability, shown
from argmap.inference import marginals
from argmap.model import Model

EDGE_TYPES = {
    "supports": ("arrow_point", "normal"),
    "undermines": ("arrow_cross", "dotted"),
    "moderates": ("arrow_circle", "dotted"),
    None: ("arrow_point", "normal"),
}



def edge_text(model: Model, claim: Any, link: Any) -> str:
    """The role, with the states it speaks of when they are not plain true/false."""
    states = model.link_states(claim, link)
    return f"{link.role} ({states})" if states else (link.role or "")


def check_mermaid(model: Model, parsed: dict, numbers: bool = True) -> None:  # type: ignore[type-arg]
    assert parsed["error"] is None, parsed["error"]
    result = marginals(model)
    assert set(parsed["vertices"]) == {f"n_{c}" for c in model.claims}
    for cid, claim in model.claims.items():
        vertex = parsed["vertices"][f"n_{cid}"]
        assert vertex["elements"] == 0  # line breaks aside, no HTML element got through
        expected = shown(claim.short)
        if numbers:
            expected += "\n" + claim_probability(model, claim, result)[1]
        assert vertex["text"] == expected, cid
    edges = [(e["start"], e["end"], e["type"], e["stroke"], e["text"]) for e in parsed["edges"]]
    want = [
        (f"n_{link.parent}", f"n_{cid}", *EDGE_TYPES[link.role], edge_text(model, claim, link))
        for cid, claim in model.claims.items() for link in claim.links
    ]
    assert edges == want


def check_argdown(model: Model, parsed: dict) -> None:  # type: ignore[type-arg]
    assert parsed["lexerErrors"] == 0 and parsed["parserErrors"] == 0, parsed["messages"]
    assert parsed["arguments"] == []
    result = marginals(model)
    assert set(parsed["statements"]) == set(model.claims)
    for cid, claim in model.claims.items():
        found = parsed["statements"][cid]
        # Argdown keeps the space before the data block as part of the text.
        texts = [t.rstrip(" ") for t in found["texts"]]
        assert texts == ([flatten(claim.statement)] if flatten(claim.statement) else []), cid
        data = found["data"]
        assert data.get("statement", claim.statement) == claim.statement
        assert data["p"] == pytest.approx(dict(result.distributions[cid]), abs=1e-15)
        for key in ("section", "note", "basis", "says", "group"):
            assert data.get(key) == getattr(claim, key)
        assert data.get("moderated_by", []) == [
            link.parent for link in claim.links if link.role == "moderates"
        ]
    relations = {(r["from"], r["to"], r["type"]) for r in parsed["relations"]}
    want = {
        (link.parent, cid, {"supports": "support", "undermines": "attack"}[link.role])
        for cid, claim in model.claims.items() for link in claim.links
        if link.role in ("supports", "undermines")
    }
    assert relations == want
