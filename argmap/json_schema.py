"""JSON Schemas of argmap's file types, for editors and other tools (``argmap schema``).

Generated from the pydantic file types of :mod:`argmap.schema` (``model_json_schema()``), then
given an ``$id``, a title, the ``$defs/value`` of a probability (a number, ``beta(a, b)``, an
interval, ``{mean, sd}``, a distribution) wherever :mod:`argmap.schema` keeps a number raw, and
a description for each key a person writes (what an editor shows on hover). A schema checks a
file's shape only: the rules that span claims (parents exist, tables cover every combination,
rows sum to 1) are argmap's own (``argmap validate``).

The package ships the generated files (``argmap/schemas/*.schema.json``, see
:func:`shipped_path`); a test checks they equal :func:`schema_text`, so they cannot drift.

Examples
--------
>>> schema = file_schema("model")
>>> schema["$id"], schema["title"], schema["required"]
('urn:argmap:schema:model:1', 'argmap model file', ['id', 'title', 'claims'])
>>> schema["$defs"]["ClaimSpec"]["properties"]["prior"]["$ref"]
'#/$defs/value'
>>> shipped_path("credences").name
'credences.schema.json'
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Final, Literal

from .schema import ID_PATTERN, CredenceSpec, ModelSpec

Kind = Literal["model", "credences"]
KINDS: Final[tuple[Kind, ...]] = ("model", "credences")
DRAFT: Final = "https://json-schema.org/draft/2020-12/schema"
FOLDER: Final = Path(__file__).resolve().parent / "schemas"
"""Where the package keeps the generated schemas."""

_VALUE: Final[dict[str, Any]] = {
    "description": "A probability: 0.3 (a point), 'beta(2, 5)', [0.1, 0.4] (an interval), "
    "{mean: 0.3, sd: 0.1}, or, for three or more states, {state: p, ...} or "
    "'dirichlet(2, 3, 5)'. See docs/format.md, Values.",
    "anyOf": [
        {"type": "number", "minimum": 0, "maximum": 1},
        {"type": "string",  # beta(...) or dirichlet(...), in any case
         "pattern": r"^\s*([Bb][Ee][Tt][Aa]|[Dd][Ii][Rr][Ii][Cc][Hh][Ll][Ee][Tt])\s*\("},
        {"type": "array", "items": {"type": "number"}, "minItems": 2, "maxItems": 2},
        {"type": "object"},
    ],
}

_HELP: Final[dict[str, dict[str, str]]] = {
    "ModelSpec": {
        "argmap": "The format's version: 1.",
        "id": "The model's id (a letter, then letters, digits or _); credence files name it.",
        "title": "The model's title.",
        "description": "What the model is about.",
        "source": "The document the model maps.",
        "output": "The claim (and state) the model is about; analyses target it by default.",
        "groups": "Named groups of claims (the app's controls, diagram clusters).",
        "claims": "The claims, by id: each an input (prior) or depending on its parents.",
    },
    "ClaimSpec": {
        "statement": "The claim in plain words (required).",
        "short": "A label for diagrams and the app.",
        "states": "The claim's states (default [true, false]); the first is 'the claim holds'.",
        "section": "Where in the source.",
        "basis": "report (the source says it), interpretation (our reading) or mixed.",
        "evidence": "How it was checked: V the source's own text, S a secondary source, "
        "M unverified.",
        "says": "The source's point, paraphrased, with page or paragraph.",
        "note": "Why the claim is modelled this way.",
        "group": "One of the model's groups.",
        "prior": "An input's distribution: a number is P(first state).",
        "parents": "The claims this one depends on: a list of ids, or id: role (supports, "
        "undermines, moderates) or id: {role, active, toward}.",
        "table": "An explicit table: rows of {when: {parent: state}, p: value}; every parent "
        "combination matched by exactly one row. Or a compact table: a text block of numbers, "
        "one line per combination of the parents' states (the last parent changing fastest), "
        "one number per state of the claim.",
        "noisy_or": "Two-state claims: P(holds) = 1 - (1 - leak) * product over active parents "
        "of (1 - strength).",
        "noisy_and": "Two-state claims: holds when all its conditions hold; leak and a strength "
        "per condition.",
        "logic": "Deterministic: all / any of the parents active, or not (one parent).",
        "stated": "A marginal the source states for the claim (compared by argmap coherence).",
    },
    "RowSpec": {"when": "Parent states of this row (a parent left out matches any state).",
                "p": "The claim's distribution in this case."},
    "NoisySpec": {"leak": "The probability with no active parent.",
                  "strengths": "One strength per parent: parent id -> probability."},
    "CredenceSpec": {
        "argmap": "The format's version: 1.",
        "model": "The id of the model these numbers are for.",
        "author": "Whose numbers these are.",
        "date": "When (YYYY-MM-DD).",
        "note": "Where the numbers come from.",
        "illustrative": "true marks a made-up example profile.",
        "credences": "Numbers by parameter id (slack, rain[cloudy=true], wet.leak) or by claim "
        "(a prior, a list of table rows, or a noisy claim's leak and strengths).",
    },
}

_RAW: Final[dict[str, tuple[str, ...]]] = {
    "ClaimSpec": ("prior",), "RowSpec": ("p",), "NoisySpec": ("leak",), "StatedSpec": ("p",),
}  # fmt: skip
"""Keys :mod:`argmap.schema` keeps raw (``Any``) that hold a probability."""

_TITLES: Final[dict[Kind, tuple[str, str]]] = {
    "model": ("argmap model file", "An argument map: claims, their links and numbers "
              "(docs/format.md)."),
    "credences": ("argmap credence file", "One person's numbers for a model's settable "
                  "parameters (docs/format.md, Credence files)."),
}  # fmt: skip


def _describe(name: str, definition: dict[str, Any]) -> None:
    properties = definition.get("properties", {})
    for key, text in _HELP.get(name, {}).items():
        properties[key]["description"] = text
    for key in _RAW.get(name, ()):
        properties[key] = {**{k: v for k, v in properties[key].items() if k == "description"},
                           "$ref": "#/$defs/value"}  # fmt: skip
    if name == "ClaimSpec":  # a compact table is text, expanded into rows before validation
        properties["table"]["anyOf"].insert(1, {"type": "string"})
    if name == "NoisySpec":
        properties["strengths"]["additionalProperties"] = {"$ref": "#/$defs/value"}


def file_schema(kind: Kind) -> dict[str, Any]:
    """The JSON Schema of a ``model`` or ``credences`` file (a fresh dict each call)."""
    spec = ModelSpec if kind == "model" else CredenceSpec
    generated = spec.model_json_schema()
    defs: dict[str, Any] = generated.pop("$defs", {})
    name = str(generated.pop("title"))
    _describe(name, generated)
    for def_name, definition in defs.items():
        _describe(def_name, definition)
    if kind == "model":
        generated["properties"]["claims"]["propertyNames"] = {"pattern": ID_PATTERN}
    title, description = _TITLES[kind]
    head = {"$schema": DRAFT, "$id": f"urn:argmap:schema:{kind}:1", "title": title,
            "description": description}  # fmt: skip
    generated.pop("description", None)
    defs["value"] = copy.deepcopy(_VALUE)
    return {**head, **generated, "$defs": dict(sorted(defs.items()))}


def schema_text(kind: Kind) -> str:
    """:func:`file_schema` as the text of its file: indented JSON ending in a newline."""
    return json.dumps(file_schema(kind), indent=2, ensure_ascii=False) + "\n"


def shipped_path(kind: str) -> Path:
    """The schema file the package ships for ``kind`` (``model``, ``credences``, ``output``)."""
    return FOLDER / f"{kind}.schema.json"
