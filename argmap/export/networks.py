"""Networks for other tools: BIF, XMLBIF and Hugin NET (through pgmpy's writers), and JSON.

The network files hold the numbers (every claim's table, in full precision, with credences
applied) and, as variable properties, the claim's text: ``label`` (the statement), ``short``,
``section``, ``basis``, ``says``, ``note``, ``group`` and ``links`` (each link's role, active
states and ``toward`` state as ``parent:role:active+active:toward``), plus ``argmap = 1``
marking the file as written by argmap, so :func:`argmap.importing.import_network` restores
the claims exactly.

Text is escaped for each format's readers: characters that would end a property or change
how a file is read (quotes, ``;``, ``=``, braces, parentheses, backslashes, comment starts,
line breaks, control characters and non-ASCII text) are written as ``%XX`` (UTF-8 bytes, as in
URLs), and ``%`` itself as ``%25``; ordinary words and punctuation stay readable.

Examples
--------
>>> encode_text('say "hi"; a=b', "bif")
'say %22hi%22%3B a%3Db'
>>> decode_text('say %22hi%22%3B a%3Db')
'say "hi"; a=b'
>>> encode_text("café // note", "bif")
'caf%C3%A9 %2F/ note'
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote

from ..inference import Result
from ..model import Claim, Model
from ..values import Value

MARK = "argmap"
"""The property that marks a variable as written by argmap (its text is %-encoded)."""

TEXT_FIELDS = ("label", "short", "section", "basis", "says", "note", "group")

# Characters that are escaped in every format, and the extra ones per format.
_ALWAYS = set('%"\\;={}()')
_EXTRA: dict[str, set[str]] = {"bif": set(), "xmlbif": set(), "net": set()}
_SAFE_ASCII = {chr(c) for c in range(0x20, 0x7F)}


def encode_text(text: str, fmt: str) -> str:
    """Escape ``text`` for a property value of a ``fmt`` (bif, xmlbif, net) file."""
    unsafe = _ALWAYS | _EXTRA[fmt]
    out: list[str] = []
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        edge = ch == " " and (i == 0 or i == len(text) - 1)
        comment = ch == "/" and nxt in "/*" and nxt != ""
        # pgmpy's NET reader finds variables by the text "node " anywhere in the file.
        node_word = fmt == "net" and ch == " " and text[max(0, i - 4) : i].lower() == "node"
        if ch in unsafe or ch not in _SAFE_ASCII or edge or comment or node_word:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8", "surrogatepass")))
        else:
            out.append(ch)
    return "".join(out)


def decode_text(text: str) -> str:
    """Undo :func:`encode_text`."""
    return unquote(text, encoding="utf-8", errors="replace")


def links_text(claim: Claim, model: Model) -> str:
    """Each link as ``parent:role:active+active:toward`` (role ``-`` when it has none).

    >>> from argmap.loading import load_model
    >>> m = load_model("models/examples/sprinkler.yaml")
    >>> links_text(m.claims["wet"], m)
    'rain:supports:true:true sprinkler:supports:true:true'
    """
    parts = []
    for link in claim.links:
        pstates = model.claims[link.parent].states
        active = "+".join(pstates[i] for i in link.active)
        parts.append(f"{link.parent}:{link.role or '-'}:{active}:{claim.states[link.toward]}")
    return " ".join(parts)


def claim_properties(model: Model, claim: Claim) -> dict[str, str]:
    """The claim's text fields as plain (unescaped) property values."""
    props = {MARK: "1", "label": claim.statement}
    if claim.short != claim.statement:
        props["short"] = claim.short
    for name in ("section", "basis", "says", "note", "group"):
        value = getattr(claim, name)
        if value is not None:
            props[name] = value
    if claim.links:
        props["links"] = links_text(claim, model)
    return props


def _properties(model: Model, fmt: str) -> dict[str, dict[str, str]]:
    result: dict[str, dict[str, str]] = {}
    for cid, claim in model.claims.items():
        encoded = {k: encode_text(v, fmt) for k, v in claim_properties(model, claim).items()}
        if fmt == "net":
            encoded = {k: f'"{v}"' for k, v in encoded.items()}
        result[cid] = encoded
    return result


def to_network(model: Model, fmt: str, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as ``fmt`` (``bif``, ``xmlbif`` or ``net``) text, credences applied."""
    from ..pgmpy_bridge import write_network

    text = write_network(model, fmt, overrides, _properties(model, fmt))
    if fmt == "net":
        # Hugin keeps the network's name in the net block; pgmpy writes an empty one.
        text = text.replace("net {\n}\n", f'net {{\n    name = "{model.id}";\n}}\n', 1)
    return text


def to_bif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as BIF text (the Bayesian Interchange Format read by GeNIe, bnlearn, ...)."""
    return to_network(model, "bif", overrides)


def to_xmlbif(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as XMLBIF 0.3 text."""
    return to_network(model, "xmlbif", overrides)


def to_net(model: Model, overrides: Mapping[str, Value] | None = None) -> str:
    """The model as Hugin NET text (read by Hugin, GeNIe, Netica and pyAgrum)."""
    return to_network(model, "net", overrides)


def model_dict(
    model: Model,
    result: Result | None = None,
    *,
    overrides: Mapping[str, Value] | None = None,
    credences: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole model, its numbers (with credences applied) and results, as plain data."""
    from ..tables import build_tables, point_values

    values = point_values(model, overrides)
    tables = build_tables(model, values)
    claims: dict[str, Any] = {}
    for table, (cid, claim) in zip(tables, model.claims.items(), strict=True):
        claims[cid] = {
            "statement": claim.statement,
            "short": claim.short,
            "states": list(claim.states),
            "section": claim.section,
            "basis": claim.basis,
            "says": claim.says,
            "note": claim.note,
            "group": claim.group,
            "form": claim.kind,
            "logic": claim.logic,
            "parents": [
                {
                    "claim": link.parent,
                    "role": link.role,
                    "active": [model.claims[link.parent].states[i] for i in link.active],
                    "toward": claim.states[link.toward],
                }
                for link in claim.links
            ],
            "table": {
                "axes": [*claim.parents, cid],
                "values": table.tolist(),
            },
        }
    parameters = {
        pid: {
            "claim": p.claim,
            "label": p.label,
            "states": list(p.states),
            "mean": [float(x) for x in values[pid]],
            "set_by_credences": pid in (overrides or {}),
        }
        for pid, p in model.parameters.items()
    }
    data: dict[str, Any] = {
        "argmap": 1,
        "id": model.id,
        "title": model.title,
        "description": model.description,
        "source": model.source,
        "output": {"claim": model.output[0], "state": model.output_label.split("=", 1)[1]},
        "groups": [{"id": g, "title": t} for g, t in model.groups],
        "claims": claims,
        "parameters": parameters,
        "credences": dict(credences) if credences else None,
    }
    if result is not None:
        data["result"] = result.to_dict()
    return data


def to_json(
    model: Model,
    result: Result | None = None,
    *,
    overrides: Mapping[str, Value] | None = None,
    credences: Mapping[str, Any] | None = None,
) -> str:
    """:func:`model_dict` as JSON text (UTF-8, non-ASCII kept, finite numbers only)."""
    data = model_dict(model, result, overrides=overrides, credences=credences)
    return json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False) + "\n"

