"""What the model stage finds wrong or worth saying: every problem of a run, and the warnings."""

from __future__ import annotations

from ..errors import GenerationError, Problem
from ..load import SchemaSet
from .location import Location


class Findings:
    """The problems and warnings of one build, in the order they were found."""

    def __init__(self, schema_set: SchemaSet) -> None:
        self.schema_set = schema_set
        self.problems: list[Problem] = []
        self.warnings: list[str] = []

    def problem(self, source: str, pointer: str, message: str) -> None:
        """Record a problem; `source` is a path, or a file name of the schema set."""
        document = self.schema_set.document(source)
        self.problems.append(Problem(str(document.path) if document else source, pointer, message))

    def problem_at(self, location: Location, pointer: str, message: str) -> None:
        """Record a problem at `pointer` in the document of `location`."""
        self.problem(location.source, pointer, message)

    def warn(self, message: str) -> None:
        self.warnings.append(message)

    def stop_on_problems(self) -> None:
        """Raise every problem found, if any: the stage's one way to fail."""
        if self.problems:
            raise GenerationError(self.problems)
