"""The one module that imports pyAgrum: argmap models to and from ``pyagrum.BayesNet``, in
memory (:func:`to_pyagrum`, :func:`from_pyagrum`). Needs ``argmap[pyagrum]``.

pyAgrum holds a node's CPT as a tensor over ``cpt.names`` (the node first, then its parents
in the order their arcs were added); its numpy view, ``toarray()``, has those axes reversed,
and ``fillWith`` reads values in that view's C order. Both directions name the axes
explicitly, so no order is left implicit. Each claim's statement travels as its variable's
description; the whole claim text (as network files carry it) as the network's ``argmap``
property (JSON), so :func:`from_pyagrum` gives the claims back.

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> bn = to_pyagrum(model)
>>> bn.variable("wet").labels(), bn.cpt("wet").names
(('true', 'false'), ('wet', 'rain', 'sprinkler'))
>>> back = from_pyagrum(bn)
>>> back.claim_ids == model.claim_ids, back.claims["wet"].statement
(True, 'The grass is wet.')
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from .._extras import require
from ..credences import Credences
from ..errors import InputError
from ..inference import overrides_of
from ..model import Model
from ..tables import build_tables, point_values
from ..values import Value
from .importing import convert
from .network import NetworkData
from .properties import MARK, claim_properties, encode_text

if TYPE_CHECKING:
    import pyagrum

TEXT_PROPERTY = "argmap"
"""The network property holding every claim's text as JSON (``{claim: {key: text}}``)."""


def to_pyagrum(
    model: Model, credences: Credences | Mapping[str, Value] | None = None
) -> pyagrum.BayesNet:
    """The model (with ``credences`` applied; uncertain values at their mean) as a pyAgrum
    ``BayesNet``: one labelized variable per claim (its states in order, its statement as the
    description), arcs in each claim's parent order, every CPT exact.
    """
    gum = require("pyagrum", extra="pyagrum", feature="to_pyagrum()")
    tables = build_tables(model, point_values(model, overrides_of(credences)))
    bn = gum.BayesNet(model.id)
    for cid, claim in model.claims.items():
        bn.add(gum.LabelizedVariable(cid, claim.statement, list(claim.states)))
    for cid, claim in model.claims.items():
        for parent in claim.parents:
            bn.addArc(parent, cid)
    for table, (cid, claim) in zip(tables, model.claims.items(), strict=True):
        cpt = bn.cpt(cid)
        ours = [*claim.parents, cid]
        view = np.transpose(np.asarray(table, dtype=float),
                            [ours.index(n) for n in reversed(cpt.names)])
        cpt.fillWith(view.ravel().tolist())
    text = {cid: claim_properties(model, claim) for cid, claim in model.claims.items()}
    bn.setProperty(TEXT_PROPERTY, json.dumps(text, ensure_ascii=False))
    network: pyagrum.BayesNet = bn
    return network


def from_pyagrum(
    bn: pyagrum.BayesNet, *, model_id: str | None = None, name: str = "a BayesNet in memory"
) -> Model:
    """An argmap model from a pyAgrum ``BayesNet`` (the import pipeline, in memory).

    One claim per variable, in node-id order (parents first), its states the variable's labels
    in order, its parents in its CPT's order, its table exact; the statement is the variable's
    description (or its name). A network made by :func:`to_pyagrum` gives its claims' text and
    roles back. The model's id is ``model_id``, else the network's name.
    """
    data = network_data(bn)
    return convert(data, "bif", name=name, model_id=model_id, kind="pyAgrum").model


def network_data(bn: pyagrum.BayesNet) -> NetworkData:
    """A pyAgrum ``BayesNet`` as the import pipeline's :class:`NetworkData`: the variables in
    node-id order, each one's labels, its CPT's parent order and its table (parents' axes first,
    its own last). :func:`from_pyagrum` is this followed by the pipeline's ``convert``."""
    if not all(callable(getattr(bn, a, None)) for a in ("cpt", "variable", "nodes")):
        raise InputError.argument(
            "bn", f"expected a pyAgrum BayesNet, got {type(bn).__name__}", code="type")
    nodes = sorted(bn.nodes())
    if not nodes:
        raise InputError.argument("bn", "no variables (expected at least one)", code="bad-value")
    names = [str(bn.variable(n).name()) for n in nodes]
    ours = _claim_texts(bn)
    if set(ours) != set(names):  # text for some claims only: not a network of ours
        ours = {}
    states: dict[str, tuple[str, ...]] = {}
    parents: dict[str, tuple[str, ...]] = {}
    tables: dict[str, np.ndarray] = {}
    raw: dict[str, dict[str, str]] = {}
    for var in names:
        cpt = bn.cpt(var)
        states[var] = tuple(str(s) for s in bn.variable(var).labels())
        parents[var] = tuple(str(p) for p in cpt.names[1:])
        axes = list(reversed(cpt.names))
        values = np.array(cpt.toarray(), dtype=np.float64)  # type: ignore[no-untyped-call]
        tables[var] = np.transpose(values, [axes.index(n) for n in [*parents[var], var]])
        description = str(bn.variable(var).description()).strip()
        raw[var] = ({k: encode_text(v, "bif") for k, v in ours[var].items()} if ours
                    else {"label": description} if description else {})
    network = bn.propertyWithDefault("name", "")
    return NetworkData(str(network) or None, tuple(names), states, parents, tables, raw)


def _claim_texts(bn: Any) -> dict[str, dict[str, str]]:
    """The claims' text :func:`to_pyagrum` stored, or ``{}`` (none, or not ours)."""
    try:
        found = json.loads(bn.propertyWithDefault(TEXT_PROPERTY, "{}"))
    except ValueError:
        return {}
    if not isinstance(found, dict):
        return {}
    return {str(v): {str(k): str(x) for k, x in props.items()} for v, props in found.items()
            if isinstance(props, dict) and props.get(MARK) == "1"}
