"""The ``argmap`` command line: parse, call the library, print. Errors become exit code 2.

The package, one module per concern:

- :mod:`~argmap.cli.app`: the ``argmap`` Typer app, every command registered on it, and
  :func:`main` (the console script ``argmap`` and ``python -m argmap``);
- :mod:`~argmap.cli.options`: the shared options, their parsing (:func:`parse_pairs`) and
  loading (:func:`load` returns a :class:`Loaded`);
- :mod:`~argmap.cli.query`: ``validate`` and ``query``;
- :mod:`~argmap.cli.credences`: ``credences init``;
- :mod:`~argmap.cli.analysis`: ``sensitivity``, ``voi``, ``montecarlo``, ``compare``, ``pool``;
- :mod:`~argmap.cli.interchange`: ``export`` and ``import``;
- :mod:`~argmap.cli.schemas`: ``schema`` (the JSON Schemas of the files and of ``--json``);
- :mod:`~argmap.cli.envelope`: the one ``--json`` envelope every command prints;
- :mod:`~argmap.cli.completion`: shell completion of option values (``id=state``, formats);
- :mod:`~argmap.cli.progress`: the progress bar of the long analyses;
- :mod:`~argmap.cli.render`: the plain-text tables the commands print;
- :mod:`~argmap.cli.problems`: an error's problems printed with each library argument named
  as its option (``evidence`` -> ``--evidence``).

>>> main(["--version"])  # doctest: +ELLIPSIS
argmap ...
"""

from typing import TYPE_CHECKING

from .app import full_app, main
from .options import Loaded, load, parse_pairs

if TYPE_CHECKING:
    from .app import app
else:
    # Loading the submodule ``.app`` bound its name here; ``app`` is the Typer app instead (as
    # ``from .app import app`` made it), built by ``__getattr__`` on first use.
    del globals()["app"]

    def __getattr__(name: str) -> object:
        """``app``, the whole Typer app, is built on first use (a command runs without it)."""
        if name == "app":
            return full_app()
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

__all__ = ["Loaded", "app", "load", "main", "parse_pairs"]
