"""The model stage on schemas of a few lines: what each schema construct becomes in the IR."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.ir import AliasType, ArrayOf, EnumMember, EnumType, Field, ObjectType, Origin, Primitive, Ref

from .model_stage_helpers import build, obj, request_body


def test_a_required_property_is_a_required_field_and_the_others_optional(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"a": {"type": "string"}, "b": {"type": "string"}}, ["b"])})
    assert [(f.wire_name, f.required) for f in request_body(result).fields] == [("a", False), ("b", True)]


def test_a_property_s_attribute_is_its_snake_case_name(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"connectorId": {"type": "integer"}})})
    assert request_body(result).fields == (Field("connectorId", "connector_id", Primitive("integer"), False),)


def test_additional_properties_false_makes_a_closed_object(tmp_path: Path) -> None:
    closed = build(tmp_path / "closed", {"Ping": obj({}, additionalProperties=False)})
    open_ = build(tmp_path / "open", {"Ping": obj({})})
    assert (request_body(closed).closed, request_body(open_).closed) == (True, False)


def test_a_string_enum_is_an_enum_type_with_a_member_for_each_value(tmp_path: Path) -> None:
    status = {"type": "string", "enum": ["Accepted", "EVDisconnected", "L1-N"]}
    result = build(tmp_path, {"Ping": obj({"status": status})}, type_names={"status": "PingStatus"})
    assert request_body(result).fields[0].type == Ref("PingStatus")
    assert result.protocol.named("PingStatus") == EnumType(
        "PingStatus",
        (
            EnumMember("accepted", "Accepted"),
            EnumMember("ev_disconnected", "EVDisconnected"),
            EnumMember("l1_n", "L1-N"),
        ),
    )


def test_a_ref_to_definitions_is_a_type_named_after_its_key(tmp_path: Path) -> None:
    schema = obj(
        {"box": {"$ref": "#/definitions/BoxType"}}, definitions={"BoxType": obj({"size": {"type": "integer"}})}
    )
    result = build(tmp_path, {"Ping": schema})
    assert request_body(result).fields[0].type == Ref("BoxType")
    assert result.protocol.named("BoxType") == ObjectType(
        "BoxType", (Field("size", "size", Primitive("integer"), False),), False
    )


def test_a_ref_into_another_file_of_the_set_is_followed(tmp_path: Path) -> None:
    shared = {"Shared": obj({}, definitions={"Level": {"type": "integer", "minimum": 0}})}
    result = build(
        tmp_path,
        {"Ping": obj({"level": {"$ref": "Shared.json#/definitions/Level"}}), **shared},
        actions=("Ping", "Shared"),
    )
    assert result.protocol.named("Level") == AliasType("Level", Primitive("integer", minimum=0))


def test_a_string_of_a_named_length_is_the_named_string_type(tmp_path: Path) -> None:
    result = build(
        tmp_path, {"Ping": obj({"vendor": {"type": "string", "maxLength": 20}})}, string_types={20: "CiString20Type"}
    )
    assert request_body(result).fields[0].type == Ref("CiString20Type")
    assert result.protocol.named("CiString20Type") == AliasType("CiString20Type", Primitive("string", max_length=20))


def test_a_string_with_a_minimum_length_is_not_the_named_string_type(tmp_path: Path) -> None:
    node = {"type": "string", "minLength": 1, "maxLength": 20}
    result = build(tmp_path, {"Ping": obj({"vendor": node})}, string_types={20: "CiString20Type"})
    assert request_body(result).fields[0].type == Primitive("string", min_length=1, max_length=20)


def test_a_named_scalar_of_a_named_length_aliases_the_named_string_type(tmp_path: Path) -> None:
    schema = obj({"idTag": {"type": "string", "maxLength": 20}})
    result = build(tmp_path, {"Ping": schema}, type_names={"idTag": "IdToken"}, string_types={20: "CiString20Type"})
    assert result.protocol.named("IdToken") == AliasType("IdToken", Ref("CiString20Type"))


def test_one_type_defined_alike_in_two_files_is_defined_once_with_both_places(tmp_path: Path) -> None:
    box = obj({"size": {"type": "integer"}})
    result = build(
        tmp_path,
        {"Ping": obj({"box": box}), "Pong": obj({"box": box})},
        actions=("Ping", "Pong"),
        type_names={"box": "Box"},
    )
    assert [t.name for t in result.protocol.types] == ["Box"]
    assert result.protocol.named("Box").origins == (
        Origin("Ping.json", "/properties/box"),
        Origin("Pong.json", "/properties/box"),
    )


def test_one_type_defined_differently_in_two_files_stops_with_the_difference(tmp_path: Path) -> None:
    files = {
        "Ping": obj({"box": obj({"size": {"type": "integer"}})}),
        "Pong": obj({"box": obj({"size": {"type": "integer"}, "colour": {"type": "string"}}, ["size"])}),
    }
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, files, actions=("Ping", "Pong"), type_names={"box": "Box"})
    [problem] = raised.value.problems
    assert (Path(problem.source).name, problem.pointer) == ("Pong.json", "/properties/box")
    assert problem.message == (
        "defines Box unlike Ping.json#/properties/box: property 'colour' only here; property 'size' is required here only. "
        "Make them equal with an erratum in the errata directory."
    )


def test_an_enum_defined_with_other_values_elsewhere_names_the_values_on_each_side(tmp_path: Path) -> None:
    files = {
        "Ping": obj({"unit": {"type": "string", "enum": ["Wh", "kWh"]}}),
        "Pong": obj({"unit": {"type": "string", "enum": ["Wh", "Hertz"]}}),
    }
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, files, actions=("Ping", "Pong"), type_names={"unit": "Unit"})
    assert (
        "defines Unit unlike Ping.json#/properties/unit: values ['Hertz'] only here; values ['kWh'] only there."
        in str(raised.value)
    )


def test_array_min_and_max_items_are_kept_on_the_array(tmp_path: Path) -> None:
    values = {"type": "array", "items": {"type": "integer"}, "minItems": 1, "maxItems": 3}
    result = build(tmp_path, {"Ping": obj({"values": values})})
    assert request_body(result).fields[0].type == ArrayOf(Primitive("integer"), 1, 3)


def test_integer_and_number_are_different_primitives(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"count": {"type": "integer"}, "ratio": {"type": "number"}})})
    assert [f.type for f in request_body(result).fields] == [Primitive("integer"), Primitive("number")]


def test_a_draft_06_integer_is_an_integral_number(tmp_path: Path) -> None:
    schema = obj({"count": {"type": "integer"}}, **{"$schema": "http://json-schema.org/draft-06/schema#"})
    result = build(tmp_path, {"Ping": schema})
    assert request_body(result).fields[0].type == Primitive("integral_number")


def test_a_draft_04_exclusive_minimum_flag_makes_the_minimum_exclusive(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"rate": {"type": "number", "minimum": 0, "exclusiveMinimum": True}})})
    assert request_body(result).fields[0].type == Primitive("number", exclusive_minimum=0)


def test_a_date_time_string_is_a_datetime_primitive(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"at": {"type": "string", "format": "date-time"}})})
    assert request_body(result).fields[0].type == Primitive("datetime")


def test_a_property_without_constraints_takes_any_json_value(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"data": {"description": "anything"}})})
    assert request_body(result).fields[0] == Field("data", "data", Primitive("any"), False, "anything")


def test_a_nested_object_is_named_by_the_type_names_rule_for_its_place(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"box": obj({})})}, type_names={"PingRequest.box": "Box"})
    assert (request_body(result).fields[0].type, result.warnings) == (Ref("Box"), ())


def test_an_array_s_items_are_named_by_the_rule_for_the_property_with_brackets(tmp_path: Path) -> None:
    boxes = {"type": "array", "items": obj({})}
    result = build(tmp_path, {"Ping": obj({"boxes": boxes})}, type_names={"boxes[]": "Box"})
    assert request_body(result).fields[0].type == ArrayOf(Ref("Box"))


def test_the_longest_matching_type_name_rule_wins(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"box": obj({})})}, type_names={"box": "Box", "PingRequest.box": "PingBox"})
    assert request_body(result).fields[0].type == Ref("PingBox")


def test_an_unnamed_nested_object_is_named_after_its_place_with_a_warning(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"box": obj({})})})
    assert request_body(result).fields[0].type == Ref("PingRequestBox")
    assert result.warnings == (
        "Ping.json#/properties/box: no specification name for this type; calling it PingRequestBox "
        "(name it under [type_names] in tiny.toml)",
    )


def test_a_type_name_rule_that_matches_nothing_is_warned_about(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({})}, type_names={"nowhere": "Nowhere"})
    assert result.warnings == (f"{tmp_path / 'tiny.toml'}#/type_names/nowhere: matches no place in these schemas",)


def test_a_description_is_kept_on_the_type_and_the_field(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({"box": obj({}, description="A box.")})}, type_names={"box": "Box"})
    assert (result.protocol.named("Box").description, request_body(result).fields[0].description) == (
        "A box.",
        "A box.",
    )


def test_types_are_listed_in_name_order(tmp_path: Path) -> None:
    schema = obj({"z": obj({}), "a": {"type": "string", "enum": ["X"]}})
    result = build(tmp_path, {"Ping": schema}, type_names={"z": "Zebra", "a": "Antelope"})
    assert [t.name for t in result.protocol.types] == ["Antelope", "Zebra"]


def test_a_request_and_its_response_make_one_action(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({})})
    [action] = result.protocol.actions
    assert (action.name, action.request.name, action.response.name) == ("Ping", "PingRequest", "PingResponse")
    assert (action.request.file, action.response.file) == ("Ping.json", "PingResponse.json")


def test_an_action_without_files_in_the_set_is_left_out(tmp_path: Path) -> None:
    result = build(tmp_path, {"Ping": obj({})}, actions=("Ping", "Absent"))
    assert [a.name for a in result.protocol.actions] == ["Ping"]


def test_a_response_without_its_request_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, {"Ping": obj({}), "HalfResponse": obj({})}, actions=("Ping", "Half"))
    [problem] = raised.value.problems
    assert (Path(problem.source).name, problem.message) == (
        "HalfResponse.json",
        "Half has no Half.json: a request and its response come in pairs",
    )


def test_a_file_of_no_action_is_a_problem(tmp_path: Path) -> None:
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, {"Ping": obj({}), "Stray": obj({})})
    [problem] = raised.value.problems
    assert (Path(problem.source).name, problem.message) == (
        "Stray.json",
        "belongs to no action of Tiny; add the action to tiny.toml",
    )


def test_every_problem_of_a_build_is_reported_at_once(tmp_path: Path) -> None:
    files = {
        "Ping": obj({"code": {"type": "string", "pattern": "^[A-Z]+$"}}),
        "PingResponse": obj({"at": {"type": "string", "format": "email"}}),
    }
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, files)
    assert [(Path(p.source).name, p.pointer) for p in raised.value.problems] == [
        ("Ping.json", "/properties/code/pattern"),
        ("PingResponse.json", "/properties/at/format"),
    ]


@pytest.mark.parametrize("fmt", ["date-time", "uri"])
@pytest.mark.parametrize("keyword", ["minLength", "maxLength"])
def test_a_length_on_a_formatted_string_is_a_keyword_the_models_cannot_enforce(
    tmp_path: Path, fmt: str, keyword: str
) -> None:
    with pytest.raises(GenerationError) as raised:
        build(tmp_path, {"Ping": obj({"at": {"type": "string", "format": fmt, keyword: 25}})})
    [problem] = raised.value.problems
    assert (problem.pointer, problem.message) == (
        f"/properties/at/{keyword}",
        f"unsupported keyword {keyword!r} on a {fmt} string: the generated model could not enforce it",
    )
