"""Bad input: one clear error naming the file (and JSON pointer), a non-zero exit, nothing written."""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import ERRATA, GENERATED, REPO, snapshot
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
    edit_schema(
        schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update({"日本": {"type": "string"}})
    )


def _enum_value_not_an_identifier(schemas: Path) -> None:
    edit_schema(schemas / "Reset.json", lambda s: s["properties"]["type"]["enum"].append("+++"))


def _unsupported_keyword(schemas: Path) -> None:
    edit_schema(schemas / "Authorize.json", lambda s: s["properties"]["idTag"].update(pattern="^[A-F0-9]+$"))


def _not_utf8(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_bytes(b'{"title": "Heartbeat\xff"}')


def _unknown_action(schemas: Path) -> None:
    shutil.copy(schemas / "Heartbeat.json", schemas / "Ping.json")


def _recursive_ref(schemas: Path) -> None:
    edit_schema(
        schemas / "GetLog.json",
        lambda s: s["definitions"]["LogParametersType"]["properties"].update(
            inner={"$ref": "#/definitions/LogParametersType"}
        ),
    )


def _ref_to_the_whole_document(schemas: Path) -> None:
    edit_schema(schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update(x={"$ref": "#"}))


def _ref_to_no_schema(schemas: Path) -> None:
    edit_schema(schemas / "GetLog.json", lambda s: s["properties"]["log"].update({"$ref": "#/required"}))


def _nested_thousands_deep(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": ' + "[" * 5000 + "]" * 5000 + "}}")


def _nested_past_the_limit(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": ' + "[" * 500 + "]" * 500 + "}}")


def _integer_of_5000_digits(schemas: Path) -> None:
    maximum = "1" + "0" * 4999
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": {"type": "integer", "maximum": ' + maximum + "}}}")


