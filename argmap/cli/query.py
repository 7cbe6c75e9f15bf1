"""``argmap validate`` and ``argmap query``: check a model, and its exact marginals.

Examples
--------
>>> from argmap.cli import main
>>> main(["validate", "models/examples/sprinkler.yaml"])
models/examples/sprinkler.yaml: ok (4 claims, 8 numbers)
"""

from __future__ import annotations

import typer

from .options import CredOpt, DoOpt, EvidenceOpt, JsonOpt, ModelArg, echo_json, load, parse_context


def validate_command(model: ModelArg = None, credences: CredOpt = None) -> None:
    """Check a model (and a credence file): every problem, located, at once."""
    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    lines = [f"{m.path}: ok ({len(m.claims)} claims, {len(m.parameters)} numbers)"]
    if cred is not None:
        lines.append(f"{cred.path}: ok ({len(cred.values)} numbers set)")
    typer.echo("\n".join(lines))


def query_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Exact marginal probability of every claim."""
    from ..inference import marginals
    from .render import result_table

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    observed, forced = parse_context(evidence, do)
    result = marginals(m, cred, evidence=observed, do=forced)
    if as_json:
        data = result.to_dict()
        data["credences"] = cred.path if cred else None
        data["output"] = {"claim": m.output[0], "state": m.claims[m.output[0]].states[m.output[1]]}
        echo_json(data)
    else:
        typer.echo(result_table(m, result, cred))
