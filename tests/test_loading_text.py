"""Text that looks valid but is not (issue 13, class 4): every user-text field refuses control
characters, bidi overrides/isolates and lone surrogates however they are written, ids are the
whole text, and text in other scripts still goes through every export."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import argmap
from argmap.errors import bad_char, visible
from argmap.export import export

_FIELDS = {
    # field name in the template -> (location path, may span lines)
    "title": (("title",), False),
    "description": (("description",), True),
    "source_title": (("source", "title"), False),
    "source_author": (("source", "author"), False),
    "source_url": (("source", "url"), False),
    "output_note": (("output", "note"), True),
    "group_title": (("groups", 0, "title"), False),
    "statement": (("claims", "rain", "statement"), True),
    "short": (("claims", "rain", "short"), False),
    "says": (("claims", "rain", "says"), True),
    "note": (("claims", "rain", "note"), True),
    "section": (("claims", "rain", "section"), False),
    "stated_source": (("claims", "rain", "stated", "source"), True),
}

_TEMPLATE = """id: toy
title: {title}
description: {description}
source: {{title: {source_title}, author: {source_author}, url: {source_url}}}
output: {{claim: wet, note: {output_note}}}
groups:
  - {{id: g, title: {group_title}}}
claims:
  rain:
    statement: {statement}
    short: {short}
    says: {says}
    note: {note}
    section: {section}
    group: g
    prior: 0.3
    stated: {{p: 0.3, source: {stated_source}}}
  wet:
    statement: The grass is wet.
    parents: [rain]
    table:
      - {{when: {{rain: "true"}}, p: 0.9}}
      - {{when: {{rain: "false"}}, p: 0.1}}
"""

_OK = {name: json.dumps(f"A {name}.") for name in _FIELDS}

_BIDI = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]
_REFUSED = st.one_of(
    st.sampled_from([chr(c) for c in range(0x20) if chr(c) not in "\n\t"]),
    st.sampled_from([chr(0x7F), *map(chr, range(0x80, 0xA0))]),
    st.sampled_from(_BIDI),
    st.integers(0xD800, 0xDFFF).map(chr),
)
_FINE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="".join(_BIDI)),
    max_size=8,
)


def _model_text(**fields: str) -> str:
    # JSON's escapes (\u001b, \ud800, \") are YAML double-quoted escapes too.
    return _TEMPLATE.format(**{**_OK, **{k: json.dumps(v) for k, v in fields.items()}})


def test_the_template_is_a_valid_model() -> None:
    model = argmap.load_model_text(_model_text(statement="Il pleut ☔ 下雨\nsecond line\ttab"))
    assert model.claims["rain"].statement == "Il pleut ☔ 下雨\nsecond line\ttab"


@settings(max_examples=150, deadline=None)
@given(field=st.sampled_from(sorted(_FIELDS)), before=_FINE, bad=_REFUSED, after=_FINE)
def test_a_refused_character_in_any_text_field_is_a_located_error(
    field: str, before: str, bad: str, after: str
) -> None:
    with pytest.raises(argmap.InputError) as caught:
        argmap.load_model_text(_model_text(**{field: before + bad + after}), name="m.yaml")
    loc, _ = _FIELDS[field]
    problems = [p for p in caught.value.problems if p.code == "bad-text"]
    assert len(problems) == 1, caught.value
    problem = problems[0]
    assert problem.loc == loc
    assert problem.file == "m.yaml" and problem.line is not None and problem.column is not None
    assert f"U+{ord(bad):04X}" in problem.message and repr(loc[-1]) in problem.message
    str(caught.value).encode("utf-8")  # printable: no surrogate, no raw control character
    assert bad_char(str(caught.value), multiline=True) is None


@pytest.mark.parametrize("field", sorted(f for f, (_, multi) in _FIELDS.items() if not multi))
@pytest.mark.parametrize("char", ["\n", "\t"])
def test_one_line_fields_refuse_newlines_and_tabs(field: str, char: str) -> None:
    with pytest.raises(argmap.InputError) as caught:
        argmap.load_model_text(_model_text(**{field: f"two{char}lines"}))
    assert caught.value.codes == ("bad-text",)


@pytest.mark.parametrize("field", sorted(f for f, (_, multi) in _FIELDS.items() if multi))
def test_multi_line_fields_keep_newlines_and_tabs(field: str) -> None:
    argmap.load_model_text(_model_text(**{field: "two\nlines\tand a tab"}))


_CREDENCES = ("argmap: 1\nmodel: sprinkler\nauthor: {author}\nnote: {note}\n"
              "credences:\n  rain: 0.3\n")


@settings(max_examples=60, deadline=None)
@given(field=st.sampled_from(["author", "note"]), before=_FINE, bad=_REFUSED, after=_FINE)
def test_a_refused_character_in_a_credence_file_is_a_located_error(
    field: str, before: str, bad: str, after: str
) -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    values = {"author": '"Ann"', "note": '"A note."', field: json.dumps(before + bad + after)}
    with pytest.raises(argmap.InputError) as caught:
        argmap.load_credences_text(_CREDENCES.format(**values), model, name="c.yaml")
    (problem,) = caught.value.problems
    assert problem.code == "bad-text" and problem.loc == (field,) and problem.line == 3 + (
        field == "note")


@pytest.mark.parametrize("name", ['"rain\\n"', '"rain\\r"', '"rain\\x00"', '"r\\u202eain"'])
def test_ids_are_the_whole_text(name: str) -> None:
    text = f"id: toy\ntitle: Toy\nclaims:\n  {name}: {{statement: x, prior: 0.3}}\n"
    with pytest.raises(argmap.InputError) as caught:
        argmap.load_model_text(text)
    assert "bad claim id" in str(caught.value) and caught.value.codes == ("bad-value",)


@pytest.mark.parametrize("fmt", ["dot", "mermaid", "argdown", "bif", "xmlbif", "net", "xdsl",
                                 "json", "html"])
def test_every_export_takes_text_in_other_scripts(fmt: str) -> None:
    statement = "Il pleut à Zürich ☔🌧 — 下雨了, 비가 온다"
    model = argmap.load_model_text(_model_text(
        title="Météo ☀ 天气", statement=statement, short="pluie 🌧 雨", note="Noté: ✓ 注意",
        group_title="Ciel ☁", output_note="Ω ≥ ½",
    ))
    data = export(model, fmt)
    text = data.decode("utf-8")
    assert text.strip()
    if fmt == "json":
        assert statement in json.dumps(json.loads(text), ensure_ascii=False)
    if fmt in ("html", "argdown"):
        assert statement in text


def test_visible_escapes_what_a_terminal_would_act_on() -> None:
    shown = visible("wet\x1b]0;pwned\x07\u202e\ud800")
    assert shown == "'wet\\x1b]0;pwned\\x07\\u202e\\ud800'"
    assert shown.isprintable() and visible("Zürich 下雨") == "'Zürich 下雨'"
