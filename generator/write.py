"""Stage 4, write: format the rendered files and swap them into the output directory whole.

The output directory may hold files of the user's own. A file without the generated header
is never overwritten or deleted: it is carried over into the new directory, and a generated
file that would take its name stops the run before anything changes.
"""

from __future__ import annotations

import contextlib
import difflib
import multiprocessing
import os
import shutil
import signal
import stat
import threading
import uuid
from collections.abc import Callable, Collection
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import black
import isort
from black.mode import Mode, TargetVersion
from black.parsing import InvalidInput

from .errors import GenerationError, Problem
from .render import GENERATED_MARKER
from .swap import clean_leftovers, exchange, scratch_path, signals_deferred

BLACK_MODE = Mode(target_versions={TargetVersion.PY311}, line_length=88)
ISORT_CONFIG = isort.Config(profile="black", line_length=88)
CACHE_DIRECTORIES = frozenset({"__pycache__", ".mypy_cache"})
# Below this much rendered Python, formatting in this process is quicker than starting workers.
PARALLEL_FORMAT_CHARACTERS = 100_000


def format_files(files: dict[str, str], formatted: Collection[str] = ()) -> dict[str, str]:
    """Python files through isort and black; other files, and the paths in `formatted` (text
    already in that form, such as the runtime modules copied verbatim), as they are."""
    with Formatter() as formatter:
        return formatter.submit(files, formatted)()


class Formatter:
    """Formats rendered files; black takes most of a run, so once there is enough to format it
    runs in forked worker processes (they start with black imported), several files side by
    side, while this process goes on (rendering the next schema set). Forking is safe only while
    this process runs no other thread (one may hold a lock the child would inherit held): then,
    and on one core, the files are formatted here. The text is the same either way."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> Formatter:
        return self

    def __exit__(self, *_: object) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def submit(self, files: dict[str, str], formatted: Collection[str] = ()) -> Callable[[], dict[str, str]]:
        """Start formatting; the returned function waits for the formatted files (see `format_files`)."""
        pending = {path: text for path, text in files.items() if path.endswith(".py") and path not in formatted}
        pool = self._pool_for(pending)
        if pool is None:
            done = {path: format_python(text, path) for path, text in pending.items()}
            return lambda: {path: done.get(path, text) for path, text in files.items()}
        largest_first = sorted(
            pending, key=lambda path: len(pending[path]), reverse=True
        )  # the workers finish together
        futures = {path: pool.submit(_format_or_problem, path, pending[path]) for path in largest_first}

        def result() -> dict[str, str]:
            outcomes = {path: future.result() for path, future in futures.items()}
            problems = [Problem(path, "", problem) for path, (_, problem) in outcomes.items() if problem is not None]
            if problems:
                raise GenerationError(problems)
            return {path: outcomes[path][0] if path in outcomes else text for path, text in files.items()}

        return result

    def _pool_for(self, pending: dict[str, str]) -> ProcessPoolExecutor | None:
        if self._pool is None and sum(map(len, pending.values())) >= PARALLEL_FORMAT_CHARACTERS and _can_fork():
            # With the fork method every worker is started here, before the pool's own thread.
            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(os.cpu_count(), mp_context=context, initializer=_ignore_interrupts)
        return self._pool


def _can_fork() -> bool:
    return (
        (os.cpu_count() or 1) > 1
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    )


def format_python(text: str, path: str) -> str:
    formatted, problem = _format_or_problem(path, text)
    if problem is not None:
        raise GenerationError.single(path, "", problem)
    return formatted


def _format_or_problem(path: str, text: str) -> tuple[str, str | None]:
    """The formatted text, or why it cannot be formatted (a plain value: it crosses processes)."""
    try:
        return black.format_str(isort.code(text, config=ISORT_CONFIG), mode=BLACK_MODE), None
    except InvalidInput as error:  # a template produced something that is not Python
        return "", f"generated code does not parse: {error}"


def _ignore_interrupts() -> None:
    """A worker leaves Ctrl-C to the generator, which stops the run and says so (no traceback per worker)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def is_generated(path: Path) -> bool:
    """Whether a path is a regular file starting with the generated header, so the generator may
    replace it. Anything else (a link, a FIFO, a device) is never opened."""
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return False
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return False
    with os.fdopen(descriptor, "rb") as handle:
        head = handle.read(400).decode("utf-8", errors="replace")
    return GENERATED_MARKER in head.split("\n", 1)[0]


