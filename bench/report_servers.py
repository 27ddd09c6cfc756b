"""The report's views of sections 3 and 5 (the central systems): the headline against the floor,
the targets it judges, and the 10,000-charge-point table. Pure functions of the results."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from typing import Any

from .contenders import BARE_WEBSOCKETS, BARE_WEBSOCKETS_SMALL_READS, OCPP_RPC, OURS
from .cost_breakdown import accounting_view, syscall_view
from .end_to_end import EndToEndResult, EndToEndRow
from .fleet import FleetResult
from .results import RunResult
from .traffic import OCPP16, OCPP201

FLOOR_TARGET_TIMES = 1.2
HEADLINE_CHARGE_POINTS = (100, 1000)
MET, MISSED, NOT_MEASURED = "met", "missed", "not measured yet"


@dataclass(frozen=True)
class Target:
    goal: str
    measured: str
    status: str


def _row(rows: Sequence[EndToEndRow], contender: str, charge_points: int) -> EndToEndRow | None:
    return next((r for r in rows if r.contender == contender and r.charge_points == charge_points), None)


def times(value: float) -> str:
    return f"{value:.2f}×"


def _micro(seconds: float) -> str:
    value = seconds * 1e6
    return f"{value:,.0f}" if value >= 100 else f"{value:.1f}"


def _kib(bytes_: float) -> str:
    return f"{bytes_ / 1024:.1f}"


def _memory_of_floor(memory_per_connection_bytes: float, floor_bytes: float | None) -> str:
    """A row's memory per connection as a multiple of the floor's; empty without a floor to compare."""
    if floor_bytes is None or floor_bytes <= 0:
        return ""
    return times(memory_per_connection_bytes / floor_bytes)


def gc_runs(per_thousand: tuple[float, ...] | None) -> str:
    return " / ".join(f"{value:.2f}" for value in per_thousand) if per_thousand else "n/a (Node)"


def headline_view(result: EndToEndResult) -> list[dict[str, str]]:
    """Per contender and N: server CPU per call and memory per connection, and each over the floor's."""
    rows = []
    for row in result.rows:
        floor = _row(result.rows, BARE_WEBSOCKETS, row.charge_points)
        each = ", ".join(_micro(value) for value in row.server_cpu_seconds_per_call_each)
        rows.append(
            {
                "contender": f"**{row.contender}**" if row.contender == OURS else row.contender,
                "charge_points": f"{row.charge_points:,}",
                "server_cpu": _micro(row.server_cpu_seconds_per_call),
                "server_cpu_each": each,
                "cpu_of_floor": (
                    times(row.server_cpu_seconds_per_call / floor.server_cpu_seconds_per_call) if floor else ""
                ),
                "memory": _kib(row.memory_per_connection_bytes),
                "memory_of_floor": _memory_of_floor(
                    row.memory_per_connection_bytes, floor.memory_per_connection_bytes if floor else None
                ),
                "gc": gc_runs(row.gc_collections_per_1000_calls),
            }
        )
    return rows


def floor_targets(result: EndToEndResult | None, fleet: str = "") -> list[Target]:
    """The two targets against the floor and ocpp-rpc strict; `fleet` names a fleet other than 1.6."""
    counts = " and ".join(f"{n:,}" for n in HEADLINE_CHARGE_POINTS)
    of_fleet = f", {fleet} fleet" if fleet else ""
    floor_goal = f"End-to-end server CPU per call within {FLOOR_TARGET_TIMES}× of the bare websockets server at {counts} charge points{of_fleet}"
    rpc_goal = f"End-to-end server CPU per call below ocpp-rpc strict's at {counts} charge points{of_fleet}"
    rows = result.rows if result else ()
    pairs = [
        (n, _row(rows, OURS, n), _row(rows, BARE_WEBSOCKETS, n), _row(rows, OCPP_RPC, n))
        for n in HEADLINE_CHARGE_POINTS
    ]
    if any(ours is None or floor is None for _, ours, floor, _ in pairs):
        floor_target = Target(floor_goal, "", NOT_MEASURED)
    else:
        ratios = {n: ours.server_cpu_seconds_per_call / floor.server_cpu_seconds_per_call for n, ours, floor, _ in pairs}  # type: ignore[union-attr]
        floor_target = Target(
            floor_goal,
            "; ".join(f"{times(value)} at {n:,}" for n, value in ratios.items()),
            MET if all(value <= FLOOR_TARGET_TIMES for value in ratios.values()) else MISSED,
        )
    if any(ours is None or rpc is None for _, ours, _, rpc in pairs):
        skipped = "; ".join(result.skipped) if result else ""
        rpc_target = Target(rpc_goal, skipped, NOT_MEASURED)
    else:
        measured = [
            (n, ours.server_cpu_seconds_per_call, rpc.server_cpu_seconds_per_call)  # type: ignore[union-attr]
            for n, ours, _, rpc in pairs
        ]
        rpc_target = Target(
            rpc_goal,
            "; ".join(f"{_micro(o)} vs {_micro(r)} µs ({times(o / r)}) at {n:,}" for n, o, r in measured),
            MET if all(o < r for _, o, r in measured) else MISSED,
        )
    return [floor_target, rpc_target]


