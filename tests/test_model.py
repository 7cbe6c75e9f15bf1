"""The resolved model's types: parameter ids built and read back in one place, and the
parameters of a claim. (The import structure is checked in test_architecture.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import argmap
from argmap import parameter_id, parse_parameter_id

ROOT = Path(__file__).resolve().parents[1]
NAME = st.from_regex(r"[A-Za-z][A-Za-z0-9_]{0,8}", fullmatch=True)


@given(
    claim=NAME,
    form=st.sampled_from(["prior", "row", "key"]),
    when=st.dictionaries(NAME, NAME, max_size=4),
    key=NAME,
)
def test_a_parameter_id_reads_back_as_what_built_it(
    claim: str, form: str, when: dict[str, str], key: str
) -> None:
    parts = (claim, when if form == "row" else None, key if form == "key" else None)
    assert parse_parameter_id(parameter_id(*parts)) == parts


@pytest.mark.parametrize("path", ["models/examples/sprinkler.yaml", "models/scheming.yaml"])
def test_every_parameter_id_is_built_from_its_when_and_key(path: str) -> None:
    model = argmap.load_model(ROOT / path)
    for pid, param in model.parameters.items():
        assert parse_parameter_id(pid) == (param.claim, param.when, param.key)
        assert (param.when is not None) == (param.slot[0] == "row")
    for cid in model.claims:
        assert [p.claim for p in model.parameters_of(cid)] == [cid] * len(model.parameters_of(cid))
    assert sum(len(model.parameters_of(c)) for c in model.claims) == len(model.parameters)


@pytest.mark.parametrize("text", ["", "rain[", "rain[cloudy]", "rain.", "2rain", "a.b.c",
                                  "rain[x=1]extra", "rain[*,x=y]"])
def test_a_malformed_parameter_id_is_a_bad_value(text: str) -> None:
    with pytest.raises(argmap.InputError) as caught:
        parse_parameter_id(text)
    assert caught.value.codes == ("bad-value",)
    assert caught.value.problems[0].argument == "text"


def test_parameters_of_an_unknown_claim_suggests_a_near_name() -> None:
    model = argmap.load_model(ROOT / "models/examples/sprinkler.yaml")
    with pytest.raises(argmap.UnknownNameError, match="did you mean 'rain'") as caught:
        model.parameters_of("rian")
    assert caught.value.codes == ("unknown-claim",)
