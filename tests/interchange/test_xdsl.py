"""GeNIe's XDSL: our reader and writer against pyAgrum's, hand-made files, and bad files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from argmap.errors import InputError
from argmap.inference import marginals
from argmap.interchange import import_network, import_network_text
from argmap.interchange.xdsl import parse_xdsl, to_xdsl
from argmap.loading import load_model
from argmap.model import Model
from tests.support.exports import SCHEMING, SPRINKLER, cli

HAND_MADE = """<?xml version="1.0" encoding="UTF-8"?>
<!-- written by hand, in GeNIe's layout: the last parent varies fastest, then the node -->
<smile version="1.0" id="Smoking" numsamples="10000" discsamples="10000">
  <nodes>
    <cpt id="Smoker">
      <state id="yes" />
      <state id="no" />
      <probabilities>0.3 0.7</probabilities>
    </cpt>
    <cpt id="Pollution">
      <state id="low" />
      <state id="medium" />
      <state id="high" />
      <probabilities>0.5 0.3 0.2</probabilities>
    </cpt>
    <cpt id="Cancer">
      <state id="present" />
      <state id="absent" />
      <parents>Smoker Pollution</parents>
      <probabilities>0.03 0.97 0.05 0.95 0.08 0.92 0.001 0.999 0.02 0.98 0.04 0.96</probabilities>
    </cpt>
    <deterministic id="Alert">
      <state id="on" />
      <state id="off" />
      <parents>Cancer</parents>
      <resultingstates>on off</resultingstates>
    </deterministic>
  </nodes>
  <extensions>
    <genie version="1.0" app="GeNIe 4.1" name="Smoking">
      <node id="Smoker">
        <name>The patient smokes</name>
        <interior color="e5f6f7" />
        <position>100 100 200 150</position>
        <comment>Self-reported &amp; checked.</comment>
      </node>
      <node id="Cancer">
        <name>Cancer</name>
        <position>100 200 200 250</position>
      </node>
    </genie>
  </extensions>
