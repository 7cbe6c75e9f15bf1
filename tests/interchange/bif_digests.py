"""A digest of a :class:`NetworkData`: every name, state, parent, property and table bit.

``tests/data/bnlearn_bif_digests.json`` holds the digest of pgmpy 1.1.2's reading of each
bnlearn network shipped with pgmpy (through ``read_pgmpy``, the reader ``argmap import`` used
before the native one); ``python -m tests.interchange.bif_digests`` writes it again from pgmpy
(about 10 minutes on the 2-core machine: pgmpy's reader is slow on the big networks).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

from argmap.interchange.network import NetworkData

DIGESTS = Path(__file__).resolve().parents[1] / "data" / "bnlearn_bif_digests.json"


def digest(data: NetworkData) -> str:
    """SHA-256 of the data's names, states, parents, properties and tables (dtype, shape, bits)."""
    h = hashlib.sha256()
    plain = {
        "name": data.name, "variables": list(data.variables),
        "states": {v: list(data.states[v]) for v in data.variables},
        "parents": {v: list(data.parents[v]) for v in data.variables},
        "properties": {v: dict(data.properties.get(v, {})) for v in data.variables},
    }
    h.update(json.dumps(plain, sort_keys=True).encode())
    for v in data.variables:
        table = np.asarray(data.tables[v])
        h.update(f"{v}:{table.dtype.str}:{table.shape}".encode())
        h.update(np.ascontiguousarray(table).tobytes())
    return h.hexdigest()


def main(examples: Path) -> None:  # pragma: no cover - run by hand, with pgmpy
    from argmap.interchange.pgmpy_bridge import read_pgmpy

    found = {}
    for path in sorted(examples.glob("*.bif.gz")):
        text = gzip.open(path, "rt").read()
        found[path.name.removesuffix(".bif.gz")] = digest(read_pgmpy(text, "bif"))
        print(path.name, found[path.name.removesuffix(".bif.gz")], flush=True)
    DIGESTS.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")


if __name__ == "__main__":  # pragma: no cover
    from tests.support.exports import EXAMPLES

    main(Path(sys.argv[1]) if len(sys.argv) > 1 else EXAMPLES)
