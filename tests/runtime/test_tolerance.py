"""Tolerant reading, tested as the runtime module itself on small models of its own."""

from __future__ import annotations

import json
import logging
from enum import StrEnum
from typing import Annotated, Any

import pytest
from ocpp_codegen.runtime._base import OcppModel, Omittable
from ocpp_codegen.runtime._scalars import DateTime
from ocpp_codegen.runtime.tolerance import ALL_ACTIONS, CATALOGUE, Deviation, Tolerance, ToleratedDeviation
from pydantic import BaseModel, Field, ValidationError


class Unit(StrEnum):
    watt = "W"
    hertz = "Hertz"
    celsius = "Celsius"


class Reading(OcppModel):
    value: str
    unit: Omittable[Unit] = None
    taken_at: Omittable[DateTime] = None


class Report(OcppModel):
    station_id: Annotated[str, Field(max_length=8)]
    status: Unit
    readings: Omittable[Annotated[list[Reading], Field(min_length=1)]] = None
    enabled: Omittable[bool] = None
    note: Omittable[str] = None
    serial: Annotated[Omittable[str], Field(max_length=4)] = None  # a maxLength outside the optional


def _error(model: type[BaseModel], payload: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.__pydantic_validator__.validate_json(json.dumps(payload), by_alias=True, by_name=False)
    return caught.value


def _read(tolerance: Tolerance, payload: dict[str, Any], action: str = "Report") -> Report | None:
    return tolerance.read(action, Report, payload, _error(Report, payload))


def _on(*deviations: Deviation, **options: Any) -> Tolerance:
    return Tolerance({"Report": set(deviations)}, **options)


def test_every_deviation_of_the_catalogue_says_what_it_accepts_and_how_it_is_read() -> None:
    assert set(CATALOGUE) == set(Deviation)
    assert all(kind.accepts and kind.reading for kind in CATALOGUE.values())


def test_a_string_over_its_max_length_is_cut_to_it() -> None:
    read = _read(_on(Deviation.string_too_long), {"stationId": "ABCDEFGHIJ", "status": "W"})
    assert read is not None and read.station_id == "ABCDEFGH"


def test_a_string_over_the_max_length_of_an_optional_field_is_cut_to_it() -> None:
    read = _read(_on(Deviation.string_too_long), {"stationId": "A", "status": "W", "serial": "SN-12345"})
    assert read is not None and read.serial == "SN-1"


def test_an_enum_value_in_another_case_is_read_as_the_member() -> None:
    read = _read(_on(Deviation.enum_wrong_case), {"stationId": "A", "status": "hertz"})
    assert read is not None and read.status is Unit.hertz


def test_a_unit_symbol_is_read_as_the_member_that_names_the_unit() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "50", "unit": "Hz"}]}
    read = _read(_on(Deviation.unit_symbol), payload)
    assert read is not None and read.readings is not None and read.readings[0].unit is Unit.hertz


def test_the_degree_sign_symbol_is_read_as_celsius() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "21", "unit": "\u00b0C"}]}
    read = _read(_on(Deviation.unit_symbol), payload)
    assert read is not None and read.readings is not None and read.readings[0].unit is Unit.celsius


def test_a_unit_symbol_whose_unit_the_enum_lacks_is_not_a_unit_symbol() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "50", "unit": "F"}]}
    assert _read(_on(Deviation.unit_symbol), payload) is None
    read = _read(_on(Deviation.enum_unknown), payload)
    assert read is not None and read.readings is not None and read.readings[0].unit is None


def test_an_unknown_value_of_an_optional_enum_leaves_the_field_out() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "1", "unit": "Volt"}]}
    read = _read(_on(Deviation.enum_unknown), payload)
    assert read is not None and read.readings is not None and read.readings[0].unit is None


def test_an_unknown_value_of_a_required_enum_is_refused() -> None:
    assert _read(_on(*Deviation), {"stationId": "A", "status": "Volt"}) is None


def test_an_empty_enum_value_is_its_own_deviation() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "1", "unit": ""}]}
    assert _read(_on(Deviation.enum_unknown), payload) is None
    assert _read(_on(Deviation.enum_empty), payload) is not None


def test_a_number_for_a_string_is_read_as_its_json_text() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": 12.5}, {"value": 7}]}
    read = _read(_on(Deviation.number_for_string), payload)
    assert read is not None and read.readings is not None
    assert [r.value for r in read.readings] == ["12.5", "7"]


def test_a_boolean_for_a_string_is_refused() -> None:
    assert _read(_on(*Deviation), {"stationId": "A", "status": "W", "note": True}) is None


def test_a_naive_date_time_is_taken_as_utc() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "1", "takenAt": "2026-11-25T08:00:00"}]}
    read = _read(_on(Deviation.date_time_without_offset), payload)
    assert read is not None and read.readings is not None
    assert read.readings[0].to_wire() == '{"value":"1","takenAt":"2026-11-25T08:00:00Z"}'


