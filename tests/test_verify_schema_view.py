"""Walking a tiny schema alongside a value: local references, places present and absent."""

from __future__ import annotations

from typing import Any

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.verify import SchemaView, places
from ocpp_codegen.verify.schema_view import MISSING

SCHEMA: dict[str, Any] = {
    "definitions": {"Tag": {"$ref": "#/definitions/Text"}, "Text": {"type": "string", "maxLength": 20}},
    "type": "object",
    "properties": {"idTag": {"$ref": "#/definitions/Tag"}, "parentIdTag": {"$ref": "#/definitions/Tag"}},
}


def test_a_local_reference_resolves_through_references() -> None:
    assert SchemaView(SCHEMA).resolve({"$ref": "#/definitions/Tag"}) == {"type": "string", "maxLength": 20}


def test_a_remote_reference_is_an_error_naming_the_schema() -> None:
    with pytest.raises(GenerationError, match="Authorize.json.*cannot follow \\$ref 'other.json#/a'"):
        SchemaView(SCHEMA, "Authorize.json").resolve({"$ref": "other.json#/a"})


def test_a_reference_cycle_is_an_error() -> None:
    cyclic = {"definitions": {"A": {"$ref": "#/definitions/B"}, "B": {"$ref": "#/definitions/A"}}}
    with pytest.raises(GenerationError, match="cannot follow \\$ref"):
        SchemaView(cyclic).resolve({"$ref": "#/definitions/A"})


def test_places_name_each_property_with_its_resolved_schema_present_or_not() -> None:
    view = SchemaView(SCHEMA)
    found = [(p.pointer, p.schema.get("maxLength"), p.present) for p in places(view, view.root, {"idTag": "T"})]
    assert found == [("", None, True), ("/idTag", 20, True), ("/parentIdTag", 20, False)]


def test_an_absent_place_holds_the_missing_marker() -> None:
    view = SchemaView(SCHEMA)
    assert [p.value for p in places(view, view.root, {})][1:] == [MISSING, MISSING]