@dataclass(frozen=True)
class Difference:
    path: str
    kind: str  # "changed", "missing" (would be written), "stale" (would be removed)
    diff: str = ""


def compare(out: Path, files: dict[str, str]) -> list[Difference]:
    """How the output directory differs from the files the generator would write now."""
    differences = []
    for path, text in sorted(files.items()):
        target = out / path
        if not target.is_file():
            differences.append(Difference(path, "missing"))
            continue
        current = target.read_text(encoding="utf-8")
        if current != text:
            diff = "".join(
                difflib.unified_diff(
                    current.splitlines(keepends=True),
                    text.splitlines(keepends=True),
                    f"committed/{path}",
                    f"generated/{path}",
                )
            )
            differences.append(Difference(path, "changed", diff))
    if out.is_dir():
        for entry in sorted(out.iterdir()):
            if entry.is_file() and entry.name not in files and is_generated(entry):
                differences.append(Difference(entry.name, "stale"))
    return differences


def write_package(out: Path, files: dict[str, str], check_staged: Callable[[Path], None] | None = None) -> None:
    """Replace the output directory with the files, keeping every file not generated by us.

    The new package is staged beside `out`, checked by `check_staged` (the pipeline imports it
    in a child interpreter), then swapped in whole; SIGINT and SIGTERM wait until the old or the
    new package is in place and the scratch directory is gone."""
    check_all = None if check_staged is None else lambda staged: check_staged(staged[0][0])
    write_packages([(out, files)], check_all)


def write_packages(
    packages: list[tuple[Path, dict[str, str]]],
    check_staged: Callable[[list[tuple[Path, Path]]], None] | None = None,
) -> None:
    """`write_package` for several packages at once, all or nothing: every package is staged,
    then `check_staged` gets every (staged directory, output) pair, and only when it passes is
    each package swapped in. A package refused leaves every output as it was."""
    with signals_deferred() as interruption:
        staged: list[tuple[Path, Path]] = []
        try:
            for out, files in packages:
                staged.append((_staged_package(out, files), out))
            if check_staged is not None:
                check_staged(staged)
            interruption.raise_if_any()  # interrupted before the swap: the old output stays
            for staging, out in staged:
                exchange(staging, out)
        finally:
            for staging, _ in staged:
                shutil.rmtree(staging, ignore_errors=True)


def _staged_package(out: Path, files: dict[str, str]) -> Path:
    """The package's files, and the user's files of `out`, in a new directory beside `out`."""
    clean_leftovers(out)
    kept = _user_entries(out)
    _refuse_taken_names(out, kept, files)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = scratch_path(out, "new")
    os.mkdir(staging)  # unlike a temporary directory's 0700, this gets the user's umask
    try:
        _stage(staging, files, kept)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def _refuse_taken_names(out: Path, kept: list[Path], files: dict[str, str]) -> None:
    taken = sorted(entry.name for entry in kept if entry.name in files)
    if taken:
        raise GenerationError.single(
            out / taken[0],
            "",
            f"lacks the generated header, and the generator would write {', '.join(taken)}: "
            "move your file away (the generator never overwrites a file it did not write)",
        )


def _stage(staging: Path, files: dict[str, str], kept: list[Path]) -> None:
    for path, text in files.items():
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="\n")
    for entry in kept:
        _copy(entry, staging / entry.name)


