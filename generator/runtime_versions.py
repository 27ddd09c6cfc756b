"""The releases of pydantic and websockets the generated package works with (`runtime.toml`).

The render stage writes these ranges into the package's `_releases.py`; its `_requirements.py`
checks them at import. `make test-runtimes` reads the releases it installs from here:
`python -m generator.runtime_versions floor|newest|refused [NAME]` prints them as pip
requirements.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

RUNTIME_FILE = Path(__file__).parent / "runtime.toml"

# The clauses the generated check understands: release numbers only, `.*` only after `!=`.
_CLAUSE = re.compile(r"(>=|<|!=)(\d+(?:\.\d+)*)(\.\*)?\Z")
_RELEASE = re.compile(r"\d+(?:\.\d+)*\Z")


@dataclass(frozen=True)
class RuntimeDependency:
    """One runtime dependency: its supported range and the releases CI installs."""

    name: str
    supported: str
    newest: str
    refused: str

    @property
    def floor(self) -> str:
        """The oldest supported release: the version of the `>=` clause."""
        return next(clause[2:] for clause in self.supported.split(",") if clause.startswith(">="))


def load_runtime_dependencies(path: Path = RUNTIME_FILE) -> tuple[RuntimeDependency, ...]:
    """Every dependency of `runtime.toml`, checked: a malformed range is a ValueError naming it."""
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    dependencies = tuple(
        RuntimeDependency(name, table["supported"], table["newest"], table["refused"]) for name, table in data.items()
    )
    for dependency in dependencies:
        _check(dependency, path)
    return dependencies


def _check(dependency: RuntimeDependency, path: Path) -> None:
    clauses = dependency.supported.split(",")
    bad = [
        clause
        for clause in clauses
        if not _CLAUSE.match(clause) or (clause.endswith(".*") and not clause.startswith("!="))
    ]
    if bad:
        raise ValueError(f"{path}: {dependency.name}: clause {bad[0]!r} is not >=X, <X, !=X or !=X.*")
    if sum(clause.startswith(">=") for clause in clauses) != 1:
        raise ValueError(f"{path}: {dependency.name}: the supported range needs exactly one >= clause, its floor")
    for key in ("newest", "refused"):
        if not _RELEASE.match(getattr(dependency, key)):
            raise ValueError(f"{path}: {dependency.name}: {key} {getattr(dependency, key)!r} is not a release number")


def requirements(role: str, dependencies: tuple[RuntimeDependency, ...], only: str | None = None) -> list[str]:
    """pip requirements of a release role (`floor`, `newest`, `refused`) for every dependency, or
    for `only` one of them, the others at their newest."""
    return [f"{d.name}=={getattr(d, role if only in (None, d.name) else 'newest')}" for d in dependencies]


if __name__ == "__main__":
    print(" ".join(requirements(sys.argv[1], load_runtime_dependencies(), *sys.argv[2:3])))
