"""Issue 13, class 6: no value written into YAML can add a key, whatever its text.

Hostile text (newlines, ``: ``, ``#``, quotes, ``{``, ``- ``) goes through every YAML writer and
the file must load back with exactly the intended keys and values.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from argmap.credence_writer import credence_template, one_line, yaml_quote
from argmap.errors import InputError
from argmap.interchange import import_network_text
from argmap.loading import load_model, parse_yaml
from tests.support.commands import run_main as run

HOSTILE = [
    "plain",
    "a\nb: 1",
    "x: y",
    "# not a comment",
    'say "hi"',
    "it's",
    "{a: 1}",
    "[1, 2]",
    "- item",
    "\\n and \\",
    "tab\tand\rreturn",
    "\u2028line\u2029para\x85next",
    "bell\x07 del\x7f bom\ufeff",
    "&anchor *alias !tag %dir @at `tick",
    "true",
    "",
    "  padded  ",
    "---\n...\nid: injected",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_yaml_quote_is_one_scalar(text: str) -> None:
    doc = f"first: {yaml_quote(text)}\nsecond: {yaml_quote(text)}\n"
    data = parse_yaml(doc, "hostile.yaml")
    assert list(data) == ["first", "second"]
    assert data["first"] == text and data["second"] == text


SPRINKLER = "models/examples/sprinkler.yaml"

BIF = """network "{name}" {{
}}
variable a {{
  type discrete [ 2 ] {{ yes_, no_ }};
  property statement = "{statement}";
}}
probability ( a ) {{
  table 0.25, 0.75;
}}
"""


def test_credence_template_keeps_exactly_its_keys() -> None:
    model = load_model(SPRINKLER)
    author = 'x: y # "q" {a - b\' & *c'
    text = credence_template(model, author=author, note="- note: [1]")
    data = parse_yaml(text, "t.yaml")
    assert list(data) == ["argmap", "model", "author", "date", "note", "credences"]
    assert data["author"] == author and data["note"] == "- note: [1]"


@pytest.mark.parametrize("bad", ["a\nb: 1", "tab\there", "x\x00", "\u2028"])
def test_credence_template_refuses_multiline_text(bad: str) -> None:
    model = load_model(SPRINKLER)
    for argument in ("author", "note"):
        with pytest.raises(InputError) as err:
            credence_template(model, **{argument: bad})
        assert err.value.problems[0].argument == argument
        assert err.value.codes == ("bad-value",)


@pytest.mark.parametrize("bad", ["m\nextra: 1", "m\n", "m ", "1m", "m-x", "m:x", ""])
def test_import_refuses_a_bad_model_id(bad: str) -> None:
    with pytest.raises(InputError) as err:
        import_network_text(BIF.format(name="n", statement="s"), "bif", name="n.bif",
                            model_id=bad)
    assert err.value.problems[0].argument == "model_id"


def test_imported_text_cannot_add_keys() -> None:
    """The network's name and a statement full of YAML syntax stay text."""
    statement = "x: y # z {a} - b 'q'"
    name = "net: {k: v} # c"
    imported = import_network_text(BIF.format(name=name, statement=statement), "bif",
                                   name="evil\nid: x.bif", model_id="good")
    data = parse_yaml(imported.text, "i.yaml")
    assert data["id"] == "good"
    assert set(data) == {"argmap", "id", "title", "description", "claims"}
    assert list(data["claims"]) == ["a"]
    assert data["title"] == "good (imported from 'evil\\nid: x.bif')"  # one line, escaped
    assert data["claims"]["a"]["note"].startswith("Imported from evil\nid: x.bif (")


def test_cli_import_id_with_a_newline(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "n.bif"
    source.write_text(BIF.format(name="n", statement="s"), encoding="utf-8")
    target = tmp_path / "out.yaml"
    code, _, err = run(capsys, "import", str(source), "-o", str(target), "--id",
                       "ok\nextra: 1")
    assert code == 2 and "--id: bad id" in err
    assert not target.exists()


def test_cli_credences_author(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    target = tmp_path / "c.yaml"
    code, _, err = run(capsys, "credences", "init", SPRINKLER, "-o", str(target),
                       "--author", "me\nmodel: other")
    assert code == 2 and "--author: bad text" in err and not target.exists()
    code, _, err = run(capsys, "credences", "init", SPRINKLER, "-o", str(target),
                       "--author", "me: # {x}")
    assert code == 0, err
    assert parse_yaml(target.read_text(encoding="utf-8"), "c.yaml")["author"] == "me: # {x}"


def test_one_line() -> None:
    assert one_line("a b") == "a b" and "\n" not in one_line("a\nb")
