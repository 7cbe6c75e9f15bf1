"""The format registry: one list of formats and suffixes, what reads and writes each, codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.errors import ExportError, InputError
from argmap.export import export, find_engine, write_output
from argmap.formats import (
    FORMATS,
    for_path,
    format_for,
    formats,
    names,
    readable_format,
    stem,
    suffixes,
)
from argmap.interchange import codecs
from argmap.loading import load_model
from tests.support.exports import SPRINKLER


def test_every_suffix_names_one_format_and_comes_back() -> None:
    seen: dict[str, str] = {}
    for spec in formats():
        assert spec.suffixes and all(s.startswith(".") and s == s.lower() for s in spec.suffixes)
        for suffix in spec.suffixes:
            assert suffix not in seen, f"{suffix} is both {seen[suffix]} and {spec.name}"
            seen[suffix] = spec.name
            found = for_path(f"dir/file{suffix.upper()}")
            assert found is not None and found.name == spec.name
    assert set(seen) == set(suffixes())


def test_the_registry_and_the_codecs_agree() -> None:
    assert tuple(codecs.READERS) == names(kind="network", reads=True)
    assert tuple(codecs.WRITERS) == names(kind="network", writes=True)
    assert set(names(reads=True)) - set(names(kind="network")) == {"argdown"}


SIGNATURES = {  # how each format's bytes begin (or what they must hold)
    "dot": b"digraph argmap {",
    "svg": b"<svg",
    "png": b"\x89PNG\r\n",
    "pdf": b"%PDF-",
    "mermaid": b"flowchart ",
    "argdown": b"// argmap model sprinkler",
    "bif": b"network sprinkler {",
    "xmlbif": b"<BIF",
    "net": b"net {",
    "xdsl": b"<smile version=\"1.0\" id=\"sprinkler\"",
    "json": b'"argmap": 1',
    "html": b"<!DOCTYPE html>",
}


def test_every_writable_format_has_a_signature_here() -> None:
    assert set(SIGNATURES) == set(names(writes=True))


@pytest.mark.parametrize("name", names(writes=True))
def test_every_writable_format_is_exported(name: str) -> None:
    """Each format's own bytes (not JSON, nor another format's, under its name)."""
    spec = FORMATS[name]
    if spec.needs == "graphviz":
        try:
            find_engine(name)
        except ExportError as err:
            pytest.skip(str(err))
    data = export(load_model(SPRINKLER), name.upper())
    assert SIGNATURES[name] in data[:4000]
    if not spec.binary:
        data.decode("utf-8")


def test_lookups() -> None:
    assert format_for(None, "out/map.GV").name == "dot"
    assert format_for(" Mermaid ", "map.mmd").name == "mermaid"
    assert format_for("json", "-").name == "json"
    assert readable_format(None, "asia.bif.gz").name == "bif"
    assert readable_format(None, "model.BIFXML").name == "xmlbif"
    assert readable_format("NET", "anything.txt").name == "net"
    assert for_path("asia.bif.gz") is None and for_path("asia.bif.gz", reads=True) is not None
    assert for_path("map.svg", reads=True) is None
    assert stem("x/alarm.bif.gz") == "alarm" and stem("h.hugin") == "h"
    assert FORMATS["xmlbif"].extension == ".xml" and FORMATS["png"].binary


@pytest.mark.parametrize(
    ("name", "path", "code", "argument"),
    [
        ("docx", None, "unknown-name", "fmt"),
        (None, None, "bad-argument", "fmt"),
        (None, "-", "bad-argument", "fmt"),
        ("svg", "a.png", "bad-argument", "fmt"),
        (None, "map.unknown", "unknown-name", None),
    ],
)
def test_format_for_problems_name_the_argument_or_the_file(
    name: str | None, path: str | None, code: str, argument: str | None
) -> None:
    with pytest.raises(ExportError) as err:
        format_for(name, path)
    assert err.value.codes == (code,)
    problem = err.value.problems[0]
    assert problem.argument == argument
    assert "--" not in problem.message  # a library message names no command-line option
    if argument is None:
        assert problem.file == path


def test_readable_format_problems() -> None:
    with pytest.raises(InputError) as err:
        readable_format("dne", "x.dne")
    assert err.value.codes == ("unknown-name",) and err.value.problems[0].argument == "fmt"
    with pytest.raises(InputError) as err:
        readable_format(None, "x.csv.gz")
    assert err.value.codes == ("unknown-name",) and err.value.problems[0].file == "x.csv.gz"
    assert "'.csv'" in err.value.problems[0].message


def test_export_errors_carry_codes(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    model = load_model(SPRINKLER)
    with pytest.raises(ExportError) as err:
        export(model, "gif")
    assert err.value.codes == ("unknown-name",) and err.value.problems[0].argument == "fmt"
    monkeypatch.setenv("ARGMAP_GRAPHVIZ", "graphviz-pure")
    with pytest.raises(ExportError) as err:
        export(model, "pdf")
    assert err.value.codes == ("unavailable",) and err.value.problems[0].argument == "fmt"
    with pytest.raises(InputError) as failed:
        write_output(tmp_path, b"x")
    assert failed.value.codes == ("write",) and failed.value.problems[0].file == str(tmp_path)
