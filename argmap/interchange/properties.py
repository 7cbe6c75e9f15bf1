"""A claim's text carried as variable properties of BIF, XMLBIF and Hugin NET files, both ways.

The network files hold the numbers (every claim's table, in full precision, with credences
applied) and, as variable properties, the claim's text: ``label`` (the statement), ``short``,
``section``, ``basis``, ``evidence``, ``says``, ``note``, ``group`` and ``links`` (each link's
role, active states and ``toward`` state as ``parent:role:active+active:toward``), plus
``argmap = 1`` marking the file as written by argmap, so
:func:`argmap.interchange.import_network` restores the claims exactly (:func:`claim_text` and
:func:`roles_from_links` read them back).

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

from collections.abc import Mapping
from urllib.parse import unquote

from ..model import Claim, Model
from ..schema import ID_RE
from .network import NetworkData

MARK = "argmap"
"""The property that marks a variable as written by argmap (its text is %-encoded)."""

_BASES = ("report", "interpretation", "mixed")
_ROLES = ("supports", "undermines", "moderates", "-")

Role = tuple[str | None, list[str], str]
"""A link as read back: role (or None), active states, toward state."""

# Characters that are escaped in every format, and the extra ones per format.
_ALWAYS = set('%"\\;={}()')
_EXTRA: dict[str, set[str]] = {"bif": set(), "xmlbif": set(), "net": set(), "xdsl": set()}
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
    for name in ("section", "basis", "evidence", "says", "note", "group"):
        value = getattr(claim, name)
        if value is not None:
            props[name] = value
    if claim.links:
        props["links"] = links_text(claim, model)
    return props


def encoded_properties(model: Model, fmt: str) -> dict[str, dict[str, str]]:
    """Every claim's properties, escaped for ``fmt`` (and quoted, as Hugin NET wants)."""
    result: dict[str, dict[str, str]] = {}
    for cid, claim in model.claims.items():
        encoded = {k: encode_text(v, fmt) for k, v in claim_properties(model, claim).items()}
        if fmt == "net":
            encoded = {k: f'"{v}"' for k, v in encoded.items()}
        result[cid] = encoded
    return result


def _unquoted(raw: str) -> str:
    raw = raw.strip()
    return raw[1:-1] if len(raw) >= 2 and raw[0] == raw[-1] == '"' else raw


def claim_text(var: str, props: Mapping[str, str], ours: bool) -> dict[str, str]:
    """A claim's text fields from a variable's raw properties.

    From an argmap-written file (``ours``), every field, decoded; from anyone else's, the
    ``label`` (Hugin's, or GeNIe's node name) as the statement, or else the variable's name,
    and a ``comment`` (GeNIe's node description) as ``says``.

    >>> claim_text("s", {"label": '"Smokes \\\\"a lot\\\\""'}, ours=False)["statement"]
    'Smokes "a lot"'
    >>> claim_text("s", {"label": "It%3B rains", "basis": "report"}, ours=True)
    {'statement': 'It; rains', 'basis': 'report'}
    """
    if not ours:
        label = props.get("label", "").strip()
        if len(label) >= 2 and label[0] == label[-1] == '"':
            label = label[1:-1].replace('\\"', '"')
        found = {"statement": label.strip() or var, "basis": "interpretation"}
        if props.get("comment", "").strip():  # a description (GeNIe's node comment)
            found["says"] = props["comment"].strip()
        return found
    result: dict[str, str] = {"statement": decode_text(_unquoted(props.get("label", ""))) or var}
    for key in ("short", "section", "basis", "evidence", "says", "note", "group", "links"):
        if key in props:
            result[key] = decode_text(_unquoted(props[key]))
    if result.get("basis") not in _BASES:
        result.pop("basis", None)
    if result.get("evidence") not in ("V", "S", "M"):
        result.pop("evidence", None)
    if "group" in result and not ID_RE.fullmatch(result["group"]):
        result.pop("group")
    return result


def roles_from_links(
    data: NetworkData,
    states: Mapping[str, list[str]],
    claim_texts: Mapping[str, dict[str, str]],
) -> dict[tuple[str, str], Role]:
    """(child, parent) -> the link's role, active states and toward, from ``links``.

    Undoes :func:`links_text`; links that do not fit the network read are left out.
    """
    result: dict[tuple[str, str], Role] = {}
    for var in data.variables:
        for item in claim_texts[var].get("links", "").split():
            parts = item.split(":")
            if len(parts) != 4 or parts[0] not in data.parents[var]:
                continue
            parent, role, active, toward = parts
            actives = [a for a in active.split("+") if a in states[parent]]
            if role not in _ROLES or not actives:
                continue
            if toward in states[var]:
                result[(var, parent)] = (None if role == "-" else role, actives, toward)
    return result
