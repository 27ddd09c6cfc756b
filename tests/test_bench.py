"""The benchmark harness's own parts: its messages, its checks, its timing loop, its section 3
machinery and its report. (The benchmarks themselves run with `make bench`, never here.)"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft4Validator, FormatChecker

from bench import end_to_end, fleet, report, results, servers
from bench.bare_websockets import answer
from bench.contenders import (
    BARE_WEBSOCKETS,
    OCPP_LIBRARY,
    OCPP_RPC,
    OCPP_RPC_VERSION,
    OURS,
    CentralSystem,
    InboundContender,
)
from bench.fleet_load import Plan, schedule
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
    settings = end_to_end.EndToEndSettings(charge_point_counts=(3,), total_calls=12, load_processes=2, repetitions=1)
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


FLOOR_SYSTEM = CentralSystem(BARE_WEBSOCKETS, "bench.bare_websockets:serve", validates=False)


def _needs_ocpp_rpc() -> None:
    if (reason := servers.ocpp_rpc_missing()) is not None:
        pytest.skip(f"ocpp-rpc cannot run here: {reason}")


def test_the_floor_answers_each_call_with_its_unique_id_and_the_trivial_payload() -> None:
    for sample in servers.checked_frames():
        assert is_trivial_reply(sample.frame("7"), answer(sample.frame("7")))


def test_every_python_central_system_gives_the_right_answers_before_it_is_measured() -> None:
    systems, _ = servers.central_systems()
    for system in systems:
        if system.runtime == "python":
            servers.check_answers(system)


def test_ocpp_rpc_in_strict_mode_answers_every_call_and_rejects_an_invalid_payload() -> None:
    _needs_ocpp_rpc()
    servers.check_answers(servers.OCPP_RPC_SYSTEM)


def test_a_central_system_that_does_not_validate_is_not_measured() -> None:
    with pytest.raises(RuntimeError, match="unvalidated is not measured"):
        servers.check_answers(CentralSystem("unvalidated", "bench.bare_websockets:serve"))


def test_ocpp_rpc_is_skipped_with_one_line_where_node_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(servers.shutil, "which", lambda name: None)
    systems, skipped = servers.central_systems()
    assert OCPP_RPC not in [system.name for system in systems]
    assert skipped == (f"{OCPP_RPC}: skipped, `node` is not on PATH.",)


def test_the_pinned_ocpp_rpc_is_the_version_the_report_names() -> None:
    package = json.loads((servers.NODE_FOLDER / "package.json").read_text(encoding="utf-8"))
    lock = json.loads((servers.NODE_FOLDER / "package-lock.json").read_text(encoding="utf-8"))
    assert package["dependencies"] == {"ocpp-rpc": OCPP_RPC_VERSION}
    assert lock["packages"]["node_modules/ocpp-rpc"]["version"] == OCPP_RPC_VERSION


def test_an_end_to_end_run_reports_memory_per_connection_and_gc_runs_of_a_python_server() -> None:
    settings = end_to_end.EndToEndSettings(total_calls=12, repetitions=2, warmup_calls=6)
    row = end_to_end.measure_one(FLOOR_SYSTEM, 3, settings)
    assert (row.calls, row.repetitions, len(row.server_cpu_seconds_per_call_each)) == (12, 2, 2)
    assert row.memory_per_connection_bytes != 0
    assert row.gc_collections_per_1000_calls is not None and len(row.gc_collections_per_1000_calls) == 3


def test_an_end_to_end_run_against_ocpp_rpc_counts_every_call() -> None:
    _needs_ocpp_rpc()
    settings = end_to_end.EndToEndSettings(total_calls=12, repetitions=1, warmup_calls=6)
    row = end_to_end.measure_one(servers.OCPP_RPC_SYSTEM, 3, settings)
    assert (row.contender, row.calls) == (OCPP_RPC, 12)
    assert row.gc_collections_per_1000_calls is None
    assert row.peak_rss_bytes > 0


def test_each_fleet_charge_point_heartbeats_every_interval_and_one_in_ten_sends_meter_values() -> None:
    plan = Plan(heartbeat_seconds=10.0, meter_share=10, meter_seconds=2.0, window_seconds=20.0)
    for number in (1, 10):
        actions = [sample.action for _, sample in schedule(number, plan)]
        assert actions.count("Heartbeat") == 2
        assert actions.count("MeterValues") == (10 if number == 10 else 0)
    assert all(0 <= at < plan.window_seconds for at, _ in schedule(7, plan))


def test_each_fleet_load_process_connects_from_its_own_loopback_address() -> None:
    addresses = [fleet.source_address(index) for index in range(4)]
    assert len(set(addresses)) == 4
    assert all(address.startswith("127.") for address in addresses)


def test_a_fleet_run_connects_every_charge_point_and_counts_every_call() -> None:
    settings = fleet.FleetSettings(charge_points=20, load_processes=2, compression=300, window_seconds=1.0)
    row = fleet.measure_fleet(FLOOR_SYSTEM, 20, settings)
    plan = Plan(**settings.plan())  # type: ignore[arg-type]
    assert row.charge_points == 20
    assert row.calls == sum(len(schedule(number, plan)) for number in range(1, 21))
    assert 0 < row.p50_seconds <= row.p99_seconds <= row.max_seconds
    assert row.connects_per_second > 0


def _server_rows(ours_cpu: float, rpc_cpu: float) -> tuple[end_to_end.EndToEndRow, ...]:
    def row(name: str, charge_points: int, cpu_microseconds: float, memory_kib: float) -> end_to_end.EndToEndRow:
        return end_to_end.EndToEndRow(
            name,
            charge_points,
            20_000 // charge_points,
            20_000,
            2.0,
            10_000.0,
            0.01,
            0.02,
            cpu_microseconds / 1e6,
            1e-4,
            80 * 2**20,
            memory_kib * 1024,
            3,
            (cpu_microseconds / 1e6,) * 3,
            None if name == OCPP_RPC else (10.0, 1.0, 0.1),
        )

    return tuple(
        row(name, n, cpu, memory)
        for n in (100, 1000)
        for name, cpu, memory in ((OURS, ours_cpu, 32.0), (BARE_WEBSOCKETS, 40.0, 16.0), (OCPP_RPC, rpc_cpu, 28.0))
    )


def _with_servers(rows: tuple[end_to_end.EndToEndRow, ...], skipped: tuple[str, ...] = ()) -> results.RunResult:
    settings = end_to_end.EndToEndSettings()
    return dataclasses.replace(_run_result(), end_to_end=end_to_end.EndToEndResult(rows, settings, skipped))


def test_the_report_heads_section_3_with_each_central_system_over_the_floor() -> None:
    text = report.render(_with_servers(_server_rows(ours_cpu=60.0, rpc_cpu=50.0)))
    assert f"| **{OURS}** | 1,000 | 60.0 | 1.50× | 60.0, 60.0, 60.0 | 32.0 | 2.00× | 10.00 / 1.00 / 0.10 |" in text
    assert f"| {OCPP_RPC} | 100 | 50.0 | 1.25× | 50.0, 50.0, 50.0 | 28.0 | 1.75× | n/a (Node) |" in text


def test_the_report_judges_ours_against_the_floor_and_ocpp_rpc() -> None:
    floor_goal = (
        "End-to-end server CPU per call within 1.2× of the bare websockets server at 100 and 1,000 charge points"
    )
    rpc_goal = "End-to-end server CPU per call below ocpp-rpc strict's at 100 and 1,000 charge points"
    missed = {t.goal: t.status for t in report.targets(_with_servers(_server_rows(ours_cpu=60.0, rpc_cpu=50.0)))}
    met = {t.goal: t.status for t in report.targets(_with_servers(_server_rows(ours_cpu=45.0, rpc_cpu=50.0)))}
    assert (missed[floor_goal], missed[rpc_goal]) == (report.MISSED, report.MISSED)
    assert (met[floor_goal], met[rpc_goal]) == (report.MET, report.MET)


def test_the_report_says_in_one_line_why_ocpp_rpc_was_not_measured() -> None:
    rows = tuple(row for row in _server_rows(60.0, 50.0) if row.contender != OCPP_RPC)
    line = f"{OCPP_RPC}: skipped, `node` is not on PATH."
    text = report.render(_with_servers(rows, (line,)))
    assert text.count(line) == 2  # in section 3's contenders and as the target's measurement
    assert "| End-to-end server CPU per call below ocpp-rpc strict's" in text and report.NOT_MEASURED in text


def _fleet_row(charge_points: int) -> fleet.FleetRow:
    return fleet.FleetRow(
        OURS,
        charge_points,
        20.0,
        charge_points / 20.0,
        32 * 1024.0,
        33 * 1024.0,
        30_000,
        1_500.0,
        0.001,
        0.05,
        0.2,
        2e-4,
        0.3,
        3e-4,
        400 * 2**20,
        (250, 20, 2),
    )


def test_the_fleet_section_says_when_the_descriptor_limit_allows_fewer_connections() -> None:
    result = fleet.FleetResult((_fleet_row(768),), fleet.FleetSettings(), descriptor_limit=1024)
    text = report.render(dataclasses.replace(_run_result(), fleet=result))
    assert "too few for 10,000 connections, so 768 were measured" in text
    assert f"| **{OURS}** | 768 | 38 | 20.0 | 32.0 |" in text


def test_a_run_with_every_section_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = dataclasses.replace(
        _with_servers(_server_rows(60.0, 50.0), ("a skipped line",)),
        fleet=fleet.FleetResult((_fleet_row(10_000),), fleet.FleetSettings(), 20_000),
    )
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result
