"""GeNIe's XDSL (the native XML format of GeNIe and SMILE, read by pyAgrum too): read and write.

No pgmpy: the reader parses with the standard library's expat, hardened like ``defusedxml``
(a document type declaration, an entity declaration or an external reference is refused before
anything is expanded, and the element count and depth are limited), keeping each element's
line and column so every problem is located. The file size is limited by the import pipeline.

What XDSL holds and argmap reads: ``<cpt>`` nodes (states, ``<parents>``, ``<probabilities>``
with the last parent varying fastest and the node's own state fastest of all, which is the
C order of argmap's tables) and ``<deterministic>`` nodes (``<resultingstates>``, read as 0/1
tables); node ``<property id="...">`` elements; and GeNIe's display extension, whose node
``<name>`` becomes the claim's statement and ``<comment>`` its ``says``. Noisy-MAX, equation,
decision and utility nodes are refused with a located error.

The writer puts the claim's text in ``<property>`` elements (``%XX``-encoded like the other
network formats, :mod:`argmap.interchange.properties`, so an import gives every field back)
and, for GeNIe's display, the short label as ``<name>``, the statement as ``<comment>`` and a
layered ``<position>`` (the claim id as
``<name>`` when two shorts are the same: pyAgrum names its variables by ``<name>``).

Examples
--------
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_xdsl(model)
>>> '<cpt id="rain">' in text
True
>>> data = parse_xdsl(text)
>>> data.variables[:2], data.parents["wet"], data.tables["sprinkler"].tolist()
(('cloudy', 'rain'), ('rain', 'sprinkler'), [[0.1, 0.9], [0.5, 0.5]])
>>> try:
...     parse_xdsl('<!DOCTYPE x [<!ENTITY a "b">]><smile/>')
... except NetworkSyntaxError as err:
...     print(err.line, err.column, err.message[:38])
1 13 a document type declaration (<!DOCTYPE
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from dataclasses import dataclass, field
from xml.parsers import expat

import numpy as np

from ..errors import Code
from ..model import Model
from ..tables import build_tables, point_values
from ..values import Value
from .network import NetworkData, NetworkSyntaxError
from .properties import MARK, encoded_properties

MAX_ELEMENTS = 1_000_000
"""XDSL files with more elements than this are refused."""
MAX_DEPTH = 40
_NODE_TAGS = ("cpt", "deterministic")
_UNSUPPORTED = ("noisymax", "noisyadder", "equation", "decision", "utility", "mau", "list")


@dataclass
class _Element:
    """A parsed element with its place in the file."""

    tag: str
    attrs: dict[str, str]
    line: int
    column: int
    children: list[_Element] = field(default_factory=list)
    text: str = ""

    def find(self, tag: str) -> _Element | None:
        return next((c for c in self.children if c.tag == tag), None)


def _refuse(what: str) -> NetworkSyntaxError:
    return NetworkSyntaxError(f"{what} is not allowed in XDSL (expected plain XML)")


def _parse_xml(text: str) -> _Element:
    """The document's root, parsed by expat with DTDs, entities and external references refused."""
    parser = expat.ParserCreate(encoding="UTF-8")  # the text is decoded already
    stack: list[_Element] = []
    root: list[_Element] = []
    count = 0

    def where(err: NetworkSyntaxError) -> NetworkSyntaxError:
        err.line, err.column = parser.CurrentLineNumber, parser.CurrentColumnNumber + 1
        return err

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal count
        count += 1
        if count > MAX_ELEMENTS:
            raise where(NetworkSyntaxError(
                f"too many elements (expected at most {MAX_ELEMENTS:,})", code="limit"))
        if len(stack) >= MAX_DEPTH:
            raise where(NetworkSyntaxError(
                f"nesting too deep (expected at most {MAX_DEPTH} levels)", code="limit"))
        element = _Element(tag, dict(attrs), parser.CurrentLineNumber,
                           parser.CurrentColumnNumber + 1)
        (stack[-1].children if stack else root).append(element)
        stack.append(element)

    def end(tag: str) -> None:
        stack.pop()

    def data(chunk: str) -> None:
        if stack:
            stack[-1].text += chunk

    def doctype(*_: object) -> None:
        raise where(_refuse("a document type declaration (<!DOCTYPE ...>)"))

    def entity(*_: object) -> None:
        raise where(_refuse("an entity declaration"))

    def external(*_: object) -> int:
        raise where(_refuse("an external entity reference"))

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = data
    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = entity
    parser.UnparsedEntityDeclHandler = entity
    parser.ExternalEntityRefHandler = external
    try:
        parser.Parse(text, True)
    except expat.ExpatError as err:
        message = expat.ErrorString(err.code)
        raise NetworkSyntaxError(f"not well-formed XML ({message})", err.lineno,
                                 err.offset + 1) from None
    if not root:  # pragma: no cover - expat reports an empty document itself
        raise NetworkSyntaxError("no XML element found (expected <smile>)")
    return root[0]


