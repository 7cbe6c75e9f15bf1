"""``argmap app``: start the app (Streamlit) on a model, from any folder.

The router ships inside the package (``argmap/ui/streamlit_app.py``); the command runs it with
the project's settings on the command line (:data:`SETTINGS`: no usage statistics, a 10 MB
upload cap), so no ``.streamlit/config.toml`` of the folder it starts in or of the home folder
can change them. A model (and a credence profile) named on the command line is checked first:
a bad file is a located error and exit code 2 before Streamlit starts. Streamlit itself is
imported only when the command runs (``argmap --help`` never loads it); without it, one line
says to install ``argmap[app]``.

Examples
--------
>>> streamlit_argv(Path("app.py"), port=8502, host=None)[:4]
['run', 'app.py', '--browser.gatherUsageStats', 'false']
>>> env = app_env("models/examples/sprinkler.yaml", None, {})
>>> env["ARGMAP_MODEL"]
'examples/sprinkler.yaml'
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated

import typer

from ..errors import InputError

SETTINGS: dict[str, str] = {
    "browser.gatherUsageStats": "false",
    "server.maxUploadSize": "10",
    "server.headless": "true",
    "client.toolbarMode": "minimal",
    "theme.base": "light",
}
"""Streamlit settings passed on the command line: the same as the app's own
``ui/.streamlit/config.toml`` (tested), which a checkout's ``streamlit run ui`` reads.
Headless: Streamlit prints the URL and opens no browser (not headless, its first run stops to
ask for an email address on the terminal)."""

MODELS_ENV, MODEL_ENV, PROFILE_ENV = "ARGMAP_MODELS_DIR", "ARGMAP_MODEL", "ARGMAP_PROFILE"
READ_ONLY_ENV = "ARGMAP_READ_ONLY"
"""How the command tells the app its models folder, its model and its profile, and that it
must not write files (``argmap.ui.sources`` reads them)."""

AppModelArg = Annotated[
    str | None,
    typer.Argument(help="Model file to open (default: the bundled scheming model). The app "
                   "lists the YAML models in its folder.", show_default=False),
]
AppCredOpt = Annotated[
    str | None,
    typer.Option("--credences", "-c", help="A credence profile to open, in the credences/ "
                 "folder beside the model."),
]
PortOpt = Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to serve on.")]
HostOpt = Annotated[
    str | None,
    typer.Option("--host", help="Address to listen on (default: Streamlit's, every address; "
                 "127.0.0.1 for this machine only).", show_default=False),
]


def router() -> Path:
    """The app's router file inside the installed package (resolved: ``ui/`` in a checkout)."""
    from importlib.resources import files

    return Path(str(files("argmap") / "ui" / "streamlit_app.py")).resolve()


def streamlit_argv(router: Path, *, port: int, host: str | None) -> list[str]:
    """The arguments of ``streamlit run`` for the app: the router and every setting."""
    settings = {**SETTINGS, "server.port": str(port)}
    if host:
        settings["server.address"] = host
    argv = ["run", str(router)]
    for name, value in settings.items():
        argv += [f"--{name}", value]
    return argv


def app_env(model: str | None, credences: str | None, environ: Mapping[str, str]) -> dict[str, str]:
    """The environment that opens the app on ``model`` (and ``credences``), checked first.

    The models folder stays the one in ``environ`` (``ARGMAP_MODELS_DIR``, else the bundled
    one) when the model lies in it, else becomes the model's own folder; the app lists the
    models there and opens on this one. Raises a located error for a file that does not load.
    """
    from ..bundled import models_dir
    from .options import load

    if model is None and credences is None:
        return _read_only_if_installed(Path(environ.get(MODELS_ENV) or models_dir()), environ)
    loaded = load(model, credences)  # located problems, exit 2, before Streamlit starts
    full = Path(loaded.model.path or model or "").resolve()
    base = Path(environ.get(MODELS_ENV) or models_dir()).resolve()
    if not full.is_relative_to(base):
        base = full.parent
    key = full.relative_to(base)
    if full.suffix not in (".yaml", ".yml") or any(
        part.startswith(".") or part == "credences" for part in key.parent.parts
    ):
        raise InputError.argument(
            "model", f"{model}: the app opens YAML models outside credences/ and hidden "
            "folders (expected a .yaml or .yml model file)", code="bad-argument",
        )
    env = {MODELS_ENV: str(base), MODEL_ENV: key.as_posix()}
    if loaded.credences is not None and credences is not None:
        profile = Path(credences).resolve()
        profiles = full.parent / "credences"
        if not profile.is_relative_to(profiles):
            raise InputError.argument(
                "credences", f"{credences}: the app opens profiles from the credences folder "
                f"beside the model (expected a file under {profiles})", code="bad-argument",
            )
        env[PROFILE_ENV] = profile.relative_to(base).as_posix()
    return env | _read_only_if_installed(base, environ)


def installed_models() -> bool:
    """True when the bundled models are an installed package's (a wheel), not a checkout's
    ``models/`` (linked into the package)."""
    from importlib.resources import files

    return not Path(str(files("argmap") / "models")).is_symlink()


def _read_only_if_installed(base: Path, environ: Mapping[str, str]) -> dict[str, str]:
    """The app saves no profile inside an installed package (an upgrade would drop it): on
    the installed bundled models it is read-only (downloads and links), unless the environment
    already says."""
    from ..bundled import models_dir

    bundled = base.resolve() == models_dir()
    if bundled and installed_models() and READ_ONLY_ENV not in environ:
        return {READ_ONLY_ENV: "1"}
    return {}


def app_command(
    model: AppModelArg = None,
    credences: AppCredOpt = None,
    port: PortOpt = 8501,
    host: HostOpt = None,
) -> None:
    """Start the app on a model (default: the bundled scheming model), from any folder, with
    the project's settings (no usage statistics, 10 MB uploads); open the URL it prints.
    Needs argmap[app]."""
    from .._extras import require

    env = app_env(model, credences, os.environ)
    require("streamlit", extra="app", feature="argmap app")
    from streamlit.web import cli as streamlit_cli

    os.environ.update(env)
    argv = streamlit_argv(router(), port=port, host=host)
    streamlit_cli.main(args=argv, prog_name="streamlit", standalone_mode=True)
