"""Each kind of text verify makes near a valid payload, and the verdict both readers give it.

The package under test is the committed one; the reference is jsonschema with format checking.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import rfc3339_validator
import rfc3987
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft4Validator
from pydantic import TypeAdapter, ValidationError

import ocpp16
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.verify import (
    Mutation,
    SchemaView,
    Verdict,
    json_difference,
    model_verdict,
    mutations,
    reference_validator,
    reference_verdict,
    same_instant,
)

from .conftest import ERRATA

BOOT_RESPONSE = {"status": "Accepted", "currentTime": "2026-11-25T08:00:00Z", "interval": 300}
PERIOD_PROFILE = {
    "connectorId": 1,
    "csChargingProfiles": {
        "chargingProfileId": 1,
        "stackLevel": 0,
        "chargingProfilePurpose": "TxProfile",
        "chargingProfileKind": "Relative",
        "chargingSchedule": {"chargingRateUnit": "A", "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.0}]},
    },
}
METER_VALUES = {
    "connectorId": 1,
    "meterValue": [{"timestamp": "2026-11-25T08:00:00Z", "sampledValue": [{"value": "1"}]}],
}


@pytest.fixture(scope="module")
def schemas(official_schemas: Path) -> dict[str, dict[str, Any]]:
    return {d.file_name: d.content for d in load_schema_set([official_schemas], ERRATA).documents}


def _verdicts(schema: dict[str, Any], model: Any, text: str) -> tuple[Verdict, Verdict]:
    return reference_verdict(reference_validator(schema), text), model_verdict(model, text)


def _mutation(schema: dict[str, Any], payload: Any, kind: str, pointer: str) -> Mutation:
    found = [m for m in mutations(SchemaView(schema), payload) if m.kind == kind and m.pointer == pointer]
    assert len(found) == 1, f"no single {kind!r} at {pointer}"
    return found[0]


def _both_reject(schema: dict[str, Any], model: Any, mutation: Mutation) -> None:
    reference, verdict = _verdicts(schema, model, mutation.text)
    assert not reference.accepted and not verdict.accepted, (mutation, reference, verdict)


def _both_accept(schema: dict[str, Any], model: Any, mutation: Mutation) -> None:
    reference, verdict = _verdicts(schema, model, mutation.text)
    assert reference.accepted and verdict.accepted, (mutation, reference, verdict)


def test_dropping_a_required_property_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    mutation = _mutation(schema, BOOT_RESPONSE, "drop", "/interval")
    assert json.loads(mutation.text) == {"status": "Accepted", "currentTime": "2026-11-25T08:00:00Z"}
    _both_reject(schema, ocpp16.BootNotificationResponse, mutation)


def test_an_unknown_property_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    _both_reject(schema, ocpp16.BootNotificationResponse, _mutation(schema, BOOT_RESPONSE, "unknown property", ""))


def test_the_snake_case_attribute_name_is_an_unknown_property_on_the_wire(schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    mutation = _mutation(schema, BOOT_RESPONSE, "snake_case name 'current_time'", "")
    _both_reject(schema, ocpp16.BootNotificationResponse, mutation)


def test_one_character_over_max_length_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["Authorize.json"]
    mutation = _mutation(schema, {"idTag": "TAG"}, "one over maxLength", "/idTag")
    assert len(json.loads(mutation.text)["idTag"]) == 21
    _both_reject(schema, ocpp16.AuthorizeRequest, mutation)


def test_max_length_counts_code_points_not_utf16_units(schemas: dict[str, Any]) -> None:
    schema = schemas["Authorize.json"]
    at_limit = _mutation(schema, {"idTag": "TAG"}, "at maxLength in astral characters", "/idTag")
    assert len(json.loads(at_limit.text)["idTag"].encode("utf-16-le")) == 80
    _both_accept(schema, ocpp16.AuthorizeRequest, at_limit)
    _both_reject(
        schema,
        ocpp16.AuthorizeRequest,
        _mutation(schema, {"idTag": "TAG"}, "one over maxLength in astral characters", "/idTag"),
    )


@pytest.mark.parametrize("unknown", ["'AcceptedX'", "'accepted'", "'ACCEPTED'", "' Accepted'", "''"])
def test_an_unknown_enum_value_is_rejected_by_both(unknown: str, schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    _both_reject(
        schema, ocpp16.BootNotificationResponse, _mutation(schema, BOOT_RESPONSE, f"enum value {unknown}", "/status")
    )


@pytest.mark.parametrize("probe", ['"1"', "1.0", "0.5", "true", "null", "[]", "{}"])
def test_a_draft04_integer_takes_no_other_json_type(probe: str, schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    _both_reject(
        schema, ocpp16.BootNotificationResponse, _mutation(schema, BOOT_RESPONSE, f"value {probe}", "/interval")
    )


def test_a_draft06_integer_takes_a_number_without_fraction(schemas: dict[str, Any]) -> None:
    schema = schemas["LogStatusNotification.json"]
    payload = {"status": "Uploaded", "requestId": 7}
    _both_accept(schema, ocpp16.LogStatusNotificationRequest, _mutation(schema, payload, "value 1.0", "/requestId"))
    _both_accept(schema, ocpp16.LogStatusNotificationRequest, _mutation(schema, payload, "number 1e+20", "/requestId"))
    _both_reject(schema, ocpp16.LogStatusNotificationRequest, _mutation(schema, payload, "value 0.5", "/requestId"))
    assert ocpp16.LogStatusNotificationRequest.from_wire('{"status": "Uploaded", "requestId": 7.0}').to_wire() == (
        '{"status":"Uploaded","requestId":7}'
    )


@pytest.mark.parametrize("probe", ["true", '"1"', "null"])
def test_a_number_takes_no_boolean_string_or_null(probe: str, schemas: dict[str, Any]) -> None:
    schema = schemas["SetChargingProfile.json"]
    pointer = "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"
    _both_reject(schema, ocpp16.SetChargingProfileRequest, _mutation(schema, PERIOD_PROFILE, f"value {probe}", pointer))


def test_null_for_an_absent_optional_property_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    payload = {"idTagInfo": {"status": "Accepted"}}
    schema = schemas["AuthorizeResponse.json"]
    mutation = _mutation(schema, payload, "value null", "/idTagInfo/expiryDate")
    assert json.loads(mutation.text) == {"idTagInfo": {"status": "Accepted", "expiryDate": None}}
    _both_reject(schema, ocpp16.AuthorizeResponse, mutation)


@pytest.mark.parametrize(
    "form",
    [
        "2026-11-25T08:00:00",
        "2026-11-25 08:00:00Z",
        "2026-11-25T08:00:00+0100",
        "2026-11-25T08:00Z",
        "2026-11-25T08:00:00,5Z",
        "2026-11-25T24:00:00Z",
        "2026-11-25T23:59:60Z",
        "2026-02-29T08:00:00Z",
        "0000-01-01T00:00:00Z",
        "1764057600",
        "2026-11-25T08:00:00Z ",
    ],
)
def test_a_naive_or_malformed_date_time_is_rejected_by_both(form: str, schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    _both_reject(
        schema, ocpp16.BootNotificationResponse, _mutation(schema, BOOT_RESPONSE, f"date-time {form!r}", "/currentTime")
    )


@pytest.mark.parametrize(
    "form",
    [
        "2026-11-25t08:00:00z",
        "2026-11-25T08:00:00.1234567891Z",
        "2024-02-29T08:00:00Z",
        "9999-12-31T23:59:59-23:59",
        "2026-11-25T08:00:00Z\n",
    ],
)
def test_unusual_rfc3339_date_times_are_accepted_by_both(form: str, schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    _both_accept(
        schema, ocpp16.BootNotificationResponse, _mutation(schema, BOOT_RESPONSE, f"date-time {form!r}", "/currentTime")
    )


@pytest.mark.parametrize(
    ("form", "accepted"),
    [
        ("http://[2001:db8::1]:8080/log", True),
        ("urn:oid:1.3.6.1", True),
        ("a:", True),
        ("http://example.com/\n", True),
        ("http://example.com/a b", False),
        ("http://example.com/%zz", False),
        ("https://bücher.example/", False),
        ("/relative/path", False),
        ("", False),
    ],
)
def test_uris_get_the_same_verdict_from_both(form: str, accepted: bool, schemas: dict[str, Any]) -> None:
    schema = schemas["UpdateFirmware.json"]
    payload = {"location": "https://fw.example.com/a.bin", "retrieveDate": "2026-11-25T08:00:00Z"}
    mutation = _mutation(schema, payload, f"uri {form!r}", "/location")
    (_both_accept if accepted else _both_reject)(schema, ocpp16.UpdateFirmwareRequest, mutation)


def test_an_empty_array_where_min_items_is_one_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["MeterValues.json"]
    _both_reject(schema, ocpp16.MeterValuesRequest, _mutation(schema, METER_VALUES, "empty array", "/meterValue"))


def test_an_empty_array_the_looser_erratum_allows_is_accepted_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["MeterValues.json"]  # sampledValue: no minItems, as StopTransaction.json has it
    empty = _mutation(schema, METER_VALUES, "empty array", "/meterValue/0/sampledValue")
    _both_accept(schema, ocpp16.MeterValuesRequest, empty)


def test_a_value_off_multiple_of_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["SetChargingProfile.json"]
    pointer = "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"
    off = _mutation(schema, PERIOD_PROFILE, "off multipleOf", pointer)
    assert "16.05" in off.text
    _both_reject(schema, ocpp16.SetChargingProfileRequest, off)
    _both_accept(schema, ocpp16.SetChargingProfileRequest, _mutation(schema, PERIOD_PROFILE, "next multiple", pointer))


@pytest.mark.parametrize(
    ("number", "accepted"),
    [("0.3", True), ("13.8", True), ("1e-07", False), ("0.30000000000000004", False), ("2.9999999999999996", False)],
)
def test_multiple_of_is_decided_on_decimal_values_by_both(number: str, accepted: bool, schemas: dict[str, Any]) -> None:
    schema = schemas["SetChargingProfile.json"]
    pointer = "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"
    mutation = _mutation(schema, PERIOD_PROFILE, f"number {number}", pointer)
    (_both_accept if accepted else _both_reject)(schema, ocpp16.SetChargingProfileRequest, mutation)


def test_plain_jsonschema_takes_0_3_for_no_multiple_of_0_1_which_is_why_the_reference_decides_on_decimals() -> None:
    assert not Draft4Validator({"multipleOf": 0.1}).is_valid(0.3)
    assert reference_validator({"multipleOf": 0.1}).is_valid(0.3)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_for_either(literal: str, schemas: dict[str, Any]) -> None:
    schema = schemas["SetChargingProfile.json"]
    pointer = "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit"
    mutation = _mutation(schema, PERIOD_PROFILE, f"number {literal}", pointer)
    assert f'"limit": {literal}' in mutation.text
    _both_reject(schema, ocpp16.SetChargingProfileRequest, mutation)


def test_a_repeated_key_counts_with_its_last_value_for_both(schemas: dict[str, Any]) -> None:
    schema = schemas["BootNotificationResponse.json"]
    last_valid = _mutation(schema, BOOT_RESPONSE, "repeated key, last valid", "/interval")
    assert '"interval": null, "interval": 300' in last_valid.text
    _both_accept(schema, ocpp16.BootNotificationResponse, last_valid)
    _both_reject(
        schema,
        ocpp16.BootNotificationResponse,
        _mutation(schema, BOOT_RESPONSE, "repeated key, last null", "/interval"),
    )


def test_a_payload_that_is_no_object_is_rejected_by_both(schemas: dict[str, Any]) -> None:
    schema = schemas["Heartbeat.json"]
    for probe in ("null", "[]", '"1"', "0"):
        _both_reject(schema, ocpp16.HeartbeatRequest, _mutation(schema, {}, f"value {probe}", ""))


def test_mutations_reach_the_first_item_of_every_array(schemas: dict[str, Any]) -> None:
    pointers = {m.pointer for m in mutations(SchemaView(schemas["MeterValues.json"]), METER_VALUES)}
    assert "/meterValue/0/sampledValue/0/measurand" in pointers
    assert "/meterValue/0/sampledValue/0/unit" in pointers


# --- the round trip's comparison ---------------------------------------------------------------


def test_date_times_compare_as_instants_at_the_microsecond() -> None:
    assert same_instant("2026-11-25T09:00:00+01:00", "2026-11-25T08:00:00Z")
    assert same_instant("2026-11-25t08:00:00.1234567z", "2026-11-25T08:00:00.123456Z")
    assert not same_instant("2026-11-25T08:00:00.1234567Z", "2026-11-25T08:00:00.123457Z")
    assert not same_instant("2026-11-25T08:00:00Z", "2026-11-25T08:00:00+01:00")


def test_numbers_compare_as_json_numbers_and_booleans_are_no_numbers() -> None:
    view = SchemaView({})
    assert json_difference(view, None, {"n": 1}, {"n": 1.0}, "") is None
    assert json_difference(view, None, {"n": 1}, {"n": True}, "") == "/n: 1 became True"
    assert json_difference(view, None, {"a": [1, 2]}, {"a": [1]}, "") == "/a: 2 items became 1"


# --- the named types match their reference checkers for any string ------------------------


_URI_ALPHABET = st.sampled_from(list("aZ09+-.:/?#[]@!$&'()*,;=%~_ \n\tüf"))


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.one_of(
        st.from_regex(rfc3987.get_compiled_pattern("%(URI)s").pattern, fullmatch=True),
        st.text(_URI_ALPHABET, max_size=30),
    )
)
def test_the_uri_type_agrees_with_rfc3987(text: str) -> None:
    try:
        rfc3987.parse(text, rule="URI")
        expected = True
    except ValueError:
        expected = False
    try:
        TypeAdapter(ocpp16.Uri).validate_json(json.dumps(text))
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == expected


_DATE_TIME_ALPHABET = st.sampled_from(list("0123456789-:T t Z z + . , \n"))


@settings(max_examples=400, deadline=None, database=None)
@given(
    st.one_of(
        st.from_regex(
            r"\A[0-9]{4}-[01][0-9]-[0-3][0-9][Tt][0-2][0-9]:[0-6][0-9]:[0-6][0-9](\.[0-9]{1,12})?([Zz]|[+-][0-2][0-9]:[0-6][0-9])\n?\Z"
        ),
        st.text(_DATE_TIME_ALPHABET, max_size=32),
    )
)
def test_the_date_time_type_agrees_with_rfc3339_validator(text: str) -> None:
    expected = rfc3339_validator.validate_rfc3339(text.upper())
    try:
        TypeAdapter(ocpp16.DateTime).validate_json(json.dumps(text))
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == expected


# --- what cannot be matched, as the README says ------------------------------------------------


def test_documented_gap_a_lone_surrogate_escape_is_taken_by_jsonschema_and_not_by_the_model(
    schemas: dict[str, Any],
) -> None:
    text = '{"idTag": "\\ud800"}'
    reference, model = _verdicts(schemas["Authorize.json"], ocpp16.AuthorizeRequest, text)
    assert reference.accepted and not model.accepted


def test_documented_gap_a_number_beyond_the_double_range_is_taken_by_jsonschema_and_not_by_the_model(
    schemas: dict[str, Any],
) -> None:
    text = '{"startPeriod": 0, "limit": 1e400}'
    schema = {
        "$schema": "http://json-schema.org/draft-04/schema#",
        "type": "object",
        "properties": {"limit": {"type": "number"}},
    }
    assert reference_verdict(reference_validator(schema), text).accepted
    assert not model_verdict(ocpp16.ChargingSchedulePeriod, text).accepted


def test_documented_gap_digits_beyond_the_microsecond_are_dropped() -> None:
    read = ocpp16.HeartbeatResponse.from_wire('{"currentTime": "2026-11-25T08:00:00.123456789Z"}')
    assert read.to_wire() == '{"currentTime":"2026-11-25T08:00:00.123456Z"}'


def test_documented_gap_digits_beyond_double_precision_are_judged_as_the_nearest_double(
    schemas: dict[str, Any],
) -> None:
    text = json.dumps(PERIOD_PROFILE).replace('"limit": 16.0', '"limit": 0.10000000000000001')
    reference, model = _verdicts(schemas["SetChargingProfile.json"], ocpp16.SetChargingProfileRequest, text)
    assert reference.accepted and model.accepted
