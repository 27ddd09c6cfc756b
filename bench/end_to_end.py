"""Section 3: end to end on 127.0.0.1.

For each central system and each number N of charge points: one central system process, and
load-generator processes (bench/load_generator.py) holding the N simulated charge points,
each over its own websocket connection. After every charge point has connected and sent its
BootNotification (not timed), all of them send M calls at once, one outstanding at a time each.
Before that, each charge point sends a few untimed calls of the same mix (a warm-up).
Measured: calls per second over the whole timed window, each call's latency (send to reply, as
the charge point sees it) at p50 and p99, the central system's CPU time per call, its resident
memory per connected charge point (its growth from listening to all booted, over N), its peak
resident memory and, for the Python servers, the garbage collector's runs per 1,000 calls and the
time spent in them. A fleet speaks one OCPP version or several (a mixed fleet: the load processes
take the versions in turn, so with two processes half the charge points speak each).
The runs of every contender and N are repeated in rounds (A B C D, A B C D, ...) so that a
busy spell of the machine hits all alike; each figure is the median over the rounds.
"""

from __future__ import annotations

import dataclasses
import statistics
import sys
from dataclasses import dataclass

from .contenders import CentralSystem
from .servers import Messages, RunningServer, central_systems, check_answers, processes, start
from .traffic import OCPP16, OCPP201, OCPP21

BOOT_SECONDS = 300.0
RUN_SECONDS = 600.0


