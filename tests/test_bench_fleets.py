"""Section 3's fleets beyond OCPP 1.6 (a 2.0.1 fleet, a mixed 1.6 / 2.0.1 fleet) and its
accounting of where a central system's CPU per call goes. (Measured with `make bench`, never here.)"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft6Validator, FormatChecker

from bench import bare_websockets, cost_breakdown, end_to_end, report, report_servers, results, servers, syscalls
from bench.bare_websockets import PAYLOAD_TEXTS, answer
from bench.contenders import BARE_WEBSOCKETS, BARE_WEBSOCKETS_SMALL_READS, OCPP_RPC, OURS, CentralSystem
from bench.cost_breakdown import CostBreakdownResult, PieceTimings, accounting, framing
from bench.end_to_end import EndToEndResult, EndToEndRow, EndToEndSettings
from bench.machine import Machine
from bench.timing import Settings
from bench.traffic import OCPP16, OCPP201, traffic

MIXED = (OCPP16, OCPP201)


def _validator(schemas_201: Path, file_name: str) -> Draft6Validator:
    schema = json.loads((schemas_201 / file_name).read_text(encoding="utf-8-sig"))
    return Draft6Validator(schema, format_checker=FormatChecker())


def test_every_201_call_a_charging_station_sends_is_valid_against_its_schema(schemas_201: Path) -> None:
    for sample in traffic(OCPP201).checked:
        _validator(schemas_201, f"{sample.action}Request.json").validate(sample.payload)


def test_every_201_call_with_an_unknown_property_is_invalid(schemas_201: Path) -> None:
    for sample in traffic(OCPP201).checked:
        assert not _validator(schemas_201, f"{sample.action}Request.json").is_valid(sample.invalid_payload())


def test_every_201_trivial_reply_is_valid_against_its_schema(schemas_201: Path) -> None:
    for action, payload in traffic(OCPP201).replies.items():
        _validator(schemas_201, f"{action}Response.json").validate(payload)


def test_the_201_mix_is_a_transaction_event_with_meter_values_and_a_heartbeat() -> None:
    updated, heartbeat = traffic(OCPP201).mix
    assert (updated.action, updated.payload["eventType"], heartbeat.action) == (
        "TransactionEvent",
        "Updated",
        "Heartbeat",
    )
    assert len(updated.payload["meterValue"][0]["sampledValue"]) == 5


def test_the_floor_answers_a_201_call_with_the_201_payload() -> None:
    frame = traffic(OCPP201).boot.frame("9")
    assert json.loads(answer(frame, PAYLOAD_TEXTS[OCPP201])) == [
        3,
        "9",
        traffic(OCPP201).reply_payload("BootNotification"),
    ]


def test_a_mixed_fleet_gives_each_version_the_same_number_of_load_processes() -> None:
    for asked in (1, 2, 3):
        settings = EndToEndSettings(load_processes=asked, subprotocols=MIXED)
        spoken = [settings.subprotocol_of(process) for process in range(settings.processes)]
        assert spoken.count(OCPP16) == spoken.count(OCPP201) >= 1


def test_the_201_and_mixed_fleets_run_fewer_rounds_than_the_16_fleet() -> None:
    settings = EndToEndSettings(repetitions=3)
    for fleet in ("2.0.1", "mixed"):
        other = end_to_end.other_fleet(settings, fleet)
        assert other.subprotocols == end_to_end.FLEETS[fleet]
        assert other.repetitions == end_to_end.OTHER_FLEET_REPETITIONS < settings.repetitions


@pytest.mark.parametrize("subprotocols", [(OCPP201,), MIXED], ids=["2.0.1", "mixed"])
def test_every_python_central_system_answers_every_version_it_serves_before_it_is_measured(
    subprotocols: tuple[str, ...],
) -> None:
    systems, _ = servers.central_systems(subprotocols)
    for system in systems:
        if system.runtime == "python":
            assert system.subprotocols == subprotocols
            servers.check_answers(system)


def test_ocpp_rpc_in_strict_mode_answers_a_mixed_fleet_and_rejects_invalid_payloads_in_both_versions() -> None:
    if (reason := servers.ocpp_rpc_missing()) is not None:
        pytest.skip(f"ocpp-rpc cannot run here: {reason}")
    servers.check_answers(dataclasses.replace(servers.OCPP_RPC_SYSTEM, subprotocols=MIXED))


def test_a_central_system_that_does_not_validate_201_is_not_measured() -> None:
    unvalidated = CentralSystem("unvalidated", "bench.bare_websockets:serve", subprotocols=(OCPP201,))
    with pytest.raises(RuntimeError, match="unvalidated is not measured: ocpp2.0.1"):
        servers.check_answers(unvalidated)


def test_a_mixed_fleet_run_of_ours_counts_every_call_and_splits_its_cpu_and_times_its_collector() -> None:
    settings = EndToEndSettings(total_calls=16, repetitions=1, warmup_calls=8, subprotocols=MIXED)
    ours = dataclasses.replace(servers.central_systems(MIXED)[0][0], subprotocols=MIXED)
    row = end_to_end.measure_one(ours, 4, settings)
    assert (row.contender, row.calls) == (OURS, 16)
    assert row.server_user_seconds_per_call + row.server_system_seconds_per_call == pytest.approx(
        row.server_cpu_seconds_per_call
    )
    assert row.gc_seconds_per_call is not None and row.gc_seconds_per_call >= 0


def test_websockets_framing_reads_the_call_and_writes_the_reply_frame() -> None:
    frame, reply = traffic(OCPP16).mix[1].frame("3"), '[3,"3",{}]'
    written = framing(frame, reply)("")
    assert b"".join(written).endswith(reply.encode())  # type: ignore[arg-type]


def test_every_piece_of_the_accounting_is_timed_for_both_versions() -> None:
    tiny = Settings(warmup_seconds=0.001, repetition_seconds=0.0005, repetitions=3)
    measured = cost_breakdown.run(tiny, trace=False)
    assert [pieces.subprotocol for pieces in measured.pieces] == [OCPP16, OCPP201]
    for pieces in measured.pieces:
        assert pieces.ours_receive > 0 and pieces.websockets_framing > 0 and pieces.floor_answer > 0


STRACE_SUMMARY = """\
% time     seconds  usecs/call     calls    errors syscall
------ ----------- ----------- --------- --------- ----------------
 60.00    0.000600           3       200           recvfrom
 30.00    0.000300           1       200           sendto
 10.00    0.000100           5        20         3 epoll_wait
