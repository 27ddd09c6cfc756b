"""The checker on tiny models: where the model's verdict on a text meets the reference's."""

from __future__ import annotations

from typing import Any, Self

from pydantic import field_validator, model_validator

from ocpp16._base import OcppModel
from ocpp_codegen.verify import Checker, MessageReport, Sample, SchemaView, reference_validator

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"count": {"type": "integer", "maximum": 10}},
    "required": ["count"],
    "additionalProperties": False,
}


class Counter(OcppModel):
    """Agrees with SCHEMA except for the maximum, which it does not know."""

    count: int


class CounterWritingADefault(OcppModel):
    count: int
    unit: str = "Wh"

    @model_validator(mode="after")
    def _send_the_unit_always(self) -> Self:
        self.unit = self.unit  # now set, so to_wire() writes the default back
        return self


class CounterThatRaises(OcppModel):
    count: int

    @field_validator("count")
    @classmethod
    def _broken(cls, value: int) -> int:
        raise RuntimeError("broken validator")


def _checker(model: Any) -> Checker:
    return Checker("Counter", model, reference_validator(SCHEMA), SchemaView(SCHEMA), MessageReport("Counter"))


def test_a_text_both_accept_is_a_round_trip_and_no_failure() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": 1}', "sample"))
    assert (checker.report.checked, checker.report.round_trips, checker.report.failures) == (1, 1, [])


def test_a_text_both_reject_is_no_failure() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": "1"}', "sample"))
    assert (checker.report.checked, checker.report.round_trips, checker.report.failures) == (1, 0, [])


def test_the_check_answers_whether_the_reference_accepts() -> None:
    checker = _checker(Counter)
    assert [checker.check(Sample(t, "sample")) for t in ('{"count": 1}', '{"count": 11}')] == [True, False]


def test_a_disagreement_is_a_same_verdict_failure() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": 11}', "sample"))
    assert [(f.check, f.problem) for f in checker.report.failures] == [
        ("same verdict", "the model and jsonschema disagree")
    ]


def test_a_text_is_checked_once() -> None:
    checker = _checker(Counter)
    for origin in ("sample 1", "mutation of sample 2"):
        checker.check(Sample('{"count": 11}', origin))
    assert (checker.report.checked, len(checker.report.failures)) == (1, 1)


def test_a_corpus_text_is_checked_again_for_its_expectation() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": 1}', "sample"))
    checker.check(Sample('{"count": 1}', "corpus valid/a.json"), expected=True)
    assert checker.report.checked == 2


def test_a_valid_corpus_message_the_reference_rejects_is_a_corpus_failure() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": "1"}', "corpus valid/a.json"), expected=True)
    assert [(f.check, f.problem) for f in checker.report.failures] == [("corpus", "a valid corpus message is rejected")]


def test_an_invalid_corpus_message_the_reference_accepts_is_a_corpus_failure() -> None:
    checker = _checker(Counter)
    checker.check(Sample('{"count": 1}', "corpus invalid/a.json"), expected=False)
    assert [(f.check, f.problem) for f in checker.report.failures] == [
        ("corpus", "an invalid corpus message is accepted")
    ]


def test_a_model_writing_back_a_default_is_a_round_trip_failure() -> None:
    checker = _checker(CounterWritingADefault)
    checker.check(Sample('{"count": 1}', "sample"))
    assert [(f.check, f.problem) for f in checker.report.failures] == [
        (
            "round trip",
            """to_wire() differs at /: properties ['count'] became ['count', 'unit']: {"count":1,"unit":"Wh"}""",
        )
    ]


def test_a_model_raising_anything_but_a_validation_error_is_a_same_verdict_failure() -> None:
    checker = _checker(CounterThatRaises)
    checker.check(Sample('{"count": 1}', "sample"))
    assert [(f.problem, str(f.model)) for f in checker.report.failures] == [
        ("the model raised", "rejected (raised RuntimeError('broken validator'))")
    ]
