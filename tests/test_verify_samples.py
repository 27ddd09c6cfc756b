"""Schema samples on tiny schemas: short arrays, valid values, nothing drawn when none are asked for."""

from __future__ import annotations

from typing import Any

from jsonschema import Draft4Validator

from ocpp_codegen.verify import schema_samples
from ocpp_codegen.verify.samples import SAMPLE_MAX_ITEMS, with_short_arrays

READINGS: dict[str, Any] = {
    "type": "object",
    "properties": {"values": {"type": "array", "items": {"type": "integer", "maximum": 9}, "minItems": 1}},
    "required": ["values"],
    "additionalProperties": False,
}


def test_sampled_arrays_hold_at_most_a_few_items() -> None:
    assert with_short_arrays({"type": "array"})["maxItems"] == SAMPLE_MAX_ITEMS


def test_sampled_arrays_keep_a_larger_min_items() -> None:
    assert with_short_arrays({"type": "array", "minItems": 5})["maxItems"] == 5


def test_sampled_arrays_keep_a_smaller_max_items() -> None:
    assert with_short_arrays({"type": "array", "maxItems": 2})["maxItems"] == 2


def test_nested_arrays_are_shortened_too() -> None:
    nested = with_short_arrays({"type": "object", "properties": {"a": {"type": "array"}}})
    assert nested["properties"]["a"]["maxItems"] == SAMPLE_MAX_ITEMS


def test_no_samples_are_drawn_when_none_are_asked_for() -> None:
    assert schema_samples(READINGS, 0, 0) == []


def test_samples_of_a_schema_without_formats_are_valid_for_it() -> None:
    samples = schema_samples(READINGS, 5, 0)
    assert samples and all(Draft4Validator(READINGS).is_valid(s) for s in samples)


def test_samples_hold_short_arrays() -> None:
    assert max(len(s["values"]) for s in schema_samples(READINGS, 10, 0)) <= SAMPLE_MAX_ITEMS
