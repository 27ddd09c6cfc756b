"""`make bench`: run the sections, save the results, write docs/benchmarks.md and its charts."""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from . import cost_breakdown, end_to_end, fleet, inbound, startup, startup_versions, tolerance, validation
from .machine import describe
from .ours import REPO
from .processes import raise_open_file_limit
from .results import RunResult, load, save
from .timing import QUICK, Settings

T = TypeVar("T")

SECTIONS = ("1", "2", "3", "4", "5", "6")
DEFAULT_RESULTS = REPO / ".benchmarks" / "results.json"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Measure, then write docs/benchmarks.md and its charts."
    )
    parser.add_argument("--sections", default=",".join(SECTIONS), help="comma-separated sections to run (default: all)")
    parser.add_argument("--quick", action="store_true", help="a rough run in seconds, to try the harness")
    parser.add_argument("--report-only", action="store_true", help="measure nothing; render from --results")
    parser.add_argument("--schemas", type=Path, default=REPO / "schemas" / "OCPP-1.6-JSON-Schemas")
    parser.add_argument("--errata", type=Path, default=REPO / "schemas" / "errata" / "ocpp16")
    parser.add_argument("--schemas-ocpp201", type=Path, default=REPO / "schemas" / "OCPP-2.0.1-JSON-Schemas")
    parser.add_argument("--docs", type=Path, default=REPO / "docs", help="where the report and charts go")
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS, help="the run's results as JSON")
    parser.add_argument(
        "--repetitions",
        type=int,
        help=f"section 3: rounds of runs, every central system at every N once a round, medians reported "
        f"(default: {end_to_end.EndToEndSettings.repetitions})",
    )
    parser.add_argument(
        "--fleet",
        type=int,
        help=f"section 5: charge points connected to one central system process "
        f"(default: {fleet.FleetSettings.charge_points:,})",
    )
    parser.add_argument(
        "--load-processes",
        type=int,
        default=end_to_end.EndToEndSettings.load_processes,
        help="section 3: processes holding the simulated charge points",
    )
    return parser


def _timed(label: str, measure: Callable[[], T]) -> T:
    print(f"bench: {label}...", file=sys.stderr, flush=True)
    started = time.perf_counter()
    result = measure()
    print(f"bench: {label}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    return result


def measure(arguments: argparse.Namespace) -> RunResult:
    sections = set(arguments.sections.split(","))
    if unknown := sections - set(SECTIONS):
        raise SystemExit(f"unknown section(s): {', '.join(sorted(unknown))}")
    for schemas in (arguments.schemas, arguments.schemas_ocpp201):
        if not schemas.is_dir():
            raise SystemExit(f"{schemas} is missing: `make bench` fetches it (make schemas)")
    timing = QUICK if arguments.quick else Settings()
    end_to_end_settings = end_to_end.QUICK_END_TO_END if arguments.quick else end_to_end.EndToEndSettings()
    end_to_end_settings = dataclasses.replace(
        end_to_end_settings,
        load_processes=arguments.load_processes,
        repetitions=arguments.repetitions or end_to_end_settings.repetitions,
    )
    fleet_settings = fleet.QUICK_FLEET if arguments.quick else fleet.FleetSettings()
    fleet_settings = dataclasses.replace(fleet_settings, charge_points=arguments.fleet or fleet_settings.charge_points)
    startup_settings = startup.QUICK_STARTUP if arguments.quick else startup.StartupSettings()
    machine = describe(REPO)
    started = time.perf_counter()
    validation_result = (
        _timed("1. validation", lambda: asyncio.run(validation.run(arguments.schemas, timing)))
        if "1" in sections
        else None
    )
    validation_v201 = (
        _timed(
            "1. validation, OCPP 2.0.1",
            lambda: asyncio.run(validation.run(arguments.schemas_ocpp201, timing, validation.OCPP201)),
        )
        if "1" in sections
        else None
    )
    inbound_result = _timed("2. inbound", lambda: asyncio.run(inbound.run(timing))) if "2" in sections else None
    inbound_v201 = (
        _timed("2. inbound, OCPP 2.0.1", lambda: asyncio.run(inbound.run(timing, inbound.OCPP201)))
        if "2" in sections
        else None
    )
    end_to_end_result = (
        _timed("3. end to end", lambda: end_to_end.run(end_to_end_settings)) if "3" in sections else None
    )
    section_three = "3" in sections
    end_to_end_201, end_to_end_21, end_to_end_mixed = (
        (
            _timed(
                f"3. end to end, {name} fleet",
                lambda: end_to_end.run(end_to_end.other_fleet(end_to_end_settings, name)),
            )
            if section_three
            else None
        )
        for name in ("2.0.1", "2.1", "mixed")
    )
    traced = cost_breakdown.QUICK_TRACED if arguments.quick else cost_breakdown.TRACED
    breakdown = _timed("3. accounting", lambda: cost_breakdown.run(timing, traced=traced)) if section_three else None
    startup_result = (
        _timed("4. generation and import", lambda: startup.run(arguments.schemas, arguments.errata, startup_settings))
        if "4" in sections
        else None
    )
    startup_versions_result = (
        _timed("4. generation of every set, import of 2.x", lambda: startup_versions.run(startup_settings))
        if "4" in sections
        else None
    )
    fleet_result = (
        _timed(f"5. {fleet_settings.charge_points:,} charge points", lambda: fleet.run(fleet_settings))
        if "5" in sections
        else None
    )
    tolerance_result = (
        _timed("6. tolerated deviations", lambda: asyncio.run(tolerance.run(timing))) if "6" in sections else None
    )
    load = os.getloadavg()
    return RunResult(
        machine=machine,
        seconds=time.perf_counter() - started,
        load_average_after=(load[0], load[1], load[2]),
        timing=timing,
        validation=validation_result,
        inbound=inbound_result,
        end_to_end=end_to_end_result,
        startup=startup_result,
        fleet=fleet_result,
        tolerance=tolerance_result,
        validation_v201=validation_v201,
        inbound_v201=inbound_v201,
        startup_versions=startup_versions_result,
        end_to_end_201=end_to_end_201,
        end_to_end_mixed=end_to_end_mixed,
        cost_breakdown=breakdown,
        end_to_end_21=end_to_end_21,
    )


def write_report(result: RunResult, docs: Path) -> None:
    from .charts import draw
    from .report import render

    docs.mkdir(parents=True, exist_ok=True)
    report = docs / "benchmarks.md"
    report.write_text(render(result), encoding="utf-8")
    for path in [report, *draw(result, docs)]:
        print(f"bench: wrote {path.relative_to(REPO) if path.is_relative_to(REPO) else path}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    # Sections 3 and 5 hold thousands of sockets; every process started inherits the raised limit.
    raise_open_file_limit()
    if arguments.report_only:
        result = load(arguments.results)
    else:
        result = measure(arguments)
        save(result, arguments.results)
    write_report(result, arguments.docs)
    return 0