def test_an_offset_without_colon_is_the_same_offset() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "1", "takenAt": "2026-11-25T08:00:00-0130"}]}
    read = _read(_on(Deviation.date_time_offset_without_colon), payload)
    assert read is not None and read.readings is not None
    assert read.readings[0].to_wire() == '{"value":"1","takenAt":"2026-11-25T08:00:00-01:30"}'


def test_a_naive_date_time_that_is_no_date_is_not_taken_as_utc() -> None:
    payload = {"stationId": "A", "status": "W", "readings": [{"value": "1", "takenAt": "2026-02-30T08:00:00"}]}
    assert _read(_on(Deviation.date_time_without_offset), payload) is None
    read = _read(_on(Deviation.date_time_invalid), payload)
    assert read is not None and read.readings is not None and read.readings[0].taken_at is None


def test_an_empty_optional_array_is_left_out() -> None:
    read = _read(_on(Deviation.empty_array), {"stationId": "A", "status": "W", "readings": []})
    assert read is not None and read.readings is None


def test_null_for_an_optional_field_is_left_out_and_for_a_required_one_refused() -> None:
    read = _read(_on(Deviation.null_for_field), {"stationId": "A", "status": "W", "note": None})
    assert read is not None and read.note is None
    assert _read(_on(Deviation.null_for_field), {"stationId": None, "status": "W"}) is None


def test_null_as_an_array_item_is_refused() -> None:
    assert _read(_on(*Deviation), {"stationId": "A", "status": "W", "readings": [None]}) is None


def test_a_single_object_for_an_array_is_an_array_of_it() -> None:
    read = _read(_on(Deviation.object_for_array), {"stationId": "A", "status": "W", "readings": {"value": "1"}})
    assert read is not None and read.readings == [Reading(value="1")]


def test_the_strings_true_and_false_are_read_as_booleans_in_any_case() -> None:
    for text, value in (("true", True), ("FALSE", False)):
        read = _read(_on(Deviation.string_for_boolean), {"stationId": "A", "status": "W", "enabled": text})
        assert read is not None and read.enabled is value
    assert _read(_on(Deviation.string_for_boolean), {"stationId": "A", "status": "W", "enabled": "yes"}) is None


def test_a_property_name_in_another_case_is_read_under_its_name() -> None:
    read = _read(_on(Deviation.property_name_case), {"StationID": "A", "status": "W", "NOTE": "n"})
    assert read is not None and (read.station_id, read.note) == ("A", "n")


def test_deviations_found_after_a_repair_are_read_when_they_are_on_too() -> None:
    tolerance = _on(Deviation.property_name_case, Deviation.string_too_long)
    read = _read(tolerance, {"StationId": "ABCDEFGHIJ", "status": "W"})
    assert read is not None and read.station_id == "ABCDEFGH"
    assert _read(_on(Deviation.property_name_case), {"StationId": "ABCDEFGHIJ", "status": "W"}) is None


def test_a_payload_with_one_error_that_is_no_deviation_is_refused() -> None:
    payload = {"stationId": "ABCDEFGHIJ", "status": "W", "extra": 1}
    assert _read(_on(*Deviation), payload) is None


def test_a_missing_required_property_is_refused() -> None:
    assert _read(_on(*Deviation), {"status": "W"}) is None


def test_the_result_is_the_strict_model_of_the_repaired_payload() -> None:
    read = _read(_on(*Deviation), {"stationId": "A", "status": "w", "note": None})
    assert type(read) is Report
    assert read == Report.from_wire('{"stationId": "A", "status": "W"}')


def test_the_payload_handed_over_is_not_changed() -> None:
    payload = {"stationId": "ABCDEFGHIJ", "status": "W", "readings": {"value": 1}}
    before = json.dumps(payload)
    assert _read(_on(*Deviation), payload) is not None
    assert json.dumps(payload) == before


def test_each_deviation_read_is_reported_with_action_pointer_name_and_raw_value() -> None:
    seen: list[ToleratedDeviation] = []
    tolerance = _on(*Deviation, identity="CP_7", observer=seen.append)
    _read(tolerance, {"stationId": "A", "status": "W", "readings": [{"value": 3, "unit": "Hz"}]})
    assert sorted(seen, key=lambda e: e.pointer) == [
        ToleratedDeviation("CP_7", "Report", "/readings/0/unit", Deviation.unit_symbol, "Hz"),
        ToleratedDeviation("CP_7", "Report", "/readings/0/value", Deviation.number_for_string, 3),
    ]


