"""Schema text can never become code: whatever a schema says ends up as inert data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen.render import docstring_literal, python_literal

from .conftest import ERRATA
from .helpers import edit_schema, import_package

PAYLOAD = 'x"""; import os; os.system("touch PWNED"); """\'\'\'\\ \n\r\t\x1b \u202e\u2066 é 日本 \U0001f600 end\\'
Cli = Callable[..., tuple[int, str, str]]


@pytest.mark.parametrize("text", [PAYLOAD, '"', "\\", '"""', "a\\", 'ends with "', "\n\n"])
def test_a_docstring_literal_evaluates_to_visible_ascii_text(text: str) -> None:
    literal = docstring_literal(text)
    assert literal.isascii()
    value = eval(literal)  # noqa: S307 - the literal under test is the whole expression
    assert isinstance(value, str)
    assert '"""' not in literal[3:-3].replace('\\"', "")


@pytest.mark.parametrize("text", [PAYLOAD, "", "'", '"', "\\", "\x00"])
def test_a_python_literal_is_ascii_and_evaluates_to_the_exact_value(text: str) -> None:
    literal = python_literal(text)
    assert literal.isascii()
    assert eval(literal) == text  # noqa: S307


@pytest.fixture
def hostile_package(schema_copy: Path, tmp_path: Path, run_cli: Cli, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A package generated from schemas whose free text is hostile everywhere it can be."""

    def poison_reset(schema: dict) -> None:
        schema["description"] = PAYLOAD
        schema["properties"]["type"]["description"] = PAYLOAD
        schema["properties"]["type"]["enum"] += [PAYLOAD, "mro"]

    def poison_heartbeat(schema: dict) -> None:
        schema.setdefault("properties", {})['odd-name"\\'] = {"type": "string", "description": PAYLOAD}
        schema["properties"]["Straße\u202e"] = {"type": "string"}

    def poison_definitions(schema: dict) -> None:
        schema["definitions"]["LogParametersType"]["description"] = PAYLOAD

    edit_schema(schema_copy / "Reset.json", poison_reset)
    edit_schema(schema_copy / "Heartbeat.json", poison_heartbeat)
    edit_schema(schema_copy / "GetLog.json", poison_definitions)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "hostile"
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", out)
    assert code == 0, err
    return out


def test_hostile_schema_text_generates_ascii_code_that_runs_nothing(hostile_package: Path, tmp_path: Path) -> None:
    for path in hostile_package.glob("*.py"):
        assert path.read_bytes().isascii(), path.name
    module = import_package(hostile_package, "hostile_ocpp")
    assert not (tmp_path / "PWNED").exists()
    assert not Path("PWNED").exists()
    assert PAYLOAD in [member.value for member in module.ResetType]
    assert "import os" in (module.ResetRequest.__doc__ or "")


def test_a_hostile_property_name_is_still_the_wire_name(hostile_package: Path) -> None:
    module = import_package(hostile_package, "hostile_ocpp_names")
    request = module.HeartbeatRequest.from_wire('{"odd-name\\"\\\\": "v"}')
    assert request.odd_name == "v"
    assert request.to_wire() == '{"odd-name\\"\\\\":"v"}'


def test_a_non_ascii_property_name_reaches_the_source_escaped_and_stays_the_wire_name(hostile_package: Path) -> None:
    assert "Stra\\xdfe\\u202e" in (hostile_package / "messages.py").read_text()
    module = import_package(hostile_package, "hostile_ocpp_non_ascii")
    request = module.HeartbeatRequest.from_wire('{"Stra\u00dfe\u202e": "v"}')
    assert request.stra_e == "v"
    assert request.to_wire() == '{"Straße\u202e":"v"}'


def test_an_enum_value_named_like_an_attribute_of_the_enum_class_gets_an_underscore(hostile_package: Path) -> None:
    module = import_package(hostile_package, "hostile_ocpp_enum")
    assert module.ResetType.mro_ == "mro"
    assert module.ResetRequest.from_wire('{"type": "mro"}').type is module.ResetType.mro_
