"""The report's PNG charts (matplotlib, no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .contenders import OCPP_LIBRARY, OURS
from .end_to_end import EndToEndResult
from .inbound import FLOOR as INBOUND_FLOOR
from .report import CHART_FILES, inbound_table, validation_table
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


def end_to_end_chart(result: EndToEndResult, path: Path) -> None:
    pyplot = _pyplot()
    counts = list(result.settings.charge_point_counts)
    contenders = list(dict.fromkeys(row.contender for row in result.rows))
    colours = _colours(contenders)
    width = 0.8 / len(contenders)
    figure, (throughput, latency) = pyplot.subplots(1, 2, figsize=(11, 4.5))
    for index, contender in enumerate(contenders):
        rows = {row.charge_points: row for row in result.rows if row.contender == contender}
        positions = [group + index * width for group in range(len(counts))]
        throughput.bar(
            positions,
            [rows[n].calls_per_second if n in rows else 0 for n in counts],
            width,
            label=contender,
            color=colours[contender],
        )
        latency.bar(
            positions,
            [rows[n].p99_seconds * 1e3 if n in rows else 0 for n in counts],
            width,
            label=contender,
            color=colours[contender],
        )
    for axes in (throughput, latency):
        axes.set_xticks([group + 0.4 - width / 2 for group in range(len(counts))], [f"{n:,}" for n in counts])
        axes.set_xlabel("charge points")
        axes.grid(axis="y", alpha=0.3)
    throughput.set_ylabel("calls per second (higher is better)")
    throughput.set_title("Throughput")
    throughput.legend(fontsize="small")
    latency.set_yscale("log")
    latency.yaxis.set_major_formatter(_plain_numbers())
    latency.yaxis.set_minor_formatter(_no_labels())
    latency.set_ylabel("p99 latency, ms (log scale; lower is better)")
    latency.set_title("p99 latency")
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
    if result.startup:
        path = directory / CHART_FILES["startup"]
        startup_chart(result.startup, path)
        written.append(path)
    return written
