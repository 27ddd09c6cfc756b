"""Names: snake_case attributes, readable enum members, the specification's type names, each once."""

from __future__ import annotations

import ast
import enum
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen import naming
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL

from .conftest import ERRATA, GENERATED
from .helpers import edit_schema, import_package


@pytest.mark.parametrize(
    ("wire", "python"),
    [
        ("connectorId", "connector_id"),
        ("idTag", "id_tag"),
        ("chargePointSerialNumber", "charge_point_serial_number"),
        ("csChargingProfiles", "cs_charging_profiles"),
        ("iccid", "iccid"),
        ("EVDisconnected", "ev_disconnected"),
        ("Interruption.Begin", "interruption_begin"),
        ("L1-N", "l1_n"),
        ("SHA256", "sha256"),
        ("iso15118SchemaVersion", "iso15118_schema_version"),
    ],
)
def test_snake_case_splits_words_at_case_changes_and_punctuation(wire: str, python: str) -> None:
    assert naming.snake_case(wire) == python


def test_camel_case_inverts_snake_case_for_ocpp_property_names() -> None:
    for wire in ("connectorId", "idTagInfo", "chargeBoxSerialNumber", "meterStart", "csChargingProfiles"):
        assert naming.camel_case(naming.snake_case(wire)) == wire


def test_attribute_name_adds_an_underscore_to_keywords_and_reserved_names() -> None:
    assert naming.attribute_name("class", frozenset()) == "class_"
    assert naming.attribute_name("copy", frozenset({"copy"})) == "copy_"


@pytest.mark.parametrize("wire", ["", "日本", "1abc", "$", "a b\n"])
def test_attribute_name_refuses_what_yields_no_safe_identifier(wire: str) -> None:
    result = naming.attribute_name(wire, frozenset())
    assert result is None or naming.is_safe_identifier(result)
    assert naming.attribute_name("日本", frozenset()) is None


@pytest.mark.parametrize("soft_keyword", ["type", "match", "case"])
def test_soft_keywords_are_ordinary_attribute_and_member_names(soft_keyword: str) -> None:
    assert naming.attribute_name(soft_keyword, frozenset()) == soft_keyword
    assert naming.enum_member_name(soft_keyword, {}, frozenset()) == soft_keyword


@pytest.mark.parametrize("name", ["_", "__", "_private"])
def test_a_leading_underscore_is_never_a_safe_identifier(name: str) -> None:
    # pydantic makes no field of such an attribute, and an enum keeps such names to itself.
    assert not naming.is_safe_identifier(name)
    assert naming.enum_member_name("Anything", {"Anything": name}, frozenset()) is None


def test_a_property_named_underscore_yields_no_attribute_name() -> None:
    assert naming.attribute_name("_", frozenset()) is None


def test_a_leading_underscore_of_a_property_is_dropped_from_its_attribute_name() -> None:
    assert naming.attribute_name("_type", frozenset()) == "type"


