"""A discrete network read from a file, as plain data: what every network reader returns.

Readers (:func:`argmap.interchange.bif.parse_bif`, ...) produce a :class:`NetworkData`; the
import pipeline (:mod:`argmap.interchange.importing`) turns it into an argmap model. It holds
no pgmpy objects, so a reader that does not use pgmpy (a future BayesDown reader) returns the
same thing (with the lines
it read each variable from, and any stated marginals).

>>> import numpy as np
>>> data = NetworkData("demo", ("rain",), {"rain": ("yes", "no")}, {"rain": ()},
...                    {"rain": np.array([0.2, 0.8])})
>>> data.tables["rain"].shape, dict(data.properties)
((2,), {})
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from ..errors import Code

IMPORT_TOLERANCE = 1e-6
"""Rows of imported tables may sum to 1 within this; they are renormalised (and counted)."""


@dataclass(frozen=True)
class NetworkData:
    """A discrete network read from a file, free of pgmpy objects.

    ``tables[v]`` has the parents' axes first (in ``parents[v]`` order) and ``v``'s own axis
    last, like :func:`argmap.tables.build_tables`. ``properties[v]`` holds the file's raw
    property text for ``v`` (name -> value), undecoded.
    """

    name: str | None
    variables: tuple[str, ...]
    states: Mapping[str, tuple[str, ...]]
    parents: Mapping[str, tuple[str, ...]]
    tables: Mapping[str, np.ndarray]
    properties: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    lines: Mapping[str, int] = field(default_factory=dict)
    """The line of the file each variable is defined on, where the reader knows it."""
    stated: Mapping[str, np.ndarray] = field(default_factory=dict)
    """A marginal the file states for a variable beside its table (BayesDown's ``priors`` of
    a node with causes), summing to 1; written as the claim's ``stated:``."""


class NetworkSyntaxError(ValueError):
    """A reader's problem at a place in the file (``line`` and ``column`` from 1).

    Readers that know where a problem is raise this; the import pipeline turns it into a
    located :class:`argmap.errors.Problem` (code ``syntax``, or ``code`` when given).
    """

    def __init__(self, message: str, line: int | None = None, column: int | None = None,
                 code: Code = "syntax") -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column
        self.code: Code = code
