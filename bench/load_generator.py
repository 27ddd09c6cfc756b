"""Section 3's simulated charge points: `python -m bench.load_generator URL FIRST COUNT CALLS WARMUP [SUBPROTOCOL]`.

Opens COUNT websocket connections (charge points FIRST ... FIRST+COUNT-1), each sends its
BootNotification and WARMUP calls of the traffic mix (untimed: a server that compiles as it
goes, like Node's, is measured warm, as it runs in service), then the process tells the orchestrator {"ready": COUNT} and waits for a line
on stdin. Then every charge point sends CALLS calls of its version's traffic mix (bench/traffic.py;
SUBPROTOCOL, by default ocpp1.6, is the one version every charge point of the process speaks), one at a
time as OCPP-J requires (the next CALL only after the reply), and the process tells
{"started_ns", "ended_ns", "latencies_ns", "cpu_seconds"}. Every reply is checked to be the
CALLRESULT of its CALL. The client is the same plain websockets code for every central system.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from dataclasses import dataclass
from typing import Any

from websockets.asyncio.client import ClientConnection, connect
from websockets.typing import Subprotocol

from .payloads import Sample
from .processes import raise_open_file_limit, tell
from .traffic import OCPP16, traffic

CONCURRENT_HANDSHAKES = 50
OPEN_TIMEOUT_SECONDS = 120.0


@dataclass(frozen=True)
class Plan:
    url: str
    first: int
    count: int
    calls: int
    warmup: int = 0
    subprotocol: str = OCPP16


async def call(websocket: ClientConnection, unique_id: str, sample: Sample) -> None:
    await websocket.send(sample.frame(unique_id))
    reply = json.loads(await websocket.recv())
    if reply[:2] != [3, unique_id]:
        raise RuntimeError(f"{sample.action} {unique_id} was answered with {reply}")


class Countdown:
    """Set once `count` charge points have booted."""

    def __init__(self, count: int) -> None:
        self.remaining = count
        self.finished = asyncio.Event()

    def count_down(self) -> None:
        self.remaining -= 1
        if self.remaining == 0:
            self.finished.set()


async def open_connection(url: str, number: int, subprotocol: str = OCPP16, **options: Any) -> ClientConnection:
    """Charge point `number`'s connection, as every load generator opens it (no compression, no pings)."""
    return await connect(
        f"{url}/CP_{number}",
        subprotocols=[Subprotocol(subprotocol)],
        compression=None,
        open_timeout=OPEN_TIMEOUT_SECONDS,
        ping_interval=None,
        **options,
    )


async def charge_point(
    plan: Plan, number: int, handshakes: asyncio.Semaphore, booted: Countdown, go: asyncio.Event
) -> list[int]:
    async with handshakes:
        websocket = await open_connection(plan.url, number, plan.subprotocol)
    if websocket.subprotocol != plan.subprotocol:
        raise RuntimeError(f"the server chose {websocket.subprotocol!r}, not {plan.subprotocol!r}")
    spoken = traffic(plan.subprotocol)
    async with websocket:
        await call(websocket, "boot", spoken.boot)
        mix = spoken.mix
        for index in range(plan.warmup):
            await call(websocket, f"warmup-{index}", mix[index % len(mix)])
        booted.count_down()
        await go.wait()
        latencies = []
        for index in range(plan.calls):
            sample = mix[index % len(mix)]
            started = time.perf_counter_ns()
            await call(websocket, str(index), sample)
            latencies.append(time.perf_counter_ns() - started)
        return latencies


async def run(plan: Plan) -> None:
    handshakes = asyncio.Semaphore(CONCURRENT_HANDSHAKES)
    booted = Countdown(plan.count)
    go = asyncio.Event()
    charge_points = [
        asyncio.create_task(charge_point(plan, number, handshakes, booted, go))
        for number in range(plan.first, plan.first + plan.count)
    ]
    all_booted = asyncio.create_task(booted.finished.wait())
    done, _ = await asyncio.wait({all_booted, *charge_points}, return_when=asyncio.FIRST_COMPLETED)
    if all_booted not in done:
        for task in done:
            task.result()  # a charge point that ended before its calls has failed: let its error out
        raise RuntimeError("a charge point stopped before its calls")
    tell({"ready": plan.count})
    await asyncio.get_running_loop().run_in_executor(None, sys.stdin.readline)
    cpu_started = time.process_time()
    started = time.perf_counter_ns()
    go.set()
    latencies = [latency for result in await asyncio.gather(*charge_points) for latency in result]
    ended = time.perf_counter_ns()
    tell(
        {
            "started_ns": started,
            "ended_ns": ended,
            "latencies_ns": latencies,
            "cpu_seconds": time.process_time() - cpu_started,
        }
    )


def main() -> None:
    raise_open_file_limit()
    url, first, count, calls, warmup = sys.argv[1:6]
    subprotocol = sys.argv[6] if len(sys.argv) > 6 else OCPP16
    asyncio.run(run(Plan(url, int(first), int(count), int(calls), int(warmup), subprotocol)))


if __name__ == "__main__":
    main()
