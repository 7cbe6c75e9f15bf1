"""Random argument maps (as model YAML) and a brute-force joint, for the analysis tests.

Every dependence form and value form appears: priors, explicit tables, noisy-OR/AND and logic;
points, beta, intervals, mean/sd and dirichlet; two- and three-state claims.
"""

from __future__ import annotations

import json
from itertools import product

import numpy as np

from argmap.loading import load_model_text
from argmap.model import Model
from argmap.tables import build_tables, point_values

THREE = ("low", "medium", "high")


def _scalar(rng: np.random.Generator, uncertain: bool) -> str:
    p = float(rng.uniform(0.05, 0.95))
    kind = int(rng.integers(0, 4)) if uncertain else 0
    if kind == 1:
        return f'"beta({rng.uniform(1, 8):.3f}, {rng.uniform(1, 8):.3f})"'
    if kind == 2:
        lo = float(rng.uniform(0.0, 0.6))
        return f"[{lo:.4f}, {lo + rng.uniform(0.05, 0.35):.4f}]"
    if kind == 3:
        return f"{{mean: {p:.4f}, sd: {0.5 * np.sqrt(p * (1 - p)) * rng.uniform(0.2, 0.9):.4f}}}"
    return f"{p:.4f}"


def _dist(rng: np.random.Generator, uncertain: bool) -> str:
    if uncertain and rng.random() < 0.5:
        alphas = rng.uniform(1, 6, 3)
        return '"dirichlet(' + ", ".join(f"{a:.3f}" for a in alphas) + ')"'
    raw = rng.dirichlet([2.0, 2.0, 2.0])
    values = [round(float(x), 6) for x in raw[:2]]
    values.append(round(1.0 - sum(values), 12))
    return "{" + ", ".join(f"{s}: {v!r}" for s, v in zip(THREE, values, strict=True)) + "}"


def random_model_text(seed: int, n: int = 7, uncertain: bool = True, max_parents: int = 3) -> str:
    """A random model file of ``n`` claims; the last claim is the declared output."""
    rng = np.random.default_rng(seed)
    lines = ["id: random", f"title: Random model {seed}", "claims:"]
    cards: list[int] = []
    for i in range(n):
        cid = f"c{i}"
        options = list(range(i))
        k = min(len(options), int(rng.integers(0, max_parents + 1)))
        if i == n - 1 and i > 0:  # the output depends on something
            k = max(k, min(len(options), 2))
        parents = sorted(rng.choice(options, size=k, replace=False).tolist()) if k else []
        form = "prior" if not parents else str(rng.choice(["table", "table", "noisy", "logic"]))
        card = 3 if form in ("prior", "table") and rng.random() < 0.3 else 2
        if i == n - 1:
            card = 2
        cards.append(card)
        lines.append(f"  {cid}:")
        lines.append(f"    statement: Claim {i}.")
        if card == 3:
            lines.append(f"    states: {json.dumps(list(THREE))}")
        value = (lambda: _dist(rng, uncertain)) if card == 3 else (lambda: _scalar(rng, uncertain))
        if form == "prior":
            lines.append(f"    prior: {value()}")
            continue
        lines.append("    parents: {" + ", ".join(f"c{p}: null" for p in parents) + "}")
        if form == "table":
            lines.append("    table:")
            for combo in product(*(range(cards[p]) for p in parents)):
                when = ", ".join(
                    f"c{p}: {json.dumps(THREE[s] if cards[p] == 3 else ('true', 'false')[s])}"
                    for p, s in zip(parents, combo, strict=True)
                )
                lines.append(f"      - when: {{{when}}}")
                lines.append(f"        p: {value()}")
        elif form == "noisy":
            kind = str(rng.choice(["noisy_or", "noisy_and"]))
            strengths = ", ".join(f"c{p}: {_scalar(rng, uncertain)}" for p in parents)
            lines.append(
                f"    {kind}: {{leak: {_scalar(rng, uncertain)}, strengths: {{{strengths}}}}}"
            )
        else:
            lines.append(f"    logic: {rng.choice(['all', 'any']) if len(parents) > 1 else 'not'}")
    lines.insert(2, f'output: {{claim: c{n - 1}, state: "true"}}')
    return "\n".join(lines) + "\n"


def random_model(seed: int, n: int = 7, uncertain: bool = True) -> Model:
    """:func:`random_model_text`, loaded."""
    return load_model_text(random_model_text(seed, n, uncertain), f"<random {seed}>")


def joint(model: Model, values: dict[str, np.ndarray] | None = None) -> np.ndarray:
    """The full joint distribution (one axis per claim, model order), by brute force."""
    tables = build_tables(model, values if values is not None else point_values(model))
    index = {cid: i for i, cid in enumerate(model.claims)}
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    terms = []
    for i, claim in enumerate(model.claims.values()):
        terms.append("".join(letters[index[p]] for p in claim.parents) + letters[i])
    out = letters[: len(model.claims)]
    return np.asarray(np.einsum(",".join(terms) + "->" + out, *tables))
