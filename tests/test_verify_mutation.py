"""The mutations verify makes of a valid payload, on a tiny schema: which texts, at which places."""

from __future__ import annotations

import json
from typing import Any

from ocpp_codegen.verify import Mutation, SchemaView, mutations

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "count": {"type": "integer", "multipleOf": 2, "maximum": 10},
        "idTag": {"type": "string", "maxLength": 3},
        "status": {"type": "string", "enum": ["On", "Off"]},
        "note": {"type": "string"},
        "readings": {"type": "array", "items": {"type": "object", "properties": {"value": {"type": "number"}}}},
    },
    "required": ["count"],
}
PAYLOAD = {"count": 4, "idTag": "ab", "status": "On", "readings": [{"value": 1.5}, {"value": 2.5}]}


def _mutations() -> list[Mutation]:
    return list(mutations(SchemaView(SCHEMA), PAYLOAD))


def _at(pointer: str) -> dict[str, Any]:
    """kind -> the value the mutation puts at the pointer (None where it removed the property)."""
    name = pointer.rsplit("/", 1)[-1]
    return {m.kind: json.loads(m.text).get(name) for m in _mutations() if m.pointer == pointer}


def test_every_place_gets_every_json_type_once() -> None:
    probes = {k for k in _at("/note") if k.startswith("value ")}
    assert probes == {
        "value null",
        "value true",
        "value 0",
        "value 1",
        "value 1.0",
        "value 0.5",
        'value "1"',
        "value []",
        "value {}",
    }


def test_a_present_property_is_dropped() -> None:
    dropped = [json.loads(m.text) for m in _mutations() if m.kind == "drop" and m.pointer == "/count"]
    assert dropped == [{k: v for k, v in PAYLOAD.items() if k != "count"}]


def test_an_absent_property_gets_values_but_is_not_dropped() -> None:
    assert "value null" in _at("/note") and "drop" not in _at("/note")


def test_an_integer_gets_the_next_multiple_and_a_value_off_multiple_of() -> None:
    kinds = _at("/count")
    assert (kinds["next multiple"], kinds["off multipleOf"]) == (6, 5)


def test_a_bound_gets_one_under_at_and_one_over() -> None:
    kinds = _at("/count")
    assert (kinds["maximum -1"], kinds["maximum +0"], kinds["maximum +1"]) == (9, 10, 11)


def test_a_string_gets_texts_at_and_one_over_max_length() -> None:
    kinds = _at("/idTag")
    assert (kinds["at maxLength"], kinds["one over maxLength"]) == ("abx", "abxx")


def test_an_enum_value_gets_near_misses() -> None:
    misses = {v for k, v in _at("/status").items() if k.startswith("enum value")}
    assert misses == {"OnX", "on", "ON", " On", ""}


def test_an_object_gets_an_unknown_property() -> None:
    unknown = [json.loads(m.text) for m in _mutations() if m.kind == "unknown property" and m.pointer == ""]
    assert unknown == [{**PAYLOAD, "unknownProperty": "x"}]


def test_a_camel_case_property_gets_its_snake_case_name_as_an_extra_property() -> None:
    texts = [json.loads(m.text) for m in _mutations() if m.kind == "snake_case name 'id_tag'"]
    assert texts == [{**PAYLOAD, "id_tag": "ab"}]


def test_only_the_first_item_of_an_array_is_mutated() -> None:
    pointers = {m.pointer for m in _mutations() if m.pointer.startswith("/readings/")}
    assert pointers == {"/readings/0", "/readings/0/value"}


def test_an_array_gets_one_item_more_one_less_and_none() -> None:
    kinds = _at("/readings")
    assert [len(kinds[k]) for k in ("empty array", "one item more", "one item less")] == [0, 3, 1]


def test_each_top_level_property_is_repeated_with_null_before_and_after_it() -> None:
    repeated = [(m.kind, m.text) for m in _mutations() if m.pointer == "/status" and m.kind.startswith("repeated")]
    before = '{"count": 4, "idTag": "ab", "status": null, "status": "On", "readings": '
    after = '{"count": 4, "idTag": "ab", "status": "On", "status": null, "readings": '
    assert [(k, t[: len(before)]) for k, t in repeated] == [
        ("repeated key, last valid", before),
        ("repeated key, last null", after),
    ]


def test_a_payload_that_is_no_object_gets_no_repeated_keys() -> None:
    assert not [m for m in mutations(SchemaView({"type": "integer"}), 3) if m.kind.startswith("repeated")]