def test_properties_named_like_soft_keywords_generate_working_fields(
    schema_copy: Path, tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    extra = {"match": {"type": "string"}, "case": {"type": "integer"}, "_type": {"type": "boolean"}}
    edit_schema(schema_copy / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update(extra))
    out = tmp_path / "soft_keywords"

    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", out)

    assert code == 0, err
    package = import_package(out, "ocpp16_soft_keywords")
    request = package.HeartbeatRequest.from_wire('{"match": "m", "case": 1, "_type": true}')
    assert (request.match, request.case, request.type) == ("m", 1, True)
    assert package.ChangeAvailabilityRequest.model_fields.keys() == {"connector_id", "type"}
    assert request.to_wire() == '{"match":"m","case":1,"_type":true}'


def test_a_property_named_underscore_is_one_clear_error(
    schema_copy: Path, tmp_path: Path, run_cli: Callable[..., tuple[int, str, str]]
) -> None:
    edit_schema(
        schema_copy / "Heartbeat.json", lambda s: s.setdefault("properties", {}).update({"_": {"type": "string"}})
    )
    out = tmp_path / "underscore"

    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", ERRATA, "--out", out)

    assert code == 1
    assert "Heartbeat.json#/properties/_: property '_' gives no Python identifier" in err
    assert not out.exists()


def test_enum_member_overrides_win_over_snake_case() -> None:
    assert naming.enum_member_name("kWh", {"kWh": "kwh"}, frozenset()) == "kwh"
    assert naming.enum_member_name("kWh", {}, frozenset()) == "k_wh"


def test_enum_member_shadowing_a_str_method_gets_an_underscore() -> None:
    assert naming.enum_member_name("Replace", {}, frozenset(dir(enum.StrEnum))) == "replace_"


def test_every_type_name_of_the_specification_table_is_generated() -> None:
    import ocpp16

    expected = set(tomllib.loads(DEFAULT_PROTOCOL.read_text())["type_names"].values())
    missing = sorted(name for name in expected if not hasattr(ocpp16, name))
    assert missing == []


def _class_names(module: str) -> list[str]:
    tree = ast.parse((GENERATED / module).read_text())
    return [node.name for node in tree.body if isinstance(node, ast.ClassDef)]


def test_no_invented_names_appear_in_the_package() -> None:
    names = _class_names("datatypes.py") + _class_names("enums.py") + _class_names("messages.py")
    invented = [n for n in names if n[-1].isdigit() or n in {"Type", "Status", "Model"} or n.endswith("Item")]
    assert invented == []


def test_each_type_is_defined_exactly_once_across_the_package() -> None:
    names = _class_names("datatypes.py") + _class_names("enums.py") + _class_names("messages.py")
    assert len(names) == len(set(names))


def test_shared_types_are_the_same_class_wherever_the_schemas_inline_them() -> None:
    import ocpp16

    def field_type(model: type, name: str) -> object:
        return model.model_fields[name].annotation

    assert ocpp16.MeterValuesRequest.model_fields["meter_value"].annotation == list[ocpp16.MeterValue]
    transaction_data = field_type(ocpp16.StopTransactionRequest, "transaction_data")
    assert list[ocpp16.MeterValue] in getattr(transaction_data, "__args__", ())
    for response in (ocpp16.AuthorizeResponse, ocpp16.StartTransactionResponse):
        assert field_type(response, "id_tag_info") is ocpp16.IdTagInfo
    assert field_type(ocpp16.RemoteStartTransactionRequest, "charging_profile").__args__[0] is ocpp16.ChargingProfile
    assert field_type(ocpp16.SetChargingProfileRequest, "cs_charging_profiles") is ocpp16.ChargingProfile


def test_enum_members_have_readable_snake_case_names() -> None:
    import ocpp16

    assert ocpp16.RegistrationStatus.accepted == "Accepted"
    assert ocpp16.ReadingContext.interruption_begin == "Interruption.Begin"
    assert ocpp16.Phase.l1_n == "L1-N"
    assert ocpp16.UnitOfMeasure.kwh == "kWh"
    assert ocpp16.UnitOfMeasure.celcius == "Celcius" and ocpp16.UnitOfMeasure.celsius == "Celsius"
    assert ocpp16.Measurand.soc == "SoC"
    assert issubclass(ocpp16.ChargePointStatus, enum.StrEnum)


def test_security_types_keep_their_definition_names() -> None:
    import ocpp16

    for name in (
        "CertificateHashDataType",
        "HashAlgorithmEnumType",
        "LogParametersType",
        "FirmwareType",
        "MessageTriggerEnumType",
    ):
        assert hasattr(ocpp16, name), name


def _annotations(module: str, class_name: str) -> dict[str, str]:
    tree = ast.parse((GENERATED / module).read_text())
    cls = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    return {
        n.target.id: ast.unparse(n.annotation)
        for n in cls.body
        if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
    }


def test_named_strings_are_written_as_the_specification_string_types() -> None:
    assert _annotations("messages.py", "BootNotificationRequest")["charge_point_vendor"] == "CiString20Type"
    assert _annotations("messages.py", "AuthorizeRequest")["id_tag"] == "IdToken"
    assert _annotations("datatypes.py", "IdTagInfo")["parent_id_tag"] == "Omittable[IdToken]"
