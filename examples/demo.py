"""`make demo`: the example Central System and the simulated Charge Point, one session on 127.0.0.1.

The central system listens on a free port; the charge point connects to it and runs its
session. Every frame that crosses the connection is printed as the charge point sees it.
"""

from __future__ import annotations

import asyncio
import json
import sys

from central_system import DemoCentralSystem
from charge_point import SimulatedChargePoint

from ocpp16.dispatch import FrameDirection
from ocpp16.transport import connect, serve


def show(direction: FrameDirection, frame: str) -> None:
    message = json.loads(frame)
    arrow = "CP -> CS" if direction == "out" else "CP <- CS"
    kind = {2: "CALL", 3: "CALLRESULT", 4: "CALLERROR"}.get(message[0], "?")
    print(f"  {arrow}  {kind:10} {frame}")


async def demo() -> int:
    reports: list[str] = []
    async with serve(lambda connection: DemoCentralSystem(connection, reports.append), "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        uri = f"ws://127.0.0.1:{port}/ocpp/CP_1"
        print(f"central system on ws://127.0.0.1:{port}; charge point CP_1 connects to {uri}\n")
        async with connect(uri, lambda connection: SimulatedChargePoint(connection.send, connection.identity, observe=show)) as charge_point:
            await charge_point.session()
    print("\nwhat the central system saw:")
    for line in reports:
        print(f"  {line.removeprefix('central system: ')}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(demo()))