@dataclass(frozen=True)
class EndToEndSettings:
    charge_point_counts: tuple[int, ...] = (100, 1000)
    total_calls: int = 20_000
    load_processes: int = 2
    repetitions: int = 3
    warmup_calls: int = 2_000
    subprotocols: tuple[str, ...] = (OCPP16,)

    @property
    def processes(self) -> int:
        """Load processes: at least one per version, and the same number for each."""
        versions = len(self.subprotocols)
        return max(versions, -(-self.load_processes // versions) * versions)

    def subprotocol_of(self, process: int) -> str:
        """The version the charge points of load process `process` (from 0) speak."""
        return self.subprotocols[process % len(self.subprotocols)]

    def calls_per_charge_point(self, charge_points: int) -> int:
        """M: the same number of timed calls in every run, spread over the charge points."""
        return max(1, self.total_calls // charge_points)

    def warmup_per_charge_point(self, charge_points: int) -> int:
        """Untimed calls each charge point sends after its BootNotification."""
        return max(1, self.warmup_calls // charge_points)


QUICK_END_TO_END = EndToEndSettings(charge_point_counts=(10, 50), total_calls=500, repetitions=1, warmup_calls=50)
# The 2.0.1 fleet, the 2.1 fleet and the mixed 1.6 / 2.0.1 fleet: the same N and calls, fewer rounds, to keep
# `make bench` within its time budget (one round each adds about as much as the 1.6 fleet's one
# round); their rows are rougher than the 1.6 fleet's.
OTHER_FLEET_REPETITIONS = 1
FLEETS = {"1.6": (OCPP16,), "2.0.1": (OCPP201,), "2.1": (OCPP21,), "mixed": (OCPP16, OCPP201)}


@dataclass(frozen=True)
class EndToEndRun:
    """One run of one contender at one N."""

    seconds: float
    calls: int
    p50_seconds: float
    p99_seconds: float
    server_cpu_seconds: float
    load_cpu_seconds: float
    memory_per_connection_bytes: float
    peak_rss_bytes: int
    gc_collections: tuple[int, ...] | None
    server_user_seconds: float = 0.0
    server_system_seconds: float = 0.0
    gc_seconds: float | None = None


@dataclass(frozen=True)
class EndToEndRow:
    """A contender at one N: medians over the repetitions."""

    contender: str
    charge_points: int
    calls_per_charge_point: int
    calls: int
    seconds: float
    calls_per_second: float
    p50_seconds: float
    p99_seconds: float
    server_cpu_seconds_per_call: float
    load_cpu_seconds_per_call: float
    peak_rss_bytes: int
    memory_per_connection_bytes: float = 0.0
    repetitions: int = 1
    server_cpu_seconds_per_call_each: tuple[float, ...] = ()
    gc_collections_per_1000_calls: tuple[float, ...] | None = None
    # The server CPU per call split: user space and kernel (medians over the rounds), and the
    # time its garbage collector ran (Python servers only).
    server_user_seconds_per_call: float = 0.0
    server_system_seconds_per_call: float = 0.0
    gc_seconds_per_call: float | None = None


@dataclass(frozen=True)
class EndToEndResult:
    rows: tuple[EndToEndRow, ...]
    settings: EndToEndSettings
    skipped: tuple[str, ...] = ()


def other_fleet(settings: EndToEndSettings, fleet: str) -> EndToEndSettings:
    """The settings of the 2.0.1, the 2.1 or the mixed fleet: as the 1.6 fleet's, with fewer rounds."""
    return dataclasses.replace(
        settings, subprotocols=FLEETS[fleet], repetitions=min(settings.repetitions, OTHER_FLEET_REPETITIONS)
    )


def split(total: int, parts: int) -> list[tuple[int, int]]:
    """(first, count) of each load process: charge points 1..total, as evenly as can be."""
    parts = max(1, min(parts, total))
    sizes = [total // parts + (1 if index < total % parts else 0) for index in range(parts)]
    firsts = [1 + sum(sizes[:index]) for index in range(parts)]
    return list(zip(firsts, sizes))


def percentile(values: list[float], percent: int) -> float:
    if len(values) == 1:
        return values[0]
    return statistics.quantiles(values, n=100, method="inclusive")[percent - 1]


def _python(*arguments: str) -> list[str]:
    return [sys.executable, *arguments]


def measure_once(system: CentralSystem, charge_points: int, settings: EndToEndSettings) -> EndToEndRun:
    calls = settings.calls_per_charge_point(charge_points)
    warmup = str(settings.warmup_per_charge_point(charge_points))
    messages = Messages()
    try:
        with processes() as started:
            server = RunningServer(system, messages, started)
            idle_rss = server.resident_bytes()
            loads = [
                start(
                    _python(
                        "-m",
                        "bench.load_generator",
                        server.url,
                        str(first),
                        str(count),
                        str(calls),
                        warmup,
                        settings.subprotocol_of(process),
                    )
                )
                for process, (first, count) in enumerate(split(charge_points, settings.processes))
            ]
            started.extend(loads)
            for load in loads:
                messages.read(load, BOOT_SECONDS)
            connected_rss = server.resident_bytes()
            gc_before = server.collector()
            cpu_before = server.cpu_times()
            for load in loads:
                assert load.stdin is not None
                load.stdin.write("go\n")
                load.stdin.flush()
            results = [messages.read(load, RUN_SECONDS) for load in loads]
            cpu_after = server.cpu_times()
            gc_after = server.collector()
            peak_rss = server.stop()
            for load in loads:
                if load.wait(timeout=BOOT_SECONDS) != 0:
                    raise RuntimeError(f"{' '.join(load.args)} failed")  # type: ignore[arg-type]
    finally:
        messages.close()
    latencies = [latency / 1e9 for result in results for latency in result["latencies_ns"]]
    return EndToEndRun(
        seconds=(max(r["ended_ns"] for r in results) - min(r["started_ns"] for r in results)) / 1e9,
        calls=len(latencies),
        p50_seconds=percentile(latencies, 50),
        p99_seconds=percentile(latencies, 99),
        server_cpu_seconds=sum(cpu_after) - sum(cpu_before),
        server_user_seconds=cpu_after[0] - cpu_before[0],
        server_system_seconds=cpu_after[1] - cpu_before[1],
        load_cpu_seconds=sum(r["cpu_seconds"] for r in results),
        memory_per_connection_bytes=(connected_rss - idle_rss) / charge_points,
        peak_rss_bytes=peak_rss,
        gc_collections=(
            tuple(after - before for before, after in zip(gc_before[0], gc_after[0]))
            if gc_before is not None and gc_after is not None
            else None
        ),
        gc_seconds=gc_after[1] - gc_before[1] if gc_before is not None and gc_after is not None else None,
    )


def summarize(
    system: CentralSystem, charge_points: int, settings: EndToEndSettings, runs: list[EndToEndRun]
) -> EndToEndRow:
    """The medians of a contender's runs at one N."""
    median = statistics.median
    calls = runs[0].calls
    cpu_each = tuple(run.server_cpu_seconds / run.calls for run in runs)
    gc_runs = [run.gc_collections for run in runs if run.gc_collections is not None]
    return EndToEndRow(
        contender=system.name,
        charge_points=charge_points,
        calls_per_charge_point=settings.calls_per_charge_point(charge_points),
        calls=calls,
        seconds=median(run.seconds for run in runs),
        calls_per_second=median(run.calls / run.seconds for run in runs),
        p50_seconds=median(run.p50_seconds for run in runs),
        p99_seconds=median(run.p99_seconds for run in runs),
        server_cpu_seconds_per_call=median(cpu_each),
        load_cpu_seconds_per_call=median(run.load_cpu_seconds / run.calls for run in runs),
        peak_rss_bytes=max(run.peak_rss_bytes for run in runs),
        memory_per_connection_bytes=median(run.memory_per_connection_bytes for run in runs),
        repetitions=len(runs),
        server_cpu_seconds_per_call_each=cpu_each,
        gc_collections_per_1000_calls=(
            tuple(median(gc[generation] * 1000 / calls for gc in gc_runs) for generation in range(3))
            if gc_runs
            else None
        ),
        server_user_seconds_per_call=median(run.server_user_seconds / run.calls for run in runs),
        server_system_seconds_per_call=median(run.server_system_seconds / run.calls for run in runs),
        gc_seconds_per_call=(
            median(run.gc_seconds / run.calls for run in runs if run.gc_seconds is not None)
            if any(run.gc_seconds is not None for run in runs)
            else None
        ),
    )


def measure_one(system: CentralSystem, charge_points: int, settings: EndToEndSettings) -> EndToEndRow:
    """One contender at one N, `settings.repetitions` times in a row (the run interleaves instead)."""
    runs = [measure_once(system, charge_points, settings) for _ in range(settings.repetitions)]
    return summarize(system, charge_points, settings, runs)


def run(settings: EndToEndSettings) -> EndToEndResult:
    # The 1.6 fleet, the one with every round, also measures the floor reading as ours reads.
    systems, skipped = central_systems(settings.subprotocols, like_for_like_floor=settings.subprotocols == (OCPP16,))
    for system in systems:
        check_answers(system)
    runs: dict[tuple[str, int], list[EndToEndRun]] = {}
    for _ in range(settings.repetitions):
        for charge_points in settings.charge_point_counts:
            for system in systems:
                runs.setdefault((system.name, charge_points), []).append(measure_once(system, charge_points, settings))
    rows = [
        summarize(system, charge_points, settings, runs[(system.name, charge_points)])
        for charge_points in settings.charge_point_counts
        for system in systems
    ]
    return EndToEndResult(tuple(rows), settings, skipped)
