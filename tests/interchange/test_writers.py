"""BIF, XMLBIF and Hugin NET exports read back (by argmap's import and by pyAgrum), and JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from argmap.credences import load_credences
from argmap.export import export
from argmap.inference import marginals
from argmap.interchange import import_network_text, to_bif, to_json, to_net, to_xmlbif
from argmap.interchange.properties import decode_text, encode_text
from argmap.interchange.xdsl import to_xdsl
from argmap.loading import load_model
from argmap.model import Model
from argmap.tables import build_tables, point_values
from tests.support.exports import (
    NASTY,
    ROOT,
    SCHEMING,
    SPRINKLER,
    nasty_chain,
    one_line,
    yaml_str,
)

FORMATS = ["bif", "xmlbif", "net", "xdsl"]
WRITERS = {"bif": to_bif, "xmlbif": to_xmlbif, "net": to_net, "xdsl": to_xdsl}
CREDENCES = ROOT / "models" / "examples" / "credences" / "sprinkler-dry.yaml"


def nasty() -> Model:
    return nasty_chain(["id: nasty", "title: Nasty"], lambda text: [
        f"    statement: {yaml_str(text)}", f"    note: {yaml_str(text)}",
        f"    says: {yaml_str(text)}", f"    section: {yaml_str(one_line(text))}",
        f"    short: {yaml_str(one_line(text[:20]) + '!')}", "    basis: mixed"])


def models() -> list[Model]:
    found = [load_model(SPRINKLER), nasty()]
    if SCHEMING.exists():
        found.append(load_model(SCHEMING))
    return found


def max_diff(a: Model, b: Model, credences: object = None) -> float:
    ra, rb = marginals(a, credences), marginals(b)  # type: ignore[arg-type]
    return max(
        abs(ra.distributions[c][s] - rb.distributions[c][s])
        for c in a.claims for s in a.claims[c].states
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_round_trip_keeps_marginals_text_and_roles(fmt: str) -> None:
    for model in models():
        text = WRITERS[fmt](model)
        back = import_network_text(text, fmt, name=f"{model.id}.{fmt}")
        assert back.report.written_by_argmap and back.report.renormalised_count == 0
        assert not back.report.renamed_claims and not back.report.renamed_states
        assert back.model.id == model.id
        assert max_diff(model, back.model) < 1e-9
        assert set(back.model.claims) == set(model.claims)
        for cid, claim in model.claims.items():
            got = back.model.claims[cid]
            for field in ("statement", "short", "states", "section", "basis", "says", "note",
                          "group", "links"):
                assert getattr(got, field) == getattr(claim, field), (cid, field)


@pytest.mark.parametrize("fmt", FORMATS)
def test_credences_are_applied_in_full_precision(fmt: str) -> None:
    model = load_model(SPRINKLER)
    cred = load_credences(CREDENCES, model)
    back = import_network_text(WRITERS[fmt](model, cred.values), fmt).model
    assert max_diff(model, back, cred) < 1e-12
    want = build_tables(model, point_values(model, cred.values))
    got = build_tables(back, point_values(back))
    for w, g in zip(want, got, strict=True):
        assert np.array_equal(w, g) or np.max(np.abs(w - g)) < 1e-15


@pytest.mark.parametrize(("fmt", "suffix"), [("bif", ".bif"), ("xmlbif", ".bifxml"),
                                             ("net", ".net")])
def test_pyagrum_reads_our_files(fmt: str, suffix: str, tmp_path: Path) -> None:
    gum = pytest.importorskip("pyagrum")
    for model in models():
        path = tmp_path / f"{model.id}{suffix}"
        path.write_text(WRITERS[fmt](model), encoding="utf-8")
        bn = gum.loadBN(str(path))
        engine = gum.LazyPropagation(bn)
        engine.makeInference()
        ours = marginals(model)
        assert bn.size() == len(model.claims)
        for cid, claim in model.claims.items():
            posterior = engine.posterior(cid)
            labels = [bn.variable(cid).label(i) for i in range(bn.variable(cid).domainSize())]
            assert labels == list(claim.states)
            for i, state in enumerate(labels):
                assert abs(posterior[i] - ours.p(cid, state)) < 1e-6, (model.id, cid)


def test_text_encoding_is_reversible_and_safe() -> None:
    for text in NASTY:
        for fmt in FORMATS:
            encoded = encode_text(text, fmt)
            assert decode_text(encoded) == text
            assert not set(encoded) & set('";={}()\\\n\r') and encoded.isascii()
            assert "//" not in encoded and "/*" not in encoded
    assert "node " not in encode_text("the node x", "net")


def test_json_holds_the_whole_model_and_results() -> None:
    model = load_model(SPRINKLER)
    cred = load_credences(CREDENCES, model)
    data = json.loads(export(model, "json", cred, evidence={"wet": "true"}))
    result = marginals(model, cred, evidence={"wet": "true"})
    assert data["id"] == "sprinkler"
    assert data["output"] == {"claim": "wet", "state": "true", "given": {}, "note": None}
    assert data["result"]["marginals"] == {c: dict(d) for c, d in result.distributions.items()}
    assert data["result"]["evidence"] == {"wet": "true"}
    assert data["credences"]["author"] == cred.author
    assert set(data["claims"]) == set(model.claims)
    wet = data["claims"]["wet"]
    assert wet["form"] == "noisy_or" and wet["table"]["axes"] == ["rain", "sprinkler", "wet"]
    tables = build_tables(model, point_values(model, cred.values))
    assert np.allclose(np.array(wet["table"]["values"]), tables[-1], atol=0, rtol=0)
    assert [p["role"] for p in wet["parents"]] == ["supports", "supports"]
    set_by = {pid for pid, p in data["parameters"].items() if p["set_by_credences"]}
    assert set_by == set(cred.values)
    strange = json.loads(to_json(nasty()))
    assert [c["statement"] for c in strange["claims"].values()] == NASTY
