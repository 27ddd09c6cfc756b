"""Verify, first step: the package passes `mypy --strict`, as the generated code promises.

mypy runs in a child process of the same interpreter (so it sees the same pydantic and
websockets the package would run with), with a time limit. It checks the package under a name of
its own through a link in a scratch directory, so that any directory, a staged one included, is
checked as the package it will be, and so that mypy compares its cache against every file's
content rather than trusting a modification time. No configuration file of the user's repository
applies: the verdict depends on the package and the installed releases only.

A module whose absolute import names a distribution that is not installed (the transport's
websockets, the cluster's redis: optional dependencies of the package) is left out, and every
module importing it; the report names them, as the trial import does.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from ..errors import GenerationError
from ..package_imports import modules_needing_missing_distributions

# The oldest Python the generated package supports (the tool's requires-python).
PYTHON_VERSION = "3.11"
TIME_LIMIT_SECONDS = 600
_MESSAGE = re.compile(r"^(?P<path>[^:\n]+\.pyi?):(?P<line>\d+): (?P<severity>error|note): (?P<text>.*)$", re.MULTILINE)


@dataclass(frozen=True)
class TypeProblem:
    """One error mypy reports, with the notes that explain it."""

    path: str
    line: int
    text: str
    notes: tuple[str, ...] = ()

    def __str__(self) -> str:
        return "\n".join([f"{self.path}:{self.line}: {self.text}", *(f"    note: {note}" for note in self.notes)])


@dataclass(frozen=True)
class TypeCheck:
    """What `mypy --strict` said of one package: its errors, the modules it checked and left out."""

    package: Path
    problems: tuple[TypeProblem, ...]
    checked: tuple[str, ...]
    left_out: dict[str, str]  # module -> the missing distribution that keeps it out
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        lines = [f"  {problem}" for problem in self.problems]
        for missing in sorted(set(self.left_out.values())):
            modules = ", ".join(f"{m}.py" for m in sorted(self.left_out) if self.left_out[m] == missing)
            lines.append(f"  not type-checked, {missing} is not installed: {modules}")
        verdict = "no errors" if self.ok else f"{len(self.problems)} error(s)"
        lines.append(
            f"mypy --strict: {verdict} in {len(self.checked)} modules of {self.package} in {self.seconds:.1f} s"
        )
        return "\n".join(lines)


def mypy_requirement() -> str:
    """The release of mypy the tool pins (its own metadata), for the hint to install it."""
    try:
        requirements = importlib.metadata.requires("ocpp-codegen") or []
    except importlib.metadata.PackageNotFoundError:
        requirements = []
    return next((r for r in requirements if re.match(r"mypy\b", r)), "mypy")


def default_cache_directory() -> Path:
    """mypy's cache: where MYPY_CACHE_DIR says, else in the user's cache directory, never in the
    package or the working directory (the first run checks pydantic too; later ones take seconds less)."""
    if os.environ.get("MYPY_CACHE_DIR"):
        return Path(os.environ["MYPY_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocpp-codegen" / "mypy"


def type_check(directory: Path, *, name: str | None = None, cache_directory: Path | None = None) -> TypeCheck:
    """Run `mypy --strict` on the package in `directory`, checked as the package `name`
    (default: the directory's name, else `package`)."""
    if importlib.util.find_spec("mypy") is None:
        raise GenerationError.single(
            directory,
            "",
            f"mypy is not installed, and verify type-checks the package: "
            f"`{sys.executable} -m pip install {mypy_requirement()}`, or pass --no-typecheck to skip it",
        )
    if not (directory / "__init__.py").is_file():
        raise GenerationError.single(directory, "", "no generated package here (no __init__.py): run generate first")
    name = name or (directory.name if directory.name.isidentifier() else "package")
    modules = sorted(path.stem for path in directory.glob("*.py"))
    left_out = modules_needing_missing_distributions(directory, modules)
    checked = tuple(m for m in modules if m not in left_out)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ocpp-codegen-mypy-") as scratch:
        link = Path(scratch) / name
        link.symlink_to(directory.resolve(), target_is_directory=True)
        output = _run_mypy(link, name, checked, cache_directory or default_cache_directory(), directory)
    problems = _problems(output, link, directory)
    return TypeCheck(directory, problems, checked, left_out, time.perf_counter() - started)


def _run_mypy(link: Path, name: str, modules: tuple[str, ...], cache: Path, directory: Path) -> str:
    targets = [part for module in modules for part in ("-m", name if module == "__init__" else f"{name}.{module}")]
    command = [
        sys.executable,
        "-m",
        "mypy",
        "--strict",
        "--config-file=",
        f"--python-version={PYTHON_VERSION}",
        f"--cache-dir={cache}",
        "--no-color-output",
        "--no-pretty",
        "--no-error-summary",
        "--show-error-codes",
        "--hide-error-context",
        *targets,
    ]
    environment = {**os.environ, "MYPYPATH": str(link.parent)}
    try:
        result = subprocess.run(
            command,
            cwd=link.parent,
            env=environment,
            capture_output=True,
            text=True,
            timeout=TIME_LIMIT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise GenerationError.single(directory, "", f"mypy took over {TIME_LIMIT_SECONDS} s on the package") from None
    if result.returncode != 0 and not _MESSAGE.search(result.stdout):  # errors are exit 1, syntax errors 2
        said = (result.stderr.strip() or result.stdout.strip() or f"exit status {result.returncode}").splitlines()
        raise GenerationError.single(directory, "", f"mypy could not check the package: {said[-1]}")
    return result.stdout


def _problems(output: str, link: Path, directory: Path) -> tuple[TypeProblem, ...]:
    """mypy's errors with their notes, each naming the file in `directory`, not in the link."""
    problems: list[TypeProblem] = []
    for line in output.splitlines():
        found = _MESSAGE.match(line)
        if found is None:
            continue
        path = _shown_path(found["path"], link, directory)
        if found["severity"] == "error":
            problems.append(TypeProblem(path, int(found["line"]), found["text"]))
        elif problems:
            last = problems[-1]
            problems[-1] = TypeProblem(last.path, last.line, last.text, (*last.notes, found["text"]))
    return tuple(problems)


def _shown_path(reported: str, link: Path, directory: Path) -> str:
    path = Path(reported) if Path(reported).is_absolute() else link.parent / reported
    try:
        return str(directory / path.relative_to(link))
    except ValueError:  # a file outside the package: an installed dependency
        return reported
