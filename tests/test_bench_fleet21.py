"""Section 3's OCPP 2.1 fleet: its traffic, its central systems and its targets. (Measured with
`make bench`, never here.)"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft6Validator, FormatChecker

from bench import end_to_end, report, report_servers, results, servers
from bench.bare_websockets import PAYLOAD_TEXTS, answer
from bench.contenders import BARE_WEBSOCKETS, OCPP_RPC, OURS, CentralSystem
from bench.end_to_end import EndToEndResult, EndToEndRow, EndToEndSettings
from bench.machine import Machine
from bench.timing import Settings
from bench.traffic import OCPP21, traffic


def _validator(schemas_21: Path, file_name: str) -> Draft6Validator:
    schema = json.loads((schemas_21 / file_name).read_text(encoding="utf-8-sig"))
    return Draft6Validator(schema, format_checker=FormatChecker())


def test_every_21_call_a_charging_station_sends_is_valid_against_its_21_schema(schemas_21: Path) -> None:
    for sample in traffic(OCPP21).checked:
        _validator(schemas_21, f"{sample.action}Request.json").validate(sample.payload)


def test_every_21_call_with_an_unknown_property_is_invalid(schemas_21: Path) -> None:
    for sample in traffic(OCPP21).checked:
        assert not _validator(schemas_21, f"{sample.action}Request.json").is_valid(sample.invalid_payload())


def test_every_21_trivial_reply_is_valid_against_its_21_schema(schemas_21: Path) -> None:
    for action, payload in traffic(OCPP21).replies.items():
        _validator(schemas_21, f"{action}Response.json").validate(payload)


def test_the_21_fleet_speaks_21_and_sends_a_transaction_event_with_meter_values_and_a_heartbeat() -> None:
    spoken = traffic(OCPP21)
    updated, heartbeat = spoken.mix
    assert (spoken.subprotocol, updated.action, updated.payload["eventType"], heartbeat.action) == (
        OCPP21,
        "TransactionEvent",
        "Updated",
        "Heartbeat",
    )
    assert len(updated.payload["meterValue"][0]["sampledValue"]) == 5


def test_the_floor_answers_a_21_call_with_the_21_payload() -> None:
    frame = traffic(OCPP21).boot.frame("21")
    assert json.loads(answer(frame, PAYLOAD_TEXTS[OCPP21])) == [
        3,
        "21",
        traffic(OCPP21).reply_payload("BootNotification"),
    ]


def test_the_21_fleet_runs_the_rounds_of_the_other_fleets() -> None:
    other = end_to_end.other_fleet(EndToEndSettings(repetitions=3), "2.1")
    assert (other.subprotocols, other.repetitions) == ((OCPP21,), end_to_end.OTHER_FLEET_REPETITIONS)


def test_every_python_central_system_answers_21_before_it_is_measured() -> None:
    systems, _ = servers.central_systems((OCPP21,))
    python = [system for system in systems if system.runtime == "python"]
    assert {OURS, BARE_WEBSOCKETS} <= {system.name for system in python}
    for system in python:
        assert system.subprotocols == (OCPP21,)
        servers.check_answers(system)


def test_a_central_system_that_does_not_validate_21_is_not_measured() -> None:
    unvalidated = CentralSystem("unvalidated", "bench.bare_websockets:serve", subprotocols=(OCPP21,))
    with pytest.raises(RuntimeError, match="unvalidated is not measured: ocpp2.1"):
        servers.check_answers(unvalidated)


def test_ocpp_rpc_in_strict_mode_answers_21_and_rejects_invalid_21_payloads() -> None:
    if (reason := servers.ocpp_rpc_missing()) is not None:
        pytest.skip(f"ocpp-rpc cannot run here: {reason}")
    servers.check_answers(dataclasses.replace(servers.OCPP_RPC_SYSTEM, subprotocols=(OCPP21,)))


def _row(contender: str, charge_points: int, server_cpu_micro: float) -> EndToEndRow:
    return EndToEndRow(
        contender=contender,
        charge_points=charge_points,
        calls_per_charge_point=10,
        calls=1000,
        seconds=1.0,
        calls_per_second=1000.0,
        p50_seconds=0.001,
        p99_seconds=0.002,
        server_cpu_seconds_per_call=server_cpu_micro / 1e6,
        load_cpu_seconds_per_call=0.0001,
        peak_rss_bytes=2**26,
        memory_per_connection_bytes=30_000.0,
        server_cpu_seconds_per_call_each=(server_cpu_micro / 1e6,),
    )


def _fleet_21() -> EndToEndResult:
    # Ours within 1.2x of the floor at both N, but dearer than ocpp-rpc at 1,000.
    cpu = {OURS: (45.0, 50.0), BARE_WEBSOCKETS: (40.0, 45.0), OCPP_RPC: (50.0, 48.0)}
    rows = tuple(_row(name, n, each[i]) for i, n in enumerate((100, 1000)) for name, each in cpu.items())
    return EndToEndResult(rows, EndToEndSettings(repetitions=1, subprotocols=(OCPP21,)))


def _run_result() -> results.RunResult:
    machine = Machine("Test CPU", 2, 8 * 2**30, "CPython 3.11.7", "Linux", {}, (0.5, 0.4, 0.3), "2026-11-25", "abc")
    return results.RunResult(machine, 1.0, (0.1, 0.1, 0.1), Settings(), end_to_end_21=_fleet_21())


def test_the_21_fleet_has_its_own_targets_against_the_floor_and_ocpp_rpc() -> None:
    statuses = {target.goal: target.status for target in report.targets(_run_result())}
    counts = "100 and 1,000 charge points, OCPP 2.1 fleet"
    floor_goal = f"End-to-end server CPU per call within 1.2× of the bare websockets server at {counts}"
    rpc_goal = f"End-to-end server CPU per call below ocpp-rpc strict's at {counts}"
    assert (statuses[floor_goal], statuses[rpc_goal]) == (report_servers.MET, report_servers.MISSED)


def test_the_report_shows_the_21_fleet_against_its_floor() -> None:
    text = report.render(_run_result())
    assert "**OCPP 2.1 fleet**" in text
    assert f"| **{OURS}** | 1,000 | 50.0 | 1.11× |" in text


def test_a_run_result_with_the_21_fleet_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = _run_result()
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result


def test_a_run_result_saved_before_the_21_fleet_reads_back_without_it(tmp_path: Path) -> None:
    saved = dataclasses.asdict(_run_result())
    del saved["end_to_end_21"]
    (tmp_path / "results.json").write_text(json.dumps(saved), encoding="utf-8")
    assert results.load(tmp_path / "results.json").end_to_end_21 is None
