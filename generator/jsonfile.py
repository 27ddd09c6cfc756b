"""Reading input files as untrusted text: from a regular file only, bounded in size (schemas,
errata and protocol data), and for JSON strict and bounded in depth and number length.

Every way such a file can be wrong ends in one GenerationError naming the file and, when the
text parsed, the JSON pointer of the offending value; never a traceback, never a hang.
"""

from __future__ import annotations

import errno
import json
import math
import os
import stat
from pathlib import Path
from typing import Any

from .errors import GenerationError, pointer_join

# The largest input file read: the official schemas are at most a few kilobytes each.
MAX_FILE_BYTES = 8 * 1024 * 1024
# The deepest nesting of objects and arrays accepted: the official schemas reach 12 levels.
MAX_DEPTH = 64
# The most digits an integer may have: beyond this no schema bound is meaningful, and Python
# refuses to convert numbers of more than 4,300 digits at all.
MAX_INTEGER_DIGITS = 100


class _Refused:
    """A number the generator refuses, kept in place so its JSON pointer can be reported."""

    def __init__(self, reason: str) -> None:
        self.reason = reason


def read_json_file(path: Path) -> Any:
    """The parsed content of the JSON file at `path`, or a GenerationError saying what is wrong."""
    text = read_input_text(path)
    try:
        content = json.loads(text, parse_int=_integer, parse_float=_float, parse_constant=_constant)
    except json.JSONDecodeError as error:
        message = f"invalid JSON at line {error.lineno}, column {error.colno}: {error.msg}"
        raise GenerationError.single(path, "", message) from None
    except RecursionError:
        raise GenerationError.single(path, "", f"nested deeper than {MAX_DEPTH} levels") from None
    _check_values(path, content)
    return content


def read_input_text(path: Path) -> str:
    """The UTF-8 text of an input file; anything but a readable regular file of bounded size is
    refused unopened."""
    try:
        status = path.stat()
    except OSError as error:
        raise GenerationError.single(path, "", _os_reason(error)) from None
    if not stat.S_ISREG(status.st_mode):
        raise GenerationError.single(path, "", f"is {_file_kind(status.st_mode)}, not a regular file")
    try:
        # O_NONBLOCK: should the path have been swapped for a FIFO since the check, opening does not wait.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as error:
        raise GenerationError.single(path, "", _os_reason(error)) from None
    with os.fdopen(descriptor, "rb") as handle:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise GenerationError.single(path, "", "is not a regular file")
        try:
            data = handle.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise GenerationError.single(path, "", _os_reason(error)) from None
    if len(data) > MAX_FILE_BYTES:
        raise GenerationError.single(path, "", f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB")
    try:
        return data.decode("utf-8-sig")  # UTF-8 with or without a BOM
    except UnicodeDecodeError as error:
        raise GenerationError.single(path, "", f"not UTF-8 text (byte {error.start})") from None


def _os_reason(error: OSError) -> str:
    reasons = {
        errno.ENOENT: "does not exist (a dangling symbolic link?)",
        errno.ELOOP: "is a loop of symbolic links",
        errno.EACCES: "cannot be read: permission denied",
        errno.EPERM: "cannot be read: operation not permitted",
        errno.EISDIR: "is a directory, not a regular file",
    }
    return reasons.get(error.errno or 0, f"cannot be read: {error.strerror or error}")


def _file_kind(mode: int) -> str:
    kinds = [
        (stat.S_ISDIR, "a directory"),
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ]
    return next((name for test, name in kinds if test(mode)), "a special file")


def _integer(text: str) -> int | _Refused:
    digits = len(text.lstrip("-"))
    if digits > MAX_INTEGER_DIGITS:
        return _Refused(f"an integer of {digits} digits (at most {MAX_INTEGER_DIGITS} are supported)")
    return int(text)


def _float(text: str) -> float | _Refused:
    value = float(text)
    if math.isinf(value):
        return _Refused(f"the number {text[:40]} is too large for a float")
    return value


def _constant(text: str) -> _Refused:
    return _Refused(f"{text} is not JSON (JSON numbers are finite)")


def _check_values(path: Path, content: Any) -> None:
    """Walk the parsed value without recursion: the first refused number, or too deep a nesting."""
    pending: list[tuple[Any, str, int]] = [(content, "", 0)]
    while pending:
        value, pointer, depth = pending.pop()
        if isinstance(value, _Refused):
            raise GenerationError.single(path, pointer, value.reason)
        if isinstance(value, dict | list) and depth >= MAX_DEPTH:
            raise GenerationError.single(path, pointer, f"nested deeper than {MAX_DEPTH} levels")
        items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
        pending.extend((child, pointer_join(pointer, key), depth + 1) for key, child in reversed(list(items)))
