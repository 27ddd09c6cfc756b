"""The checker: where the model's verdict on one text meets the reference's.

Every comparison of the two readers on a text lives in `Checker.check` (and the methods it
calls); a new one goes next to them, so that each text is read once and every failure lands in
the message's report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jsonschema.protocols import Validator

from .codes import CodeCheck
from .report import Failure, MessageReport, Sample
from .round_trips import round_trip
from .schema_view import SchemaView
from .verdicts import Verdict, model_verdict, reference_verdict


@dataclass
class Checker:
    """Runs every check on the texts of one message and records failures in its report."""

    message: str
    model: Any
    reference: Validator
    view: SchemaView
    report: MessageReport
    codes: CodeCheck | None = None  # the CALLERROR codes' check, where the package has a dispatcher
    seen: dict[str, bool] = field(default_factory=dict)  # text -> the reference accepts it

    def check(self, sample: Sample, expected: bool | None = None) -> bool:
        """Same verdict (and the round trip when valid); True when the reference accepts.

        `expected` is what a corpus file says of its payload (True: valid); a text checked before
        is not checked again unless a corpus file states what it expects.
        """
        if sample.text in self.seen and expected is None:
            return self.seen[sample.text]
        self.report.checked += 1
        reference = reference_verdict(self.reference, sample.text)
        try:
            model = model_verdict(self.model, sample.text)
        except Exception as error:  # a model that raises anything but a ValidationError is broken
            self._fail("same verdict", sample, reference, Verdict(False, f"raised {error!r}"), "the model raised")
            return reference.accepted
        self._compare(sample, reference, model, expected)
        self.seen[sample.text] = reference.accepted
        return reference.accepted

    def _compare(self, sample: Sample, reference: Verdict, model: Verdict, expected: bool | None) -> None:
        """Every comparison of the two verdicts on one text; each records its own failure."""
        if reference.accepted != model.accepted:
            self._fail("same verdict", sample, reference, model, "the model and jsonschema disagree")
        elif expected is not None and expected != reference.accepted:
            problem = "a valid corpus message is rejected" if expected else "an invalid corpus message is accepted"
            self._fail("corpus", sample, reference, model, problem)
        if not reference.accepted and not model.accepted and self.codes is not None:
            self._check_code(sample, reference, model)
        if reference.accepted and model.accepted:
            self._check_round_trip(sample, reference, model)

    def _check_code(self, sample: Sample, reference: Verdict, model: Verdict) -> None:
        assert self.codes is not None
        mismatch = self.codes.mismatch(self.model, self.reference, sample.text)
        if mismatch is not None:
            self._fail("same code", sample, reference, model, str(mismatch))

    def _check_round_trip(self, sample: Sample, reference: Verdict, model: Verdict) -> None:
        self.report.round_trips += 1
        problem = round_trip(self.model, self.reference, self.view, sample.text)
        if problem is not None:
            self._fail("round trip", sample, reference, model, problem)

    def _fail(self, check: str, sample: Sample, reference: Verdict, model: Verdict, problem: str) -> None:
        self.report.failures.append(Failure(self.message, check, sample, reference, model, problem))
