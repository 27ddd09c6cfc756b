"""The reference and the two verdicts on tiny schemas: jsonschema with formats, `multipleOf` exact."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import pytest

from ocpp16._base import OcppModel
from ocpp_codegen.verify import Verdict, exact_number, model_verdict, reference_validator, reference_verdict
from ocpp_codegen.verify.json_text import shorten

TENTHS = {"type": "number", "multipleOf": 0.1}


class Counter(OcppModel):
    count: int


def _reference(schema: dict[str, Any], text: str) -> Verdict:
    return reference_verdict(reference_validator(schema), text)


def test_multiple_of_takes_0_3_as_a_multiple_of_0_1() -> None:
    assert _reference(TENTHS, "0.3").accepted


def test_multiple_of_rejects_a_number_between_two_multiples() -> None:
    assert _reference(TENTHS, "0.35") == Verdict(False, "/: 0.35 is not a multiple of 0.1")


def test_multiple_of_takes_an_integral_float_for_an_integer_step() -> None:
    assert _reference({"multipleOf": 2}, "4.0").accepted


def test_multiple_of_leaves_a_value_that_is_no_number_alone() -> None:
    assert _reference({"multipleOf": 0.1}, '"x"').accepted


def test_the_exact_number_of_a_float_is_the_decimal_its_text_states() -> None:
    assert exact_number(0.1) == Fraction(1, 10)


def test_the_reference_checks_formats() -> None:
    assert not _reference({"type": "string", "format": "date-time"}, '"2026-11-25T08:00:00"').accepted


@pytest.mark.parametrize(("draft", "accepted"), [("draft-04", False), ("draft-06", True)])
def test_the_reference_follows_the_schema_s_draft_on_integral_floats(draft: str, accepted: bool) -> None:
    schema = {"$schema": f"http://json-schema.org/{draft}/schema#", "type": "integer"}
    assert _reference(schema, "1.0").accepted is accepted


def test_a_reference_rejection_names_the_pointer_of_the_first_error() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "array", "items": {"type": "string"}}}}
    assert _reference(schema, '{"a": [1]}') == Verdict(False, "/a/0: 1 is not of type 'string'")


def test_nan_is_not_json_for_the_reference() -> None:
    assert _reference(TENTHS, "NaN") == Verdict(False, "not JSON: NaN is not JSON")


def test_a_model_rejection_names_the_wire_pointer_and_pydantic_s_error_type() -> None:
    assert model_verdict(Counter, '{"count": "1"}') == Verdict(
        False, "/count: Input should be a valid integer [int_type]"
    )


def test_the_python_mode_reads_the_text_as_strict_json_first() -> None:
    assert model_verdict(Counter, '{"count": NaN}', "python") == Verdict(False, "not JSON: NaN is not JSON")


def test_a_verdict_reads_as_accepted_or_rejected_with_its_reason() -> None:
    assert (str(Verdict(True)), str(Verdict(False, "/: no"))) == ("accepted", "rejected (/: no)")


def test_a_long_text_is_shortened_with_its_length() -> None:
    assert shorten("x" * 601) == "x" * 600 + "... (601 characters)"


def test_a_short_text_is_shown_whole() -> None:
    assert shorten("x" * 600) == "x" * 600
