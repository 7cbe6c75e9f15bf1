"""``argmap export``: every format from the command line, options, and errors (exit 2)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from argmap.export import export
from argmap.formats import FORMATS
from argmap.inference import marginals
from argmap.interchange import import_network
from argmap.loading import load_model
from tests.support.exports import ROOT, SPRINKLER, cli, svg_nodes

DRY = ROOT / "models" / "examples" / "credences" / "sprinkler-dry.yaml"
SUFFIX = {"dot": ".gv", "mermaid": ".mmd", "argdown": ".argdown", "xmlbif": ".xml"}


@pytest.mark.parametrize("fmt", [f for f in FORMATS if FORMATS[f].writes])
def test_every_format_from_the_cli_matches_the_api(
    fmt: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"map{SUFFIX.get(fmt, '.' + fmt)}"
    args = ["export", SPRINKLER, "-c", DRY, "-o", out]
    code, text, err = cli(capsys, *args)  # the format comes from the extension
    assert code == 0, err
    assert f"wrote {out} ({fmt}," in text
    data = out.read_bytes()
    model = load_model(SPRINKLER)
    from argmap.credences import load_credences

    expected = export(model, fmt, load_credences(DRY, model))
    if fmt in ("png", "pdf"):
        assert data[:4] == expected[:4] and len(data) > 1000
    else:
        assert data == expected
    code, _, _ = cli(capsys, "export", SPRINKLER, "-c", DRY, "--format", fmt.upper(),
                     "-o", tmp_path / "any.name")
    assert code == 0 and (tmp_path / "any.name").read_bytes()[:4] == data[:4]


def test_evidence_do_and_diagram_options(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "m.svg"
    code, _, err = cli(capsys, "export", SPRINKLER, "-e", "wet=true", "--do", "cloudy=false",
                       "--rankdir", "LR", "--group-by", "section", "-o", out)
    assert code == 0, err
    result = marginals(load_model(SPRINKLER), evidence={"wet": "true"}, do={"cloudy": "false"})
    lines = "\n".join(svg_nodes(out.read_bytes())["rain"]["lines"])
    assert f"{result.p('rain'):.0%}" in lines
    code, dot, _ = cli(capsys, "export", SPRINKLER, "-f", "dot", "--no-numbers", "--no-legend",
                       "--group-by", "none")
    assert code == 0 and "%" not in dot and "cluster_legend" not in dot
    code, text, _ = cli(capsys, "export", SPRINKLER, "-f", "json", "-e", "wet=true")
    assert json.loads(text)["result"]["evidence"] == {"wet": "true"}


def test_network_export_imports_back(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "s.bif"
    code, _, err = cli(capsys, "export", SPRINKLER, "-o", out, "-e", "wet=true")
    assert code == 0 and "not stored" in err
    back = import_network(out).model
    assert abs(marginals(back).p("wet") - marginals(load_model(SPRINKLER)).p("wet")) < 1e-12
    code, _, _ = cli(capsys, "import", out, "-o", tmp_path / "s.yaml")
    assert code == 0 and load_model(tmp_path / "s.yaml").claims["wet"].links[0].role == "supports"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx", "-o", "x.docx"], "unknown format 'docx'"),
        (["-o", "map.unknown"], "cannot tell the format from the extension '.unknown'"),
        (["-o", "/nonexistent/folder/map.svg"], "cannot write here"),
        (["-f", "svg", "-o", "."], "is a folder"),
        (["-f", "svg", "--rankdir", "XY"], "unknown layout 'XY'"),
        (["-f", "svg", "--group-by", "colour"], "unknown grouping 'colour'"),
        (["-f", "dot", "-e", "wet=maybe"], "unknown state 'maybe'"),
    ],
)
def test_bad_requests_exit_2_with_a_message(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = cli(capsys, "export", SPRINKLER, *args)
    assert code == 2
    assert message in err and "Traceback" not in err


def test_unwritable_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if os.geteuid() == 0:
        target = Path("/proc/argmap-test.svg")  # not writable even for root
    else:
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        target = folder / "map.svg"
    code, _, err = cli(capsys, "export", SPRINKLER, "-o", target)
    assert code == 2 and "cannot write here" in err


def test_pdf_without_graphviz_says_what_to_install(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "graphviz-pure")
    code, _, err = cli(capsys, "export", SPRINKLER, "-o", tmp_path / "m.pdf")
    assert code == 2 and "install Graphviz (apt-get install graphviz)" in err
    assert not (tmp_path / "m.pdf").exists()


def test_format_and_file_name_must_agree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "a.png"
    code, _, err = cli(capsys, "export", SPRINKLER, "-f", "svg", "-o", out)
    assert code == 2 and "says png but the format is svg" in err
    assert not out.exists()


def test_import_json_needs_an_output_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "import", "tests/js/package.json", "--json")
    assert code == 2 and "expected -o MODEL.yaml with --json" in err
    data = json.loads(out)  # the failed envelope: nothing but it on standard output
    assert data["ok"] is False and [p["code"] for p in data["problems"]] == ["bad-argument"]
    assert data["command"] == "import" and data["problems"][0]["option"] == "--json"
