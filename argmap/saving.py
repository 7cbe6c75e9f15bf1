"""Writing files without ever losing what a person wrote.

Every write is atomic: the new text goes to a temporary file in the same folder, is flushed
and fsynced, then renamed over the target (``os.replace``), so a crash leaves either the old
file or the new one, whole. A write can be refused when the file changed on disk since it was
read (``expected`` is the text the caller read), so two editors never silently overwrite each
other.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> target = folder / "me.yaml"
>>> atomic_write(target, "a: 1\\n")
>>> atomic_write(target, "a: 2\\n", expected="a: 1\\n")
>>> atomic_write(target, "a: 3\\n", expected="a: 1\\n")
Traceback (most recent call last):
...
argmap.errors.ConflictError: ...me.yaml: the file changed on disk since it was loaded (expected \
the text that was loaded; reload it, then save again)
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from .errors import ConflictError, InputError

PAUSE_ENV = "ARGMAP_TEST_PAUSE_MID_WRITE"
"""Tests set this (seconds) to pause halfway through writing, so a kill can land mid-write."""


def atomic_write(path: str | Path, text: str | bytes, *, expected: str | None = None) -> None:
    """Write ``text`` (or binary data) to ``path`` atomically; refuse if the file is not
    ``expected`` any more."""
    target = check_writable(path)
    if expected is not None:
        if _current_text(target) != expected:
            raise ConflictError.single(
                str(target),
                "the file changed on disk since it was loaded (expected the text that was "
                "loaded; reload it, then save again)",
                code="file-changed",
            )
    folder = target.parent if str(target.parent) else Path(".")
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    except OSError as err:
        raise InputError.single(
            str(path), f"cannot write here ({err.strerror})", code="write"
        ) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            half = len(data) // 2
            handle.write(data[:half])
            pause = os.environ.get(PAUSE_ENV)
            if pause:
                handle.flush()
                time.sleep(float(pause))
            handle.write(data[half:])
            handle.flush()
            os.fsync(handle.fileno())
        # Keep an existing file's permissions; a new file gets the usual 0666 & ~umask
        # (mkstemp creates 0600).
        os.chmod(tmp, target.stat().st_mode & 0o777 if target.exists() else 0o666 & ~_umask())
        os.replace(tmp, target)
        _fsync_dir(folder)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise InputError.single(
            str(path), f"cannot write here ({err.strerror or err})", code="write"
        ) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def check_writable(path: str | Path) -> Path:
    """The file to write for ``path`` (a symlink's target), or an :class:`InputError` (code
    ``write``) when ``path`` is a folder or cannot be resolved (a symlink loop, a name too
    long): callers check this before any work, so a bad output path fails fast.

    >>> check_writable("/")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: /: is a folder (expected a file name to write)
    """
    target = Path(path)
    try:
        if target.is_symlink():  # write where the link points, and keep the link
            target = target.resolve(strict=False)
        is_dir = target.is_dir()
    except (OSError, RuntimeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "symlink loop"
        raise InputError.single(
            str(path), f"cannot resolve this path ({reason}; expected a file name to write)",
            code="write",
        ) from None
    if is_dir:
        raise InputError.single(
            str(path), "is a folder (expected a file name to write)", code="write"
        )
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _current_text(target: Path) -> str | None:
    """The file's text as the loaders read it (UTF-8, BOM dropped, line ends kept)."""
    try:
        return target.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
