"""Issue 13, class 6: a network that defines a variable, a table or a state twice is refused
(exit 2, located at the second definition, code ``duplicate``), never silently merged."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import InputError
from argmap.interchange import import_network_text, to_bif, to_net, to_xmlbif
from argmap.interchange.xdsl import to_xdsl
from argmap.loading import load_model
from tests.support.commands import run_main as run

MODEL = load_model("models/examples/sprinkler.yaml")
WRITERS = {"bif": to_bif, "xmlbif": to_xmlbif, "net": to_net, "xdsl": to_xdsl}


def _twice(text: str, start: str, end: str) -> str:
    """``text`` with its first block from ``start`` to ``end`` (inclusive) written twice."""
    a = text.index(start)
    b = text.index(end, a) + len(end)
    return text[:b] + "\n" + text[a:b] + text[b:]


CASES = {
    "bif": [("variable", "variable cloudy", "\n}"), ("table", "probability ( cloudy )", "\n}")],
    "xmlbif": [("variable", '<VARIABLE TYPE="nature">', "</VARIABLE>"),
               ("table", "<DEFINITION>", "</DEFINITION>")],
    "net": [("variable", "node cloudy", "\n}"), ("table", "potential (cloudy |)", "\n}")],
    "xdsl": [("variable", '<cpt id="cloudy">', "</cpt>")],
}
STATES = {
    "bif": ("{ true, false }", "{ true, true }"),
    "xmlbif": ("<OUTCOME>false</OUTCOME>", "<OUTCOME>true</OUTCOME>"),
    "net": ('("true"  "false")', '("true"  "true")'),
    "xdsl": ('<state id="false" />', '<state id="true" />'),
}


@pytest.mark.parametrize(("fmt", "what", "start", "end"),
                         [(f, *case) for f, cases in CASES.items() for case in cases])
def test_a_second_definition_is_refused(fmt: str, what: str, start: str, end: str) -> None:
    text = WRITERS[fmt](MODEL)
    assert start in text, text[:400]
    with pytest.raises(InputError) as err:
        import_network_text(_twice(text, start, end), fmt, name=f"twice.{fmt}")
    problem = err.value.problems[0]
    assert "twice" in problem.message or "duplicate" in problem.message, problem.message
    assert problem.line is not None and problem.line > 1


@pytest.mark.parametrize("fmt", list(STATES))
def test_a_repeated_state_is_refused(fmt: str) -> None:
    text = WRITERS[fmt](MODEL)
    old, new = STATES[fmt]
    assert old in text
    with pytest.raises(InputError) as err:
        import_network_text(text.replace(old, new, 1), fmt, name=f"states.{fmt}")
    assert err.value.problems[0].line is not None


def test_cli_duplicate_xmlbif_variable(capsys: pytest.CaptureFixture[str],
                                       tmp_path: Path) -> None:
    source = tmp_path / "twice.xmlbif"
    source.write_text(_twice(to_xmlbif(MODEL), '<VARIABLE TYPE="nature">', "</VARIABLE>"),
                      encoding="utf-8")
    code, _, err = run(capsys, "import", str(source), "-o", str(tmp_path / "m.yaml"))
    assert code == 2 and f"{source}:" in err and "variable 'cloudy' is defined twice" in err
    assert not (tmp_path / "m.yaml").exists()
