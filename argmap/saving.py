"""Writing files without ever losing what a person wrote.

Every write to a regular file is atomic: the new text goes to a temporary file in the same
folder, is flushed and fsynced, then renamed over the target (``os.replace``), so a crash leaves
either the old file or the new one, whole. A write can be refused when the file changed on disk
since it was read (``expected`` is the text the caller read), so two editors never silently
overwrite each other: the compare and the rename happen under an advisory lock (``flock``) on
the target's folder, so of several saves expecting the same text exactly one wins. No lock file
is made; where the folder cannot be locked (no ``fcntl``, a file system without ``flock``) the
write goes on unlocked.

What is never replaced: a folder, a read-only file, a named pipe or a character device (a pipe
or a terminal such as ``/dev/stdout`` or ``/dev/null`` is written *into*, as a shell's ``>``
does; a pipe with no reader is refused rather than waited on), a block device or a socket
(refused). The command line adds its rules (``argmap.cli.options.refuse_existing``): never an
input of the command (:func:`same_file`), and an existing file only when told to replace it.

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

import errno
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import ConflictError, InputError
from .reading import kind_of, os_reason, read_limited

PAUSE_ENV = "ARGMAP_TEST_PAUSE_MID_WRITE"
"""Tests set this (seconds) to pause halfway through writing, so a kill can land mid-write."""
LOCK_SECONDS = 10.0
"""How long a save waits for another save in the same folder to finish before giving up."""


def atomic_write(path: str | Path, text: str | bytes, *, expected: str | None = None) -> None:
    """Write ``text`` (or binary data) to ``path`` atomically; refuse if the file is not
    ``expected`` any more.

    A named pipe or a character device (``/dev/stdout``, ``/dev/null``) is written into, never
    replaced; ``expected`` cannot be checked there and is refused.
    """
    target = check_writable(path)
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    if is_stream(target):
        if expected is not None:
            raise InputError.single(
                str(path), "is not a regular file (expected a file that was loaded, to save "
                "back to)", code="file-kind",
            )
        _write_stream(target, data)
        return
    folder = target.parent if str(target.parent) else Path(".")
    with _folder_lock(folder, str(path)):
        if expected is not None and _current_text(target, expected) != expected:
            raise ConflictError.single(
                str(target),
                "the file changed on disk since it was loaded (expected the text that was "
                "loaded; reload it, then save again)",
                code="file-changed",
            )
        _replace(path, target, folder, data)


def _replace(path: str | Path, target: Path, folder: Path, data: bytes) -> None:
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
    """The file to write for ``path`` (a symlink's target), or an :class:`InputError` when
    ``path`` must not be written: a folder or a path that cannot be resolved (a symlink loop, a
    name too long) or a read-only file (code ``write``); a block device, a socket or anything
    else that is neither a file, a pipe nor a character device (code ``file-kind``). Callers
    check this before any work, so a bad output path fails fast.

    A named pipe or a character device is returned as given (it is written into, see
    :func:`is_stream`).

    >>> check_writable("/")
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: /: is a folder (expected a file name to write)
    >>> check_writable("/dev/null")
    PosixPath('/dev/null')
    """
    name = str(path)
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
    except (OSError, ValueError) as err:
        raise InputError.single(
            name, f"cannot resolve this path ({os_reason(err)}; expected a file name to write)",
            code="write",
        ) from None
    if info is not None:
        mode = info.st_mode
        if stat.S_ISDIR(mode):
            raise InputError.single(name, "is a folder (expected a file name to write)",
                                    code="write")
        if stat.S_ISFIFO(mode) or stat.S_ISCHR(mode):
            return Path(path)
        if not stat.S_ISREG(mode):
            raise InputError.single(
                name, f"is {kind_of(mode)} (expected a file name to write, a pipe or a terminal)",
                code="file-kind",
            )
        if not mode & 0o222 or not os.access(path, os.W_OK):
            raise InputError.single(
                name, "is read-only (permission denied; expected a file you may write: make it "
                "writable, or write to another file)", code="write",
            )
    target = Path(path)
    try:
        if target.is_symlink():  # write where the link points, and keep the link
            target = target.resolve(strict=False)
    except (OSError, RuntimeError) as err:
        reason = err.strerror if isinstance(err, OSError) and err.strerror else "symlink loop"
        raise InputError.single(
            name, f"cannot resolve this path ({reason}; expected a file name to write)",
            code="write",
        ) from None
    return target


def same_file(a: str | Path, b: str | Path) -> bool:
    """Whether ``a`` and ``b`` name the same file: the same inode (a hard link or a symlink
    counts), or, where either cannot be ``stat``-ed, the same resolved path.

    >>> same_file("models/examples/sprinkler.yaml", "models/examples/../examples/sprinkler.yaml")
    True
    """
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        try:
            return Path(a).resolve() == Path(b).resolve()
        except (OSError, RuntimeError, ValueError):
            return False


def is_stream(path: str | Path) -> bool:
    """Whether ``path`` is a named pipe or a character device: written into, never replaced.

    >>> is_stream("/dev/null"), is_stream("models")
    (True, False)
    """
    try:
        mode = os.stat(path).st_mode
    except (OSError, ValueError):
        return False
    return stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)


def _write_stream(path: Path, data: bytes) -> None:
    """Write into a pipe or a device: no temporary file, no rename. A pipe with no reader is
    refused (opening it would wait for one forever)."""
    flags = os.O_WRONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        no_reader = err.errno == errno.ENXIO and _is_fifo(path)
        reason = ("a named pipe with no reader; expected a program reading from it"
                  if no_reader else os_reason(err))
        raise InputError.single(str(path), f"cannot write here ({reason})",
                                code="write") from None
    try:
        os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    except OSError as err:
        raise InputError.single(str(path), f"cannot write here ({os_reason(err)})",
                                code="write") from None
    finally:
        os.close(fd)


def _is_fifo(path: Path) -> bool:
    try:
        return stat.S_ISFIFO(os.stat(path).st_mode)
    except OSError:
        return False


@contextmanager
def _folder_lock(folder: Path, name: str) -> Iterator[None]:
    """Hold an exclusive ``flock`` on ``folder`` (no lock file is made). Where the folder cannot
    be opened or locked, go on unlocked; a lock held longer than :data:`LOCK_SECONDS` by another
    save is a ``write`` problem."""
    try:
        import fcntl
    except ImportError:  # not on Linux or macOS
        yield
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        yield
        return
    try:
        deadline = time.monotonic() + LOCK_SECONDS
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ConflictError.single(
                        name, f"another save in this folder did not finish within "
                        f"{LOCK_SECONDS:g} s (expected it to; try again)", code="write",
                    ) from None
                time.sleep(0.005)
            except OSError:  # this file system has no flock
                break
        yield
    finally:
        os.close(fd)  # releases the lock


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _current_text(target: Path, expected: str) -> str | None:
    """The file's text as the loaders read it (UTF-8, BOM dropped, line ends kept), read no
    further than ``expected`` could reach (a longer file has changed); None if unreadable."""
    try:
        data = read_limited(target, limit=len(expected.encode("utf-8", "surrogatepass")) + 3)
        return data.decode("utf-8-sig")
    except (InputError, UnicodeDecodeError):
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
