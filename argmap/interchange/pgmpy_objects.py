"""A pgmpy network object in memory -> an argmap model: :func:`from_pgmpy`.

The other direction is :func:`argmap.interchange.pgmpy_bridge.to_pgmpy`. This module reads a
``DiscreteBayesianNetwork`` through its methods (nodes, CPDs, state names) and never imports
pgmpy; the network's tables, states and node order go through the import pipeline
(:func:`argmap.interchange.importing.convert`), as a BIF file's would.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.interchange.pgmpy_bridge import to_pgmpy
>>> model = load_model("models/examples/sprinkler.yaml")
>>> back = from_pgmpy(to_pgmpy(model))
>>> back.id, back.claim_ids, back.claims["wet"].states
('sprinkler', ('cloudy', 'rain', 'sprinkler', 'wet'), ('true', 'false'))
>>> back.claims["wet"].statement, back.claims["wet"].links[0].role
('The grass is wet.', 'supports')
>>> from_pgmpy("not a network")
Traceback (most recent call last):
...
argmap.errors.InputError: network: expected a pgmpy DiscreteBayesianNetwork, got str
"""

from __future__ import annotations

from typing import Any

from ..errors import InputError
from ..model import Model
from .importing import convert
from .pgmpy_bridge import network_data
from .properties import MARK, encode_text


def from_pgmpy(
    network: Any, *, model_id: str | None = None, name: str = "a DiscreteBayesianNetwork in memory"
) -> Model:
    """An argmap model from a pgmpy ``DiscreteBayesianNetwork`` (the import pipeline of
    :func:`argmap.interchange.import_network`, in memory).

    One claim per node, in the network's node order (parents first), its states in the CPD's
    order and its table exact (a row that sums to 1 only within 1e-6 is renormalised, as on
    import); names that are not argmap ids are mapped (``"1"`` -> ``s_1``). A network made by
    :func:`~argmap.interchange.pgmpy_bridge.to_pgmpy` gives its claims' text and roles back.
    The model's id is ``model_id``, else the network's name. ``name`` is used in messages.
    """
    if not callable(getattr(network, "get_cpds", None)) or not hasattr(network, "nodes"):
        raise InputError.argument(
            "network", f"expected a pgmpy DiscreteBayesianNetwork, got {type(network).__name__}",
            code="type")
    raw: dict[str, dict[str, str]] = {}
    for node in network.nodes():
        props = {str(k): str(v) for k, v in network.nodes[node].items()
                 if isinstance(v, str | int | float)}
        if props.get(MARK) == "1":  # plain text from to_pgmpy: encoded as a file's would be
            props = {k: encode_text(v, "bif") for k, v in props.items()}
        raw[str(node)] = props
    try:
        data = network_data(network, list(network.nodes()), getattr(network, "name", None), raw)
    except (ValueError, KeyError) as err:
        raise InputError.argument("network", f"cannot read this network ({err})",
                                  code="bad-value") from None
    if not data.variables:
        raise InputError.argument("network", "no nodes (expected at least one)",
                                  code="bad-value")
    return convert(data, "bif", name=name, model_id=model_id, kind="pgmpy").model