------ ----------- ----------- --------- --------- ----------------
100.00    0.001000                   420         3 total
"""


def test_the_system_calls_are_read_from_strace_s_summary() -> None:
    assert syscalls.parse_summary(STRACE_SUMMARY) == {"recvfrom": 200, "sendto": 200, "epoll_wait": 20}


def test_the_floor_reads_and_writes_its_socket_for_every_call_strace_counts() -> None:
    if (reason := syscalls.strace_missing()) is not None:
        pytest.skip(f"strace cannot run here: {reason}")
    floor = next(s for s in servers.central_systems()[0] if s.name == BARE_WEBSOCKETS)
    counted = syscalls.count(floor, charge_points=4, calls=40)
    assert counted.per_call["recvfrom"] >= 1 and counted.per_call["sendto"] >= 1


PIECES = PieceTimings(OCPP16, 4e-6, 3e-6, 7e-6, 4e-6, 1e-6)


def _row(contender: str, user_us: float, system_us: float, gc_us: float | None) -> EndToEndRow:
    return EndToEndRow(
        contender,
        100,
        200,
        20_000,
        1.0,
        20_000.0,
        1e-3,
        2e-3,
        (user_us + system_us) / 1e6,
        1e-4,
        2**26,
        server_user_seconds_per_call=user_us / 1e6,
        server_system_seconds_per_call=system_us / 1e6,
        gc_seconds_per_call=None if gc_us is None else gc_us / 1e6,
    )


def _end_to_end() -> EndToEndResult:
    rows = (_row(OURS, 45.0, 13.0, 3.0), _row(BARE_WEBSOCKETS, 38.0, 12.0, 1.0), _row(OCPP_RPC, 27.0, 10.0, None))
    return EndToEndResult(rows, EndToEndSettings(charge_point_counts=(100,)))


def test_the_accounting_adds_up_to_each_central_systems_user_cpu() -> None:
    lines = {line.piece: line for line in accounting(_end_to_end(), PIECES, 100)}
    user = [line for piece, line in lines.items() if not piece.startswith(("kernel", "user space", "server CPU"))]
    assert sum(float(line.floor or 0) for line in user) == pytest.approx(38.0)
    assert sum(float(line.ours or 0) for line in user) == pytest.approx(45.0)
    assert lines["server CPU per call (user + kernel)"].ocpp_rpc == "37.0"


def test_the_accounting_needs_ours_and_the_floor_at_that_number_of_charge_points() -> None:
    assert accounting(_end_to_end(), PIECES, 1000) == []


def _run_result() -> results.RunResult:
    machine = Machine("Test CPU", 2, 8 * 2**30, "CPython 3.11.7", "Linux", {}, (0.5, 0.4, 0.3), "2026-11-25", "abc")
    fleet = _end_to_end()
    return results.RunResult(
        machine,
        1.0,
        (0.1, 0.1, 0.1),
        Settings(),
        end_to_end=fleet,
        end_to_end_201=dataclasses.replace(
            fleet, settings=dataclasses.replace(fleet.settings, subprotocols=(OCPP201,))
        ),
        end_to_end_mixed=dataclasses.replace(fleet, settings=dataclasses.replace(fleet.settings, subprotocols=MIXED)),
        cost_breakdown=CostBreakdownResult(
            (PIECES, dataclasses.replace(PIECES, subprotocol=OCPP201)),
            (syscalls.SyscallCounts(OURS, (OCPP16,), {"recvfrom": 1.0, "sendto": 1.0, "epoll_wait": 0.25}),),
        ),
    )


def test_the_report_shows_the_201_and_mixed_fleets_against_their_floor_and_the_accounting() -> None:
    text = report.render(_run_result())
    assert "**mixed fleet, half 1.6, half 2.0.1**" in text
    assert f"| **{OURS}** | 100 | 58.0 | 1.16× |" in text
    assert "| our transport's glue (connection task, handing frames to the endpoint) |  | 1.0 |  |" in text
    assert "At 100 charge points, of ours' 58.0 µs per call: 13.0 the kernel," in text
    assert f"| **{OURS}** | ocpp1.6 | 2.25 | recvfrom 1.00, sendto 1.00, epoll_wait 0.25 |" in text


def test_the_201_and_mixed_fleets_have_their_own_targets() -> None:
    statuses = {target.goal: target.status for target in report.targets(_run_result())}
    for fleet in ("OCPP 2.0.1", "mixed 1.6 / 2.0.1"):
        goal = f"End-to-end server CPU per call below ocpp-rpc strict's at 100 and 1,000 charge points, {fleet} fleet"
        assert statuses[goal] == report.NOT_MEASURED  # no row at 1,000 charge points


def test_a_run_result_with_every_fleet_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = _run_result()
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result


def test_the_like_for_like_floor_answers_as_the_floor_does_and_runs_beside_it_in_the_1_6_fleet_only() -> None:
    systems, _ = servers.central_systems(like_for_like_floor=True)
    small_reads = next(system for system in systems if system.name == BARE_WEBSOCKETS_SMALL_READS)
    servers.check_answers(small_reads)
    assert BARE_WEBSOCKETS_SMALL_READS not in {system.name for system in servers.central_systems((OCPP201,))[0]}


def test_the_like_for_like_floor_s_connections_read_at_most_what_ours_read() -> None:
    from ocpp_codegen.runtime._session import READ_CHUNK_BYTES

    assert bare_websockets.READ_CHUNK_BYTES == READ_CHUNK_BYTES


def test_ours_is_judged_against_the_like_for_like_floor_when_it_was_measured() -> None:
    rows = (*_end_to_end().rows, _row(BARE_WEBSOCKETS_SMALL_READS, 30.0, 5.0, 1.0))
    settings = EndToEndSettings(charge_point_counts=(100, 1000))
    with_both = EndToEndResult(
        tuple(dataclasses.replace(row, charge_points=n) for n in (100, 1000) for row in rows), settings
    )
    target = report_servers.like_for_like_target(with_both)
    assert target.status == report.MISSED  # ours 58.0 against 35.0: 1.66×
    assert target.measured == "1.66× at 100; 1.66× at 1,000"
    assert report_servers.like_for_like_target(_end_to_end()).status == report.NOT_MEASURED
