"""Section 5: 10,000 connected charge points on one central system process.

The charge points connect (each with its BootNotification) from several load processes
(bench/fleet_load.py), each from its own loopback source address. Then, for a window, they stay
connected and mostly idle: each sends a Heartbeat at a realistic interval and a share of them
MeterValues at a realistic sampling interval, both compressed by the same factor so the run is
short. Measured: the connect rate (connections opened and booted per second), the central
system's resident memory per connection (growth from listening to all booted, over N; and
again after the window), each call's latency at p50 and p99, and the server's CPU per call.
"""

from __future__ import annotations

import json
import resource
import statistics
import sys
from dataclasses import dataclass

from .contenders import OCPP_LIBRARY, CentralSystem
from .end_to_end import percentile, split
from .processes import raise_open_file_limit
from .servers import Messages, RunningServer, central_systems, check_answers, processes, start

LOAD_SECONDS = 60.0
CONNECT_SECONDS = 300.0
# Sockets the central system needs besides one per charge point (listening socket, files, pipes).
SPARE_DESCRIPTORS = 256


@dataclass(frozen=True)
class FleetSettings:
    charge_points: int = 10_000
    load_processes: int = 4
    # A real charge point heartbeats every 300 s or so and, while charging, samples its meter
    # every 60 s; both are compressed 30× so the window sees several of each.
    compression: int = 30
    heartbeat_seconds: float = 300.0
    meter_share: int = 10
    meter_seconds: float = 60.0
    window_seconds: float = 20.0

    def plan(self) -> dict[str, float]:
        return {
            "heartbeat_seconds": self.heartbeat_seconds / self.compression,
            "meter_share": self.meter_share,
            "meter_seconds": self.meter_seconds / self.compression,
            "window_seconds": self.window_seconds,
        }


QUICK_FLEET = FleetSettings(charge_points=200, load_processes=2, window_seconds=3.0)


@dataclass(frozen=True)
class FleetRow:
    contender: str
    charge_points: int
    connect_seconds: float
    connects_per_second: float
    memory_per_connection_bytes: float
    memory_per_connection_after_window_bytes: float
    calls: int
    calls_per_second: float
    p50_seconds: float
    p99_seconds: float
    max_seconds: float
    server_cpu_seconds_per_call: float
    server_cpu_share: float
    load_cpu_seconds_per_call: float
    peak_rss_bytes: int
    gc_collections: tuple[int, ...] | None = None


@dataclass(frozen=True)
class FleetResult:
    rows: tuple[FleetRow, ...]
    settings: FleetSettings
    descriptor_limit: int
    skipped: tuple[str, ...] = ()


def source_address(index: int) -> str:
    """Load process `index` connects from 127.0.0.(2 + index): its own ephemeral port range."""
    return f"127.0.0.{2 + index}"


def descriptor_limit() -> int:
    """The open-file limit this process (and so every process it starts) has, raised to the hard limit."""
    raise_open_file_limit()
    return resource.getrlimit(resource.RLIMIT_NOFILE)[0]


def _tell_all(loads: list, line: str) -> None:  # type: ignore[type-arg]
    for load in loads:
        load.stdin.write(line + "\n")
        load.stdin.flush()


def measure_fleet(system: CentralSystem, charge_points: int, settings: FleetSettings) -> FleetRow:
    messages = Messages()
    plan = json.dumps(settings.plan())
    try:
        with processes() as started:
            server = RunningServer(system, messages, started)
            parts = split(charge_points, settings.load_processes)
            loads = [
                start(
                    [
                        sys.executable,
                        "-m",
                        "bench.fleet_load",
                        server.url,
                        source_address(index),
                        str(first),
                        str(count),
                        plan,
                    ]
                )
                for index, (first, count) in enumerate(parts)
            ]
            started.extend(loads)
            for load in loads:
                messages.read(load, LOAD_SECONDS)
            idle_rss = server.resident_bytes()
            _tell_all(loads, "connect")
            connected = [messages.read(load, CONNECT_SECONDS) for load in loads]
            connected_rss = server.resident_bytes()
            gc_before = server.gc_collections()
            cpu_before = server.cpu_seconds()
            _tell_all(loads, "go")
            results = [messages.read(load, settings.window_seconds + CONNECT_SECONDS) for load in loads]
            cpu_after = server.cpu_seconds()
            window_seconds = (max(r["ended_ns"] for r in results) - min(r["started_ns"] for r in results)) / 1e9
            after_window_rss = server.resident_bytes()
            gc_after = server.gc_collections()
            _tell_all(loads, "close")
            for load in loads:
                if load.wait(timeout=LOAD_SECONDS) != 0:
                    raise RuntimeError(f"{' '.join(load.args)} failed")  # type: ignore[arg-type]
            peak_rss = server.stop()
    finally:
        messages.close()
    connect_seconds = (
        max(c["connected_ns"] for c in connected) - min(c["connect_started_ns"] for c in connected)
    ) / 1e9
    latencies = [latency / 1e9 for result in results for latency in result["latencies_ns"]]
    return FleetRow(
        contender=system.name,
        charge_points=charge_points,
        connect_seconds=connect_seconds,
        connects_per_second=charge_points / connect_seconds,
        memory_per_connection_bytes=(connected_rss - idle_rss) / charge_points,
        memory_per_connection_after_window_bytes=(after_window_rss - idle_rss) / charge_points,
        calls=len(latencies),
        calls_per_second=len(latencies) / window_seconds,
        p50_seconds=statistics.median(latencies),
        p99_seconds=percentile(latencies, 99),
        max_seconds=max(latencies),
        server_cpu_seconds_per_call=(cpu_after - cpu_before) / len(latencies),
        server_cpu_share=(cpu_after - cpu_before) / window_seconds,
        load_cpu_seconds_per_call=sum(result["cpu_seconds"] for result in results) / len(latencies),
        peak_rss_bytes=peak_rss,
        gc_collections=(
            tuple(after - before for before, after in zip(gc_before, gc_after))
            if gc_before is not None and gc_after is not None
            else None
        ),
    )


def run(settings: FleetSettings) -> FleetResult:
    limit = descriptor_limit()
    charge_points = min(settings.charge_points, limit - SPARE_DESCRIPTORS)
    systems, skipped = central_systems()
    # The ocpp library's cost per call is section 3's; it is left out here to keep the run short.
    systems = tuple(system for system in systems if system.name != OCPP_LIBRARY)
    for system in systems:
        check_answers(system)
    rows = tuple(measure_fleet(system, charge_points, settings) for system in systems)
    return FleetResult(rows, settings, limit, skipped)