def test_the_raw_value_reported_is_the_value_as_sent() -> None:
    seen: list[ToleratedDeviation] = []
    _read(_on(*Deviation, observer=seen.append), {"stationId": "A", "status": "W", "readings": {"value": 3}})
    wrapped = next(event for event in seen if event.deviation is Deviation.object_for_array)
    assert wrapped.raw == {"value": 3}


def test_nothing_is_reported_for_a_payload_that_is_refused() -> None:
    seen: list[ToleratedDeviation] = []
    tolerance = _on(Deviation.string_too_long, observer=seen.append)
    assert _read(tolerance, {"stationId": "ABCDEFGHIJ", "status": "Volt"}) is None
    assert seen == [] and tolerance.counts == {} and tolerance.refused == 1


def test_counts_are_kept_by_action_and_deviation() -> None:
    tolerance = Tolerance({ALL_ACTIONS: {Deviation.null_for_field}})
    for action in ("Report", "Report", "Other"):
        _read(tolerance, {"stationId": "A", "status": "W", "note": None}, action)
    assert tolerance.counts == {("Report", Deviation.null_for_field): 2, ("Other", Deviation.null_for_field): 1}


def test_each_deviation_read_is_logged(caplog: pytest.LogCaptureFixture) -> None:
    logger = logging.getLogger("test.tolerance")
    with caplog.at_level(logging.INFO, logger="test.tolerance"):
        _read(
            _on(Deviation.null_for_field, identity="CP_7", logger=logger),
            {"stationId": "A", "status": "W", "note": None},
        )
    assert [r.getMessage() for r in caplog.records] == ["CP_7 Report: read null_for_field at /note: None"]


def test_a_long_raw_value_is_shortened_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO):
        _read(_on(Deviation.string_too_long), {"stationId": "A" * 10_000, "status": "W"})
    assert len(caplog.records[0].getMessage()) < 300


def test_an_observer_that_fails_does_not_refuse_the_payload(caplog: pytest.LogCaptureFixture) -> None:
    def failing(event: ToleratedDeviation) -> None:
        raise RuntimeError("observer down")

    read = _read(_on(Deviation.null_for_field, observer=failing), {"stationId": "A", "status": "W", "note": None})
    assert read is not None
    assert "deviation observer failed" in caplog.text


def test_a_deviation_on_for_another_action_does_not_apply() -> None:
    tolerance = Tolerance({"Other": {Deviation.null_for_field}})
    assert _read(tolerance, {"stationId": "A", "status": "W", "note": None}) is None
    assert tolerance.refused == 1


def test_the_deviations_of_every_action_add_to_those_of_one() -> None:
    tolerance = Tolerance({ALL_ACTIONS: {"null_for_field"}, "Report": {"string_too_long"}})
    assert tolerance.enabled_for("Report") == {Deviation.null_for_field, Deviation.string_too_long}
    assert tolerance.enabled_for("Other") == {Deviation.null_for_field}


def test_an_unknown_deviation_name_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="'string_to_long'"):
        Tolerance({"Report": {"string_to_long"}})


def test_a_single_name_instead_of_a_collection_is_refused_at_once() -> None:
    with pytest.raises(TypeError):
        Tolerance({"Report": "string_too_long"})


def test_an_action_the_protocol_lacks_is_refused_when_the_actions_are_given() -> None:
    with pytest.raises(ValueError, match="'Reprot'"):
        Tolerance({"Reprot": {"string_too_long"}}, actions={"Report"})
    assert Tolerance({"Report": set(), ALL_ACTIONS: set()}, actions={"Report"}).enabled_for("Report") == set()


def test_repairs_stop_after_the_bound() -> None:
    payload = {"StationId": "ABCDEFGHIJ", "status": "W"}
    assert _read(_on(*Deviation, max_rounds=1), payload) is None
    assert _read(_on(*Deviation, max_rounds=2), payload) is not None


def test_a_payload_that_is_not_an_object_is_refused() -> None:
    error = _error(Report, {"status": "W"})
    assert _on(*Deviation).read("Report", Report, [], error) is None  # type: ignore[arg-type]


def test_a_payload_nested_deeply_is_refused_not_raised() -> None:
    text = '{"stationId": "A", "status": "W", "note": null, "nested": ' + "[" * 900 + "]" * 900 + "}"
    with pytest.raises(ValidationError) as caught:
        Report.from_wire(text)
    assert _on(*Deviation).read("Report", Report, json.loads(text), caught.value) is None


def test_a_number_beyond_the_double_range_is_not_read_as_a_string() -> None:
    text = '{"stationId": "A", "status": "W", "note": 1e400}'
    with pytest.raises(ValidationError) as caught:
        Report.from_wire(text)
    assert _on(*Deviation).read("Report", Report, json.loads(text), caught.value) is None


def test_a_bound_of_no_rounds_is_refused_at_once() -> None:
    with pytest.raises(ValueError, match="max_rounds"):
        _on(Deviation.null_for_field, max_rounds=0)
