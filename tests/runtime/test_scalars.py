"""The shared scalar types, tested as the runtime module itself."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Annotated

import pytest
from pydantic import TypeAdapter, ValidationError

from ocpp_codegen.runtime._scalars import DateTime, IntegralNumber, MultipleOf, Uri

DATE_TIME = TypeAdapter(DateTime)
URI = TypeAdapter(Uri)
INTEGRAL = TypeAdapter(IntegralNumber)
TENTH = TypeAdapter(Annotated[float, MultipleOf(0.1)])


def test_a_date_time_with_an_offset_is_read_as_an_aware_datetime() -> None:
    assert DATE_TIME.validate_json('"2026-11-25T08:00:00Z"') == datetime(2026, 11, 25, 8, tzinfo=timezone.utc)


@pytest.mark.parametrize("text", ['"2026-11-25T08:00:00"', '"2026-02-30T08:00:00Z"', '"2026-11-25 08:00:00Z"'])
def test_a_date_time_without_an_offset_or_not_rfc_3339_is_rejected(text: str) -> None:
    with pytest.raises(ValidationError):
        DATE_TIME.validate_json(text)


def test_a_uri_needs_a_scheme() -> None:
    assert URI.validate_json('"wss://example.com/ocpp"') == "wss://example.com/ocpp"
    with pytest.raises(ValidationError):
        URI.validate_json('"example.com/ocpp"')


def test_an_integral_number_takes_a_whole_float_and_rejects_a_fraction() -> None:
    assert INTEGRAL.validate_json("3.0") == 3
    with pytest.raises(ValidationError):
        INTEGRAL.validate_json("3.5")


def test_a_multiple_of_a_decimal_step_is_checked_on_the_decimal_value() -> None:
    assert TENTH.validate_json("0.3") == pytest.approx(0.3)
    with pytest.raises(ValidationError):
        TENTH.validate_json("0.35")
