"""The native BIF reader (argmap.interchange.bif_reader): the same data as pgmpy's reader, to
the bit, for every bnlearn network and for files argmap's and pyAgrum's writers make; the
grammar's variants; pgmpy never imported. The native writer (``to_bif``): pgmpy's bytes.

pgmpy's reader takes minutes on the big networks, so the sweep compares each network's digest
with the one recorded from pgmpy 1.1.2 (``tests/data/bnlearn_bif_digests.json``, written by
``python -m tests.interchange.bif_digests``); small networks are compared with pgmpy live, and
every network with ``ARGMAP_BNLEARN_READER=pgmpy`` (``make test-bnlearn``). Bad inputs and
the fuzz test: ``test_bif_reader_errors.py``.
"""

from __future__ import annotations

import gzip
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from argmap.interchange import import_network, import_network_text, to_bif
from argmap.interchange.bif import parse_bif
from argmap.interchange.bif_reader import parse_bif_text
from argmap.interchange.importing import convert
from argmap.interchange.network import NetworkData
from argmap.interchange.pgmpy_bridge import read_pgmpy, write_pgmpy
from argmap.interchange.properties import encoded_properties
from argmap.loading import load_model_text
from argmap.model import Model
from argmap.tables import build_tables, point_values
from tests.interchange.bif_digests import DIGESTS, digest
from tests.support.exports import EXAMPLES, models
from tests.support.random_models import random_model

NETWORKS = sorted(p.name.removesuffix(".bif.gz") for p in EXAMPLES.glob("*.bif.gz"))
LIVE = ["asia", "cancer", "earthquake", "sachs", "survey", "alarm", "child", "insurance",
        "win95pts", "hepar2"]
"""Compared with pgmpy's reader on every run (each under ~1 s in pgmpy)."""
if os.environ.get("ARGMAP_BNLEARN_READER") == "pgmpy":
    LIVE = NETWORKS


def text_of(name: str) -> str:
    return gzip.open(EXAMPLES / f"{name}.bif.gz", "rt").read()


def assert_same(ours: NetworkData, theirs: NetworkData) -> None:
    """Every field equal, every table equal bit for bit (dtype and shape too)."""
    assert ours.name == theirs.name
    assert ours.variables == theirs.variables
    assert dict(ours.states) == dict(theirs.states)
    assert dict(ours.parents) == dict(theirs.parents)
    assert ({v: dict(p) for v, p in ours.properties.items()}
            == {v: dict(p) for v, p in theirs.properties.items()})
    for var in ours.variables:
        a, b = np.asarray(ours.tables[var]), np.asarray(theirs.tables[var])
        assert (a.dtype, a.shape) == (b.dtype, b.shape), var
        assert a.tobytes() == np.ascontiguousarray(b).tobytes(), var
    assert digest(ours) == digest(theirs)


def test_all_24_digests_are_recorded() -> None:
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert sorted(recorded) == NETWORKS and len(NETWORKS) == 24


@pytest.mark.parametrize("name", NETWORKS)
def test_every_bnlearn_network_reads_as_pgmpy_read_it(name: str) -> None:
    recorded = json.loads(DIGESTS.read_text(encoding="utf-8"))
    assert digest(parse_bif(text_of(name))) == recorded[name]


@pytest.mark.parametrize("name", LIVE)
def test_small_networks_equal_pgmpy_live_and_import_the_same_bytes(name: str) -> None:
    text = text_of(name)
    ours, theirs = parse_bif_text(text), read_pgmpy(text, "bif")
    assert_same(ours, theirs)
    path = str(EXAMPLES / f"{name}.bif.gz")
    before = convert(theirs, "bif", name=path, stem=name)  # what `argmap import` did
    after = import_network(path)
    assert after.text == before.text
    assert after.report == before.report


def test_import_never_imports_pgmpy(tmp_path: Path) -> None:
    """`argmap import x.bif.gz` in a fresh interpreter: pgmpy (and pandas, pyparsing) unloaded."""
    script = (
        "import sys\nfrom argmap.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & "
        "{'pgmpy', 'pandas', 'pyparsing', 'pyagrum', 'networkx', 'torch'}))\n"
    )
    out = tmp_path / "alarm.yaml"
    done = subprocess.run(
        [sys.executable, "-c", script, "import", str(EXAMPLES / "alarm.bif.gz"), "-o", str(out)],
        capture_output=True, text=True, timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path.cwd())},
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "[]", done.stdout
    assert "imported 37 claims" in done.stdout and out.stat().st_size > 1000


def _through_both(model: Model) -> None:
    """argmap's writer (native) writes what pgmpy's writer wrote, byte for byte, and the
    text reads back as pgmpy reads it, and imports the same."""
    text = to_bif(model)
    assert text == write_pgmpy(model, "bif", None, encoded_properties(model, "bif"))
    assert_same(parse_bif_text(text), read_pgmpy(text, "bif"))
    ours = import_network_text(text, "bif", name="m.bif")
    theirs = convert(read_pgmpy(text, "bif"), "bif", name="m.bif")
    assert ours.text == theirs.text and ours.model == theirs.model


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(models())
def test_argmaps_writer_reads_back_as_pgmpy_reads_it(model: Model) -> None:
    """Random models (nasty text in every property) through argmap's BIF writer."""
    _through_both(model)


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 9))
def test_random_multistate_models_read_back(seed: int, n: int) -> None:
    model = random_model(seed, n, uncertain=False)
    _through_both(model)
    data = parse_bif_text(to_bif(model))
    for table, cid in zip(build_tables(model, point_values(model)), model.claims, strict=True):
        assert np.array_equal(data.tables[cid], table), cid  # full precision, exact


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 9))
def test_pyagrums_writer_reads_back(tmp_path_factory: pytest.TempPathFactory,
                                            seed: int, n: int) -> None:
    import pyagrum as gum

    from argmap.interchange import to_pyagrum

    model = random_model(seed, n, uncertain=False)
    path = tmp_path_factory.mktemp("agrum") / "m.bif"
    gum.saveBN(to_pyagrum(model), str(path))
    text = path.read_text(encoding="utf-8")
    ours = parse_bif_text(text)
    assert_same(ours, read_pgmpy(text, "bif"))
    assert ours.variables == model.claim_ids
    for table, cid in zip(build_tables(model, point_values(model)), model.claims, strict=True):
        # pyAgrum 3 writes every digit (exact here); older ones may round: within 1e-6
        assert np.allclose(ours.tables[cid], table, rtol=0, atol=1e-6), cid
        if int(gum.__version__.split(".")[0]) >= 3:
            assert np.array_equal(ours.tables[cid], table), cid


