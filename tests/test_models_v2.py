"""The OCPP 2.0.1 and 2.1 models accept what their schemas accept and give it back unchanged:
an open object's keys (customData) null values included, an untyped property's null, and the
bounds of an array's items."""

from __future__ import annotations

import json

import pytest
from pydantic import ValidationError

import ocpp21
import ocpp201

BOOT = {"reason": "PowerUp", "chargingStation": {"model": "AC 22", "vendorName": "Volta Werke"}}


@pytest.mark.parametrize("package", [ocpp201, ocpp21], ids=["ocpp201", "ocpp21"])
def test_custom_data_keeps_its_null_valued_keys_on_the_way_back(package: object) -> None:
    custom = {"vendorId": "com.voltawerke", "note": None, "nested": {"a": None, "b": [None, 1]}}
    text = json.dumps({**BOOT, "customData": custom})
    request = package.BootNotificationRequest.from_wire(text)  # type: ignore[attr-defined]
    assert json.loads(request.to_wire()) == json.loads(text)
    assert request.to_wire_dict() == json.loads(text)


@pytest.mark.parametrize("package", [ocpp201, ocpp21], ids=["ocpp201", "ocpp21"])
def test_a_null_untyped_data_survives_the_round_trip(package: object) -> None:
    text = '{"vendorId": "com.voltawerke", "data": null}'
    request = package.DataTransferRequest.from_wire(text)  # type: ignore[attr-defined]
    assert json.loads(request.to_wire()) == {"vendorId": "com.voltawerke", "data": None}


def test_an_absent_untyped_data_stays_absent() -> None:
    request = ocpp201.DataTransferRequest.from_wire('{"vendorId": "com.voltawerke"}')
    assert json.loads(request.to_wire()) == {"vendorId": "com.voltawerke"}
    assert json.loads(ocpp201.DataTransferRequest(vendor_id="v").to_wire()) == {"vendorId": "v"}


def test_an_untyped_data_given_in_python_is_sent_null_included() -> None:
    assert json.loads(ocpp201.DataTransferRequest(vendor_id="v", data=None).to_wire()) == {
        "vendorId": "v",
        "data": None,
    }
    assert json.loads(ocpp201.DataTransferRequest(vendor_id="v", data={"a": [1]}).to_wire()) == {
        "vendorId": "v",
        "data": {"a": [1]},
    }


def test_an_optional_field_given_none_in_python_is_left_out_on_the_wire() -> None:
    request = ocpp201.BootNotificationRequest.from_wire(json.dumps(BOOT))
    request.custom_data = None
    explicit = ocpp201.DataTransferRequest(vendor_id="v", custom_data=None)
    assert json.loads(request.to_wire()) == BOOT
    assert json.loads(explicit.to_wire()) == {"vendorId": "v"}


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "[1, NaN]", '{"a": {"b": Infinity}}'])
def test_an_untyped_property_refuses_nan_and_infinity(literal: str) -> None:
    with pytest.raises(ValidationError):
        ocpp201.DataTransferRequest.from_wire('{"vendorId": "v", "data": %s}' % literal)


def test_an_untyped_property_takes_any_finite_json_value() -> None:
    value = {"a": [1, 2.5, "x", True, None, {"b": -1e300}]}
    request = ocpp201.DataTransferRequest.from_wire(json.dumps({"vendorId": "v", "data": value}))
    assert request.data == value


def test_the_items_of_an_integer_array_keep_their_minimum() -> None:
    payload = {
        "status": "Accepted",
        "tariffAssignments": [{"tariffId": "T1", "tariffKind": "DefaultTariff", "evseIds": [0, -1]}],
    }
    with pytest.raises(ValidationError):
        ocpp21.GetTariffsResponse.from_wire(json.dumps(payload))
    payload["tariffAssignments"][0]["evseIds"] = [0, 3]
    assert ocpp21.GetTariffsResponse.from_wire(json.dumps(payload)).tariff_assignments[0].evse_ids == [0, 3]


@pytest.mark.parametrize("package", [ocpp201, ocpp21], ids=["ocpp201", "ocpp21"])
def test_the_nulls_the_schemas_allow_survive_exclude_none_as_the_dispatcher_writes(package: object) -> None:
    model = package.DataTransferRequest  # type: ignore[attr-defined]
    text = json.dumps({"vendorId": "v", "data": None, "customData": {"vendorId": "c", "note": None, "n": {"a": None}}})
    written = model.__pydantic_serializer__.to_json(model.from_wire(text), by_alias=True, exclude_none=True)
    assert json.loads(written) == json.loads(text)


def test_a_model_without_open_objects_or_untyped_properties_keeps_pydantic_core_s_serializer() -> None:
    import ocpp16

    request = ocpp16.HeartbeatResponse.from_wire('{"currentTime": "2026-11-25T08:00:00Z"}')
    assert request.to_wire() == '{"currentTime":"2026-11-25T08:00:00Z"}'
    assert "serialization" not in ocpp16.HeartbeatResponse.__pydantic_core_schema__
