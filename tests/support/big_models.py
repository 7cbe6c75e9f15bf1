"""Small model files whose compiled networks are large (issue 13, class 1): generators for the
size-budget tests and the corpus files ``tests/bad_inputs/model_too_big_*.yaml``.

Each returns the text of a valid model file (every claim two-state): the files are small (a
few KB), but their junction trees are not.
"""

from __future__ import annotations

import numpy as np

HEADER = """argmap: 1
id: {id}
title: {title}
output:
  claim: {output}
  state: "true"
claims:
"""


def _prior(name: str) -> str:
    return f"  {name}:\n    statement: Claim {name}.\n    prior: 0.5\n"


def _noisy_or(name: str, parents: list[str], rng: np.random.Generator) -> str:
    strengths = ", ".join(f"{p}: {rng.uniform(0.1, 0.9):.2f}" for p in parents)
    return (
        f"  {name}:\n    statement: Claim {name}.\n    parents: [{', '.join(parents)}]\n"
        f"    noisy_or: {{leak: 0.05, strengths: {{{strengths}}}}}\n"
    )


def model_text(name: str, title: str, parents: list[list[int]], seed: int = 0) -> str:
    """A model over claims ``c0..c{n-1}``: a prior for each claim without parents, a noisy-OR
    over the claims ``parents[i]`` (indices below ``i``) for the others; the last is the output.
    """
    rng = np.random.default_rng(seed)
    n = len(parents)
    text = HEADER.format(id=name, title=title, output=f"c{n - 1}")
    for i, pa in enumerate(parents):
        names = [f"c{p}" for p in pa]
        text += _noisy_or(f"c{i}", names, rng) if pa else _prior(f"c{i}")
    return text


def noisy_or_dense(n: int = 48, k: int = 8, seed: int = 0) -> str:
    """The issue's first example: ``n`` claims, each after the first ``k`` a noisy-OR of ``k``
    parents drawn at random from the claims before it (about 6 KB for 48 claims)."""
    rng = np.random.default_rng(seed)
    parents = [[] if i < k else sorted(rng.choice(i, size=k, replace=False).tolist())
               for i in range(n)]
    return model_text("dense_noisy_or", "Forty-eight claims, eight parents each", parents, seed)


def dense_links(roots: int = 32, effects: int = 32, k: int = 10, seed: int = 1) -> str:
    """"Dense links": ``effects`` claims, each a noisy-OR of ``k`` of the same ``roots``
    causes, so that the causes are all married to each other in the moral graph."""
    rng = np.random.default_rng(seed)
    parents = [[] for _ in range(roots)]
    parents += [sorted(rng.choice(roots, size=k, replace=False).tolist()) for _ in range(effects)]
    return model_text("dense_links", "Causes shared by many effects", parents, seed)


def huge(n: int = 200, k: int = 10, seed: int = 2) -> str:
    """The issue's third example: a 38 KB model whose full triangulation needs cliques of
    hundreds of GiB (``n`` claims, ``k`` random earlier parents each)."""
    rng = np.random.default_rng(seed)
    parents = [[] if i < k else sorted(rng.choice(i, size=k, replace=False).tolist())
               for i in range(n)]
    return model_text("huge", "A few hundred claims, ten parents each", parents, seed)
