"""The report: per message, how many texts were checked and what failed; one summary to print."""

from __future__ import annotations

from dataclasses import dataclass, field

from .json_text import shorten
from .verdicts import Verdict

FAILURES_SHOWN = 5  # a message's first failures; one cause often fails many texts


@dataclass(frozen=True)
class Sample:
    """One payload text and where it came from; `pointer` is the place a mutation changed."""

    text: str
    origin: str
    pointer: str = ""


@dataclass(frozen=True)
class Failure:
    """One check that did not hold for one text, with both verdicts on it."""

    message: str
    check: str
    sample: Sample
    reference: Verdict
    model: Verdict
    problem: str

    def __str__(self) -> str:
        return "\n".join(
            [
                f"{self.message}: {self.check}: {self.problem}",
                f"  pointer:    {self.sample.pointer or '/'}",
                f"  sample:     {shorten(self.sample.text)}  ({self.sample.origin})",
                f"  jsonschema: {self.reference}",
                f"  model:      {self.model}",
            ]
        )


@dataclass
class MessageReport:
    message: str
    samples: int = 0
    corpus: int = 0
    checked: int = 0
    round_trips: int = 0
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        verdict = "ok" if not self.failures else f"{len(self.failures)} FAILURE(S)"
        return (
            f"  {self.message:44} {self.samples:4} samples {self.corpus:3} corpus "
            f"{self.checked:6} texts {self.round_trips:5} round trips  {verdict}"
        )


@dataclass(frozen=True)
class Report:
    messages: tuple[MessageReport, ...]
    skipped_corpus: tuple[str, ...]
    seconds: float

    @property
    def failures(self) -> list[Failure]:
        return [f for m in self.messages for f in m.failures]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        """A line a message, the skipped corpus files, each message's first failures, the totals."""
        lines = [m.line() for m in self.messages]
        lines += [
            f"  corpus file skipped, the package has no model of its action and direction: {name}"
            for name in self.skipped_corpus
        ]
        for message in self.messages:
            lines += [str(f) for f in message.failures[:FAILURES_SHOWN]]
            if len(message.failures) > FAILURES_SHOWN:
                lines.append(f"{message.message}: ... and {len(message.failures) - FAILURES_SHOWN} more failure(s)")
        return "\n".join([*lines, self._totals()])

    def _totals(self) -> str:
        return (
            f"{len(self.messages)} messages, {sum(m.samples for m in self.messages)} samples, "
            f"{sum(m.corpus for m in self.messages)} corpus messages, {sum(m.checked for m in self.messages)} texts "
            f"checked, {sum(m.round_trips for m in self.messages)} round trips, {len(self.failures)} failure(s) "
            f"in {self.seconds:.1f} s"
        )
