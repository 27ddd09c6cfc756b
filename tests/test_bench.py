"""The benchmark harness's own parts: its messages, its checks, its timing loop, its section 3
machinery and its report. (The benchmarks themselves run with `make bench`, never here.)"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from bench import end_to_end, report, results
from bench.contenders import OCPP_LIBRARY, OURS, CentralSystem, InboundContender
from bench.inbound import FLOOR as INBOUND_FLOOR
from bench.inbound import InboundResult, InboundRow, check_handler
from bench.machine import Machine
from bench.ocpp_library import inbound_handler
from bench.payloads import meter_values, samples
from bench.replies import handled_actions, is_call_error, is_trivial_reply, reply_payload
from bench.startup import ImportRow, Runs, StartupResult, StartupSettings
from bench.timing import Settings, Timing, async_loop, measure, sync_loop
from bench.validation import FLOOR as VALIDATION_FLOOR
from bench.validation import JSONSCHEMA_RS, ValidationResult, ValidationRow, ValidatorTraits, check_validator

TINY = Settings(warmup_seconds=0.001, repetition_seconds=0.0005, repetitions=3)


def _schema_validator(official_schemas: Path, file_name: str) -> Draft4Validator:
    schema = json.loads((official_schemas / file_name).read_text(encoding="utf-8-sig"))
    return Draft4Validator(schema, format_checker=FormatChecker())


def test_every_sample_payload_is_valid_against_its_schema(official_schemas: Path) -> None:
    for sample in samples():
        _schema_validator(official_schemas, f"{sample.action}.json").validate(json.loads(sample.text))


def test_every_sample_with_an_unknown_property_is_invalid(official_schemas: Path) -> None:
    for sample in samples():
        assert not _schema_validator(official_schemas, f"{sample.action}.json").is_valid(
            json.loads(sample.invalid_text())
        )


def test_every_sample_frame_is_an_ocpp_j_call() -> None:
    for sample in samples():
        assert json.loads(sample.frame("42")) == [2, "42", sample.action, sample.payload]


def test_meter_values_holds_the_number_of_sampled_values_asked_for() -> None:
    for count in (5, 50):
        payload = meter_values(count)
        assert sum(len(reading["sampledValue"]) for reading in payload["meterValue"]) == count


def test_every_trivial_reply_is_a_valid_response(official_schemas: Path) -> None:
    for action in handled_actions():
        _schema_validator(official_schemas, f"{action}Response.json").validate(reply_payload(action))


def test_a_validator_that_accepts_anything_is_not_measured() -> None:
    sample = samples()[1]
    with pytest.raises(RuntimeError, match="accepts BootNotification with an unknown property"):
        check_validator("lenient", lambda text: None, sample)


def test_the_ocpp_library_answers_every_sample_with_its_trivial_reply() -> None:
    async def replies() -> list[tuple[str, str]]:
        handle = inbound_handler()
        return [(sample.frame(), await handle(sample.frame())) for sample in samples()]

    for frame, reply in asyncio.run(replies()):
        assert is_trivial_reply(frame, reply), reply


def test_the_ocpp_library_answers_an_invalid_payload_with_a_call_error() -> None:
    async def replies() -> list[tuple[str, str]]:
        handle = inbound_handler()
        return [(sample.invalid_frame(), await handle(sample.invalid_frame())) for sample in samples()]

    for frame, reply in asyncio.run(replies()):
        assert is_call_error(frame, reply), reply


def test_a_handler_that_does_not_validate_is_not_measured() -> None:
    def unvalidated(frame: str) -> str:
        _, unique_id, action, _ = json.loads(frame)
        return json.dumps([3, unique_id, reply_payload(action)])

    with pytest.raises(RuntimeError, match="with an unknown property"):
        asyncio.run(check_handler(InboundContender("unvalidated", unvalidated), samples()[0]))


def test_timing_measures_plain_and_async_contenders_side_by_side() -> None:
    async def echo(text: str) -> str:
        return text

    timings = asyncio.run(measure({"plain": sync_loop(len, "abc"), "async": async_loop(echo, "abc")}, TINY))
    assert set(timings) == {"plain", "async"}
    for timing in timings.values():
        assert timing.repetitions == 3
        assert 0 < timing.q1 <= timing.median <= timing.q3


def test_charge_points_are_split_evenly_over_the_load_processes() -> None:
    assert end_to_end.split(10, 3) == [(1, 4), (5, 3), (8, 3)]
    assert end_to_end.split(1, 2) == [(1, 1)]


def test_every_end_to_end_run_has_the_same_number_of_calls() -> None:
    settings = end_to_end.EndToEndSettings(charge_point_counts=(10, 100, 1000), total_calls=20_000)
    assert [settings.calls_per_charge_point(n) * n for n in settings.charge_point_counts] == [20_000] * 3


def test_an_end_to_end_run_against_the_ocpp_library_counts_every_call() -> None:
    settings = end_to_end.EndToEndSettings(charge_point_counts=(3,), total_calls=12, load_processes=2)
    row = end_to_end.measure_one(CentralSystem(OCPP_LIBRARY, "bench.ocpp_library:serve"), 3, settings)
    assert (row.charge_points, row.calls_per_charge_point, row.calls) == (3, 4, 12)
    assert row.calls_per_second > 0
    assert 0 < row.p50_seconds <= row.p99_seconds
    assert row.peak_rss_bytes > 0


def _timing(microseconds: float) -> Timing:
    seconds = microseconds / 1e6
    return Timing(seconds, seconds * 0.9, seconds * 1.1, 5, 1000)


def _run_result() -> results.RunResult:
    machine = Machine(
        "Test CPU",
        2,
        8 * 2**30,
        "CPython 3.11.7",
        "Linux",
        {"pydantic": "2.14.4"},
        (0.5, 0.4, 0.3),
        "2026-11-25 08:00 UTC",
        "abc1234",
    )
    validation = ValidationResult(
        rows=(
            ValidationRow("Heartbeat", OURS, _timing(1.0)),
            ValidationRow("Heartbeat", JSONSCHEMA_RS, _timing(2.0)),
            ValidationRow("Heartbeat", VALIDATION_FLOOR, _timing(0.8)),
            ValidationRow("MeterValues (5 sampled values)", OURS, _timing(9.0)),
            ValidationRow("MeterValues (5 sampled values)", JSONSCHEMA_RS, _timing(6.0)),
            ValidationRow("MeterValues (5 sampled values)", VALIDATION_FLOOR, _timing(4.0)),
        ),
        traits=(ValidatorTraits(OURS, True), ValidatorTraits(JSONSCHEMA_RS, True)),
    )
    inbound = InboundResult(
        rows=(
            InboundRow("Heartbeat", OCPP_LIBRARY, _timing(400.0)),
            InboundRow("Heartbeat", INBOUND_FLOOR, _timing(3.0)),
        )
    )
    startup = StartupResult(
        settings=StartupSettings(2, 2),
        generate_command=Runs((1.2, 1.4)),
        verify_command=Runs((7.0, 7.2)),
        generate_pipeline=Runs((0.5, 0.5)),
        imports=(
            ImportRow(OURS, "ocpp16", Runs((0.100, 0.102)), Runs((0.110, 0.112))),
            ImportRow(OCPP_LIBRARY, "ocpp.v16", Runs((0.130, 0.132)), Runs((0.140, 0.142))),
        ),
    )
    return results.RunResult(
        machine, 42.0, (0.6, 0.5, 0.4), Settings(), validation=validation, inbound=inbound, startup=startup
    )


def test_the_report_shows_each_contender_with_its_ratio_to_the_floor() -> None:
    text = report.render(_run_result())
    assert "| MeterValues (5 sampled values) | jsonschema-rs | 6.00 | 5.40 – 6.60 | 1.50× | 0.67× |" in text
    assert f"| Heartbeat | {OCPP_LIBRARY} | 400 | 360 – 440 | 133× |  |" in text


def test_the_report_judges_each_target_from_the_numbers() -> None:
    statuses = {target.goal: target.status for target in report.targets(_run_result())}
    assert statuses["Validation faster than every validator listed"] == report.MISSED
    assert statuses["Validation within 2× of json.loads"] == report.MISSED
    assert statuses["Generation (`make generate` without its verify step) under 3 s"] == report.MET
    assert statuses["Import no slower than `import ocpp.v16`"] == report.MET


def test_the_report_leaves_ours_out_until_it_is_registered() -> None:
    statuses = {target.goal: target.status for target in report.targets(_run_result())}
    assert statuses["Inbound handling at least 20× faster than the ocpp library"] == report.NOT_MEASURED
    assert "not measured yet: our dispatcher is not registered" in report.render(_run_result())


def test_a_run_result_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = _run_result()
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result


def test_the_inbound_and_end_to_end_targets_are_judged_once_ours_is_measured() -> None:
    measured = _run_result()
    inbound = InboundResult(
        rows=(
            InboundRow("Heartbeat", OURS, _timing(10.0)),
            InboundRow("Heartbeat", OCPP_LIBRARY, _timing(400.0)),
            InboundRow("Heartbeat", INBOUND_FLOOR, _timing(3.0)),
        )
    )
    settings = end_to_end.EndToEndSettings(charge_point_counts=(100,))
    rows = tuple(
        end_to_end.EndToEndRow(name, 100, 200, 20_000, 1.0, rate, 0.01, 0.02, 1e-4, 1e-4, 50 * 2**20)
        for name, rate in ((OURS, 12_000.0), (OCPP_LIBRARY, 2_000.0))
    )
    result = dataclasses.replace(measured, inbound=inbound, end_to_end=end_to_end.EndToEndResult(rows, settings))
    statuses = {target.goal: target.status for target in report.targets(result)}
    assert statuses["Inbound handling at least 20× faster than the ocpp library"] == report.MET
    assert statuses["Inbound handling within 3× of the floor (json.loads + json.dumps)"] == report.MISSED
    assert statuses["End-to-end throughput at least 5× the ocpp library's at 100 charge points"] == report.MET
    assert f"| {OURS} | 100 | 200 × 100 = 20,000 | 12,000 | 6.00× |" in report.render(result)
