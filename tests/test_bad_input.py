"""Bad input: one clear error naming the file (and JSON pointer), a non-zero exit, nothing written."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ERRATA, GENERATED, snapshot
from .helpers import edit_schema

Breaker = Callable[[Path], None]


def _invalid_json(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"title": "HeartbeatRequest", "type": "object",,}')


def _empty_directory(schemas: Path) -> None:
    for path in schemas.glob("*.json"):
        path.unlink()


def _request_without_response(schemas: Path) -> None:
    (schemas / "HeartbeatResponse.json").unlink()


def _unknown_type(schemas: Path) -> None:
    edit_schema(schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update(x={"type": "strng"}))


def _unsupported_type(schemas: Path) -> None:
    edit_schema(schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update(x={"type": "null"}))


def _unresolvable_ref(schemas: Path) -> None:
    edit_schema(schemas / "GetLog.json", lambda s: s["properties"]["log"].update({"$ref": "#/definitions/Nowhere"}))


def _properties_colliding_after_snake_case(schemas: Path) -> None:
    edit_schema(
        schemas / "Heartbeat.json",
        lambda s: s.setdefault("properties", {}).update(fooBar={"type": "string"}, foo_bar={"type": "string"}),
    )


def _type_colliding_after_naming(schemas: Path) -> None:
    def rename(schema: dict) -> None:
        schema["definitions"]["IdTagInfo"] = schema["definitions"].pop("LogParametersType")
        schema["properties"]["log"]["$ref"] = "#/definitions/IdTagInfo"

    edit_schema(schemas / "GetLog.json", rename)


def _type_named_like_a_message(schemas: Path) -> None:
    def rename(schema: dict) -> None:
        schema["definitions"]["BootNotificationRequest"] = schema["definitions"].pop("LogParametersType")
        schema["properties"]["log"]["$ref"] = "#/definitions/BootNotificationRequest"

    edit_schema(schemas / "GetLog.json", rename)


def _enum_values_colliding(schemas: Path) -> None:
    edit_schema(schemas / "Reset.json", lambda s: s["properties"]["type"]["enum"].append("HARD"))


def _title_not_an_identifier(schemas: Path) -> None:
    edit_schema(schemas / "Heartbeat.json", lambda s: s.update(title='Heartbeat"); import os; ("'))


def _definition_name_not_an_identifier(schemas: Path) -> None:
    def rename(schema: dict) -> None:
        schema["definitions"]["Log-Parameters"] = schema["definitions"].pop("LogParametersType")
        schema["properties"]["log"]["$ref"] = "#/definitions/Log-Parameters"

    edit_schema(schemas / "GetLog.json", rename)


def _property_not_an_identifier(schemas: Path) -> None:
    edit_schema(schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update({"日本": {"type": "string"}}))


def _enum_value_not_an_identifier(schemas: Path) -> None:
    edit_schema(schemas / "Reset.json", lambda s: s["properties"]["type"]["enum"].append("+++"))


def _unsupported_keyword(schemas: Path) -> None:
    edit_schema(schemas / "Authorize.json", lambda s: s["properties"]["idTag"].update(pattern="^[A-F0-9]+$"))


def _not_utf8(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_bytes(b'{"title": "Heartbeat\xff"}')


def _unknown_action(schemas: Path) -> None:
    shutil.copy(schemas / "Heartbeat.json", schemas / "Ping.json")


CASES: dict[str, tuple[Breaker, str, str]] = {
    # case: (how to break the schemas, the file the error must name, text the error must contain)
    "invalid JSON": (_invalid_json, "Heartbeat.json", "invalid JSON at line 1, column"),
    "not UTF-8": (_not_utf8, "Heartbeat.json", "not UTF-8"),
    "empty directory": (_empty_directory, "schemas", "holds no *.json files"),
    "request without response": (_request_without_response, "Heartbeat.json", "has no HeartbeatResponse.json"),
    "unknown type": (_unknown_type, "Heartbeat.json#/properties/x/type", "not a valid schema"),
    "unsupported type": (_unsupported_type, "Heartbeat.json#/properties/x", "unsupported type 'null'"),
    "unresolvable $ref": (_unresolvable_ref, "GetLog.json#/properties/log/$ref", "unresolvable $ref '#/definitions/Nowhere'"),
    "collision after snake_case": (_properties_colliding_after_snake_case, "Heartbeat.json#/properties/foo_bar", "both become 'foo_bar'"),
    "collision after naming": (_type_colliding_after_naming, "GetLog.json#/definitions/IdTagInfo", "defines IdTagInfo unlike"),
    "type named like a message": (_type_named_like_a_message, "BootNotification.json", "has the name of a type defined at GetLog.json"),
    "enum values colliding": (_enum_values_colliding, "Reset.json#/properties/type/enum/2", "'Hard' and 'HARD' both become 'hard'"),
    "title not an identifier": (_title_not_an_identifier, "Heartbeat.json#/title", "does not match the file name"),
    "definition not an identifier": (_definition_name_not_an_identifier, "GetLog.json#/definitions/Log-Parameters", "not a Python identifier"),
    "property not an identifier": (_property_not_an_identifier, "Heartbeat.json#/properties/日本", "gives no Python identifier"),
    "enum value not an identifier": (_enum_value_not_an_identifier, "Reset.json#/properties/type/enum/2", "gives no Python identifier"),
    "unsupported keyword": (_unsupported_keyword, "Authorize.json#/properties/idTag/pattern", "unsupported keyword 'pattern'"),
    "unknown action": (_unknown_action, "Ping.json", "belongs to no action"),
}


@pytest.fixture
def previous_output(tmp_path: Path) -> Path:
    """An output directory as a user has it: a previous generation plus a file of their own."""
    out = tmp_path / "out" / "ocpp16"
    shutil.copytree(GENERATED, out)
    (out / "handwritten.py").write_text("# mine\n")
    return out


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_input_is_one_clear_error_and_leaves_the_output_untouched(
    case: str, schema_copy: Path, previous_output: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    breaker, where, what = CASES[case]
    breaker(schema_copy)
    before = snapshot(previous_output.parent)

    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", previous_output)

    assert code == 1
    error_lines = [line for line in err.splitlines() if line.startswith("error: ")]
    assert any(where in line and what in line for line in error_lines), err
    assert snapshot(previous_output.parent) == before


def test_every_problem_is_reported_in_one_run(
    schema_copy: Path, previous_output: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    _unsupported_type(schema_copy)
    _unresolvable_ref(schema_copy)
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", previous_output)
    assert code == 1
    assert "Heartbeat.json#/properties/x" in err and "GetLog.json#/properties/log/$ref" in err


def test_a_missing_schema_directory_is_an_error(tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]) -> None:
    code, _, err = run_cli("generate", "--schemas", tmp_path / "nowhere", "--out", tmp_path / "out")
    assert code == 1 and "nowhere: schema directory does not exist" in err
    assert not (tmp_path / "out").exists()
