"""Importing BIF, XMLBIF and NET networks: bnlearn's files, foreign writers, names, bad rows."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.inference import marginals
from argmap.interchange import ImportedNetwork, import_network, import_network_text, safe_id
from argmap.loading import load_model, load_model_text
from argmap.tables import build_tables, point_values
from tests.support.exports import EXAMPLES, cli


def pgmpy_network(name: str, normalise: bool = False):  # type: ignore[no-untyped-def]
    """The bundled bnlearn network as pgmpy reads it (optionally with columns normalised)."""
    from pgmpy.readwrite import BIFReader

    text = gzip.open(EXAMPLES / f"{name}.bif.gz", "rt").read()
    network = BIFReader(string=text).get_model()
    if normalise:
        for cpd in network.get_cpds():
            cpd.normalize(inplace=True)
    return network


def worst_difference(imported: ImportedNetwork, network, evidence=None) -> float:  # type: ignore[no-untyped-def]
    """Max |argmap - pgmpy VariableElimination| over every state of every claim."""
    from pgmpy.inference import VariableElimination

    ours = marginals(imported.model, evidence=evidence)
    engine = VariableElimination(network)
    worst = 0.0
    for cid, claim in imported.model.claims.items():
        if evidence and cid in evidence:
            continue
        factor = engine.query([cid], evidence=evidence, show_progress=False)
        for state in claim.states:
            worst = max(worst, abs(factor.get_value(**{cid: state}) - ours.p(cid, state)))
    return worst


@pytest.mark.parametrize("name", ["asia", "insurance"])
def test_bnlearn_networks_import_with_identical_marginals(name: str) -> None:
    imported = import_network(EXAMPLES / f"{name}.bif.gz")
    assert imported.report.renormalised_count == 0
    assert worst_difference(imported, pgmpy_network(name)) < 1e-9
    claim = next(iter(imported.model.claims.values()))
    assert claim.basis == "interpretation" and claim.statement == claim.id
    assert claim.note is not None and f"{name}.bif.gz" in claim.note


def test_asia_with_evidence() -> None:
    imported = import_network(EXAMPLES / "asia.bif.gz")
    evidence = {"dysp": "yes", "asia": "yes"}
    assert worst_difference(imported, pgmpy_network("asia"), evidence) < 1e-9


def test_alarm_renormalises_its_six_rounded_rows() -> None:
    imported = import_network(EXAMPLES / "alarm.bif.gz")
    assert imported.report.renormalised_count == 6
    assert {c for c, _, _ in imported.report.renormalised} == {"HREKG", "HRSAT"}
    # Identical to pgmpy on the same network with those rows normalised ...
    assert worst_difference(imported, pgmpy_network("alarm", normalise=True)) < 1e-9
    # ... and within the file's own rounding (rows off by 1e-7) of pgmpy on the raw file.
    assert worst_difference(imported, pgmpy_network("alarm")) < 1e-8


@pytest.fixture(scope="module")
def hepar2() -> ImportedNetwork:
    return import_network(EXAMPLES / "hepar2.bif.gz")


@pytest.fixture(scope="module")
def water() -> ImportedNetwork:
    return import_network(EXAMPLES / "water.bif.gz")


def test_hepar2_and_water_rows_are_renormalised_and_counted(
    hepar2: ImportedNetwork, water: ImportedNetwork
) -> None:
    assert hepar2.report.renormalised_count == 62
    assert water.report.renormalised_count == 1
    assert "renormalised 62 table row(s)" in hepar2.report.summary()
    # The YAML passes the strict 1e-9 rule for hand-written files (the import itself loads
    # what it wrote, so water's model was read from its text too).
    again = load_model_text(hepar2.text, name="again.yaml")
    assert again.claim_ids == hepar2.model.claim_ids
    assert str(water.model.path).endswith("water.bif.gz (imported)")
    assert worst_difference(hepar2, pgmpy_network("hepar2", normalise=True)) < 1e-9


def test_water_states_are_mapped_and_reported(water: ImportedNetwork) -> None:
    assert len(water.report.renamed_states) == 116
    assert ("C_NI_12_00", "3", "s_3") in water.report.renamed_states
    assert water.model.claims["CKNI_12_00"].states == ("s_20_MG_L", "s_30_MG_L", "s_40_MG_L")
    assert "'20_MG_L' -> s_20_MG_L" in water.report.summary(limit=200)


def test_names_are_mapped_deterministically() -> None:
    bif = """network "risk-model" {
}
variable 1st-risk {
  type discrete [ 3 ] { high-risk, 1, high_risk };
}
variable my.var {
  type discrete [ 2 ] { "yes", "no" };
}
probability ( 1st-risk ) {
  table 0.2, 0.3, 0.5;
}
probability ( my.var | 1st-risk ) {
  ( high-risk ) 0.1, 0.9;
  ( 1 ) 0.4, 0.6;
  ( high_risk ) 0.7, 0.3;
}
"""
    first = import_network_text(bif, "bif", name="risk.bif")
    second = import_network_text(bif, "bif", name="risk.bif")
    assert first.text == second.text
    assert first.model.id == "risk_model"
    assert first.report.renamed_claims == (("1st-risk", "v_1st_risk"), ("my.var", "my_var"))
    assert first.model.claims["v_1st_risk"].states == ("high_risk_2", "s_1", "high_risk")
    assert ("v_1st_risk", "1", "s_1") in first.report.renamed_states
    assert first.model.claims["my_var"].statement == "my.var"
    assert safe_id("high-risk", "s") == "high_risk" and safe_id("1", "s") == "s_1"


def test_rows_far_from_one_are_errors_listing_every_row() -> None:
    bif = """network bad {
}
variable a {
  type discrete [ 2 ] { x, y };
}
variable b {
  type discrete [ 2 ] { x, y };
}
probability ( a ) {
  table 0.5, 0.4;
}
probability ( b | a ) {
  ( x ) 0.5, 0.5;
  ( y ) 0.7, 0.30001;
}
"""
    with pytest.raises(InputError) as err:
        import_network_text(bif, "bif", name="bad.bif")
    messages = [p.message for p in err.value.problems]
    assert len(messages) == 2
    assert err.value.codes == ("sum", "sum")
    assert [p.loc for p in err.value.problems] == [("a", "table", 0), ("b", "table", 1)]
    assert "a prior: probabilities sum to 0.9 (expected 1 within 1e-06)" in messages[0]
    assert "b row (a=y): probabilities sum to 1.00001" in messages[1]
    with pytest.raises(InputError, match="probability -0.1 in the table of 'b'") as negative:
        import_network_text(bif.replace("0.7, 0.30001", "-0.1, 1.1"), "bif", name="bad.bif")
    assert negative.value.codes == ("out-of-range",)  # the reader refuses it, located
    assert (negative.value.problems[0].line, negative.value.problems[0].column) == (14, 9)
    with pytest.raises(InputError) as unknown:
        import_network_text(bif, "dne", name="bad.dne")
    assert unknown.value.codes == ("unknown-name",)
    assert unknown.value.problems[0].argument == "fmt"


def test_foreign_xmlbif_and_net_files(tmp_path: Path) -> None:
    from pgmpy.readwrite import NETWriter, XMLBIFWriter

    network = pgmpy_network("asia")
    reference = import_network(EXAMPLES / "asia.bif.gz")
    for writer, suffix in ((XMLBIFWriter, ".xml"), (NETWriter, ".net")):
        path = tmp_path / f"asia{suffix}"
        writer(network).write(str(path))
        imported = import_network(path)
        assert not imported.report.written_by_argmap
        assert worst_difference(imported, network) < 1e-8  # pgmpy's NET writer rounds to 1e-8
        assert set(imported.model.claims) == set(reference.model.claims)


def test_hugin_labels_become_statements() -> None:
    net = """net {
}
node smoker {
    states = ("yes" "no");
    label = "Smokes \\"a lot\\"";
}
potential (smoker |) {
 data = (0.3 0.7);
}
"""
    imported = import_network_text(net, "net", name="s.net")
    assert imported.model.claims["smoker"].statement == 'Smokes "a lot"'


def test_unreadable_files_are_input_errors(tmp_path: Path) -> None:
    junk = tmp_path / "junk.bif"
    junk.write_text("this is not a network {", encoding="utf-8")
    with pytest.raises(InputError, match="1:1: expected 'network', 'variable' or") as err:
        import_network(junk)
    assert err.value.codes == ("syntax",) and err.value.problems[0].file == str(junk)
    junk.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="no variables found") as err:
        import_network(junk)
    assert err.value.codes == ("syntax",)
    junk.write_text("variable x { type discrete [ 2 ] { a, b }; }\nprobability ( x ) {\n"
                    "  table 0.5 ;\n}\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"3:9: the table of 'x' has 1 probabilities") as err:
        import_network(junk)
    assert err.value.codes == ("table",)
    with pytest.raises(InputError, match="unknown file type to import") as err:
        import_network(tmp_path / "x.csv")
    assert err.value.codes == ("unknown-name",)
    with pytest.raises(InputError, match="no such file") as err:
        import_network(tmp_path / "missing.bif")
    assert err.value.codes == ("read",)
    packed = tmp_path / "fake.bif.gz"
    packed.write_bytes(b"not gzip")
    with pytest.raises(InputError, match="not a gzip file") as err:
        import_network(packed)
    assert err.value.codes == ("read",)


def test_cli_import(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "alarm.yaml"
    code, text, _ = cli(capsys, "import", EXAMPLES / "alarm.bif.gz", "-o", out)
    assert code == 0
    assert "imported 37 claims" in text and "renormalised 6 table row(s)" in text
    assert len(load_model(out).claims) == 37
    code, _, err = cli(capsys, "import", EXAMPLES / "asia.bif.gz", "-o", out)
    assert code == 2 and "file exists" in err
    code, _, err = cli(capsys, "import", EXAMPLES / "asia.bif.gz", "-o", out, "--force", "--json")
    assert code == 0 and load_model(out).id == "asia"
    code, _, err = cli(capsys, "import", tmp_path / "nothing.bif", "-o", tmp_path / "n.yaml")
    assert code == 2 and "no such file" in err
    code, printed, _ = cli(capsys, "import", EXAMPLES / "asia.bif.gz")
    assert code == 0 and load_model_text(printed).id == "asia"
    code, _, err = cli(capsys, "import", EXAMPLES / "asia.bif.gz", "-f", "dne")
    assert code == 2 and "unknown import format 'dne'" in err




def test_link_imports_with_compact_tables() -> None:
    """link (one of the nine bnlearn networks past the node limit before compact tables; 724
    variables): its tables are written as blocks of numbers, the text loads back as the same
    model, every entry the file's within 1e-9 (renormalised rows aside). Marginals: pyAgrum
    for all 24 networks (those the engine compiles): tests/interchange/test_bnlearn_all.py."""
    import numpy as np

    from argmap.interchange.codecs import read_network
    from argmap.interchange.importing import convert, read_network_text

    path = EXAMPLES / "link.bif.gz"
    data = read_network(read_network_text(path), "bif")
    imported = convert(data, "bif", name=str(path))
    assert "    table: |\n" in imported.text and "    table:\n" not in imported.text
    assert load_model_text(imported.text, imported.model.path) == imported.model
    tables = build_tables(imported.model, point_values(imported.model))
    renormalised = {claim for claim, _, _ in imported.report.renormalised}
    assert not imported.report.renamed_claims
    for table, cid in zip(tables, imported.model.claims, strict=True):
        theirs = np.asarray(data.tables[cid], dtype=float)
        if cid in renormalised:
            theirs = theirs / theirs.sum(axis=-1, keepdims=True)
        # within 1e-9: a two-state claim's second entry is 1 - p, and a distribution that
        # sums to 1 within 1e-9 is normalised when the model is read (YAML has every digit)
        assert np.allclose(table, theirs, rtol=0, atol=1e-9), cid
