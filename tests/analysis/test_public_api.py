"""The analysis package's public names."""

from __future__ import annotations

import pytest

import argmap.analysis as analysis


def test_all_names_exist_and_main_functions_are_exported() -> None:
    assert sorted(analysis.__all__) == analysis.__all__
    for name in analysis.__all__:
        assert hasattr(analysis, name), name
    for fn in (
        "sensitivity",
        "two_way",
        "value_of_information",
        "montecarlo",
        "cruxes",
        "pool",
        "batch_marginals",
    ):
        assert callable(getattr(analysis, fn)) and getattr(analysis, fn).__doc__


def test_an_observed_or_forced_target_is_refused() -> None:
    from argmap.analysis import sensitivity, value_of_information
    from argmap.errors import InputError
    from argmap.loading import load_model

    model = load_model("models/examples/sprinkler.yaml")
    with pytest.raises(InputError, match="is observed") as err:
        value_of_information(model, evidence={"wet": "true"})
    assert err.value.codes == ("bad-argument",) and err.value.problems[0].argument == "target"
    with pytest.raises(InputError, match="set by an intervention") as err:
        sensitivity(model, target="rain=true", do={"rain": "false"})
    assert err.value.codes == ("bad-argument",)


def test_a_bare_claim_target_means_the_output_state_or_true() -> None:
    from argmap.analysis import resolve_target
    from argmap.errors import UnknownNameError
    from argmap.loading import load_model

    scheming = load_model("models/scheming.yaml")
    assert resolve_target(scheming, "model_class").label == "model_class=schemer"
    assert resolve_target(scheming, "capability=far_beyond").label == "capability=far_beyond"
    with pytest.raises(UnknownNameError, match="which state") as err:
        resolve_target(scheming, "slack")
    assert err.value.codes == ("bad-value",) and err.value.problems[0].argument == "target"
    with pytest.raises(UnknownNameError) as err:
        resolve_target(scheming, 3)  # type: ignore[arg-type]
    assert err.value.codes == ("type",)