VARIANTS = '''/* a network with every variant of the grammar */
network "my net" { property software = "x; y" ; }
variable "Rain Fall" {  // a quoted name with a space
  type discrete [ 3 ] { "heavy rain", light, none };
  property label = "It \\"rains\\"" ;
  property position = (10, 20) ;
  property note = "a; b" ;
}
VARIABLE wet { type discrete[2] {yes no}; }
variable Wind {
  type discrete [ 2 ] { "a/b", c };
}
probability ( "Rain Fall" ) { table 0.2 0.3 0.5 ; }
probability ( WET RAIN\u0020FALL ) {}
probability ( wind ) { ( ) 0.25, 0.75; }
'''


def test_grammar_variants() -> None:
    """Quoted names, comments, keywords in any case, commas optional, a state with '/', a
    root's row, names matched ignoring case, the old header (child then parents), default."""
    text = VARIANTS.replace(
        "probability ( WET RAIN\u0020FALL ) {}",
        'probability ( wet | "rain fall" ) {\n  (heavy rain) 0.9, 0.1;\n  default 0.5e0 5E-1;\n}')
    data = parse_bif_text(text)
    assert data.name == "my net"
    assert data.variables == ("Rain Fall", "wet", "Wind")
    assert data.states["Rain Fall"] == ("heavy rain", "light", "none")
    assert data.states["Wind"] == ("a/b", "c")
    assert data.parents["wet"] == ("Rain Fall",)
    assert data.tables["wet"].tolist() == [[0.9, 0.1], [0.5, 0.5], [0.5, 0.5]]
    assert data.tables["Wind"].tolist() == [0.25, 0.75]
    assert data.properties["Rain Fall"] == {"label": "It \\ rains\\", "position": "(10, 20)",
                                            "note": "a; b"}  # pgmpy: "a" (cut at the ;)
    old = text.replace('wet | "rain fall"', "wet Rain_Fall").replace('"Rain Fall"', "Rain_Fall")
    assert parse_bif_text(old).parents["wet"] == ("Rain_Fall",)
    crlf = parse_bif_text(text.replace("\n", "\r\n"))  # pgmpy finds no variable in it
    assert digest(crlf) == digest(data)


def test_table_layout_matches_pyagrum_and_pgmpy(tmp_path: Path) -> None:
    """'table' with parents: the child's states vary slowest (pgmpy and pyAgrum agree)."""
    import pyagrum as gum

    text = ("network t { }\nvariable a { type discrete [ 2 ] { x, y }; }\n"
            "variable b { type discrete [ 3 ] { u, v, w }; }\n"
            "probability ( a ) { table 0.3, 0.7; }\n"
            "probability ( b | a ) { table 0.1, 0.5, 0.2, 0.25, 0.7, 0.25; }\n")
    ours = parse_bif_text(text)
    assert ours.tables["b"].tolist() == [[0.1, 0.2, 0.7], [0.5, 0.25, 0.25]]
    assert_same(ours, read_pgmpy(text, "bif"))
    (tmp_path / "t.bif").write_text(text, encoding="utf-8")
    bn = gum.loadBN(str(tmp_path / "t.bif"))
    assert bn.cpt("b")[{"a": "y"}].tolist() == [0.5, 0.25, 0.25]


def test_the_shipped_models_with_credences_write_as_pgmpy_wrote_them() -> None:
    from argmap.credences import load_credences
    from argmap.inference import overrides_of
    from argmap.loading import load_model

    for name, profiles in (("scheming", ("optimist", "pessimist", "carlsmith")),
                           ("power_seeking", ("carlsmith-2021", "superforecasters-2023"))):
        model = load_model(f"models/{name}.yaml")
        for profile in (None, *profiles):
            overrides = (overrides_of(load_credences(f"models/credences/{profile}.yaml", model))
                         if profile else None)
            assert to_bif(model, overrides) == write_pgmpy(
                model, "bif", overrides, encoded_properties(model, "bif")), (name, profile)


def test_claims_named_like_bif_keywords_read_back() -> None:
    """Claims called ``variable``, ``probability`` or ``end`` (found by the test above): the
    pgmpy path's duplicate scan once read ``probability ( variable ) {`` as a second
    definition of a variable ``)``."""
    text = (
        "id: keywords\ntitle: Keywords\nclaims:\n"
        "  variable: {statement: A claim called variable, prior: 0.3}\n"
        "  probability: {statement: Another, prior: 0.6}\n"
        "  end:\n    statement: A child of variable\n    parents: {variable: supports}\n"
        "    table:\n      - {when: {variable: 'true'}, p: 0.8}\n"
        "      - {when: {variable: 'false'}, p: 0.1}\n"
    )
    _through_both(load_model_text(text, name="keywords.yaml"))
