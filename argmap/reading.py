"""The one place that reads a file a person named: its kind first, its size before any read.

:func:`read_limited` ``stat``s the path (following symlinks), refuses anything that is not a
regular file (a folder, a named pipe, a device, a socket: code ``file-kind``) and a file larger
than the limit (code ``limit``) before opening it, then reads at most ``limit + 1`` bytes, so a
file that grows between ``stat`` and the read is still bounded. The open is non-blocking, so a
path swapped for a named pipe after the ``stat`` cannot hang the read; the open file is checked
again with ``fstat``.

A path ``-`` is a file named ``-``: the command line reads standard input (its ``-``) with
:func:`read_stream`, under the same limit.

Examples
--------
>>> import tempfile, pathlib
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> (folder / "m.yaml").write_text("a: 1\\n")
5
>>> read_limited(folder / "m.yaml", limit=10)
b'a: 1\\n'
>>> read_limited(folder / "m.yaml", limit=3)  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
argmap.errors.InputError: ...m.yaml: file too large (expected at most 3 bytes, got 5)
>>> read_limited("/dev/zero", limit=10)
Traceback (most recent call last):
...
argmap.errors.InputError: /dev/zero: is a character device (expected a regular file)
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path
from typing import BinaryIO

from .errors import InputError

CHUNK = 1 << 16


def kind_of(mode: int) -> str | None:
    """What a file of ``mode`` is, in words, when it is not a regular file (else None).

    >>> kind_of(stat.S_IFIFO), kind_of(stat.S_IFREG) is None
    ('a named pipe (FIFO)', True)
    """
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def os_reason(err: OSError | ValueError) -> str:
    """Why a path could not be used, in words (a symlink loop, permission denied, ...).

    >>> os_reason(OSError(errno.ELOOP, "Too many levels of symbolic links"))
    'a symlink loop'
    >>> os_reason(ValueError("embedded null byte"))
    'the name holds a NUL character'
    """
    if isinstance(err, ValueError):
        return "the name holds a NUL character"
    if err.errno == errno.ELOOP:
        return "a symlink loop"
    if err.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    if err.errno in (errno.EACCES, errno.EPERM):
        return "permission denied"
    return (err.strerror or str(err)).lower()


def read_limited(path: str | Path, *, limit: int, expected: str = "a regular file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them, or an
    :class:`~argmap.errors.InputError` naming the file: ``read`` (missing, unreadable, a symlink
    loop), ``file-kind`` (a folder, pipe, device or socket) or ``limit`` (too large).

    ``expected`` says what the file should be, for the message.
    """
    name = str(path)
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise InputError.single(name, "no such file", code="read") from None
    except (OSError, ValueError) as err:
        raise InputError.single(name, f"cannot read file ({os_reason(err)})", code="read") from None
    _check_kind_and_size(name, info.st_mode, info.st_size, limit, expected)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError) as err:
        raise InputError.single(name, f"cannot read file ({os_reason(err)})", code="read") from None
    try:
        info = os.fstat(fd)  # the path may have been swapped since stat()
        _check_kind_and_size(name, info.st_mode, info.st_size, limit, expected)
        chunks: list[bytes] = []
        got = 0
        while got <= limit:
            chunk = os.read(fd, min(CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except OSError as err:
        raise InputError.single(name, f"cannot read file ({os_reason(err)})", code="read") from None
    finally:
        os.close(fd)
    if got > limit:  # it grew since stat()
        raise InputError.single(
            name, f"file too large (expected at most {limit:,} bytes, got more)", code="limit"
        )
    return b"".join(chunks)


def read_stream(stream: BinaryIO, name: str, *, limit: int) -> bytes:
    """At most ``limit`` bytes of an open ``stream`` (standard input), read to its end, or an
    :class:`~argmap.errors.InputError` naming ``name`` (``limit``: more than ``limit`` bytes;
    ``read``: the stream cannot be read). Never more than ``limit + 1`` bytes are read.

    >>> import io
    >>> read_stream(io.BytesIO(b"a: 1\\n"), "<stdin>", limit=10)
    b'a: 1\\n'
    >>> read_stream(io.BytesIO(b"a: 1\\n"), "<stdin>", limit=3)
    Traceback (most recent call last):
    ...
    argmap.errors.InputError: <stdin>: file too large (expected at most 3 bytes, got more)
    """
    chunks: list[bytes] = []
    got = 0
    try:
        while got <= limit:
            chunk = stream.read(min(CHUNK, limit + 1 - got))
            if not chunk:
                break
            chunks.append(chunk)
            got += len(chunk)
    except (OSError, ValueError) as err:
        raise InputError.single(name, f"cannot read ({os_reason(err)})", code="read") from None
    if got > limit:
        raise InputError.single(
            name, f"file too large (expected at most {limit:,} bytes, got more)", code="limit"
        )
    return b"".join(chunks)


def _check_kind_and_size(name: str, mode: int, size: int, limit: int, expected: str) -> None:
    kind = kind_of(mode)
    if kind is not None:
        raise InputError.single(name, f"is {kind} (expected {expected})", code="file-kind")
    if size > limit:
        raise InputError.single(
            name, f"file too large (expected at most {limit:,} bytes, got {size:,})", code="limit"
        )
