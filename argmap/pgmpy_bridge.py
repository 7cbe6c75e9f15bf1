"""The one module that imports pgmpy: argmap models to and from ``DiscreteBayesianNetwork``.

pgmpy is imported lazily inside each function (importing its models takes 3-4 s), so nothing
on the CLI's start-up path pays for it. State names and column order are set explicitly:
pgmpy's CPD values have the child's states as rows and the parent combinations as columns,
with the *last* evidence variable varying fastest, which is numpy's C order of our tables
(parents first, child last) after moving the child axis to the front.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> network = to_pgmpy(model)
>>> network.check_model()
True
>>> sorted(network.get_cpds("wet").state_names["wet"])
['false', 'true']
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .model import Model, Value
from .tables import build_tables, point_values

if TYPE_CHECKING:
    from pgmpy.models import DiscreteBayesianNetwork


def to_pgmpy(
    model: Model, overrides: Mapping[str, Value] | None = None
) -> DiscreteBayesianNetwork:
    """Compile a model (with optional credence values) to a checked pgmpy network."""
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    tables = build_tables(model, point_values(model, overrides))
    edges = [(p, cid) for cid, c in model.claims.items() for p in c.parents]
    network = DiscreteBayesianNetwork(edges)
    network.add_nodes_from(model.claims)
    cpds = []
    for table, (cid, claim) in zip(tables, model.claims.items(), strict=True):
        card = len(claim.states)
        values = np.moveaxis(np.asarray(table, dtype=float), -1, 0).reshape(card, -1)
        state_names: dict[str, list[str]] = {cid: list(claim.states)}
        for parent in claim.parents:
            state_names[parent] = list(model.claims[parent].states)
        cpds.append(
            TabularCPD(
                variable=cid,
                variable_card=card,
                values=values,
                evidence=list(claim.parents) or None,
                evidence_card=[len(model.claims[p].states) for p in claim.parents] or None,
                state_names=state_names,
            )
        )
    network.add_cpds(*cpds)
    network.check_model()
    return network


def pgmpy_marginals(
    model: Model,
    overrides: Mapping[str, Value] | None = None,
    evidence: Mapping[str, str] | None = None,
    do: Mapping[str, str] | None = None,
) -> dict[str, dict[str, float]]:
    """Reference marginals from pgmpy's variable elimination (slow; for tests and benches).

    Interventions are made by graph surgery: the claim's parents are cut and its table
    becomes a point mass on the forced state.
    """
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination

    network = to_pgmpy(model, overrides)
    for cid, state in (do or {}).items():
        for parent in list(network.get_parents(cid)):
            network.remove_edge(parent, cid)
        states = list(model.claims[cid].states)
        values = np.array([[1.0 if s == state else 0.0] for s in states])
        network.remove_cpds(network.get_cpds(cid))
        network.add_cpds(
            TabularCPD(cid, len(states), values, state_names={cid: states})
        )
    network.check_model()
    engine = VariableElimination(network)
    observed: dict[str, Any] = {**(evidence or {}), **(do or {})}
    result: dict[str, dict[str, float]] = {}
    for cid, claim in model.claims.items():
        if cid in observed:
            result[cid] = {s: float(s == observed[cid]) for s in claim.states}
            continue
        factor = engine.query([cid], evidence=observed or None, show_progress=False)
        result[cid] = {s: float(factor.get_value(**{cid: s})) for s in claim.states}
    return result
