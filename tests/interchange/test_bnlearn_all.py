"""Every bnlearn network shipped with pgmpy (all 24) imports, and its YAML loads as the same model.

Slow (pgmpy's BIF reader takes seconds on the big ones): left out of the fast suite
(``.ci/fast-args``), run by ``make test``. Each network is imported from its ``.bif.gz``; the
YAML written is loaded back (``load_model``) and must equal the imported model, with every
table entry equal to pgmpy's (renormalised rows aside, which the report names); the networks
the engine compiles within its default budget answer with pyAgrum's marginals (within 1e-6).
"""

from __future__ import annotations

import dataclasses
import gzip
from pathlib import Path

import numpy as np
import pytest

import argmap
from argmap.interchange import import_network
from argmap.loading import MAX_BYTES
from argmap.tables import build_tables, point_values
from tests.support.exports import EXAMPLES

NETWORKS = sorted(p.name.removesuffix(".bif.gz") for p in EXAMPLES.glob("*.bif.gz"))
NOT_QUERIED = {"munin1"}
"""Every network compiles within the default budget; munin1 is not queried here: one pass takes
about 10 s and 3.5 GB (bench/bench_engine.py measures it against pyAgrum)."""


def test_all_24_are_there() -> None:
    assert len(NETWORKS) == 24


def pyagrum_marginals(path: Path, tmp_path: Path) -> dict[str, np.ndarray]:
    import pyagrum as gum

    bif = tmp_path / f"{path.name.removesuffix('.gz')}"
    bif.write_bytes(gzip.decompress(path.read_bytes()))
    network = gum.loadBN(str(bif))
    engine = gum.LazyPropagation(network)
    engine.makeInference()
    return {network.variable(n).name(): np.array(engine.posterior(n).toarray(), dtype=float)
            for n in network.nodes()}


@pytest.mark.parametrize("name", NETWORKS)
def test_every_bnlearn_network_imports_and_loads(name: str, tmp_path: Path) -> None:
    from pgmpy.readwrite import BIFReader

    path = EXAMPLES / f"{name}.bif.gz"
    imported = import_network(path)
    saved = tmp_path / f"{name}.yaml"
    saved.write_text(imported.text, encoding="utf-8")
    assert saved.stat().st_size <= MAX_BYTES
    model = argmap.load_model(saved)
    assert model == dataclasses.replace(imported.model, path=str(saved))
    network = BIFReader(string=gzip.open(path, "rt").read()).get_model()
    tables = build_tables(model, point_values(model))
    renormalised = {claim for claim, _, _ in imported.report.renormalised}
    var_of = {cid: var for var, cid in imported.report.renamed_claims}
    for table, (cid, claim) in zip(tables, model.claims.items(), strict=True):
        cpd = network.get_cpds(var_of.get(cid, cid))
        assert [var_of.get(p, p) for p in claim.parents] == cpd.variables[1:]
        theirs = np.asarray(cpd.get_values(), dtype=float).T.reshape(table.shape)
        if cid in renormalised:
            theirs = theirs / theirs.sum(axis=-1, keepdims=True)
        # within 1e-9: a two-state claim's second entry is 1 - p, and a distribution that
        # sums to 1 within 1e-9 is normalised when the model is read (YAML has every digit)
        assert np.allclose(table, theirs, rtol=0, atol=1e-9), cid
    if name in NOT_QUERIED:
        return
    result = argmap.marginals(model)
    if name == "child":  # pyAgrum cannot read child.bif ("Asy/Patch" as a state)
        return
    reference = pyagrum_marginals(path, tmp_path)
    for cid, dist in result.distributions.items():
        ref = reference[var_of.get(cid, cid)]
        # pyAgrum's own posteriors are a few 1e-9 off (asia's smoke, a 0.5 prior in the file,
        # comes back as 0.5000000026): the engine's exactness is tested against pgmpy elsewhere
        assert np.allclose(list(dist.values()), ref, rtol=0, atol=1e-6), cid
