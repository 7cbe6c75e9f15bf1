"""Tables built from parameter values, with and without a batch axis."""

from __future__ import annotations

import numpy as np

import argmap
from argmap.tables import build_tables, point_values


def test_noisy_or_table_by_hand() -> None:
    model = argmap.load_model("models/examples/sprinkler.yaml")
    wet = build_tables(model, point_values(model))[3]
    # P(wet | rain, no sprinkler) = 1 - (1 - 0.01) * (1 - 0.9)
    assert wet[0, 1, 0] == 1 - 0.99 * 0.1
    assert abs(wet[1, 1, 0] - 0.01) < 1e-15
    assert np.allclose(wet.sum(axis=-1), 1.0)


def test_mixed_batched_and_unbatched_rows() -> None:
    """A batched row beside an unbatched one: each batch column gets the unbatched row whole."""
    model = argmap.load_model("models/examples/sprinkler.yaml")
    values = point_values(model)
    values["rain[cloudy=true]"] = np.array([[0.8, 0.7], [0.2, 0.3]])
    rain = build_tables(model, values)[1]
    assert rain.shape == (2, 2, 2)
    assert np.array_equal(rain[1], [[0.2, 0.2], [0.8, 0.8]])
    assert np.array_equal(rain[0], [[0.8, 0.7], [0.2, 0.3]])


def test_batched_tables_equal_point_tables_column_by_column() -> None:
    model = argmap.load_model("models/scheming.yaml")
    base = point_values(model)
    rng = np.random.default_rng(1)
    batched = {}
    for pid, vec in base.items():
        noise = rng.dirichlet(np.ones(len(vec)), 3).T
        batched[pid] = noise
    tables = build_tables(model, batched)
    for b in range(3):
        column = {pid: arr[:, b] for pid, arr in batched.items()}
        for got, want in zip(tables, build_tables(model, column), strict=True):
            # Logic tables carry no numbers, so no batch axis either.
            assert np.array_equal(got[..., b] if got.ndim > want.ndim else got, want)
