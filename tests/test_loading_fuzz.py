"""Fuzzing the loaders: a mutated model or credence file loads, or gives an ArgmapError.

Valid files (the example models, the credence files beside them, small models written here)
are mutated the ways files get broken by hand and by tools: lines deleted, duplicated, swapped
or re-indented; characters replaced or inserted (YAML punctuation, unicode, control
characters); numbers changed to out-of-range values, text or nested structures; words swapped
for other names; the text truncated. Random YAML documents are fed in too. Whatever the input,
``load_model_text`` / ``load_credences_text`` must return a valid ``Model`` / ``Credences`` or
raise an :class:`argmap.ArgmapError` whose problems are located; any other exception fails.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

import argmap
from argmap.credence_writer import credence_template

ROOT = Path(__file__).resolve().parents[1]
FUZZ = settings(
    max_examples=1000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

SMALL_MODELS = [
    """id: forms
title: Every dependence form
claims:
  slack:
    statement: Developers have slack.
    states: [low, medium, high]
    prior: {low: 0.2, medium: 0.5, high: 0.3}
  rain: {statement: It rains., prior: "beta(2, 5)"}
  cloudy: {statement: It is cloudy., prior: [0.2, 0.6]}
  wet:
    statement: The grass is wet.
    parents: {rain: supports, cloudy: {role: supports, active: "true"}}
    noisy_or: {leak: 0.05, strengths: {rain: 0.9, cloudy: {mean: 0.3, sd: 0.1}}}
  done:
    statement: The work gets done.
    parents: {slack: {role: supports, active: [medium, high]}, rain: supports}
    noisy_and: {leak: 0.1, strengths: {slack: 0.7, rain: 0.4}}
  mood:
    statement: The mood is good.
    states: [bad, ok, good]
    parents: {done: moderates}
    table:
      - {when: {done: "true"}, p: {bad: 0.1, ok: 0.3, good: 0.6}}
      - {when: {done: "false"}, p: "dirichlet(3, 2, 1)"}
  dry:
    statement: The grass is dry.
    parents: [wet]
    logic: not
  both:
    statement: Both hold.
    parents: [wet, done]
    logic: all
""",
    """argmap: 1
id: chain
title: A chain
output: {claim: c, state: "true"}
groups:
  - {id: g, title: Group}
claims:
  a: {statement: A holds., prior: 0.5, group: g}
  b:
    statement: B holds.
    parents: {a: supports}
    table:
      - when: {a: true}
        p: 0.9
      - when: {a: false}
        p: 0.2
  c:
    statement: C holds.
    parents: {b: moderates}
    table:
      - {when: {}, p: 0.5}
""",
]
SMALL_CREDENCES = [
    """model: forms
author: Tester
date: 2026-11-30
credences:
  slack: dirichlet(1, 2, 3)
  rain: 0.4
  wet: {leak: [0.0, 0.1], strengths: {rain: "beta(9, 1)"}}
  done: {slack: 0.5}
  mood:
    - when: {done: "true"}
      p: {bad: 0.2, ok: 0.3, good: 0.5}
  "cloudy": {mean: 0.4, sd: 0.05}
