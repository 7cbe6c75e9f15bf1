"""Optional parts of argmap: which extra installs which package, and one clear message when
one is missing.

The core (``pip install argmap``) reads, validates, queries, analyses and exports diagrams. The
app needs ``argmap[app]`` (streamlit, altair), other tools' network files and the pgmpy bridge
``argmap[networks]`` (pgmpy), notebook tables ``pandas``, the pyAgrum bridge ``pyagrum``.
``argmap[all]`` installs everything. Each optional package is imported only where it is used,
through :func:`require`, so a missing one is an :class:`~argmap.errors.ExportError`-style
located problem (code ``missing-extra``, exit 2 from the CLI), never an ``ImportError``.

Examples
--------
>>> require("json", extra="core", feature="reading JSON").__name__
'json'
>>> require("no_such_package_xyz", extra="networks", feature="BIF export")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
argmap.errors.MissingExtraError: BIF export: needs no_such_package_xyz, which is not installed:...
"""

from __future__ import annotations

import importlib
from types import ModuleType

from .errors import MissingExtraError, Problem

EXTRAS: dict[str, tuple[str, ...]] = {
    "app": ("streamlit", "altair"),
    "networks": ("pgmpy",),
    "pandas": ("pandas",),
    "pyagrum": ("pyagrum",),
}
"""Each extra and the import names it provides (``pip install 'argmap[<extra>]'``)."""


def missing_extra(module: str, *, extra: str, feature: str) -> MissingExtraError:
    """The error for ``feature`` needing ``module``, which ``argmap[extra]`` installs.

    >>> print(missing_extra("pgmpy", extra="networks", feature="XMLBIF import"))
    XMLBIF import: needs pgmpy, which is not installed: pip install 'argmap[networks]'
    """
    message = f"needs {module}, which is not installed: pip install 'argmap[{extra}]'"
    return MissingExtraError([Problem(None, None, None, message, loc=(feature,),
                                      code="missing-extra")])


def require(module: str, *, extra: str, feature: str) -> ModuleType:
    """Import ``module`` for ``feature``, or raise :func:`missing_extra`'s error.

    Only a missing top-level package is reported this way; an ``ImportError`` from inside an
    installed package (a broken install) propagates, as it is not the user's input.
    """
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as err:
        if err.name is not None and err.name.split(".")[0] != module.split(".")[0]:
            raise
        raise missing_extra(module, extra=extra, feature=feature) from None