def _fail(element: _Element, message: str, code: Code = "syntax") -> NetworkSyntaxError:
    return NetworkSyntaxError(message, element.line, element.column, code)


def _numbers(element: _Element, what: str) -> list[float]:
    values = []
    for word in element.text.split():
        try:
            value = float(word)
        except ValueError:
            raise _fail(element, f"{what}: {word[:30]!r} is not a number") from None
        if not math.isfinite(value):
            raise _fail(element, f"{what}: {word[:30]!r} is not a finite number", "out-of-range")
        values.append(value)
    return values


def parse_xdsl(text: str) -> NetworkData:
    """The network in XDSL ``text``; a :class:`NetworkSyntaxError` (located) if unreadable."""
    root = _parse_xml(text)
    if root.tag != "smile":
        raise _fail(root, f"the root element is <{root.tag}> (expected <smile>, GeNIe's XDSL)")
    nodes = root.find("nodes")
    if nodes is None:
        raise _fail(root, "no <nodes> element (expected <smile> to hold <nodes>)")
    variables: list[str] = []
    states: dict[str, tuple[str, ...]] = {}
    parents: dict[str, tuple[str, ...]] = {}
    tables: dict[str, np.ndarray] = {}
    properties: dict[str, dict[str, str]] = {}
    places: dict[str, _Element] = {}
    for node in nodes.children:
        if node.tag in _UNSUPPORTED:
            raise _fail(node, f"<{node.tag}> nodes are not supported (expected <cpt> or "
                        "<deterministic> nodes: argmap reads discrete chance nodes)")
        if node.tag not in _NODE_TAGS:
            raise _fail(node, f"unknown element <{node.tag}> in <nodes> (expected <cpt>)")
        var = node.attrs.get("id", "").strip()
        if not var:
            raise _fail(node, f"<{node.tag}> without an id attribute")
        if var in places:
            raise _fail(node, f"node {var!r} defined twice (first on line {places[var].line})",
                        "duplicate")
        places[var] = node
        own = tuple(s.attrs.get("id", "").strip() for s in node.children if s.tag == "state")
        if len(own) < 2 or not all(own) or len(set(own)) != len(own):
            raise _fail(node, f"node {var!r} has states {list(own)} (expected two or more "
                        "distinct <state id=...> elements)", "bad-value")
        ptag = node.find("parents")
        pa = tuple(ptag.text.split()) if ptag is not None else ()
        for p in pa:
            if p not in states:
                assert ptag is not None
                known = "defined later" if any(
                    n.attrs.get("id") == p for n in nodes.children) else "not defined"
                raise _fail(ptag, f"parent {p!r} of {var!r} is {known} (expected the parents "
                            "of a node to be defined before it)", "unknown-claim")
        shape = (*(len(states[p]) for p in pa), len(own))
        tables[var] = _table(node, var, own, shape)
        variables.append(var)
        states[var], parents[var] = own, pa
        properties[var] = {
            prop.attrs.get("id", ""): prop.text.strip()
            for prop in node.children if prop.tag == "property" and prop.attrs.get("id")
        }
    _read_extension(root, properties)
    return NetworkData(
        name=root.attrs.get("id") or None, variables=tuple(variables), states=states,
        parents=parents, tables=tables, properties=properties,
    )


