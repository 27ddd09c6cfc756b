"""The timing tables of sections 1, 2 and 6 and the targets judged from them, for any OCPP version:
rows per message and contender, ratios to the floor and to ours."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .contenders import OCPP_LIBRARY, OURS
from .inbound import FLOOR as INBOUND_FLOOR
from .inbound import InboundResult
from .report_servers import MET, MISSED, NOT_MEASURED, Target
from .timing import Timing
from .tolerance import STRICT as TOLERANCE_STRICT
from .tolerance import ToleranceResult
from .validation import FLOOR as VALIDATION_FLOOR
from .validation import ValidationResult


@dataclass(frozen=True)
class TimingRow:
    message: str
    contender: str
    median: str
    quartiles: str
    of_floor: str
    ours_faster: str


def microseconds(seconds: float) -> str:
    value = seconds * 1e6
    if value >= 100:
        return f"{value:,.0f}"
    if value >= 10:
        return f"{value:.1f}"
    return f"{value:.2f}"


def ratio(value: float) -> str:
    if value >= 100:
        return f"{value:,.0f}×"
    if value >= 10:
        return f"{value:.1f}×"
    return f"{value:.2f}×"


def by_message(rows: Iterable[tuple[str, str, Timing]]) -> dict[str, dict[str, Timing]]:
    """message -> contender -> timing, in the order measured."""
    table: dict[str, dict[str, Timing]] = {}
    for message, contender, timing in rows:
        table.setdefault(message, {})[contender] = timing
    return table


def timing_rows(table: dict[str, dict[str, Timing]], floor: str) -> list[TimingRow]:
    rows = []
    for message, timings in table.items():
        ours = timings.get(OURS)
        for contender, timing in timings.items():
            faster = "" if ours is None or contender in (OURS, floor) else ratio(timing.median / ours.median)
            rows.append(
                TimingRow(
                    message=message,
                    contender=contender,
                    median=microseconds(timing.median),
                    quartiles=f"{microseconds(timing.q1)} – {microseconds(timing.q3)}",
                    of_floor=ratio(timing.median / timings[floor].median),
                    ours_faster=faster,
                )
            )
    return rows


def validation_table(result: ValidationResult) -> dict[str, dict[str, Timing]]:
    return by_message((row.message, row.contender, row.timing) for row in result.rows)


def inbound_table(result: InboundResult) -> dict[str, dict[str, Timing]]:
    return by_message((row.message, row.contender, row.timing) for row in result.rows)


def tolerance_rows(result: ToleranceResult) -> list[TimingRow]:
    """Each deviating sample: its conformant twin, read, refused; × the conformant twin's time."""
    table = by_message((row.message, row.path, row.timing) for row in result.rows)
    return timing_rows(table, TOLERANCE_STRICT)


def validation_targets(result: ValidationResult | None, version: str = "") -> list[Target]:
    """`version` names the OCPP version in each goal, for every version but 1.6's."""
    faster_goal = "Validation faster than every validator listed" + version
    floor_goal = "Validation within 2× of json.loads" + version
    if result is None:
        return [Target(faster_goal, "", NOT_MEASURED), Target(floor_goal, "", NOT_MEASURED)]
    table = validation_table(result)
    losses = []
    for message, timings in table.items():
        others = {name: t for name, t in timings.items() if name not in (OURS, VALIDATION_FLOOR)}
        fastest = min(others, key=lambda name: others[name].median)
        if timings[OURS].median >= others[fastest].median:
            losses.append(
                f"{message}: {fastest} is faster ({ratio(timings[OURS].median / others[fastest].median)} its time)"
            )
    won = len(table) - len(losses)
    faster = f"faster than all on {won} of {len(table)} messages" + ("; " + "; ".join(losses) if losses else "")
    of_floor = {message: timings[OURS].median / timings[VALIDATION_FLOOR].median for message, timings in table.items()}
    worst = max(of_floor, key=lambda message: of_floor[message])
    return [
        Target(faster_goal, faster, MISSED if losses else MET),
        Target(floor_goal, f"at most {ratio(of_floor[worst])} ({worst})", MET if of_floor[worst] <= 2 else MISSED),
    ]


def inbound_targets(result: InboundResult | None, version: str = "") -> list[Target]:
    library_goal = "Inbound handling at least 20× faster than the ocpp library" + version
    floor_goal = "Inbound handling within 3× of the floor (json.loads + json.dumps)" + version
    table = inbound_table(result) if result else {}
    if not table or any(OURS not in timings for timings in table.values()):
        return [Target(library_goal, "", NOT_MEASURED), Target(floor_goal, "", NOT_MEASURED)]
    speedup = {message: t[OCPP_LIBRARY].median / t[OURS].median for message, t in table.items()}
    of_floor = {message: t[OURS].median / t[INBOUND_FLOOR].median for message, t in table.items()}
    slowest = min(speedup, key=lambda message: speedup[message])
    worst = max(of_floor, key=lambda message: of_floor[message])
    return [
        Target(
            library_goal, f"at least {ratio(speedup[slowest])} ({slowest})", MET if speedup[slowest] >= 20 else MISSED
        ),
        Target(floor_goal, f"at most {ratio(of_floor[worst])} ({worst})", MET if of_floor[worst] <= 3 else MISSED),
    ]
