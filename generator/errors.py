"""The one error type every stage raises for bad input: it names the file and the JSON pointer."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, located as precisely as the stage can."""

    source: str
    pointer: str
    message: str

    def __str__(self) -> str:
        where = f"{self.source}#{self.pointer}" if self.pointer else self.source
        return f"{where}: {self.message}"


class GenerationError(Exception):
    """Input the generator cannot turn into code; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(p) for p in problems))
        self.problems = problems

    @classmethod
    def single(cls, source: str | Path, pointer: str, message: str) -> GenerationError:
        return cls([Problem(str(source), pointer, message)])


def pointer_join(pointer: str, *parts: str | int) -> str:
    """Extend an RFC 6901 JSON pointer, escaping each part."""
    escaped = (str(p).replace("~", "~0").replace("/", "~1") for p in parts)
    return "/".join([pointer, *escaped])
