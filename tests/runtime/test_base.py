"""The model base every generated model shares, tested as the runtime module itself."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from typing import Annotated

from pydantic import Field

from ocpp_codegen import naming
from ocpp_codegen.runtime._base import OcppModel, Omittable, OpenOcppModel, wire_name


class Reading(OcppModel):
    connector_id: int
    meter_value: Omittable[str] = None


class Extensible(OpenOcppModel):
    vendor_id: str


class Bounded(OcppModel):
    """Optional fields with their constraints outside `Omittable`, as the 2.x models have them."""

    reason_code: Annotated[Omittable[str], Field(max_length=20)] = None
    readings: Annotated[Omittable[list[Reading]], Field(min_length=1)] = None


def test_wire_name_is_camel_case_of_the_snake_case_attribute() -> None:
    assert wire_name("connector_id") == "connectorId"
    assert wire_name("id_tag") == "idTag"
    assert wire_name("status") == "status"


def test_the_generator_names_wire_properties_by_the_runtime_rule() -> None:
    for wire in ("connectorId", "idTag", "transactionId", "status"):
        assert naming.camel_case(naming.snake_case(wire)) == wire_name(naming.snake_case(wire)) == wire


def test_from_wire_takes_wire_names_only() -> None:
    assert Reading.from_wire('{"connectorId": 1}').connector_id == 1
    with pytest.raises(ValidationError):
        Reading.from_wire('{"connector_id": 1}')


def test_python_code_may_construct_by_attribute_name() -> None:
    assert Reading(connector_id=2).to_wire() == '{"connectorId":2}'


def test_an_omittable_field_rejects_null_on_the_wire_but_takes_none_in_python() -> None:
    with pytest.raises(ValidationError):
        Reading.from_wire('{"connectorId": 1, "meterValue": null}')
    assert Reading(connector_id=1, meter_value=None).meter_value is None


def test_types_are_strict_on_the_wire() -> None:
    with pytest.raises(ValidationError):
        Reading.from_wire('{"connectorId": "1"}')


def test_an_unknown_property_is_rejected_by_a_closed_model() -> None:
    with pytest.raises(ValidationError):
        Reading.from_wire('{"connectorId": 1, "extra": 1}')


def test_an_open_model_keeps_unknown_properties() -> None:
    model = Extensible.from_wire('{"vendorId": "V", "extra": 1}')
    assert model.to_wire_dict() == {"vendorId": "V", "extra": 1}


def test_a_constrained_omittable_field_takes_none_in_python() -> None:
    assert Bounded(reason_code=None, readings=None).to_wire() == "{}"


def test_a_constrained_omittable_field_keeps_its_constraints_and_refuses_null_on_the_wire() -> None:
    assert Bounded.from_wire('{"reasonCode": "Unknown", "readings": [{"connectorId": 1}]}').reason_code == "Unknown"
    for payload in (
        '{"reasonCode": null}',
        '{"readings": null}',
        '{"reasonCode": "%s"}' % ("x" * 21),
        '{"readings": []}',
    ):
        with pytest.raises(ValidationError):
            Bounded.from_wire(payload)
    with pytest.raises(ValidationError):
        Bounded(reason_code="x" * 21)


def test_a_constrained_omittable_field_is_checked_by_pydantic_core_itself() -> None:
    """pydantic-core's own string check (`string_too_long`), not a Python function after it (`too_long`)."""
    with pytest.raises(ValidationError) as refused:
        Bounded.from_wire('{"reasonCode": "%s"}' % ("x" * 21))
    assert [error["type"] for error in refused.value.errors()] == ["string_too_long"]
