"""The one module that imports pgmpy: argmap models to and from ``DiscreteBayesianNetwork``
(:func:`to_pgmpy` here; :func:`argmap.interchange.pgmpy_objects.from_pgmpy` reads one back
without importing pgmpy), and pgmpy's readers and writers for the network files of
:mod:`argmap.interchange`.

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
>>> network.nodes["wet"]["label"]
'The grass is wet.'
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from .._extras import require
from ..credences import Credences
from ..engine import Structure
from ..inference import overrides_of
from ..model import Model
from ..tables import build_tables, point_values
from ..values import Value
from .duplicates import check_duplicates
from .network import NetworkData
from .properties import claim_properties

if TYPE_CHECKING:
    from pgmpy.models import DiscreteBayesianNetwork


def to_pgmpy(
    model: Model, credences: Credences | Mapping[str, Value] | None = None
) -> DiscreteBayesianNetwork:
    """The model (with ``credences`` applied; uncertain values at their mean) as a checked
    pgmpy ``DiscreteBayesianNetwork``, in memory.

    Nodes come in the model's claim order, each CPD names its states in the claim's order,
    the network is named ``model.id``, and each node's attributes hold its claim's text
    (``label``, ``short``, ``basis``, ... and ``links``, as network files carry them), so
    :func:`~argmap.interchange.pgmpy_objects.from_pgmpy` gives the claims back. Needs
    ``argmap[networks]``.
    """
    require("pgmpy", extra="networks", feature="to_pgmpy()")
    network = _network(model, overrides_of(credences))
    network.name = model.id
    for cid, claim in model.claims.items():
        network.nodes[cid].update(claim_properties(model, claim))
    return network


def _network(model: Model, overrides: Mapping[str, Value]) -> DiscreteBayesianNetwork:
    """The model as a checked pgmpy network, nodes in claim order (no text)."""
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    tables = build_tables(model, point_values(model, overrides))
    network = DiscreteBayesianNetwork()
    network.add_nodes_from(model.claims)
    network.add_edges_from((p, cid) for cid, c in model.claims.items() for p in c.parents)
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


def structure_to_pgmpy(
    structure: Structure, tables: Sequence[np.ndarray], names: Sequence[str]
) -> DiscreteBayesianNetwork:
    """A pgmpy network from the engine's view (cardinalities, parents, tables; states 0..k-1).

    For tests and benches that compare the engine with pgmpy on networks that are not argmap
    models. pgmpy's layout: child first, one column per parent combination, last parent
    fastest.
    """
    _need_pgmpy("conversion to pgmpy")
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.models import DiscreteBayesianNetwork

    network = DiscreteBayesianNetwork()
    network.add_nodes_from(names)
    network.add_edges_from(
        (names[p], names[i]) for i, pa in enumerate(structure.parents) for p in pa
    )
    cpds = []
    for i, (card, pa) in enumerate(zip(structure.cards, structure.parents, strict=True)):
        values = np.moveaxis(np.asarray(tables[i], dtype=float), -1, 0).reshape(card, -1)
        cpds.append(
            TabularCPD(
                names[i],
                card,
                values,
                evidence=[names[p] for p in pa] or None,
                evidence_card=[structure.cards[p] for p in pa] or None,
                state_names={names[k]: list(range(structure.cards[k])) for k in (*pa, i)},
            )
        )
    network.add_cpds(*cpds)
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
    _need_pgmpy("pgmpy's reference marginals")
    from pgmpy.factors.discrete import TabularCPD
    from pgmpy.inference import VariableElimination

    network = _network(model, overrides or {})
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


# --- network files (BIF, XMLBIF, Hugin NET): writers and readers ---------------------------

PGMPY_FORMATS = ("bif", "xmlbif", "net")
"""The formats pgmpy reads and writes for us (the registry says which formats exist)."""
_NAMES = {"bif": "BIF", "xmlbif": "XMLBIF", "net": "Hugin NET"}


def _need_pgmpy(feature: str) -> None:
    """Raise the one ``missing-extra`` message when pgmpy (``argmap[networks]``) is absent.

    >>> _need_pgmpy("BIF export")  # pgmpy is installed here: nothing happens
    """
    require("pgmpy", extra="networks", feature=feature)


def write_pgmpy(
    model: Model,
    fmt: str,
    overrides: Mapping[str, Value] | None = None,
    properties: Mapping[str, Mapping[str, str]] | None = None,
) -> str:
    """The model (with optional credence values) as BIF, XMLBIF or Hugin NET text.

    Written by pgmpy's writers, with the network named ``model.id`` and ``properties[claim]``
    (already escaped for ``fmt`` by the caller) attached to each variable. Numbers are written
    in full (shortest round-trip) precision in every format.
    """
    if fmt not in PGMPY_FORMATS:
        raise ValueError(f"unknown network format {fmt!r} (expected one of {PGMPY_FORMATS})")
    _need_pgmpy(f"{_NAMES[fmt]} export")
    network = _network(model, overrides or {})
    network.name = model.id
    props = properties or {}
    if fmt == "bif":
        from pgmpy.readwrite import BIFWriter

        for cid, values in props.items():
            network.nodes[cid].update(values)
        return str(BIFWriter(network))
    if fmt == "net":
        for cid, values in props.items():
            network.nodes[cid].update(values)
        return str(_full_precision_net_writer()(network))
    if fmt == "xmlbif":
        from xml.etree import ElementTree

        from pgmpy.readwrite import XMLBIFWriter

        writer = XMLBIFWriter(network)
        for cid, values in props.items():
            items = [f"{name} = {value}" for name, value in values.items()]
            if not items:
                continue
            writer.properties[cid].text = items[0]
            for item in items[1:]:
                ElementTree.SubElement(writer.variables[cid], "PROPERTY").text = item
        return str(writer)
    raise ValueError(f"unknown network format {fmt!r} (expected one of {PGMPY_FORMATS})")


def _full_precision_net_writer() -> Any:
    """pgmpy's NETWriter, writing every number with repr (its own rounds to 8 decimals)."""
    from pgmpy.readwrite import NETWriter

    class FullPrecisionNETWriter(NETWriter):  # type: ignore[misc]
        def net_cpd(self, var_name: str) -> str:
            cpt = np.moveaxis(np.asarray(self.tables[var_name], dtype=float), 0, -1)
            return _nested(cpt)

    return FullPrecisionNETWriter


