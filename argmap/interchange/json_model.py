"""The whole model as JSON data: claims, tables (credences applied), parameters and results.

Write-only: argmap reads models from YAML, and JSON is for other programs (notebooks, web
pages, scripts) that want every number argmap has without parsing YAML.

Examples
--------
>>> import json
>>> from argmap.loading import load_model
>>> model = load_model("models/examples/sprinkler.yaml")
>>> data = json.loads(to_json(model))
>>> data["claims"]["wet"]["table"]["axes"], data["output"]
(['rain', 'sprinkler', 'wet'], {'claim': 'wet', 'state': 'true', 'given': {}, 'note': None})
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..inference import Result
from ..model import Model
from ..tables import build_tables, point_values
from ..values import Value


def model_dict(
    model: Model,
    result: Result | None = None,
    *,
    overrides: Mapping[str, Value] | None = None,
    credences: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The whole model, its numbers (with credences applied) and results, as plain data."""
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
            "evidence": claim.evidence,
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
        "output": {"claim": model.output[0], "state": model.output_state,
                   "given": dict(model.given), "note": model.output_note},
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

