"""The check that a dependency's installed release is one this package works with.

Another release may accept what the schemas forbid, or refuse what they allow: the package
refuses it with an ImportError instead of validating wrongly. The package's `__init__` checks
pydantic before any other module uses it, `transport` checks websockets before importing it;
the supported ranges are in `_releases.SUPPORTED`.
"""

from __future__ import annotations

import re
from typing import Final

# PEP 440 specifiers of `>=`, `<` and `!=` clauses on release numbers (`!=X.Y.*` a series).
_RELEASE: Final = re.compile(r"\d+(?:\.\d+)*")
_CLAUSE: Final = re.compile(r"(>=|<|!=)(\d+(?:\.\d+)*)(\.\*)?")


def require(distribution: str, found: str, supported: str) -> None:
    """Raise ImportError unless release `found` of `distribution` meets `supported`."""
    if not satisfies(found, supported):
        package = __name__.rpartition(".")[0]
        raise ImportError(
            f"{package} needs {distribution}{supported}, but {distribution} {found} is"
            f" installed: pip install '{distribution}{supported}'"
        )


def satisfies(found: str, specifier: str) -> bool:
    """Whether a release (`2.12.0`, `17.4`, `2.15.0b1`) meets every clause of a specifier."""
    match = _RELEASE.match(found)
    if match is None:
        return False
    release = _numbers(match.group())
    return all(_meets(release, clause) for clause in specifier.split(","))


def _meets(release: tuple[int, ...], clause: str) -> bool:
    match = _CLAUSE.fullmatch(clause)
    if match is None:
        return False
    operator, version, series = match.groups()
    bound = _numbers(version)
    if series:
        return release[: len(bound)] != bound
    width = max(len(release), len(bound))
    release += (0,) * (width - len(release))
    bound += (0,) * (width - len(bound))
    if operator == ">=":
        return release >= bound
    if operator == "<":
        return release < bound
    return release != bound


def _numbers(release: str) -> tuple[int, ...]:
    return tuple(int(part) for part in release.split("."))
