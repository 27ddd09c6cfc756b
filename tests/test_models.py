"""The generated models: wire names, strict types, constraints, and the wire methods."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

import ocpp16

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def test_a_model_reads_wire_names_and_exposes_snake_case_attributes() -> None:
    request = ocpp16.BootNotificationRequest.from_wire('{"chargePointVendor": "Acme", "chargePointModel": "X1"}')
    assert request.charge_point_vendor == "Acme"
    assert request.charge_point_model == "X1"


def test_a_model_constructs_by_either_name() -> None:
    by_attribute = ocpp16.AuthorizeRequest(id_tag="TAG")
    by_wire_name = ocpp16.AuthorizeRequest.model_validate({"idTag": "TAG"})
    assert by_attribute == by_wire_name


def test_to_wire_uses_wire_names_and_leaves_out_unset_optionals() -> None:
    response = ocpp16.StartTransactionResponse(
        transaction_id=7, id_tag_info=ocpp16.IdTagInfo(status=ocpp16.AuthorizationStatus.accepted)
    )
    assert response.to_wire() == '{"idTagInfo":{"status":"Accepted"},"transactionId":7}'
    assert response.to_wire_dict() == {"transactionId": 7, "idTagInfo": {"status": "Accepted"}}


def test_the_wire_does_not_accept_snake_case_names() -> None:
    with pytest.raises(ValidationError):
        ocpp16.AuthorizeRequest.from_wire('{"id_tag": "TAG"}')


def test_unknown_properties_are_rejected() -> None:
    with pytest.raises(ValidationError, match="extra_forbidden"):
        ocpp16.HeartbeatRequest.from_wire('{"x": 1}')


def test_a_snake_case_name_beside_its_wire_name_is_an_unknown_property() -> None:
    with pytest.raises(ValidationError, match="extra_forbidden"):
        ocpp16.AuthorizeRequest.from_wire('{"idTag": "A", "id_tag": "B"}')


def test_a_number_field_takes_an_integer_beyond_64_bits() -> None:
    period = ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": 18446744073709551616}')
    assert period.limit == 18446744073709551616


@pytest.mark.parametrize("interval", ['"300"', "300.0", "true", "null"])
def test_an_integer_field_takes_only_a_json_integer(interval: str) -> None:
    with pytest.raises(ValidationError):
        ocpp16.BootNotificationResponse.from_wire(
            f'{{"status": "Accepted", "currentTime": "2026-11-25T08:00:00Z", "interval": {interval}}}'
        )


def test_a_number_field_takes_integers_and_fractions_but_not_booleans() -> None:
    assert ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": 16}').limit == 16
    assert ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": 6.5}').limit == 6.5
    with pytest.raises(ValidationError):
        ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": true}')


def test_multiple_of_is_enforced() -> None:
    with pytest.raises(ValidationError, match="multiple_of"):
        ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": 16.05}')


def test_an_optional_field_may_be_absent_but_never_null_on_the_wire() -> None:
    assert ocpp16.IdTagInfo.from_wire('{"status": "Accepted"}').expiry_date is None
    with pytest.raises(ValidationError):
        ocpp16.IdTagInfo.from_wire('{"status": "Accepted", "expiryDate": null}')


def test_python_code_may_pass_none_for_an_optional_field() -> None:
    info = ocpp16.IdTagInfo(status=ocpp16.AuthorizationStatus.accepted, expiry_date=None)
    assert info.to_wire() == '{"status":"Accepted"}'


def test_date_times_must_carry_a_utc_offset() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        ocpp16.HeartbeatResponse.from_wire('{"currentTime": "2026-11-25T08:00:00"}')
    assert ocpp16.HeartbeatResponse.from_wire('{"currentTime": "2026-11-25T08:00:00+01:00"}').current_time.utcoffset()


def test_a_string_longer_than_its_cistring_type_is_rejected() -> None:
    ocpp16.AuthorizeRequest.from_wire('{"idTag": "%s"}' % ("x" * 20))
    with pytest.raises(ValidationError, match="at most 20"):
        ocpp16.AuthorizeRequest.from_wire('{"idTag": "%s"}' % ("x" * 21))


def test_min_items_is_enforced() -> None:
    with pytest.raises(ValidationError, match="at least 1"):
        ocpp16.MeterValuesRequest.from_wire('{"connectorId": 1, "meterValue": []}')


def test_enum_fields_take_only_the_listed_values() -> None:
    with pytest.raises(ValidationError):
        ocpp16.ResetRequest.from_wire('{"type": "Medium"}')
    assert ocpp16.ResetRequest.from_wire('{"type": "Hard"}').type is ocpp16.ResetType.hard


def test_python_construction_is_as_strict_as_the_types_say() -> None:
    with pytest.raises(ValidationError):
        ocpp16.BootNotificationResponse(status="Accepted", current_time=NOW, interval=300)  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        ocpp16.BootNotificationResponse(status=ocpp16.RegistrationStatus.accepted, current_time=NOW, interval="300")  # type: ignore[arg-type]


def test_a_round_trip_through_the_wire_keeps_the_message() -> None:
    request = ocpp16.MeterValuesRequest(
        connector_id=1,
        transaction_id=42,
        meter_value=[
            ocpp16.MeterValue(
                timestamp=NOW,
                sampled_value=[
                    ocpp16.SampledValue(
                        value="1234.5",
                        measurand=ocpp16.Measurand.energy_active_import_register,
                        unit=ocpp16.UnitOfMeasure.kwh,
                        phase=ocpp16.Phase.l1_n,
                    )
                ],
            )
        ],
    )
    assert ocpp16.MeterValuesRequest.from_wire(request.to_wire()) == request


def test_multiple_of_decides_on_the_decimal_value_a_json_number_states() -> None:
    import random
    from fractions import Fraction

    from ocpp16.primitives import MultipleOf

    generator = random.Random(7)
    values = [generator.randint(-(10**6), 10**6) / 10 ** generator.randint(0, 3) for _ in range(20_000)]
    values += [generator.uniform(-1e16, 1e16) for _ in range(2_000)] + [0.3, 6.0, 16, 0.30000000000000004, 1e15 + 0.1]
    for step in (0.1, 0.25, 2.5):
        check = MultipleOf(step)
        for value in values:
            exact = (Fraction(repr(value)) / Fraction(repr(step))).denominator == 1
            assert check._is_multiple(value) == exact, (step, value)
    assert ocpp16.ChargingSchedulePeriod.from_wire('{"startPeriod": 0, "limit": 0.3}').limit == 0.3
    assert ocpp16.ChargingSchedule.from_wire(
        '{"chargingRateUnit": "A", "chargingSchedulePeriod": [], "minChargingRate": 6}'
    )
