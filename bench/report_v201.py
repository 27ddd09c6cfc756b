"""The report's OCPP 2.0.1 rows of sections 1 and 2 and its rows of section 4 for every version:
tables and targets, pure functions of the results like bench/report.py."""

from __future__ import annotations

from .inbound import FLOOR as INBOUND_FLOOR
from .report_servers import MET, MISSED, NOT_MEASURED, Target
from .report_timings import (
    TimingRow,
    inbound_table,
    inbound_targets,
    ratio,
    timing_rows,
    validation_table,
    validation_targets,
)
from .results import RunResult
from .startup_versions import LIBRARY_MODULES, VersionsStartupResult
from .validation import FLOOR as VALIDATION_FLOOR

VERSION = " (OCPP 2.0.1)"
GENERATION_SECONDS = 10.0


def validation_rows(result: RunResult) -> list[TimingRow]:
    return timing_rows(validation_table(result.validation_v201), VALIDATION_FLOOR) if result.validation_v201 else []


def inbound_rows(result: RunResult) -> list[TimingRow]:
    return timing_rows(inbound_table(result.inbound_v201), INBOUND_FLOOR) if result.inbound_v201 else []


def _import_target(result: VersionsStartupResult | None, package: str) -> Target:
    module = LIBRARY_MODULES[package][0]
    goal = f"Import of {package} no slower than `import {module}`"
    if result is None:
        return Target(goal, "", NOT_MEASURED)
    imports = {row.module: row.runs.median for row in result.imports}
    times = imports[package] / imports[module]
    return Target(
        goal,
        f"{imports[package] * 1e3:.1f} ms vs {imports[module] * 1e3:.1f} ms ({ratio(times)} its time)",
        MET if times <= 1 else MISSED,
    )


def _generation_target(result: VersionsStartupResult | None) -> Target:
    goal = f"Generation of all three sets (ocpp16, ocpp201, ocpp21) well under {GENERATION_SECONDS:.0f} s"
    if result is None:
        return Target(goal, "", NOT_MEASURED)
    each = ", ".join(f"{row.schema_set} {row.runs.median:.2f} s" for row in result.generation)
    total = result.generation_total
    how = "in one run, as `make generate` runs them" if result.together is not None else "in all"
    return Target(goal, f"{total:.2f} s {how} (alone: {each})", MET if total < GENERATION_SECONDS else MISSED)


def startup_targets(result: VersionsStartupResult | None) -> list[Target]:
    return [_generation_target(result), *(_import_target(result, package) for package in LIBRARY_MODULES)]


def targets(result: RunResult) -> list[Target]:
    """The 2.0.1 targets of sections 1 and 2, then section 4's for every version."""
    return [
        *validation_targets(result.validation_v201, VERSION),
        *inbound_targets(result.inbound_v201, VERSION),
        *startup_targets(result.startup_versions),
    ]


def generation_view(result: VersionsStartupResult) -> list[dict[str, str]]:
    rows = [
        {
            "what": f"`python -m ocpp_codegen generate --set {row.schema_set}` (fresh process)",
            "runs": str(len(row.runs.seconds)),
            "median": f"{row.runs.median:.2f} s",
            "range": f"{min(row.runs.seconds):.2f} – {max(row.runs.seconds):.2f} s",
        }
        for row in result.generation
    ]
    alone = sum(row.runs.median for row in result.generation)
    rows.append(
        {
            "what": "all three sets, each alone (the sum of the medians)",
            "runs": "",
            "median": f"{alone:.2f} s",
            "range": "",
        }
    )
    if result.together is not None:
        runs = result.together.seconds
        rows.append(
            {
                "what": "all three in one run, as `make generate` does (`generate --set ocpp16 --set ocpp201 --set ocpp21`)",
                "runs": str(len(runs)),
                "median": f"{result.together.median:.2f} s",
                "range": f"{min(runs):.2f} – {max(runs):.2f} s",
            }
        )
    return rows
