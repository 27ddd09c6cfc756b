"""Section 3: end to end on 127.0.0.1.

For each central system and each number N of charge points: one central system process, and
load-generator processes (bench/load_generator.py) holding the N simulated charge points,
each over its own websocket connection. After every charge point has connected and sent its
BootNotification (not timed), all of them send M calls at once, one outstanding at a time each.
Measured: calls per second over the whole timed window, each call's latency (send to reply, as
the charge point sees it) at p50 and p99, the central system's CPU time per call and its peak
resident memory.
"""

from __future__ import annotations

import json
import signal
import statistics
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import IO, Any

from .contenders import OCPP_LIBRARY, CentralSystem
from .ours import REPO, our_central_systems
from .processes import cpu_seconds

SERVER_START_SECONDS = 60.0
BOOT_SECONDS = 300.0
RUN_SECONDS = 600.0


@dataclass(frozen=True)
class EndToEndSettings:
    charge_point_counts: tuple[int, ...] = (10, 100, 1000)
    total_calls: int = 20_000
    load_processes: int = 2

    def calls_per_charge_point(self, charge_points: int) -> int:
        """M: the same number of timed calls in every run, spread over the charge points."""
        return max(1, self.total_calls // charge_points)


QUICK_END_TO_END = EndToEndSettings(charge_point_counts=(10, 50), total_calls=500)


@dataclass(frozen=True)
class EndToEndRow:
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


@dataclass(frozen=True)
class EndToEndResult:
    rows: tuple[EndToEndRow, ...]
    settings: EndToEndSettings


def central_systems() -> tuple[CentralSystem, ...]:
    return (*our_central_systems(), CentralSystem(OCPP_LIBRARY, "bench.ocpp_library:serve"))


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


class Messages:
    """Reads the JSON lines a child process tells, with a deadline for each."""

    def __init__(self) -> None:
        self._reader = ThreadPoolExecutor(max_workers=4)

    def read(self, process: subprocess.Popen[str], seconds: float) -> dict[str, Any]:
        stream: IO[str] = process.stdout  # type: ignore[assignment]
        line = self._reader.submit(stream.readline).result(timeout=seconds)
        if not line:
            raise RuntimeError(f"{' '.join(process.args)} exited ({process.wait()}) before telling anything")  # type: ignore[arg-type]
        message: dict[str, Any] = json.loads(line)
        return message

    def close(self) -> None:
        self._reader.shutdown(wait=False, cancel_futures=True)


def _start(*arguments: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, *arguments], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )


@contextmanager
def _processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Every process started is gone when the run is over, however it ends."""
    started: list[subprocess.Popen[str]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait()


def measure_one(system: CentralSystem, charge_points: int, settings: EndToEndSettings) -> EndToEndRow:
    calls = settings.calls_per_charge_point(charge_points)
    messages = Messages()
    try:
        with _processes() as started:
            server = _start("-m", "bench.central_system", system.entry_point)
            started.append(server)
            port = messages.read(server, SERVER_START_SECONDS)["port"]
            loads = [
                _start("-m", "bench.load_generator", f"ws://127.0.0.1:{port}/ocpp", str(first), str(count), str(calls))
                for first, count in split(charge_points, settings.load_processes)
            ]
            started.extend(loads)
            for load in loads:
                messages.read(load, BOOT_SECONDS)
            cpu_before = cpu_seconds(server.pid)
            for load in loads:
                assert load.stdin is not None
                load.stdin.write("go\n")
                load.stdin.flush()
            results = [messages.read(load, RUN_SECONDS) for load in loads]
            cpu_after = cpu_seconds(server.pid)
            server.send_signal(signal.SIGTERM)
            peak_rss = messages.read(server, SERVER_START_SECONDS)["peak_rss_bytes"]
            for process in started:
                if process.wait(timeout=SERVER_START_SECONDS) != 0:
                    raise RuntimeError(f"{' '.join(process.args)} failed")  # type: ignore[arg-type]
    finally:
        messages.close()
    latencies = [latency / 1e9 for result in results for latency in result["latencies_ns"]]
    seconds = (max(r["ended_ns"] for r in results) - min(r["started_ns"] for r in results)) / 1e9
    return EndToEndRow(
        contender=system.name,
        charge_points=charge_points,
        calls_per_charge_point=calls,
        calls=len(latencies),
        seconds=seconds,
        calls_per_second=len(latencies) / seconds,
        p50_seconds=percentile(latencies, 50),
        p99_seconds=percentile(latencies, 99),
        server_cpu_seconds_per_call=(cpu_after - cpu_before) / len(latencies),
        load_cpu_seconds_per_call=sum(r["cpu_seconds"] for r in results) / len(latencies),
        peak_rss_bytes=peak_rss,
    )


def run(settings: EndToEndSettings) -> EndToEndResult:
    rows = [
        measure_one(system, charge_points, settings)
        for charge_points in settings.charge_point_counts
        for system in central_systems()
    ]
    return EndToEndResult(tuple(rows), settings)
