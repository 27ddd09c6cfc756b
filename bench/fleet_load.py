"""Section 5's simulated fleet: `python -m bench.fleet_load URL SOURCE FIRST COUNT PLAN_JSON`.

Holds COUNT charge points (FIRST ... FIRST+COUNT-1), each its own websocket connection from the
loopback address SOURCE (one per process, so that no source address runs short of ephemeral
ports). Line protocol with the orchestrator: tells {"loaded"}, waits for a line, connects every
charge point (each sends its BootNotification), tells {"connect_started_ns", "connected_ns"},
waits for a line, then runs the plan for its window: every charge point sends a Heartbeat each
`heartbeat_seconds` and every `meter_share`-th one also a MeterValues each `meter_seconds`,
each at its own phase, one call at a time, and tells {"latencies_ns", "started_ns", "ended_ns",
"cpu_seconds"}; waits
for a last line, closes every connection and exits. Every reply is checked to be the
CALLRESULT of its CALL; every phase has a deadline.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass

from websockets.asyncio.client import ClientConnection

from .load_generator import call, open_connection
from .payloads import Sample, boot_notification, samples
from .processes import raise_open_file_limit, tell

CONCURRENT_HANDSHAKES = 25
CONNECT_SECONDS = 240.0
# Spreads the charge points' phases evenly over an interval (golden-ratio steps), the same every run.
PHASE_STEP = 0.6180339887


@dataclass(frozen=True)
class Plan:
    heartbeat_seconds: float
    meter_share: int
    meter_seconds: float
    window_seconds: float


def schedule(number: int, plan: Plan) -> list[tuple[float, Sample]]:
    """When charge point `number` sends what, in seconds from the window's start."""
    by_action = {sample.name: sample for sample in samples()}
    heartbeat, meter_values = by_action["Heartbeat"], by_action["MeterValues (5 sampled values)"]
    calls = []
    phase = (number * PHASE_STEP) % 1.0
    beats = int(plan.window_seconds // plan.heartbeat_seconds) + 1
    calls += [((phase + k) * plan.heartbeat_seconds, heartbeat) for k in range(beats)]
    if number % plan.meter_share == 0:
        readings = int(plan.window_seconds // plan.meter_seconds) + 1
        calls += [((phase + k) * plan.meter_seconds, meter_values) for k in range(readings)]
    return sorted((at, sample) for at, sample in calls if at < plan.window_seconds)


async def open_charge_point(url: str, source: str, number: int, handshakes: asyncio.Semaphore) -> ClientConnection:
    async with handshakes:
        websocket = await open_connection(url, number, local_addr=(source, 0))
        await call(websocket, "boot", Sample("BootNotification", "BootNotification", boot_notification()))
        return websocket


async def run_plan(websocket: ClientConnection, number: int, plan: Plan, started: float) -> list[int]:
    latencies = []
    for index, (at, sample) in enumerate(schedule(number, plan)):
        await asyncio.sleep(max(0.0, started + at - time.monotonic()))
        sent = time.perf_counter_ns()
        await call(websocket, str(index), sample)
        latencies.append(time.perf_counter_ns() - sent)
    return latencies


async def next_line() -> str:
    return await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)


async def run(url: str, source: str, first: int, count: int, plan: Plan) -> None:
    tell({"loaded": count})
    await next_line()
    handshakes = asyncio.Semaphore(CONCURRENT_HANDSHAKES)
    connect_started = time.perf_counter_ns()
    websockets = await asyncio.wait_for(
        asyncio.gather(*(open_charge_point(url, source, n, handshakes) for n in range(first, first + count))),
        CONNECT_SECONDS,
    )
    tell({"connect_started_ns": connect_started, "connected_ns": time.perf_counter_ns()})
    await next_line()
    cpu_started = time.process_time()
    started_ns = time.perf_counter_ns()
    started = time.monotonic()
    results = await asyncio.wait_for(
        asyncio.gather(*(run_plan(ws, n, plan, started) for n, ws in zip(range(first, first + count), websockets))),
        plan.window_seconds + CONNECT_SECONDS,
    )
    tell(
        {
            "latencies_ns": [latency for result in results for latency in result],
            "started_ns": started_ns,
            "ended_ns": time.perf_counter_ns(),
            "cpu_seconds": time.process_time() - cpu_started,
        }
    )
    await next_line()
    await asyncio.gather(*(ws.close() for ws in websockets), return_exceptions=True)


def main() -> None:
    raise_open_file_limit()
    url, source, first, count, plan = sys.argv[1:6]
    asyncio.run(run(url, source, int(first), int(count), Plan(**json.loads(plan))))


if __name__ == "__main__":
    main()
