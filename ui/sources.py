"""Where models and credence files come from: the models folder, or an upload.

Only two kinds of input reach the library: a file from the fixed list globbed under the models
folder, or the bytes of an upload. No path a person types is ever opened.

The models folder is the bundled one (:func:`argmap.models_dir`: the checkout's ``models/``, or
the installed package's); set the environment variable ``ARGMAP_MODELS_DIR`` to use another
folder (the tests point it at a temporary one, ``argmap app MODEL`` at the model's folder).
``ARGMAP_MODEL`` names the model the app opens on and ``ARGMAP_PROFILE`` its profile (paths
relative to the models folder; ``argmap app MODEL --credences FILE`` sets them).
Credence profiles for a model live in a ``credences/`` folder beside it and name the model's id
in their ``model:`` key (``models/credences/*.yaml`` holds the profiles of ``models/scheming.yaml``
and ``models/power_seeking.yaml``, each listed only for the model it names;
``models/examples/credences/`` for the examples).

Loaded models (and their compiled networks) and credence files are cached in :mod:`argmap.ui.cache`,
keyed on the file's text, so a slider move never re-reads or re-validates a file.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from argmap import ArgmapError, Credences, Model, decode, read_text
from argmap import models_dir as bundled_models

from . import cache
from .describe import problem_lines

MODELS_ENV = "ARGMAP_MODELS_DIR"
READ_ONLY_ENV = "ARGMAP_READ_ONLY"
OPEN_ENV = "ARGMAP_MODEL"
OPEN_PROFILE_ENV = "ARGMAP_PROFILE"
MAX_UPLOAD_BYTES = 2_000_000
"""Uploads larger than this are refused: the app's own limit, below the library's 8,000,000
bytes for a file (an upload is held in the server's memory)."""
SERVER_UPLOAD_MB = 10
"""The server's own cap (``server.maxUploadSize`` in ``ui/.streamlit/config.toml``): above the
app's 2,000,000 bytes, so a file a little too big reaches the app and gets its error box in
the page, not only the browser's small red note."""
DEFAULT_MODEL = "scheming.yaml"
DEFAULT_PROFILES = {
    "scheming.yaml": "credences/carlsmith.yaml",
    "power_seeking.yaml": "credences/carlsmith-2021.yaml",
}
"""The profile a model opens with (paths relative to the models folder)."""
_MODEL_KEY = re.compile(r"^model:\s*[\"']?([A-Za-z][A-Za-z0-9_]*)", re.MULTILINE)


def read_only() -> bool:
    """True when the app must not write files (``ARGMAP_READ_ONLY=1``, for a shared server):
    people download their credence files instead of saving over the shipped profiles."""
    return os.environ.get(READ_ONLY_ENV, "").strip().lower() in ("1", "true", "yes")


def models_dir() -> Path:
    """The folder models are read from (``ARGMAP_MODELS_DIR``, else the bundled models)."""
    return _resolved(os.environ.get(MODELS_ENV) or "", os.getcwd())


@functools.lru_cache(maxsize=16)
def _resolved(folder: str, cwd: str) -> Path:
    """``folder`` (or the bundled models) made absolute from ``cwd``: once per pair, as a
    page asks for it a dozen times a run."""
    return (Path(cwd) / (folder or bundled_models())).resolve()


def display(key: str) -> str:
    """How a file under the models folder is named on screen: ``models/scheming.yaml``."""
    return f"{models_dir().name}/{key}"


def _yaml_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    files = [p for p in folder.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file()]
    return [p for p in files if not any(part.startswith(".") for part in p.parts)]


def model_files() -> list[str]:
    """Model files under the models folder, as keys relative to it (top level first)."""
    base = models_dir()
    keys = [
        p.relative_to(base).as_posix()
        for p in _yaml_files(base)
        if "credences" not in p.relative_to(base).parts
    ]
    return sorted(keys, key=lambda k: (k.count("/"), k))


def default_model(keys: list[str]) -> str | None:
    """The model the app opens on: ``ARGMAP_MODEL`` when it is one of ``keys``, else the
    scheming model when present, else the first.

    >>> default_model(["examples/sprinkler.yaml", "scheming.yaml"])
    'scheming.yaml'
    """
    for wanted in (os.environ.get(OPEN_ENV, "").strip(), DEFAULT_MODEL):
        if wanted in keys:
            return wanted
    return keys[0] if keys else None


def model_path(key: str) -> Path:
    """The file for a key from :func:`model_files` (refuses anything else)."""
    if key not in model_files():
        raise KeyError(key)
    return models_dir() / key


@functools.lru_cache(maxsize=512)
def _model_id_in(path: str, mtime_ns: int, size: int) -> str | None:
    if size > MAX_UPLOAD_BYTES:
        return None
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    match = _MODEL_KEY.search(text)
    return match.group(1) if match else None


def profile_files(model_key: str, model_id: str) -> list[str]:
    """Credence files for the model ``model_key`` (whose id is ``model_id``), as keys."""
    base = models_dir()
    folder = (base / model_key).parent / "credences"
    keys = []
    for p in sorted(_yaml_files(folder)):
        stat = p.stat()
        if _model_id_in(str(p), stat.st_mtime_ns, stat.st_size) == model_id:
            keys.append(p.relative_to(base).as_posix())
    return keys


def default_profile(model_key: str, profiles: list[str]) -> str:
    """The profile a model opens with: ``ARGMAP_PROFILE`` when it is one of the model's
    ``profiles``, else the report author's, else the model's own numbers (``""``).

    >>> default_profile("scheming.yaml", ["credences/carlsmith.yaml"])
    'credences/carlsmith.yaml'
    """
    for wanted in (os.environ.get(OPEN_PROFILE_ENV, "").strip(),
                   DEFAULT_PROFILES.get(model_key, "")):
        if wanted and wanted in profiles:
            return wanted
    return ""


def load_model_file(key: str) -> tuple[Model | list[str], str]:
    """The model stored under ``key`` (or its problems), and the text read."""
    name = display(key)
    try:
        text = read_text(model_path(key))
    except KeyError:
        return [f"{name}: no such model in the models folder"], ""
    except ArgmapError as err:
        return problem_lines(err), ""
    loaded = cache.model_from_text(text, name)
    return (list(loaded) if isinstance(loaded, tuple) else loaded), text


def upload_name(name: str) -> str:
    """A safe display name for an uploaded file (no folders, printable, at most 80 chars)."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable())[:80]
    return base or "upload.yaml"


def check_upload(data: bytes, name: str) -> str | list[str]:
    """The text of an upload, or its problems (too large, binary, not UTF-8)."""
    if len(data) > MAX_UPLOAD_BYTES:
        return [
            f"{name}: file too large (expected at most {MAX_UPLOAD_BYTES:,} bytes, "
            f"got {len(data):,})"
        ]
    try:
        return decode(data, name)
    except ArgmapError as err:
        return problem_lines(err)


def model_from_upload(data: bytes, name: str) -> Model | list[str]:
    """An uploaded model file's bytes -> a validated Model, or a list of located problems."""
    name = upload_name(name)
    text = check_upload(data, name)
    if isinstance(text, list):
        return text
    loaded = cache.model_from_text(text, name)
    return list(loaded) if isinstance(loaded, tuple) else loaded


def credences_from_text(text: str, model: Model, name: str) -> Credences | list[str]:
    """Credence text validated against ``model`` (cached), or a list of located problems."""
    loaded = cache.credences_from_text(text, name, model)
    return list(loaded) if isinstance(loaded, tuple) else loaded


def credences_from_upload(data: bytes, name: str, model: Model) -> Credences | list[str]:
    """An uploaded credence file's bytes -> Credences for ``model``, or located problems."""
    name = upload_name(name)
    text = check_upload(data, name)
    if isinstance(text, list):
        return text
    return credences_from_text(text, model, name)


def read_profile(key: str) -> str | list[str]:
    """The text of a credence file under the models folder (from the glob), or its problems."""
    base = models_dir()
    known = {
        p.relative_to(base).as_posix()
        for p in _yaml_files(base)
        if "credences" in p.relative_to(base).parts
    }
    if key not in known:
        return [f"{display(key)}: no such credence file in the models folder"]
    path = base / key
    try:
        return read_text(path)
    except ArgmapError as err:
        return problem_lines(err)


def digest(data: bytes | str) -> str:
    """A short content hash, to tell uploads (and file versions) apart."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:12]


@dataclass(frozen=True)
class Upload:
    """The bytes of an uploaded file and the name it was uploaded under."""

    name: str
    data: bytes

    @property
    def key(self) -> str:
        """The upload's key: its content hash and its safe name."""
        return f"upload:{digest(self.data)}:{upload_name(self.name)}"