</smile>
"""


def test_hand_made_file_reads_in_genies_layout() -> None:
    data = parse_xdsl(HAND_MADE)
    assert data.variables == ("Smoker", "Pollution", "Cancer", "Alert")
    assert data.tables["Cancer"].shape == (2, 3, 2)
    assert data.tables["Cancer"][0, 2].tolist() == [0.08, 0.92]  # smoker=yes, pollution=high
    assert data.tables["Cancer"][1, 0].tolist() == [0.001, 0.999]
    assert data.tables["Alert"].tolist() == [[1.0, 0.0], [0.0, 1.0]]
    imported = import_network_text(HAND_MADE, "xdsl", name="smoking.xdsl")
    model = imported.model
    assert model.id == "Smoking" and not imported.report.written_by_argmap
    assert model.claims["Smoker"].statement == "The patient smokes"
    assert model.claims["Smoker"].says == "Self-reported & checked."
    assert model.claims["Cancer"].statement == "Cancer"
    assert model.claims["Pollution"].states == ("low", "medium", "high")
    p_cancer = 0.3 * (0.5 * 0.03 + 0.3 * 0.05 + 0.2 * 0.08) + 0.7 * (
        0.5 * 0.001 + 0.3 * 0.02 + 0.2 * 0.04)
    assert abs(marginals(model).p("Alert", "on") - p_cancer) < 1e-15


def ours_and_back(model: Model) -> Model:
    back = import_network_text(to_xdsl(model), "xdsl", name=f"{model.id}.xdsl")
    assert back.report.written_by_argmap and back.report.renormalised_count == 0
    return back.model


@pytest.mark.parametrize("path", [SPRINKLER, SCHEMING])
def test_round_trip_keeps_states_tables_and_text(path: Path) -> None:
    model = load_model(path)
    back = ours_and_back(model)
    assert list(back.claims) == list(model.claims) or set(back.claims) == set(model.claims)
    a, b = marginals(model), marginals(back)
    for cid, claim in model.claims.items():
        got = back.claims[cid]
        for field in ("statement", "short", "states", "section", "basis", "says", "note",
                      "group", "links", "parents"):
            assert getattr(got, field) == getattr(claim, field), (cid, field)
        for state in claim.states:
            assert abs(a.p(cid, state) - b.p(cid, state)) < 1e-12


def pyagrum_marginals(path: Path, *, normalise: bool = False) -> dict[str, dict[str, float]]:
    """pyAgrum's LazyPropagation on a file; variables keyed by their XDSL id.

    pyAgrum names a variable by GeNIe's ``<name>`` and keeps the id as its description.
    """
    gum = pytest.importorskip("pyagrum")
    bn = gum.loadBN(str(path))
    if normalise:
        for node in bn.nodes():
            bn.cpt(node).normalizeAsCPT()
    engine = gum.LazyPropagation(bn)
    engine.makeInference()
    result = {}
    for node in bn.nodes():
        var = bn.variable(node)
        posterior = engine.posterior(node)
        key = var.description() or var.name()
        result[key] = {var.label(i): float(posterior[{var.name(): i}])
                       for i in range(var.domainSize())}
    return result


def worst(ours: Model, theirs: dict[str, dict[str, float]]) -> float:
    result = marginals(ours)
    assert set(theirs) == set(ours.claims)
    return max(abs(result.p(c, s) - p) for c, dist in theirs.items() for s, p in dist.items())


def test_pyagrum_file_with_exact_numbers_imports_to_its_marginals(tmp_path: Path) -> None:
    gum = pytest.importorskip("pyagrum")
    bn = gum.fastBN("pollution{low|medium|high}->smoker{yes|no}->cancer{present|absent}"
                    "->xray{pos|neg}")  # at most one parent each: see the next tests
    bn.cpt("pollution").fillWith([0.5, 0.25, 0.25])
    bn.cpt("smoker").fillWith([0.25, 0.75, 0.5, 0.5, 0.125, 0.875])
    bn.cpt("cancer").fillWith([0.0625, 0.9375, 0.375, 0.625])
    bn.cpt("xray").fillWith([0.875, 0.125, 0.25, 0.75])
    path = tmp_path / "pyagrum.xdsl"
    gum.saveBN(bn, str(path))
    imported = import_network(path)
    assert imported.report.renormalised_count == 0
    assert worst(imported.model, pyagrum_marginals(path)) < 1e-9


def test_pyagrum_random_file_imports_to_its_marginals(tmp_path: Path) -> None:
    gum = pytest.importorskip("pyagrum")
    gum.initRandom(12)
    bn = gum.fastBN("c{on|off}->a{x|y|z}->b{p|q}->d{u|v|w}")
    bn.generateCPTs()
    for node in bn.nodes():  # two decimals, so pyAgrum's 6 significant digits are exact
        rows = np.round(np.array(bn.cpt(node).toarray()).reshape(-1, bn.variable(node)
                                                                   .domainSize()), 2)
        rows[:, -1] = 1 - rows[:, :-1].sum(axis=1)
        bn.cpt(node).fillWith(np.round(rows, 2).reshape(-1).tolist())
    path = tmp_path / "random.xdsl"
    gum.saveBN(bn, str(path))
    imported = import_network(path)
    assert imported.report.renormalised_count == 0
    assert worst(imported.model, pyagrum_marginals(path)) < 1e-9


def test_pyagrum_reads_our_file(tmp_path: Path) -> None:
    model = load_model(SPRINKLER)  # wet's two parents have equal strengths: see below
    out = tmp_path / f"{model.id}.xdsl"
    out.write_text(to_xdsl(model), encoding="utf-8")
    assert worst(model, pyagrum_marginals(out)) < 1e-9


def test_pyagrum_orders_the_rows_of_two_parent_nodes_the_other_way(tmp_path: Path) -> None:
    """GeNIe's layout (and pgmpy's XDSL reader): the last parent varies fastest. pyAgrum 3.3
    reads and writes the first parent fastest, so for a node with two or more parents it sees
    our table with the parent axes reversed; every number is there, in another order."""
    gum = pytest.importorskip("pyagrum")
    from argmap.tables import build_tables, point_values

    model = load_model(SCHEMING)
    out = tmp_path / "scheming.xdsl"
    out.write_text(to_xdsl(model), encoding="utf-8")
    bn = gum.loadBN(str(out))
    tables = dict(zip(model.claims, build_tables(model, point_values(model)), strict=True))
    by_id = {bn.variable(n).description(): n for n in bn.nodes()}
    disagreeing = 0
    for cid, claim in model.claims.items():
        pcards = [len(model.claims[p].states) for p in claim.parents]
        rows = np.asarray(tables[cid], dtype=float).reshape(-1, len(claim.states))
        cpt = bn.cpt(by_id[cid])
        for r, row in enumerate(rows):
            combo = np.unravel_index(r, pcards, order="F") if pcards else ()
            at = {bn.variable(by_id[p]).name(): int(i)
                  for p, i in zip(claim.parents, combo, strict=True)}
            assert np.allclose(cpt[at], row), cid  # row r, read with the first parent fastest
        c_order = [np.unravel_index(r, pcards) for r in range(len(rows))] if pcards else []
        f_order = [np.unravel_index(r, pcards, order="F") for r in range(len(rows))]
        disagreeing += int(len(pcards) >= 2 and c_order != f_order)
    assert disagreeing > 0


@pytest.mark.parametrize(("text", "message", "line", "code"), [
    ('<smile id="x"><nodes>\n<cpt id="a"><state id="y"/><state id="n"/>\n'
     "<probabilities>0.5 0.5 0.1</probabilities></cpt></nodes></smile>",
     "node 'a' has 3 probabilities (expected 2", 3, "table"),
    ('<smile id="x"><nodes>\n<cpt id="a"><state id="y"/><state id="n"/>\n'
     "<probabilities>0.5 zero</probabilities></cpt></nodes></smile>",
     "'zero' is not a number", 3, "syntax"),
    ('<smile id="x"><nodes>\n<cpt id="a"><state id="y"/><state id="n"/>\n<parents>b</parents>'
     "<probabilities>0.5 0.5</probabilities></cpt></nodes></smile>",
     "parent 'b' of 'a' is not defined", 3, "unknown-claim"),
    ('<smile id="x"><nodes>\n<noisymax id="a"/></nodes></smile>',
     "<noisymax> nodes are not supported", 2, "syntax"),
    ('<smile id="x"><nodes>\n<cpt id="a"><state id="y"/></cpt></nodes></smile>',
     "node 'a' has states ['y'] (expected two or more", 2, "bad-value"),
    ('<smile id="x">\n<nodes>\n<cpt id="a">\n</nodes></smile>',
     "not well-formed XML (mismatched tag)", 4, "syntax"),
    ('<?xml version="1.0"?>\n<!DOCTYPE smile [<!ENTITY lol "lol">]>\n<smile/>',
     "a document type declaration (<!DOCTYPE ...>) is not allowed", 2, "syntax"),
    ("<BIF/>", "the root element is <BIF> (expected <smile>", 1, "syntax"),
])
def test_malformed_files_give_located_errors(text: str, message: str, line: int,
                                             code: str) -> None:
    with pytest.raises(InputError) as caught:
        import_network_text(text, "xdsl", name="bad.xdsl")
    problem = caught.value.problems[0]
    assert message in problem.message, problem.message
    assert (problem.file, problem.line, problem.code) == ("bad.xdsl", line, code)
    assert problem.column is not None and problem.column >= 1


def test_row_sums_are_checked_like_every_network() -> None:
    text = HAND_MADE.replace("0.3 0.7", "0.3 0.6")
    with pytest.raises(InputError, match="Smoker prior: probabilities sum to 0.9") as caught:
        import_network_text(text, "xdsl", name="s.xdsl")
    assert caught.value.codes == ("sum",)


def test_billion_laughs_is_refused_before_expansion() -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
            + "".join(f'<!ENTITY lol{i} "{"&lol;" * 10 if i == 1 else f"&lol{i - 1};" * 10}">'
                      for i in range(1, 10))
            + ']>\n<smile>&lol9;</smile>')
    with pytest.raises(InputError, match="not allowed in XDSL"):
        import_network_text(bomb, "xdsl", name="bomb.xdsl")


def test_cli_import_and_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "sprinkler.xdsl"
    code, text, _ = cli(capsys, "export", SPRINKLER, "-o", out)
    assert code == 0 and "(xdsl," in text
    code, printed, _ = cli(capsys, "export", SPRINKLER, "--format", "xdsl")
    assert code == 0 and printed == out.read_text(encoding="utf-8")
    model_path = tmp_path / "back.yaml"
    code, text, _ = cli(capsys, "import", out, "-o", model_path)
    assert code == 0 and "imported 4 claims from sprinkler.xdsl (GeNIe XDSL)" in text
    back = load_model(model_path)
    assert np.isclose(marginals(back).p("wet", "true"), marginals(load_model(SPRINKLER)).p(
        "wet", "true"), atol=1e-12)
    bad = tmp_path / "bad.xdsl"
    bad.write_text('<smile id="x">\n<nodes>\n<cpt id="a">\n</nodes></smile>', encoding="utf-8")
    code, _, err = cli(capsys, "import", bad, "-o", tmp_path / "bad.yaml")
    assert code == 2 and f"{bad.name}:4:" in err and "mismatched tag" in err
