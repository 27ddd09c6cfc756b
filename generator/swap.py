"""Replacing a directory whole: the old one or the new one is in place at every moment.

On Linux one `renameat2(RENAME_EXCHANGE)` call swaps the two directories atomically. Where
that call is missing (another system, a file system without it) two renames do the swap; a
SIGINT or SIGTERM cannot fall between them (both are deferred while the swap runs), and a
crash between them is repaired by the next run, which finds the retired directory of a
process that no longer exists and puts it back.

Scratch directories sit beside the output and carry the pid of their process in their
names (`.ocpp16.new-1234-…`), so that a later run removes those of dead processes only.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
_DEFERRED_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def scratch_path(out: Path, kind: str) -> Path:
    """A new, unused name beside `out` for a scratch directory ("new" or "old") of this process."""
    return out.parent / f".{out.name}.{kind}-{os.getpid()}-{uuid.uuid4().hex[:12]}"


def clean_leftovers(out: Path) -> None:
    """Remove the scratch directories that dead runs left beside `out`; if a dead run was
    interrupted between its two renames (`out` missing), put its retired output back first."""
    pattern = re.compile(rf"\.{re.escape(out.name)}\.(new|old)-(\d+)-[0-9a-f]+\Z")
    if not out.parent.is_dir():
        return
    leftovers = []
    for entry in sorted(out.parent.iterdir()):
        match = pattern.match(entry.name)
        if match and not _alive(int(match.group(2))) and entry.is_dir() and not entry.is_symlink():
            leftovers.append((match.group(1), entry))
    for kind, entry in leftovers:
        if kind == "old" and not out.exists() and not out.is_symlink():
            os.rename(entry, out)
        else:
            shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # there os.kill ends the process: treat every run as alive, remove nothing
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process
    return True


def exchange(staging: Path, out: Path) -> None:
    """Put `staging` in place of `out`; afterwards `staging` names the old output (or nothing,
    when there was none). On an error `out` is as it was."""
    if not out.exists():
        os.rename(staging, out)
        return
    if _rename_exchange(staging, out):
        return
    retired = scratch_path(out, "old")
    os.rename(out, retired)
    try:
        os.rename(staging, out)
    except OSError:
        os.rename(retired, out)
        raise
    os.rename(retired, staging)


def _rename_exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one system call; False when this system or file system cannot."""
    renameat2 = getattr(_libc(), "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE)
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not supported here; fall back
        return False
    raise OSError(error, os.strerror(error), str(first), None, str(second))


def _libc() -> ctypes.CDLL | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name, use_errno=True) if name else None
    except OSError:
        return None


class Interruption:
    """Whether a deferred signal arrived, and which."""

    def __init__(self) -> None:
        self.signal: int | None = None

    def record(self, number: int, frame: FrameType | None) -> None:
        self.signal = number

    def raise_if_any(self) -> None:
        """Act on the deferred signal now, as it would have acted on arrival."""
        if self.signal is None:
            return
        number, self.signal = self.signal, None
        if number == signal.SIGINT:
            raise KeyboardInterrupt
        signal.raise_signal(number)


@contextlib.contextmanager
def signals_deferred() -> Iterator[Interruption]:
    """SIGINT and SIGTERM wait until the block ends (then act); the block may ask whether one came.

    Only the main thread can set signal handlers; elsewhere the block runs without deferral."""
    interruption = Interruption()
    if threading.current_thread() is not threading.main_thread():
        yield interruption
        return
    previous = {number: signal.signal(number, interruption.record) for number in _DEFERRED_SIGNALS}
    try:
        yield interruption
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
    interruption.raise_if_any()
