"""BIF, the Bayesian Interchange Format (GeNIe, bnlearn, pgmpy, pyAgrum): read and write.

Both directions are native, without pgmpy: reading by :mod:`argmap.interchange.bif_reader`
(every problem located), writing here, byte for byte what pgmpy's ``BIFWriter`` wrote through
:func:`argmap.interchange.pgmpy_bridge.write_pgmpy` (variables sorted by name, properties by
key, each number as numpy prints it: the shortest text that reads back to the same double).
Each claim's text travels as variable properties (:mod:`argmap.interchange.properties`).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_bif(model)
>>> text.startswith("network sprinkler")
True
>>> data = parse_bif(text)
>>> data.parents["wet"], data.states["rain"]
(('rain', 'sprinkler'), ('true', 'false'))
"""

from __future__ import annotations

from collections.abc import Mapping
from itertools import product

import numpy as np

from ..model import Model
from ..tables import build_tables, point_values
from ..values import Value
from .bif_reader import parse_bif_text
from .network import NetworkData
from .properties import encoded_properties


def parse_bif(text: str) -> NetworkData:
    """The network in BIF ``text``, read without pgmpy (a located
    :class:`~argmap.interchange.network.NetworkSyntaxError` when unreadable)."""
    return parse_bif_text(text)


def to_bif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model (credences ``overrides`` applied) as BIF text (the Bayesian Interchange
    Format read by GeNIe, bnlearn, pgmpy and pyAgrum), without pgmpy."""
    tables = dict(zip(model.claims, build_tables(model, point_values(model, overrides or {})),
                      strict=True))
    props = encoded_properties(model, "bif")
    out = [f"network {model.id} {{\n}}\n"]
    for cid in sorted(model.claims):
        lines = "".join(f"    property {k} = {v} ;\n" for k, v in sorted(props[cid].items()))
        states = model.claims[cid].states
        out.append(f"variable {cid} {{\n    type discrete [ {len(states)} ] "
                   f"{{ {', '.join(states)} }};\n{lines}}}\n")
    for cid in sorted(model.claims):
        claim = model.claims[cid]
        table = np.asarray(tables[cid], dtype=float).reshape(-1, len(claim.states))
        if not claim.parents:
            out.append(f"probability ( {cid} ) {{\n    table {_numbers(table[0])} ;\n}}\n")
            continue
        combos = product(*(model.claims[p].states for p in claim.parents))
        rows = "".join(f"    ( {', '.join(combo)} ) {_numbers(row)};\n"
                       for combo, row in zip(combos, table, strict=True))
        out.append(f"probability ( {cid} | {', '.join(claim.parents)} ) {{\n{rows}\n}}\n")
    return "".join(out)


def _numbers(row: np.ndarray) -> str:
    """``0.8, 0.19999999999999996``: numpy's text for each double, as pgmpy's writer has it."""
    return ", ".join(str(x) for x in np.asarray(row, dtype=np.float64))
