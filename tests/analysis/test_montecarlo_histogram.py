"""Monte Carlo's histogram when the target barely varies: a spread of rounding only used to
make numpy refuse to cut the range into bins (found by hypothesis: seed 130, 3 claims)."""

from __future__ import annotations

import numpy as np

from argmap.analysis import montecarlo
from tests.support.random_models import random_model


def test_a_spread_of_rounding_only_still_gets_its_bins() -> None:
    model = random_model(130, n=3)
    for target in (f"{c}={model.claims[c].states[0]}" for c in model.claims):
        mc = montecarlo(model, samples=50, seed=130, target=target, bins=30)
        counts, edges = mc.histogram
        assert counts.sum() == mc.samples and len(edges) == 31
        assert np.all(np.diff(edges) > 0)
