"""The analysis package's public names."""

from __future__ import annotations

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
