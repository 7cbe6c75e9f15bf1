"""The models and credence profiles that ship inside the package.

The repository keeps them in ``models/`` at its top level; ``argmap/models`` is a link to that
folder, so a checkout reads (and shows edits to) the same files a built wheel holds as package
data. :func:`models_dir` is the one way to find them: the CLI's default model and the app's
model list both resolve from it, so an installed argmap works from any folder.

Examples
--------
>>> folder = models_dir()
>>> (folder / "scheming.yaml").is_file(), (folder / "credences" / "carlsmith.yaml").is_file()
(True, True)
>>> default_model().name
'scheming.yaml'
>>> short_path(default_model().parent.parent / "x.yaml", cwd=default_model().parent.parent)
'x.yaml'
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path

DEFAULT_MODEL = "scheming.yaml"
"""The model the CLI and the app open when none is named (a file in :func:`models_dir`)."""


def models_dir() -> Path:
    """The folder of bundled models: ``scheming.yaml``, ``power_seeking.yaml``, ``examples/``,
    and the credence profiles in ``credences/`` beside each model.

    In a checkout this is the repository's ``models/`` (the link is resolved); in an installed
    wheel, the ``models`` folder inside the installed package.
    """
    return Path(str(files("argmap") / "models")).resolve()


def default_model() -> Path:
    """The bundled model opened when none is named (``scheming.yaml``)."""
    return models_dir() / DEFAULT_MODEL


def short_path(path: str | os.PathLike[str], cwd: str | os.PathLike[str] | None = None) -> str:
    """``path`` as a message shows it: relative to ``cwd`` (default: the current folder) when
    it lies under it (``models/scheming.yaml`` in a checkout), else absolute."""
    here = Path(cwd if cwd is not None else Path.cwd()).resolve()
    full = Path(path).resolve()
    return full.relative_to(here).as_posix() if full.is_relative_to(here) else str(full)