def _number_too_large_for_a_float(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": {"type": "number", "maximum": 1e400}}}')


def _nan(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": {"type": "number", "maximum": NaN}}}')


def _infinity(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"properties": {"x": {"type": "number", "minimum": -Infinity}}}')


def _huge_max_length(schemas: Path) -> None:
    edit_schema(
        schemas / "Heartbeat.json",
        lambda s: s.setdefault("properties", {}).update(x={"type": "string", "maxLength": 10**22}),
    )


def _huge_max_items(schemas: Path) -> None:
    array = {"type": "array", "items": {"type": "string"}, "maxItems": 10**22}
    edit_schema(schemas / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update(x=array))


def _large_min_length(schemas: Path) -> None:
    edit_schema(
        schemas / "Heartbeat.json",
        lambda s: s.setdefault("properties", {}).update(x={"type": "string", "minLength": 10_000}),
    )


def _symlink_loop(schemas: Path) -> None:
    (schemas / "Loop.json").symlink_to(schemas / "Loop.json")


def _dangling_link(schemas: Path) -> None:
    (schemas / "Heartbeat.json").unlink()
    (schemas / "Heartbeat.json").symlink_to(schemas / "gone.json")


def _directory_named_like_a_schema(schemas: Path) -> None:
    (schemas / "Heartbeat.json").unlink()
    (schemas / "Heartbeat.json").mkdir()


def _oversized_file(schemas: Path) -> None:
    (schemas / "Heartbeat.json").write_text('{"description": "' + "x" * (9 * 1024 * 1024) + '"}')


def _definition_named(name: str) -> Breaker:
    def rename(schema: dict) -> None:
        schema["definitions"][name] = schema["definitions"].pop("LogParametersType")
        schema["properties"]["log"]["$ref"] = f"#/definitions/{name}"

    return lambda schemas: edit_schema(schemas / "GetLog.json", rename)


CASES: dict[str, tuple[Breaker, str, str]] = {
    # case: (how to break the schemas, the file the error must name, text the error must contain)
    "invalid JSON": (_invalid_json, "Heartbeat.json", "invalid JSON at line 1, column"),
    "not UTF-8": (_not_utf8, "Heartbeat.json", "not UTF-8"),
    "empty directory": (_empty_directory, "schemas", "holds no *.json files"),
    "request without response": (_request_without_response, "Heartbeat.json", "has no HeartbeatResponse.json"),
    "unknown type": (_unknown_type, "Heartbeat.json#/properties/x/type", "not a valid schema"),
    "unsupported type": (_unsupported_type, "Heartbeat.json#/properties/x", "unsupported type 'null'"),
    "unresolvable $ref": (
        _unresolvable_ref,
        "GetLog.json#/properties/log/$ref",
        "unresolvable $ref '#/definitions/Nowhere'",
    ),
    "collision after snake_case": (
        _properties_colliding_after_snake_case,
        "Heartbeat.json#/properties/foo_bar",
        "both become 'foo_bar'",
    ),
    "collision after naming": (
        _type_colliding_after_naming,
        "GetLog.json#/definitions/IdTagInfo",
        "defines IdTagInfo unlike",
    ),
    "type named like a message": (
        _type_named_like_a_message,
        "BootNotification.json",
        "has the name of a type defined at GetLog.json",
    ),
    "enum values colliding": (
        _enum_values_colliding,
        "Reset.json#/properties/type/enum/2",
        "'Hard' and 'HARD' both become 'hard'",
    ),
    "title not an identifier": (_title_not_an_identifier, "Heartbeat.json#/title", "does not match the file name"),
    "definition not an identifier": (
        _definition_name_not_an_identifier,
        "GetLog.json#/definitions/Log-Parameters",
        "not a Python identifier",
    ),
    "property not an identifier": (
        _property_not_an_identifier,
        "Heartbeat.json#/properties/日本",
        "gives no Python identifier",
    ),
    "enum value not an identifier": (
        _enum_value_not_an_identifier,
        "Reset.json#/properties/type/enum/2",
        "gives no Python identifier",
    ),
    "unsupported keyword": (
        _unsupported_keyword,
        "Authorize.json#/properties/idTag/pattern",
        "unsupported keyword 'pattern'",
    ),
    "unknown action": (_unknown_action, "Ping.json", "belongs to no action"),
    "recursive $ref": (
        _recursive_ref,
        "GetLog.json#/definitions/LogParametersType/properties/inner/$ref",
        "recursive $ref",
    ),
    "$ref to the whole document": (_ref_to_the_whole_document, "Heartbeat.json#/properties/x/$ref", "recursive $ref"),
    "$ref to no schema": (_ref_to_no_schema, "GetLog.json#/properties/log/$ref", "'#/required' points at no schema"),
    "nested thousands deep": (_nested_thousands_deep, "Heartbeat.json", "nested deeper than 64 levels"),
    "nested past the limit": (
        _nested_past_the_limit,
        "Heartbeat.json#/properties/x/0/0",
        "nested deeper than 64 levels",
    ),
    "integer of 5,000 digits": (
        _integer_of_5000_digits,
        "Heartbeat.json#/properties/x/maximum",
        "an integer of 5000 digits",
    ),
    "number too large for a float": (
        _number_too_large_for_a_float,
        "Heartbeat.json#/properties/x/maximum",
        "too large for a float",
    ),
    "NaN": (_nan, "Heartbeat.json#/properties/x/maximum", "NaN is not JSON"),
    "Infinity": (_infinity, "Heartbeat.json#/properties/x/minimum", "-Infinity is not JSON"),
    "maxLength 10^22": (
        _huge_max_length,
        "Heartbeat.json#/properties/x/maxLength",
        "is over 1,000,000, the largest supported",
    ),
    "maxItems 10^22": (
        _huge_max_items,
        "Heartbeat.json#/properties/x/maxItems",
        "is over 1,000,000, the largest supported",
    ),
    "minLength beyond the sampler": (
        _large_min_length,
        "Heartbeat.json#/properties/x/minLength",
        "is over 8,192, the largest supported",
    ),
    "symlink loop": (_symlink_loop, "Loop.json", "is a loop of symbolic links"),
    "dangling link": (_dangling_link, "Heartbeat.json", "does not exist"),
    "directory named like a schema": (
        _directory_named_like_a_schema,
        "Heartbeat.json",
        "is a directory, not a regular file",
    ),
    "oversized file": (_oversized_file, "Heartbeat.json", "larger than 8 MiB"),
    "definition named str": (
        _definition_named("str"),
        "GetLog.json#/definitions/str",
        "a builtin the generated package uses",
    ),
    "definition named int": (
        _definition_named("int"),
        "GetLog.json#/definitions/int",
        "a builtin the generated package uses",
    ),
    "definition named list": (
        _definition_named("list"),
        "GetLog.json#/definitions/list",
        "a builtin the generated package uses",
    ),
    "definition named table": (
        _definition_named("table"),
        "GetLog.json#/definitions/table",
        "the name of the generated module table.py",
    ),
    "definition named dispatch": (
        _definition_named("dispatch"),
        "GetLog.json#/definitions/dispatch",
        "the name of the generated module dispatch.py",
    ),
    "definition named enums": (
        _definition_named("enums"),
        "GetLog.json#/definitions/enums",
        "the name of the generated module enums.py",
    ),
    "definition named transport": (
        _definition_named("transport"),
        "GetLog.json#/definitions/transport",
        "the name of the generated module transport.py",
    ),
    "definition named TYPE_CHECKING": (
        _definition_named("TYPE_CHECKING"),
        "GetLog.json#/definitions/TYPE_CHECKING",
        "does not come out as itself",
    ),
    "definition named like a runtime class": (
        _definition_named("Endpoint"),
        "GetLog.json#/definitions/Endpoint",
        "already a name of the generated _endpoint.py",
    ),
    "definition named like an import": (
        _definition_named("Field"),
        "GetLog.json#/definitions/Field",
        "already a name of the generated",
    ),
    "definition named like an action constant": (
        _definition_named("HEARTBEAT"),
        "GetLog.json#/definitions/HEARTBEAT",
        "already a name of the generated table.py",
    ),
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


def _run_cli_process(*arguments: str | Path, preexec_fn: Callable[[], None] | None = None) -> tuple[int, str]:
    """The CLI in a child process with a time limit, so that a hang fails the test instead of stalling it."""
    command = [sys.executable, "-m", "ocpp_codegen", *map(str, arguments)]
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, timeout=120, preexec_fn=preexec_fn)
    return result.returncode, result.stderr


def _fifo(schemas: Path) -> None:
    os.mkfifo(schemas / "Pipe.json")


def _dev_zero(schemas: Path) -> None:
    (schemas / "Heartbeat.json").unlink()
    (schemas / "Heartbeat.json").symlink_to("/dev/zero")


SPECIAL_FILES: dict[str, tuple[Breaker, str, str]] = {
    "FIFO": (_fifo, "Pipe.json", "is a FIFO, not a regular file"),
    "/dev/zero": (_dev_zero, "Heartbeat.json", "is a character device, not a regular file"),
}


@pytest.mark.parametrize("case", SPECIAL_FILES, ids=list(SPECIAL_FILES))
def test_a_special_file_among_the_schemas_is_refused_without_waiting_on_it(
    case: str, schema_copy: Path, previous_output: Path
) -> None:
    breaker, where, what = SPECIAL_FILES[case]
    breaker(schema_copy)
    before = snapshot(previous_output.parent)

    code, err = _run_cli_process("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", previous_output)

    assert code == 1 and "Traceback" not in err
    assert f"{schema_copy / where}: {what}" in err
    assert snapshot(previous_output.parent) == before


def _without_the_power_to_ignore_file_permissions() -> None:
    """In the child, before it runs: root loses the capabilities that let it read any file
    (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), so a mode-000 file is unreadable to it too."""
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unreadable_schema_file_is_one_clear_error(schema_copy: Path, previous_output: Path) -> None:
    (schema_copy / "Heartbeat.json").chmod(0)
    before = snapshot(previous_output.parent)
    as_root = os.geteuid() == 0

    code, err = _run_cli_process(
        "generate",
        "--schemas",
        schema_copy,
        "--errata",
        ERRATA,
        "--out",
        previous_output,
        preexec_fn=_without_the_power_to_ignore_file_permissions if as_root else None,
    )

    assert code == 1 and "Traceback" not in err
    assert f"{schema_copy / 'Heartbeat.json'}: cannot be read: permission denied" in err
    assert snapshot(previous_output.parent) == before


def test_a_fifo_as_protocol_data_is_refused_without_waiting_on_it(official_schemas: Path, tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "protocol.toml")
    code, err = _run_cli_process(
        "generate", "--schemas", official_schemas, "--protocol", tmp_path / "protocol.toml", "--out", tmp_path / "out"
    )
    assert code == 1 and "Traceback" not in err
    assert f"{tmp_path / 'protocol.toml'}: is a FIFO, not a regular file" in err
    assert not (tmp_path / "out").exists()
