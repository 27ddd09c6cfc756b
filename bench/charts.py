"""The report's PNG charts (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .contenders import BARE_WEBSOCKETS, BARE_WEBSOCKETS_SMALL_READS, OCPP_LIBRARY, OCPP_RPC, OURS
from .end_to_end import EndToEndResult
from .fleet import FleetResult
from .inbound import FLOOR as INBOUND_FLOOR
from .report import CHART_FILES
from .report_timings import inbound_table, validation_table
from .results import RunResult
from .startup import StartupResult
from .timing import Timing
from .validation import FASTJSONSCHEMA
from .validation import FLOOR as VALIDATION_FLOOR
from .validation import JSONSCHEMA, JSONSCHEMA_RS

OURS_COLOUR = "#d62728"
FLOOR_COLOUR = "#7f7f7f"
OTHER_COLOURS = ("#8c564b", "#e377c2", "#17becf", "#bcbd22")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    return pyplot


def _plain_numbers() -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda value, _: f"{value:g}")


def _no_labels() -> Any:
    from matplotlib.ticker import NullFormatter

    return NullFormatter()


def _colours(contenders: list[str]) -> dict[str, str]:
    """One colour per contender, the same in every chart; ours stands out, the floors are grey."""
    known = {
        OURS: OURS_COLOUR,
        OCPP_LIBRARY: "#1f77b4",
        JSONSCHEMA: "#ff7f0e",
        FASTJSONSCHEMA: "#2ca02c",
        JSONSCHEMA_RS: "#9467bd",
        VALIDATION_FLOOR: FLOOR_COLOUR,
        INBOUND_FLOOR: FLOOR_COLOUR,
        BARE_WEBSOCKETS: FLOOR_COLOUR,
        BARE_WEBSOCKETS_SMALL_READS: "#b0b0b0",
        OCPP_RPC: "#2ca02c",
    }
    others = iter(OTHER_COLOURS * (1 + len(contenders)))
    return {name: known.get(name) or next(others) for name in contenders}


def _save(figure: Any, path: Path) -> None:
    figure.tight_layout()
    figure.savefig(path, dpi=100, metadata={"Software": None})
    _pyplot().close(figure)


def timing_chart(table: dict[str, dict[str, Timing]], title: str, path: Path) -> None:
    """Grouped horizontal bars, one group per message, log scale: µs per message."""
    pyplot = _pyplot()
    messages = list(table)
    contenders = list(dict.fromkeys(name for timings in table.values() for name in timings))
    colours = _colours(contenders)
    height = 0.8 / len(contenders)
    figure, axes = pyplot.subplots(figsize=(10, 1.1 * len(messages) + 1.5))
    for index, contender in enumerate(contenders):
        positions = [group + index * height for group in range(len(messages))]
        values = [table[m][contender].median * 1e6 if contender in table[m] else 0 for m in messages]
        axes.barh(positions, values, height=height, label=contender, color=colours[contender])
    axes.set_yticks([group + 0.4 - height / 2 for group in range(len(messages))], messages)
    axes.invert_yaxis()
    axes.set_xscale("log")
    axes.set_xlabel("µs per message (median; log scale; shorter is better)")
    axes.set_title(title)
    axes.legend(loc="lower right", fontsize="small")
    axes.grid(axis="x", which="both", alpha=0.3)
    _save(figure, path)


def _grouped_bars(axes: Any, groups: list[str], contenders: list[str], values: dict[str, list[float]]) -> None:
    """One group of bars per label in `groups`, one bar per contender, the same colours everywhere."""
    colours = _colours(contenders)
    width = 0.8 / len(contenders)
    for index, contender in enumerate(contenders):
        positions = [group + index * width for group in range(len(groups))]
        axes.bar(positions, values[contender], width, label=contender, color=colours[contender])
    axes.set_xticks([group + 0.4 - width / 2 for group in range(len(groups))], groups)
    axes.grid(axis="y", alpha=0.3)


def end_to_end_chart(result: EndToEndResult, path: Path) -> None:
    """Server CPU per call, memory per connection and p99 latency, per N, every contender."""
    pyplot = _pyplot()
    counts = list(result.settings.charge_point_counts)
    contenders = list(dict.fromkeys(row.contender for row in result.rows))
    rows = {(row.contender, row.charge_points): row for row in result.rows}

    def values(measure: Any) -> dict[str, list[float]]:
        return {c: [measure(rows[c, n]) if (c, n) in rows else 0 for n in counts] for c in contenders}

    figure, (cpu, memory, latency) = pyplot.subplots(1, 3, figsize=(14, 4.5))
    labels = [f"{n:,}" for n in counts]
    _grouped_bars(cpu, labels, contenders, values(lambda row: row.server_cpu_seconds_per_call * 1e6))
    _grouped_bars(memory, labels, contenders, values(lambda row: row.memory_per_connection_bytes / 1024))
    _grouped_bars(latency, labels, contenders, values(lambda row: row.p99_seconds * 1e3))
    latency.set_yscale("log")
    latency.yaxis.set_major_formatter(_plain_numbers())
    latency.yaxis.set_minor_formatter(_no_labels())
    for axes in (cpu, memory, latency):
        axes.set_xlabel("charge points")
    cpu.set_ylabel("server CPU µs per call (lower is better)")
    cpu.set_title("Server CPU per call (median of rounds)")
    cpu.legend(fontsize="small")
    memory.set_ylabel("KiB per connected charge point (lower is better)")
    memory.set_title("Server memory per connection")
    latency.set_ylabel("p99 latency, ms (log scale; lower is better)")
    latency.set_title("p99 latency")
    _save(figure, path)


def fleet_chart(result: FleetResult, path: Path) -> None:
    """Section 5: memory per connection and p99 latency with every charge point connected."""
    pyplot = _pyplot()
    contenders = [row.contender for row in result.rows]
    colours = _colours(contenders)
    figure, (memory, latency) = pyplot.subplots(1, 2, figsize=(11, 3.5))
    memory.barh(
        contenders,
        [row.memory_per_connection_bytes / 1024 for row in result.rows],
        color=[colours[c] for c in contenders],
    )
    memory.set_xlabel("KiB per connected charge point (lower is better)")
    latency.barh(contenders, [row.p99_seconds * 1e3 for row in result.rows], color=[colours[c] for c in contenders])
    latency.set_xscale("log")
    latency.xaxis.set_major_formatter(_plain_numbers())
    latency.xaxis.set_minor_formatter(_no_labels())
    latency.set_xlabel("p99 latency, ms (log scale; lower is better)")
    charge_points = f"{result.rows[0].charge_points:,}" if result.rows else ""
    memory.set_title(f"Memory per connection, {charge_points} connected")
    latency.set_title("p99 latency over the window")
    for axes in (memory, latency):
        axes.invert_yaxis()
        axes.grid(axis="x", alpha=0.3)
    _save(figure, path)


def startup_chart(result: StartupResult, path: Path) -> None:
    pyplot = _pyplot()
    figure, (generation, imports) = pyplot.subplots(1, 2, figsize=(11, 3.5))
    generation.barh(
        ["generate command\n(fresh process)", "pipeline\n(warm process)"],
        [result.generate_command.median, result.generate_pipeline.median],
        color=OURS_COLOUR,
    )
    generation.axvline(3, color="black", linestyle="--", linewidth=1, label="target: 3 s")
    generation.set_xlabel("seconds (median)")
    generation.set_title("make generate, OCPP 1.6 set")
    generation.legend(fontsize="small", loc="lower right")
    colours = _colours([row.contender for row in result.imports])
    labels = [f"import {row.module}\n({row.contender})" for row in result.imports]
    imports.barh(
        labels,
        [row.with_first_use.median * 1e3 for row in result.imports],
        color=[colours[row.contender] for row in result.imports],
        alpha=0.35,
        label="+ first BootNotification validated",
    )
    imports.barh(
        labels,
        [row.runs.median * 1e3 for row in result.imports],
        color=[colours[row.contender] for row in result.imports],
        label="import",
    )
    longest = max(max(row.with_first_use.median, row.runs.median) for row in result.imports) * 1e3
    imports.set_xlim(0, longest * 1.9)  # room for the legend beside the bars
    imports.legend(fontsize="small", loc="lower right")
    imports.set_xlabel("ms (median of fresh interpreters)")
    imports.set_title("Cold import")
    for axes in (generation, imports):
        axes.grid(axis="x", alpha=0.3)
    _save(figure, path)


def draw(result: RunResult, directory: Path) -> list[Path]:
    """Every chart the run has data for; returns the files written."""
    written = []
    if result.validation:
        path = directory / CHART_FILES["validation"]
        timing_chart(validation_table(result.validation), "1. Payload validation from JSON text", path)
        written.append(path)
    if result.inbound:
        path = directory / CHART_FILES["inbound"]
        timing_chart(inbound_table(result.inbound), "2. Inbound CALL handling, frame text in, reply text out", path)
        written.append(path)
    if result.end_to_end:
        path = directory / CHART_FILES["end_to_end"]
        end_to_end_chart(result.end_to_end, path)
        written.append(path)
    if result.fleet and result.fleet.rows:
        path = directory / CHART_FILES["fleet"]
        fleet_chart(result.fleet, path)
        written.append(path)
    if result.startup:
        path = directory / CHART_FILES["startup"]
        startup_chart(result.startup, path)
        written.append(path)
    return written