""",
]

REPLACEMENTS = [
    "-1",
    "1.5",
    "2",
    "1e308",
    "-1e-300",
    "1e-300",
    "0",
    "1",
    ".nan",
    ".inf",
    "-.inf",
    "1" + "0" * 30,
    "0x10",
    "null",
    "~",
    "true",
    "false",
    "yes",
    "''",
    '"0.5"',
    "abc",
    "[0.4, 0.1]",
    "[0.1]",
    "[]",
    "{}",
    "[[0.1, 0.2]]",
    "{mean: 0.5, sd: 0.6}",
    "{mean: 0, sd: 1e-300}",
    "{mean: 0.5, sd: 1e-200}",
    "{mean: 0.5}",
    '"beta(0, 1)"',
    '"beta(1e308, 1)"',
    '"beta(1, 2, 3)"',
    '"dirichlet(1, 1)"',
    '"dirichlet(1, 2, 3)"',
    "beta(2, 5)",
    "{a: {b: {c: [1, 2]}}}",
    "2026-11-30",
    "!!str 0.3",
    "!!float 0.3",
    "&x 0.3",
    "*x",
    "|\n  text",
    ">",
    "- 0.3",
    "? 0.3",
    "0.3 # comment",
    "'beta(2,'",
    "0.5: 0.5",
]
JUNK = [
    ":",
    "-",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "#",
    "&",
    "*",
    "!",
    "|",
    ">",
    "'",
    '"',
    "%",
    "@",
    "`",
    "?",
    "\t",
    "\n",
    "  ",
    "\r",
    "\x00",
    "\x01",
    "\x1b",
    "\x7f",
    "\x85",
    "\ufeff",
    "\u2028",
    "\ud7ff",
    "é",
    "λ",
    "😀",
    "\U0010fffd",
    "null",
    "true",
    "~",
    "=",
    "\\",
    "!!python/name:os.system",
]
NAMES = [
    "id",
    "title",
    "claims",
    "statement",
    "states",
    "prior",
    "parents",
    "table",
    "when",
    "p",
    "noisy_or",
    "noisy_and",
    "leak",
    "strengths",
    "logic",
    "role",
    "active",
    "toward",
    "model",
    "credences",
    "author",
    "supports",
    "undermines",
    "moderates",
    "all",
    "any",
    "not",
    "true",
    "false",
    "rain",
    "wet",
    "cloudy",
    "sprinkler",
    "slack",
    "low",
    "high",
    "x",
    "1",
    "",
]
NUMBER = re.compile(r"(?<![\w.])-?\d+(\.\d+)?(e-?\d+)?(?![\w.])")
WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


@cache
def model_seeds() -> tuple[str, ...]:
    files = [
        ROOT / "models/examples/sprinkler.yaml",
        ROOT / "tests/bad_inputs/base/three_states.yaml",
    ]
    return (*(p.read_text() for p in files), *SMALL_MODELS)


@cache
def credence_seeds() -> tuple[tuple[argmap.Model, str], ...]:
    """(model, credence text) pairs: the example files, templates and a few written here."""
    sprinkler = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    forms = argmap.load_model_text(SMALL_MODELS[0])
    three = argmap.load_model(ROOT / "tests/bad_inputs/base/three_states.yaml")
    pairs = [
        (sprinkler, (ROOT / "models/examples/credences/sprinkler-dry.yaml").read_text()),
        (sprinkler, credence_template(sprinkler, author="Fuzz")),
        (forms, credence_template(forms, author="Fuzz")),
        (three, credence_template(three)),
        *((forms, text) for text in SMALL_CREDENCES),
    ]
    scheming = ROOT / "models/scheming.yaml"
    if scheming.exists():
        model = argmap.load_model(scheming)
        for path in sorted((ROOT / "models/credences").glob("*.yaml")):
            text = path.read_text(encoding="utf-8")
            # the small ones (keep examples fast), of this model (the folder holds others')
            if len(text) < 5000 and "\nmodel: scheming\n" in text:
                pairs.append((model, text))
    return tuple(pairs)


# ---------------------------------------------------------------------------- mutations

Mutation = Callable[[str, st.DataObject], str]


def _lines(text: str) -> list[str]:
    return text.split("\n")


def delete_line(text: str, data: st.DataObject) -> str:
    lines = _lines(text)
    del lines[data.draw(st.integers(0, len(lines) - 1))]
    return "\n".join(lines)


def duplicate_line(text: str, data: st.DataObject) -> str:
    lines = _lines(text)
    i = data.draw(st.integers(0, len(lines) - 1))
    lines.insert(data.draw(st.integers(0, len(lines))), lines[i])
    return "\n".join(lines)


def swap_lines(text: str, data: st.DataObject) -> str:
    lines = _lines(text)
    i, j = (data.draw(st.integers(0, len(lines) - 1)) for _ in range(2))
    lines[i], lines[j] = lines[j], lines[i]
    return "\n".join(lines)


def reindent_line(text: str, data: st.DataObject) -> str:
    lines = _lines(text)
    i = data.draw(st.integers(0, len(lines) - 1))
    shift = data.draw(st.sampled_from([-4, -2, -1, 1, 2, 4]))
    body = lines[i].lstrip(" ")
    lines[i] = " " * max(0, len(lines[i]) - len(body) + shift) + body
    return "\n".join(lines)


def replace_chars(text: str, data: st.DataObject) -> str:
    if not text:
        return text
    i = data.draw(st.integers(0, len(text) - 1))
    n = data.draw(st.integers(1, 3))
    new = data.draw(st.one_of(st.sampled_from(JUNK), st.text(min_size=1, max_size=3)))
    return text[:i] + new + text[i + n :]


def insert_text(text: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(0, len(text)))
    new = data.draw(st.one_of(st.sampled_from(JUNK), st.sampled_from(NAMES), st.text(max_size=12)))
    return text[:i] + new + text[i:]


def change_number(text: str, data: st.DataObject) -> str:
    found = list(NUMBER.finditer(text))
    if not found:
        return text
    match = data.draw(st.sampled_from(found))
    new = data.draw(
        st.one_of(
            st.sampled_from(REPLACEMENTS),
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.integers(-(10**40), 10**40).map(str),
        )
    )
    return text[: match.start()] + new + text[match.end() :]


def change_word(text: str, data: st.DataObject) -> str:
    found = list(WORD.finditer(text))
    if not found:
        return text
    match = data.draw(st.sampled_from(found))
    new = data.draw(st.one_of(st.sampled_from(NAMES), st.from_regex(WORD, fullmatch=True)))
    return text[: match.start()] + new + text[match.end() :]


def truncate(text: str, data: st.DataObject) -> str:
    return text[: data.draw(st.integers(0, len(text)))]


def delete_range(text: str, data: st.DataObject) -> str:
    i = data.draw(st.integers(0, len(text)))
    return text[:i] + text[i + data.draw(st.integers(1, 40)) :]


MUTATIONS: list[Mutation] = [
    delete_line,
    duplicate_line,
    swap_lines,
    reindent_line,
    replace_chars,
    insert_text,
    change_number,
    change_number,
    change_word,
    truncate,
    delete_range,
]


def mutate(text: str, data: st.DataObject) -> str:
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        text = data.draw(st.sampled_from(MUTATIONS), label="mutation")(text, data)
    return text


def check_error(err: argmap.ArgmapError, name: str) -> None:
    """An ArgmapError from a loader: typed, exit code 2, every problem said and located."""
    assert isinstance(err, argmap.InputError | argmap.UnknownNameError), type(err)
    assert err.exit_code == 2 and err.problems
    for problem in err.problems:
        assert problem.file == name and problem.message.strip()
        assert problem.line is None or problem.line >= 1
        assert problem.column is None or problem.column >= 1
        assert "Traceback" not in problem.message


def load_or_error(load: Callable[[], Any], expected: type, name: str) -> None:
    try:
        result = load()
    except argmap.ArgmapError as err:
        check_error(err, name)
        event("refused")
    else:
        assert isinstance(result, expected)
        event("loaded")


# ---------------------------------------------------------------------------- the tests


@FUZZ
@given(data=st.data())
def test_mutated_models_load_or_give_argmap_errors(data: st.DataObject) -> None:
    text = mutate(data.draw(st.sampled_from(model_seeds()), label="seed"), data)
    load_or_error(lambda: argmap.load_model_text(text, "fuzz.yaml"), argmap.Model, "fuzz.yaml")


@FUZZ
@given(data=st.data())
def test_mutated_credences_load_or_give_argmap_errors(data: st.DataObject) -> None:
    model, seed = data.draw(st.sampled_from(credence_seeds()), label="seed")
    text = mutate(seed, data)
    load_or_error(
        lambda: argmap.load_credences_text(text, model, "fuzz.yaml"), argmap.Credences, "fuzz.yaml"
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_scheming_model_loads_or_gives_argmap_errors(data: st.DataObject) -> None:
    path = ROOT / "models/scheming.yaml"
    if not path.exists():
        pytest.skip("models/scheming.yaml is not there")
    text = mutate(path.read_text(), data)
    load_or_error(lambda: argmap.load_model_text(text, "fuzz.yaml"), argmap.Model, "fuzz.yaml")


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=20),
    st.sampled_from(NAMES + REPLACEMENTS),
)
KEYS = st.one_of(st.sampled_from(NAMES), st.text(max_size=8))
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=30,
)


def dump(document: Any) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = None
    yaml.dump(document, out)
    return out.getvalue()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(document=DOCUMENTS, as_model=st.booleans())
def test_random_yaml_documents_load_or_give_argmap_errors(document: Any, as_model: bool) -> None:
    if isinstance(document, dict) and as_model:
        document.setdefault("claims", {"rain": {"statement": "It rains.", "prior": 0.3}})
    text = dump(document)
    if as_model:
        load_or_error(lambda: argmap.load_model_text(text, "doc.yaml"), argmap.Model, "doc.yaml")
    else:
        model = credence_seeds()[0][0]
        load_or_error(
            lambda: argmap.load_credences_text(text, model, "doc.yaml"),
            argmap.Credences,
            "doc.yaml",
        )


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(raw=st.binary(max_size=200))
def test_random_bytes_decode_or_give_argmap_errors(raw: bytes) -> None:
    from argmap.loading import decode

    def load() -> argmap.Model:
        return argmap.load_model_text(decode(raw, "raw.yaml"), "raw.yaml")

    load_or_error(load, argmap.Model, "raw.yaml")