def fleet_view(result: FleetResult) -> list[dict[str, str]]:
    floor = next((row for row in result.rows if row.contender == BARE_WEBSOCKETS), None)
    rows = []
    for row in result.rows:
        rows.append(
            {
                "contender": f"**{row.contender}**" if row.contender == OURS else row.contender,
                "charge_points": f"{row.charge_points:,}",
                "connect_rate": f"{row.connects_per_second:,.0f}",
                "connect_seconds": f"{row.connect_seconds:.1f}",
                "memory": _kib(row.memory_per_connection_bytes),
                "memory_of_floor": _memory_of_floor(
                    row.memory_per_connection_bytes, floor.memory_per_connection_bytes if floor else None
                ),
                "memory_after": _kib(row.memory_per_connection_after_window_bytes),
                "calls": f"{row.calls:,}",
                "calls_per_second": f"{row.calls_per_second:,.0f}",
                "p50": f"{row.p50_seconds * 1e3:.2f}",
                "p99": f"{row.p99_seconds * 1e3:.1f}",
                "max": f"{row.max_seconds * 1e3:.0f}",
                "server_cpu": _micro(row.server_cpu_seconds_per_call),
                "server_share": f"{row.server_cpu_share * 100:.0f}%",
                "load_cpu": _micro(row.load_cpu_seconds_per_call),
                "gc": " / ".join(str(n) for n in row.gc_collections) if row.gc_collections else "n/a (Node)",
                "peak_rss": f"{row.peak_rss_bytes / 2**20:.0f}",
            }
        )
    return rows


def section_three_context(result: RunResult) -> dict[str, Any]:
    """What the template's section 3 shows beyond the 1.6 fleet: the 2.0.1, the 2.1 and the mixed
    fleets' headlines and the accounting of 1.6 and 2.0.1."""
    return {
        "end_to_end_201": result.end_to_end_201,
        "end_to_end_21": result.end_to_end_21,
        "end_to_end_mixed": result.end_to_end_mixed,
        "headline_rows_201": headline_view(result.end_to_end_201) if result.end_to_end_201 else [],
        "headline_rows_21": headline_view(result.end_to_end_21) if result.end_to_end_21 else [],
        "headline_rows_mixed": headline_view(result.end_to_end_mixed) if result.end_to_end_mixed else [],
        "syscall_rows": syscall_view(result.cost_breakdown),
        "accounting_skipped": result.cost_breakdown.skipped if result.cost_breakdown else (),
        "traced": [f"{n:,}" for n in result.cost_breakdown.traced] if result.cost_breakdown else [],
        "accounting": [
            view
            for fleet, version in ((result.end_to_end, OCPP16), (result.end_to_end_201, OCPP201))
            if (view := accounting_view(fleet, result.cost_breakdown, version)) is not None
        ],
    }


def like_for_like_target(result: EndToEndResult | None) -> Target:
    """Ours against the floor that reads in 64 KiB chunks as ours does: how much of ours' distance
    to the floor the read size accounts for (the 1.6 fleet, where both are measured)."""
    counts = " and ".join(f"{n:,}" for n in HEADLINE_CHARGE_POINTS)
    goal = (
        f"End-to-end server CPU per call within {FLOOR_TARGET_TIMES}× of the bare websockets server reading "
        f"in 64 KiB chunks as ours does (like for like) at {counts} charge points"
    )
    rows = result.rows if result else ()
    pairs = [(n, _row(rows, OURS, n), _row(rows, BARE_WEBSOCKETS_SMALL_READS, n)) for n in HEADLINE_CHARGE_POINTS]
    if any(ours is None or floor is None for _, ours, floor in pairs):
        return Target(goal, "", NOT_MEASURED)
    ratios = {n: ours.server_cpu_seconds_per_call / floor.server_cpu_seconds_per_call for n, ours, floor in pairs}  # type: ignore[union-attr]
    return Target(
        goal,
        "; ".join(f"{times(value)} at {n:,}" for n, value in ratios.items()),
        MET if all(value <= FLOOR_TARGET_TIMES for value in ratios.values()) else MISSED,
    )


def section_three_targets(result: RunResult) -> list[Target]:
    """Section 3's targets for the fleets beyond 1.6 (the 1.6 fleet's are floor_targets)."""
    return [
        like_for_like_target(result.end_to_end),
        *floor_targets(result.end_to_end_201, "OCPP 2.0.1"),
        *floor_targets(result.end_to_end_21, "OCPP 2.1"),
        *floor_targets(result.end_to_end_mixed, "mixed 1.6 / 2.0.1"),
    ]