def _user_entries(out: Path) -> list[Path]:
    """The entries of `out` that are the user's, after checking that `out` is a generated package."""
    if out.is_symlink():
        raise GenerationError.single(out, "", "the output path is a symbolic link: give the directory it points to")
    if not out.exists():
        return []
    if not out.is_dir():
        raise GenerationError.single(out, "", "the output path exists and is not a directory")
    _refuse_unsafe_output(out)
    entries = [entry for entry in sorted(out.iterdir()) if entry.name not in CACHE_DIRECTORIES]
    if entries and not any(is_generated(entry) for entry in entries):
        raise GenerationError.single(
            out,
            "",
            "is not a generated package (it holds files, none with the generated header): "
            "give a new or empty directory, or the package directory itself",
        )
    kept = [entry for entry in entries if not is_generated(entry)]
    _refuse_special_files(kept)
    return kept


def _refuse_unsafe_output(out: Path) -> None:
    resolved, working = out.resolve(), Path.cwd().resolve()
    if resolved == resolved.parent:
        raise GenerationError.single(out, "", "the output path is the root directory")
    if resolved == working or resolved in working.parents:
        raise GenerationError.single(
            out, "", "the output path is the working directory or contains it: give the package directory"
        )


def _refuse_special_files(kept: list[Path]) -> None:
    """The user's entries are copied into the new package; FIFOs, devices and sockets cannot be."""
    for entry in kept:
        paths = [entry] if entry.is_symlink() or not entry.is_dir() else [entry, *sorted(entry.rglob("*"))]
        for path in paths:
            mode = path.lstat().st_mode
            if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode) or stat.S_ISLNK(mode)):
                raise GenerationError.single(
                    path,
                    "",
                    "is a special file (a FIFO, device or socket) in the output directory: "
                    "the generator carries over only files, directories and links; move it away",
                )


def _copy(source: Path, target: Path) -> None:
    """Carry one of the user's entries over; a link stays a link, whatever it points to."""
    if source.is_symlink():
        os.symlink(os.readlink(source), target)
    elif source.is_dir():
        shutil.copytree(source, target, symlinks=True)
    else:
        shutil.copy2(source, target)


# --- single files: the catalogue (`--docs`) and the scaffold --------------------------------


def ensure_replaceable(path: Path) -> None:
    """Stop, before anything is written, when `path` holds something the generator did not write."""
    if path.exists() and (not path.is_file() or not is_generated(path)):
        raise GenerationError.single(
            path,
            "",
            "lacks the generated header: move it away (the generator never overwrites a file it did not write)",
        )


def write_file(path: Path, text: str) -> None:
    """Write one generated file whole or not at all, never over a file without the generated header."""
    ensure_replaceable(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(path, text)
    try:
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def create_file(path: Path, text: str) -> None:
    """Write a new file whole or not at all; an existing file of that name stops the run untouched."""
    if path.exists() or path.is_symlink():
        raise GenerationError.single(path, "", "exists: the generator never overwrites it (choose another --out)")
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = _write_temporary(path, text)
    try:
        os.link(temporary, path)  # fails, atomically, if the name was taken meanwhile
    except FileExistsError:
        raise GenerationError.single(
            path, "", "exists: the generator never overwrites it (choose another --out)"
        ) from None
    finally:
        temporary.unlink()


def compare_file(path: Path, text: str) -> list[Difference]:
    """How one generated file differs from what the generator would write now."""
    if not path.is_file():
        return [Difference(str(path), "missing")]
    current = path.read_text(encoding="utf-8")
    if current == text:
        return []
    diff = "".join(
        difflib.unified_diff(
            current.splitlines(keepends=True), text.splitlines(keepends=True), f"committed/{path}", f"generated/{path}"
        )
    )
    return [Difference(str(path), "changed", diff)]


def _write_temporary(path: Path, text: str) -> Path:
    """A file beside `path` holding the text (same file system, so a rename or link is atomic)."""
    temporary = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    with temporary.open("x", encoding="utf-8", newline="\n") as handle:
        handle.write(text)
    return temporary
