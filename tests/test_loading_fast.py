"""The fast path (libyaml, :mod:`argmap._fast_yaml`) reads exactly what the ruamel path reads.

For any text, :func:`argmap._fast_yaml.read_plain` either gives up (``NotFast``) or returns the
same plain data as ``plain(parse_yaml(text))``, value for value and type for type; loading a
model or credence file gives the same result, or the same problems, whichever path ran. Texts
come from the loading fuzzers' mutations of valid files, random YAML documents and random
plain scalars. Every shipped model and profile takes the fast path.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.resolver import implicit_resolvers

import argmap
import argmap.loading as loading
from argmap._fast_yaml import RUAMEL_1_2, NotFast, read_plain
from argmap._located_yaml import parse_yaml, plain
from argmap.errors import ArgmapError
from tests.test_loading_fuzz import DOCUMENTS, credence_seeds, model_seeds, mutate

ROOT = Path(__file__).resolve().parents[1]
MANY = settings(max_examples=600, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def canon(x: Any) -> Any:
    """``x`` with its types spelled out, so that 1, 1.0 and True differ and nan equals nan."""
    if isinstance(x, bool) or x is None:
        return (type(x).__name__, x)
    if isinstance(x, int):
        return ("int", int(x))
    if isinstance(x, float):
        return ("float", "nan" if math.isnan(x) else float(x).hex())
    if isinstance(x, str):
        return ("str", str(x))
    if isinstance(x, dt.datetime):
        return ("datetime", x.isoformat())
    if isinstance(x, dt.date):
        return ("date", x.isoformat())
    if isinstance(x, dict):
        return ("dict", [(canon(k), canon(v)) for k, v in x.items()])
    if isinstance(x, list):
        return ("list", [canon(v) for v in x])
    raise AssertionError(f"unexpected {type(x)}")


def fast(text: str) -> Any:
    return read_plain(text, max_events=loading.MAX_EVENTS, max_depth=loading.MAX_DEPTH,
                      max_digits=loading.MAX_DIGITS)


def same_or_not_fast(text: str) -> bool:
    """The property: the fast path gives up, or gives ruamel's data exactly (True if it ran)."""
    try:
        got = fast(text)
    except NotFast:
        return False
    assert canon(got) == canon(plain(parse_yaml(text, "t.yaml")))
    return True


def outcome(load: Callable[[], Any]) -> Any:
    """What a load gives: the result, or the problems (every field) of its error."""
    try:
        return load()
    except ArgmapError as err:
        return [(p.file, p.line, p.column, p.message, p.loc, p.code) for p in err.problems]


