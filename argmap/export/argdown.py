"""The argument map as Argdown (https://argdown.org), for argument-mapping tools.

Every claim becomes a statement titled with its id, ``[rain]: It rains.``, followed by its
data in Argdown's ``{...}`` syntax: its states, probabilities (with a result), form and
provenance (section, basis, what the source says, note, group). Links become relations by
role: ``<+ [parent]`` for supports and ``<- [parent]`` for undermines. Argdown has no relation
for *moderates* (or for a link without a role); those parents are listed in the data as
``moderated_by`` and ``linked_from``. The data marks inputs (``input: true``) and the output
(``output: <state>``); there are no inline tags, so the statement text is exactly the claim's.

Statement text cannot break the syntax: Argdown's special characters (brackets, angle
brackets, braces, ``#``, ``@``, ``*``, ``_``, ``=``, ``/``, backslash, and ``.``/``:``
directly before a non-space, which could form a shortcode) are escaped with a backslash, and
line breaks become spaces. When that changes the text, the exact statement is kept in the
data as ``statement``. Data values are JSON with braces escaped, so text there cannot end the
data block.

Examples
--------
>>> from argmap.loading import load_model
>>> from argmap.inference import marginals
>>> model = load_model("models/examples/sprinkler.yaml")
>>> text = to_argdown(model, marginals(model))
>>> print(text.split("[wet]")[1].splitlines()[1:])
['    <+ [rain]', '    <+ [sprinkler]']
>>> escape("U.S.A. [1] <b> #tag")
'U\\\\.S\\\\.A. \\\\[1\\\\] \\\\<b\\\\> \\\\#tag'
"""

from __future__ import annotations

import json
from typing import Any

from ..inference import Result
from ..model import Claim, Model
from .dot import shown

_ALWAYS = set("\\@#*_[]<>{}/=`")
_BEFORE_TEXT = set(".:")
RELATION = {"supports": "<+", "undermines": "<-"}


def flatten(text: str) -> str:
    """``text`` on one line, as an Argdown statement shows it (whitespace runs become one space).

    >>> flatten("  two\\n lines ")
    'two lines'
    """
    return " ".join(shown(text).split())


def escape(text: str) -> str:
    """Argdown statement text that the parser reads back as :func:`flatten` of ``text``."""
    flat = flatten(text)
    out = []
    for i, ch in enumerate(flat):
        nxt = flat[i + 1] if i + 1 < len(flat) else " "
        if ch in _ALWAYS or (ch in _BEFORE_TEXT and not nxt.isspace()):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def data_json(value: Any) -> str:
    """JSON for inside Argdown's ``{...}``: ASCII only, braces in strings escaped."""
    text = json.dumps(value, ensure_ascii=True, allow_nan=False, separators=(", ", ": "))
    return _escape_braces_in_strings(text)


def _escape_braces_in_strings(text: str) -> str:
    out: list[str] = []
    in_string = False
    escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
            elif ch in "{}":
                out.append(f"\\u{ord(ch):04x}")
                continue
        elif ch == '"':
            in_string = True
        out.append(ch)
    return "".join(out)


def claim_data(model: Model, claim: Claim, result: Result | None) -> dict[str, Any]:
    """The data block of a claim's statement."""
    data: dict[str, Any] = {"states": list(claim.states), "form": claim.kind}
    if claim.is_input:
        data["input"] = True
    if claim.id == model.output[0]:
        data["output"] = claim.states[model.output[1]]
    if result is not None:
        data["p"] = dict(result.distributions[claim.id])
        if claim.id in result.evidence:
            state = result.evidence[claim.id]
            data["given" if model.given.get(claim.id) == state else "observed"] = state
        if claim.id in result.do:
            data["set"] = result.do[claim.id]
    for name in ("section", "basis", "evidence", "says", "note", "group"):
        value = getattr(claim, name)
        if value is not None:
            data[name] = value
    moderated = [link.parent for link in claim.links if link.role == "moderates"]
    linked = [link.parent for link in claim.links if link.role is None]
    if moderated:
        data["moderated_by"] = moderated
    if linked:
        data["linked_from"] = linked
    if flatten(claim.statement) != claim.statement:
        data["statement"] = claim.statement
    return data


def to_argdown(model: Model, result: Result | None = None) -> str:
    """The model as Argdown text: statements with data, and relations by role."""
    lines = [
        f"// argmap model {model.id}: statements carry probabilities and provenance as data.",
        "",
        f"# {escape(model.title)}",
        "",
    ]
    for cid, claim in model.claims.items():
        text = escape(claim.statement) or "\\ "
        lines.append(f"[{cid}]: {text} {data_json(claim_data(model, claim, result))}")
        for link in claim.links:
            if link.role in RELATION:
                lines.append(f"    {RELATION[link.role]} [{link.parent}]")
        lines.append("")
    return "\n".join(lines)
