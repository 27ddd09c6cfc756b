"""docs/benchmarks.md from one run's results: tables, ratios, the targets and whether they are met.

Pure functions of the results (no measuring, no matplotlib), so the report can be rendered again
from a saved run (`python -m bench --report-only`).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import jinja2

from . import report_v201
from .contenders import BARE_WEBSOCKETS, OCPP_LIBRARY, OCPP_RPC, OURS
from .end_to_end import EndToEndResult, EndToEndRow
from .inbound import FLOOR as INBOUND_FLOOR
from .payloads import samples
from .payloads_v201 import samples as samples_v201
from .report_servers import (
    MET,
    MISSED,
    NOT_MEASURED,
    Target,
    fleet_view,
    floor_targets,
    headline_view,
    section_three_context,
    section_three_targets,
)
from .report_timings import (
    inbound_table,
    inbound_targets,
    microseconds,
    ratio,
    timing_rows,
    tolerance_rows,
    validation_table,
    validation_targets,
)
from .results import RunResult
from .startup import ImportRow, StartupResult
from .validation import FLOOR as VALIDATION_FLOOR

TEMPLATES = Path(__file__).parent / "templates"
CHART_FILES = {
    "validation": "bench-validation.png",
    "inbound": "bench-inbound.png",
    "end_to_end": "bench-end-to-end.png",
    "startup": "bench-startup.png",
    "fleet": "bench-fleet.png",
}
E2E_TARGET_CHARGE_POINTS = 100


def _row(rows: Sequence[EndToEndRow], contender: str, charge_points: int) -> EndToEndRow | None:
    return next((r for r in rows if r.contender == contender and r.charge_points == charge_points), None)


def end_to_end_targets(result: EndToEndResult | None) -> list[Target]:
    goal = f"End-to-end throughput at least 5× the ocpp library's at {E2E_TARGET_CHARGE_POINTS} charge points"
    ours = _row(result.rows, OURS, E2E_TARGET_CHARGE_POINTS) if result else None
    library = _row(result.rows, OCPP_LIBRARY, E2E_TARGET_CHARGE_POINTS) if result else None
    if ours is None or library is None:
        return [Target(goal, "", NOT_MEASURED)]
    times = ours.calls_per_second / library.calls_per_second
    return [Target(goal, f"{ratio(times)}", MET if times >= 5 else MISSED)]


def startup_targets(result: StartupResult | None) -> list[Target]:
    generate_goal = "Generation (`make generate` without its verify step) under 3 s"
    import_goal = "Import no slower than `import ocpp.v16`"
    if result is None:
        return [Target(generate_goal, "", NOT_MEASURED), Target(import_goal, "", NOT_MEASURED)]
    generate = result.generate_command.median
    imports = {row.contender: row.runs.median for row in result.imports}
    times = imports[OURS] / imports[OCPP_LIBRARY]
    return [
        Target(generate_goal, f"{generate:.2f} s", MET if generate < 3 else MISSED),
        Target(
            import_goal,
            f"{imports[OURS] * 1e3:.1f} ms vs {imports[OCPP_LIBRARY] * 1e3:.1f} ms ({ratio(times)} its time)",
            MET if times <= 1 else MISSED,
        ),
    ]


def targets(result: RunResult) -> list[Target]:
    return [
        *validation_targets(result.validation),
        *inbound_targets(result.inbound),
        *end_to_end_targets(result.end_to_end),
        *floor_targets(result.end_to_end),
        *section_three_targets(result),
        *startup_targets(result.startup),
        *report_v201.targets(result),
    ]


def end_to_end_view(result: EndToEndResult) -> list[dict[str, str]]:
    rows = []
    for row in result.rows:
        library = _row(result.rows, OCPP_LIBRARY, row.charge_points)
        rows.append(
            {
                "contender": row.contender,
                "charge_points": f"{row.charge_points:,}",
                "calls": f"{row.calls_per_charge_point:,} × {row.charge_points:,} = {row.calls:,}",
                "calls_per_second": f"{row.calls_per_second:,.0f}",
                "versus_library": (
                    ratio(row.calls_per_second / library.calls_per_second)
                    if library and row.contender != OCPP_LIBRARY
                    else ""
                ),
                "p50": f"{row.p50_seconds * 1e3:.2f}",
                "p99": f"{row.p99_seconds * 1e3:.2f}",
                "server_cpu": microseconds(row.server_cpu_seconds_per_call),
                "load_cpu": microseconds(row.load_cpu_seconds_per_call),
                "peak_rss": f"{row.peak_rss_bytes / 2**20:.0f}",
            }
        )
    return rows


def import_view(imports: Sequence[ImportRow]) -> list[dict[str, str]]:
    rows = []
    for row in imports:
        for what, runs in (
            (f"`import {row.module}`", row.runs),
            (f"`import {row.module}`, then a first BootNotification validated", row.with_first_use),
        ):
            rows.append(
                {
                    "what": f"{what} ({row.contender})",
                    "runs": str(len(runs.seconds)),
                    "median": f"{runs.median * 1e3:.1f} ms",
                    "range": f"{min(runs.seconds) * 1e3:.1f} – {max(runs.seconds) * 1e3:.1f} ms",
                }
            )
    return rows


def render(result: RunResult) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    has_ours_inbound = bool(result.inbound and any(row.contender == OURS for row in result.inbound.rows))
    has_ours_end_to_end = bool(result.end_to_end and any(row.contender == OURS for row in result.end_to_end.rows))
    return environment.get_template("benchmarks.md.jinja2").render(
        run=result,
        machine=result.machine,
        memory_gib=f"{result.machine.memory_bytes / 2**30:.1f}",
        targets=targets(result),
        charts=CHART_FILES,
        validation_rows=timing_rows(validation_table(result.validation), VALIDATION_FLOOR) if result.validation else [],
        inbound_rows=timing_rows(inbound_table(result.inbound), INBOUND_FLOOR) if result.inbound else [],
        end_to_end_rows=end_to_end_view(result.end_to_end) if result.end_to_end else [],
        headline_rows=headline_view(result.end_to_end) if result.end_to_end else [],
        fleet_rows=fleet_view(result.fleet) if result.fleet else [],
        import_rows=import_view(result.startup.imports) if result.startup else [],
        validation_rows_v201=report_v201.validation_rows(result),
        inbound_rows_v201=report_v201.inbound_rows(result),
        generation_rows=report_v201.generation_view(result.startup_versions) if result.startup_versions else [],
        import_rows_v2=import_view(result.startup_versions.imports) if result.startup_versions else [],
        samples_v201=samples_v201(),
        tolerance_rows=tolerance_rows(result.tolerance) if result.tolerance else [],
        samples=samples(),
        has_ours_inbound=has_ours_inbound,
        has_ours_end_to_end=has_ours_end_to_end,
        ours=OURS,
        ocpp_library=OCPP_LIBRARY,
        floor_server=BARE_WEBSOCKETS,
        ocpp_rpc=OCPP_RPC,
        validation_floor=VALIDATION_FLOOR,
        inbound_floor=INBOUND_FLOOR,
        **section_three_context(result),
    )