def ruamel_only(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise NotFast("the test turned the fast path off")

    monkeypatch.setattr(loading, "read_plain", refuse)


def shipped() -> Iterator[Path]:
    yield from sorted((ROOT / "models").rglob("*.yaml"))


# ------------------------------------------------------------------ the same data


def test_the_copied_resolvers_are_ruamels() -> None:
    """The fast path resolves plain scalars with copies of ruamel's YAML 1.2 rules."""
    theirs = {tag.rsplit(":", 1)[1]: regexp.pattern for versions, tag, regexp, _ in
              implicit_resolvers if (1, 2) in versions and not tag.endswith(":yaml")}
    assert theirs == RUAMEL_1_2


@pytest.mark.parametrize("path", list(shipped()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_reads_the_same_and_fast(path: Path) -> None:
    assert same_or_not_fast(path.read_text(encoding="utf-8")), "the fast path gave up"


@pytest.mark.parametrize("text", [
    "a: yes\nb: on\nc: 1:30\nd: 0o17\ne: 1e3\nf: .inf\ng: -.nan\nh: 017\ni: 1_000\n",
    "a: 2026-11-30\nb: 2026-11-30 10:00:00\nc: 2026-02-30\nd: 0x1F\ne: =\nf: TRUE\ng: ~\n",
    "a: [1, -0, +2, 0.5, .5, -.5e+3, 1., 00.5, 1E3, .5e3, NULL, tRue, '1', \"x\"]\n",
    "'true': 1\ntrue: 2\n",  # two keys for ruamel, one for plain()
    "a: 1\na: 2\n",
    "? [a, b]\n: c\n",
    "1: a\n2.5: b\n",
    "x: &a [1]\ny: *a\n",
    "x: !!str 1\ny: !!float 1\n",
    "%YAML 1.1\n---\na: yes\n",
    "--- a\n--- b\n",
    "a: \"\\ud83c\\udf27\"\n",
    "a: [b: c, d:e, f?g, h#i]\n",
    "a:\tb\n",
    "a: |\n  text\n   more\n\n  last\n\n\nb: >-\n  folded\n  lines\n\n  para\n",
    "a: |#\n  x\n",
    "a: \"x\"#c\nb: 'y'#d\n",
    "a: |2-  # c\n   x\nb: >+\n  y\n\n",
    "a: 1\rb: 2\n",
    "|\n#\n",  # a top-level block scalar at column 0: ruamel reads '#' as text, libyaml not
    "a: 'it''s'\nb: \"tab\\tnew\\nline \\x41 \\u00e9 \\U0001F600\"\nc: plain  # comment\n",
    "a: multi\n  line\n  plain\nb: - x\n",
    "- 1\n- - 2\n  - {a: [3, {b: 4}]}\n",
    "<<: {a: 1}\n",
    "a: '<<'\nb: \"=\"\n",
    "",
    "# only a comment\n",
    "a\n",
    "a: 1\r\nb: [x,\r\n  y]\r\n",
    "\ufeffa: 1\n",
])
def test_tricky_texts(text: str) -> None:
    try:
        same_or_not_fast(text)
    except ArgmapError:  # ruamel refuses it: then the fast path must have given up
        with pytest.raises(NotFast):
            fast(text)


@MANY
@given(data=st.data())
def test_mutated_files_read_the_same(data: st.DataObject) -> None:
    seeds = model_seeds() + tuple(text for _, text in credence_seeds())
    text = mutate(data.draw(st.sampled_from(seeds), label="seed"), data)
    try:
        ran = same_or_not_fast(text)
    except ArgmapError:
        with pytest.raises(NotFast):
            fast(text)
        ran = False
    event("fast" if ran else "ruamel")


def dump(document: Any, flow: bool | None, width: int) -> str:
    out = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.default_flow_style = flow
    yaml.width = width
    yaml.dump(document, out)
    return out.getvalue()


@MANY
@given(document=DOCUMENTS, flow=st.sampled_from([None, True, False]),
       width=st.sampled_from([20, 80, 4096]))
def test_random_documents_read_the_same(document: Any, flow: bool | None, width: int) -> None:
    text = dump(document, flow, width)
    try:
        event("fast" if same_or_not_fast(text) else "ruamel")
    except ArgmapError:
        with pytest.raises(NotFast):
            fast(text)


PLAIN = st.text(alphabet="0123456789+-._eEoxbinfaNyYtTrueFlsOn :#?~=<!&*@`|>'\"/,[]{}xZ",
                min_size=1, max_size=12)


@MANY
@given(scalar=PLAIN, where=st.sampled_from(["a: {}\n", "- {}\n", "a: [{}]\n", "a: {{b: {}}}\n",
                                            "{}: 1\n"]))
def test_random_scalars_read_the_same(scalar: str, where: str) -> None:
    text = where.format(scalar)
    try:
        event("fast" if same_or_not_fast(text) else "ruamel")
    except ArgmapError:
        with pytest.raises(NotFast):
            fast(text)


SHORT = st.text(alphabet="ab1. :-#|>'\"[]{},?&*!%@`\n\r~=<", max_size=24)


@MANY
@given(text=SHORT)
def test_random_short_texts_read_the_same(text: str) -> None:
    """YAML punctuation in every order: where libyaml and ruamel part ways, the fast path
    gives up (libyaml takes some texts ruamel refuses, such as ``|#``)."""
    try:
        event("fast" if same_or_not_fast(text) else "ruamel")
    except ArgmapError:
        with pytest.raises(NotFast):
            fast(text)


@MANY
@given(number=st.one_of(st.floats(allow_nan=False).map(repr), st.integers().map(str),
                        st.floats(allow_nan=False).map(lambda x: f"{x:e}"),
                        st.floats(allow_nan=False).map(lambda x: f"{x:.3f}")))
def test_numbers_read_the_same_and_fast(number: str) -> None:
    text = f"a: {number}\nb: [{number}]\n"
    ran = same_or_not_fast(text)
    assert ran or "inf" in number or len(number) > loading.MAX_DIGITS


# ------------------------------------------------------------------ the same loads


@pytest.mark.parametrize("path", list(shipped()), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_loads_the_same_both_ways(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8")
    if "\nclaims:" in text:
        fast_model = argmap.load_model_text(text, str(path))
        ruamel_only(monkeypatch)
        assert argmap.load_model_text(text, str(path)) == fast_model
        return
    model_id = next(line.split(":", 1)[1].strip() for line in text.splitlines()
                    if line.startswith("model:"))
    model = argmap.load_model(next(p for p in shipped() if p.stem == model_id
                                   and "credences" not in p.parts))
    fast_cred = argmap.load_credences_text(text, model, str(path))
    ruamel_only(monkeypatch)
    slow_cred = argmap.load_credences_text(text, model, str(path))
    assert slow_cred == fast_cred


@settings(max_examples=300, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                 HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_mutated_files_load_the_same_both_ways(
    data: st.DataObject, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Valid or not, a mutated file gives the same model or the same problems either way."""
    if data.draw(st.booleans(), label="model"):
        text = mutate(data.draw(st.sampled_from(model_seeds()), label="seed"), data)

        def load() -> Any:
            return argmap.load_model_text(text, "fuzz.yaml")
    else:
        model, seed = data.draw(st.sampled_from(credence_seeds()), label="seed")
        text = mutate(seed, data)

        def load() -> Any:
            return argmap.load_credences_text(text, model, "fuzz.yaml")
    with monkeypatch.context() as patch:
        first = outcome(load)
        ruamel_only(patch)
        assert outcome(load) == first
    event("loaded" if not isinstance(first, list) else "refused")


# ------------------------------------------------------------------ the fast path is taken


def test_a_valid_file_never_reaches_ruamel(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_ruamel(*_: Any, **__: Any) -> Any:
        raise AssertionError("ruamel was asked to parse a valid file")

    monkeypatch.setattr(loading, "parse_yaml", no_ruamel)
    models = {m.id: m for m in map(argmap.load_model, (ROOT / "models").glob("*.yaml"))}
    for path in sorted((ROOT / "models/credences").glob("*.yaml")):
        argmap.load_credences(path, models[loading.load_data(path.read_text(), "c")["model"]])


def test_a_problem_is_located_by_ruamel() -> None:
    text = (ROOT / "models/examples/sprinkler.yaml").read_text(encoding="utf-8")
    bad = text.replace("prior: 0.5", "prior: 1.5", 1)
    assert bad != text
    with pytest.raises(argmap.InputError) as err:
        argmap.load_model_text(bad, "s.yaml")
    problem = err.value.problems[0]
    assert problem.line is not None and problem.column is not None
    assert bad.splitlines()[problem.line - 1][problem.column - 1:].startswith("1.5")


@pytest.mark.parametrize("name", ["model_alias_bomb.yaml", "model_deep_nesting.yaml",
                                  "model_python_tag.yaml", "model_long_number.yaml"])
def test_hostile_files_are_left_to_ruamel(name: str) -> None:
    text = (ROOT / "tests/bad_inputs" / name).read_text(encoding="utf-8")
    with pytest.raises(NotFast):
        fast(text)


def test_too_many_nodes_stop_the_fast_path_early() -> None:
    text = "a: [" + ", ".join("1" for _ in range(loading.MAX_EVENTS)) + "]\n"
    with pytest.raises(NotFast, match="too many events"):
        fast(text)
    assert fast(text.replace("1, ", "", 100)) is not None  # just under the limit: read