def _table(node: _Element, var: str, own: tuple[str, ...], shape: tuple[int, ...]) -> np.ndarray:
    size = math.prod(shape)
    if node.tag == "cpt":
        probs = node.find("probabilities")
        if probs is None:
            raise _fail(node, f"node {var!r} has no <probabilities>", "missing-key")
        values = _numbers(probs, f"probabilities of {var!r}")
        if len(values) != size:
            raise _fail(probs, f"node {var!r} has {len(values)} probabilities (expected "
                        f"{size}: {len(own)} states for each of {size // len(own)} parent "
                        "combinations)", "table")
        return np.array(values, dtype=float).reshape(shape)
    result = node.find("resultingstates")
    if result is None:
        raise _fail(node, f"deterministic node {var!r} has no <resultingstates>", "missing-key")
    words = result.text.split()
    if len(words) != size // len(own):
        raise _fail(result, f"node {var!r} has {len(words)} resulting states (expected "
                    f"{size // len(own)}, one per parent combination)", "table")
    table = np.zeros((size // len(own), len(own)))
    for row, word in enumerate(words):
        if word not in own:
            raise _fail(result, f"unknown state {word!r} of {var!r} (expected one of "
                        f"{list(own)})", "unknown-state")
        table[row, own.index(word)] = 1.0
    return table.reshape(shape)


def _read_extension(root: _Element, properties: dict[str, dict[str, str]]) -> None:
    """GeNIe's node names and comments, for files argmap did not write."""
    extensions = root.find("extensions")
    genie = extensions.find("genie") if extensions is not None else None
    if genie is None:
        return
    for node in _genie_nodes(genie):
        var = node.attrs.get("id", "")
        props = properties.get(var)
        if props is None or props.get(MARK, "").strip() == "1":
            continue
        name = node.find("name")
        comment = node.find("comment")
        if name is not None and name.text.strip() and name.text.strip() != var:
            props.setdefault("label", " ".join(name.text.split()))
        if comment is not None and comment.text.strip():
            props.setdefault("comment", comment.text.strip())


def _genie_nodes(element: _Element) -> list[_Element]:
    """Every ``<node>`` of GeNIe's extension, submodels included."""
    found: list[_Element] = []
    for child in element.children:
        if child.tag == "node":
            found.append(child)
        elif child.tag == "submodel":
            found.extend(_genie_nodes(child))
    return found


def to_xdsl(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model (credences ``overrides`` applied) as XDSL text, numbers in full precision."""
    tables = build_tables(model, point_values(model, overrides))
    props = encoded_properties(model, "xdsl")
    root = ET.Element("smile", {"version": "1.0", "id": model.id, "numsamples": "10000",
                                "discsamples": "10000"})
    nodes = ET.SubElement(root, "nodes")
    for table, (cid, claim) in zip(tables, model.claims.items(), strict=True):
        node = ET.SubElement(nodes, "cpt", {"id": cid})
        for state in claim.states:
            ET.SubElement(node, "state", {"id": state})
        if claim.parents:
            ET.SubElement(node, "parents").text = " ".join(claim.parents)
        flat = np.asarray(table, dtype=float).reshape(-1)
        ET.SubElement(node, "probabilities").text = " ".join(repr(float(x)) for x in flat)
        for key, value in props[cid].items():
            ET.SubElement(node, "property", {"id": key}).text = value
    genie = ET.SubElement(ET.SubElement(root, "extensions"), "genie",
                          {"version": "1.0", "app": "argmap", "name": _xml_text(model.title)})
    shorts = [claim.short for claim in model.claims.values()]
    unique = len(set(shorts)) == len(shorts)  # pyAgrum names its variables by <name>
    for cid, (x, y) in _layout(model).items():
        claim = model.claims[cid]
        node = ET.SubElement(genie, "node", {"id": cid})
        ET.SubElement(node, "name").text = _xml_text(claim.short) if unique else cid
        ET.SubElement(node, "interior", {"color": "e5f6f7"})
        ET.SubElement(node, "outline", {"color": "000080"})
        ET.SubElement(node, "font", {"color": "000000", "name": "Arial", "size": "8"})
        ET.SubElement(node, "position").text = f"{x} {y} {x + 120} {y + 50}"
        ET.SubElement(node, "comment").text = _xml_text(claim.statement)
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold: characters it cannot are shown as U+FFFD (the display only)."""
    return _NOT_XML.sub("\ufffd", text)


def _layout(model: Model) -> dict[str, tuple[int, int]]:
    """A position per claim: one row per depth below the inputs."""
    depth: dict[str, int] = {}

    def level(cid: str) -> int:
        if cid not in depth:
            depth[cid] = 1 + max((level(p) for p in model.claims[cid].parents), default=-1)
        return depth[cid]

    seen: dict[int, int] = {}
    result: dict[str, tuple[int, int]] = {}
    for cid in model.claims:
        level(cid)
        column = seen.get(depth[cid], 0)
        seen[depth[cid]] = column + 1
        result[cid] = (40 + 160 * column, 40 + 100 * depth[cid])
    return result