def _nested(array: np.ndarray) -> str:
    """Hugin's nested parentheses: ``((0.1 0.9) (0.5 0.5))``, numbers in full precision."""
    if array.ndim == 1:
        return "(" + " ".join(repr(float(x)) for x in array) + ")"
    return "(" + " ".join(_nested(sub) for sub in array) + ")"


def read_pgmpy(text: str, fmt: str) -> NetworkData:
    """Parse BIF, XMLBIF or Hugin NET text with pgmpy's readers.

    Raises ``ValueError`` (with pgmpy's message) when the text is not a readable network, and
    :class:`NetworkSyntaxError` (code ``duplicate``) when it defines a variable, a table or a
    state twice (pgmpy would merge them silently).
    """
    if fmt not in PGMPY_FORMATS:
        raise ValueError(f"unknown network format {fmt!r} (expected one of {PGMPY_FORMATS})")
    _need_pgmpy(f"{_NAMES[fmt]} import")
    check_duplicates(text, fmt)
    if fmt == "bif":
        reader = _bif_reader()(string=text, include_properties=True)
        raw = {v: _split_properties(items) for v, items in reader.variable_properties.items()}
        reader.include_properties = False
        network = reader.get_model()
        name = reader.network_name
    elif fmt == "xmlbif":
        from pgmpy.readwrite import XMLBIFReader

        reader = XMLBIFReader(string=text)
        raw = {
            v: _split_properties([p for p in items if p is not None])
            for v, items in reader.variable_property.items()
        }
        reader.variable_property = {}
        network = reader.get_model()
        name = reader.network_name
    elif fmt == "net":
        from pgmpy.readwrite import NETReader

        reader = NETReader(string=text, include_properties=True, defaultName="")
        raw = {v: {k: str(x) for k, x in p.items()} for v, p in reader.variable_properties.items()}
        network = reader.get_model()
        name = reader.network_name or None
    else:
        raise ValueError(f"unknown network format {fmt!r} (expected one of {PGMPY_FORMATS})")
    return network_data(network, reader_order(reader, fmt, network), name, raw)


def network_data(
    network: Any, order: Sequence[Any], name: Any, raw: Mapping[str, Mapping[str, str]]
) -> NetworkData:
    """A pgmpy network's variables (the nodes in ``order``), states, parents and tables as
    plain data (names as text). Raises ``ValueError`` when a variable has no table.
    """
    states: dict[str, tuple[str, ...]] = {}
    parents: dict[str, tuple[str, ...]] = {}
    tables: dict[str, np.ndarray] = {}
    for node in order:
        var = str(node)
        cpd = network.get_cpds(node)
        if cpd is None:
            raise ValueError(f"variable {var!r} has no probability table")
        parents[var] = tuple(str(p) for p in cpd.variables[1:])
        states[var] = tuple(str(s) for s in cpd.state_names[node])
        values = np.asarray(cpd.get_values(), dtype=float)
        pcards = [len(cpd.state_names[p]) for p in cpd.variables[1:]]
        tables[var] = values.T.reshape(*pcards, len(states[var]))
    return NetworkData(
        name=str(name) if name else None,
        variables=tuple(str(node) for node in order),
        states=states,
        parents=parents,
        tables=tables,
        properties=raw,
    )


@functools.cache
def _bif_reader() -> Any:
    """pgmpy's BIFReader, building its pyparsing grammar once (it takes ~0.7 s per reader)."""
    from pgmpy.readwrite import BIFReader

    grammar: dict[str, Any] = {}

    class CachedGrammarBIFReader(BIFReader):  # type: ignore[misc]
        def get_variable_grammar(self) -> Any:
            if "variable" not in grammar:
                grammar["variable"] = super().get_variable_grammar()
            return grammar["variable"]

        def get_probability_grammar(self) -> Any:
            if "probability" not in grammar:
                grammar["probability"] = super().get_probability_grammar()
            return grammar["probability"]

    return CachedGrammarBIFReader


def reader_order(reader: Any, fmt: str, network: Any) -> list[str]:
    """Variables in the order the file declares them."""
    if fmt == "bif":
        return list(reader.variable_names)
    if fmt == "xmlbif":
        return list(reader.variables)
    return list(reader.variable_names)


def _split_properties(items: list[str]) -> dict[str, str]:
    """``["label = It rains", ...]`` -> ``{"label": "It rains"}`` (split at the first ``=``)."""
    result: dict[str, str] = {}
    for item in items:
        key, sep, value = str(item).partition("=")
        if sep and key.strip():
            result[key.strip()] = value.strip()
    return result
