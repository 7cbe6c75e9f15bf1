"""``argmap validate``, ``argmap coherence`` and ``argmap query``: check a model (its stated
marginals too), and its exact marginals.

Examples
--------
>>> from argmap.cli import main
>>> main(["validate", "models/examples/sprinkler.yaml"])
models/examples/sprinkler.yaml: ok (4 claims, 8 numbers); largest clique 8 entries, 16 in all
"""

from __future__ import annotations

import typer

from .options import (
    CredOpt,
    DoOpt,
    EvidenceOpt,
    JsonOpt,
    ModelArg,
    ToleranceOpt,
    UnconditionalOpt,
    context,
    echo_json,
    load,
)


def validate_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    tolerance: ToleranceOpt = 0.01,
    as_json: JsonOpt = False,
) -> None:
    """Check a model (and a credence file): every problem, located, at once, and the size of its
    compiled network (a model past the size budget is refused). Stated marginals the tables
    contradict are warnings (the exit code stays 0)."""
    from ..analysis import coherence
    from ..inference import model_size
    from .render import coherence_warnings

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    size = model_size(m)  # refuses a model past the size budget before anything is computed
    checked = coherence(m, cred, tolerance=tolerance)
    lines = [
        f"{m.path}: ok ({len(m.claims)} claims, {len(m.parameters)} numbers); "
        f"largest clique {size.largest:,} entries, {size.total:,} in all"
    ]
    if cred is not None:
        lines.append(f"{cred.path}: ok ({len(cred.values)} numbers set)")
    warnings = coherence_warnings(checked)
    if as_json:
        echo_json("validate", {
            "model": {"path": m.path, "id": m.id, "claims": len(m.claims),
                      "numbers": len(m.parameters)},
            "credences": {"path": cred.path, "numbers": len(cred.values)} if cred else None,
            "size": {"largest": size.largest, "total": size.total},
            "coherence": checked.to_dict(),
        }, [*loaded.warnings, *warnings])
    else:
        typer.echo("\n".join(lines))
    for warning in warnings:
        typer.echo(f"warning: {warning}", err=True)


def coherence_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    tolerance: ToleranceOpt = 0.01,
    as_json: JsonOpt = False,
) -> None:
    """Each stated marginal (a claim's stated: key) beside the marginal the tables imply."""
    from ..analysis import coherence
    from .render import coherence_table

    loaded = load(model, credences)
    result = coherence(loaded.model, loaded.credences, tolerance=tolerance)
    if as_json:
        data = result.to_dict()
        data["credences"] = loaded.credences.path if loaded.credences else None
        echo_json("coherence", data, loaded.warnings)
    else:
        typer.echo(coherence_table(result))


def query_command(
    model: ModelArg = None,
    credences: CredOpt = None,
    evidence: EvidenceOpt = None,
    do: DoOpt = None,
    unconditional: UnconditionalOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Exact marginal probability of every claim (under the model's headline condition, if it
    has one: the unconditional answer is shown beside it)."""
    from ..inference import headline, marginals
    from .render import Condition, result_table

    loaded = load(model, credences)
    m, cred = loaded.model, loaded.credences
    ctx = context(m, evidence, do, unconditional)
    user = {k: v for k, v in ctx.evidence.items() if k not in ctx.given}
    head = headline(m, cred, evidence=user, do=ctx.do) if not unconditional else None
    result = marginals(m, cred, evidence=ctx.evidence, do=ctx.do)
    p = result.p(m.output[0], m.output_state)
    condition = Condition(m.given, ctx.given, unconditional)
    if as_json:
        data = result.to_dict()
        data["credences"] = cred.path if cred else None
        data["output"] = {"claim": m.output[0], "state": m.output_state}
        data.update(condition.to_dict())
        data["p_given"] = p
        data["p_unconditional"] = head.p_unconditional if head else p
        echo_json("query", data, loaded.warnings)
    else:
        beside = head.p_unconditional if head and ctx.given else None
        typer.echo(result_table(m, result, cred, condition=condition, unconditional=beside))
