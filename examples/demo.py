"""`make demo`: one central system, a 1.6 charge point and a 2.0.1 charging station, on 127.0.0.1.

The central system (examples/csms.py) listens on a free port and speaks both versions. The
OCPP 1.6 charge point CP_1 connects and runs its session; it stays connected while the OCPP
2.0.1 charging station CS_1 connects to the same port and runs its TransactionEvent session.
Every frame that crosses a connection is printed as the client sees it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from collections.abc import Callable

from charge_point import SimulatedChargePoint
from charging_station import SimulatedChargingStation
from csms import factories

from ocpp16 import transport
from ocpp16.dispatch import FrameDirection
from ocpp201.transport import connect as connect_201

KINDS = {2: "CALL", 3: "CALLRESULT", 4: "CALLERROR"}


def printer(identity: str) -> Callable[[FrameDirection, str], None]:
    """Prints each frame as its client sees it: `  CP_1 -> CALL  [...]` sent, `<-` received."""

    def show(direction: FrameDirection, frame: str) -> None:
        arrow = "->" if direction == "out" else "<-"
        print(f"  {identity} {arrow} {KINDS.get(json.loads(frame)[0], '?'):10} {frame}")

    return show


async def demo() -> int:
    reports: list[str] = []
    async with transport.serve(factories(reports.append), "127.0.0.1", 0) as server:
        base = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp"
        print(f"central system on {base} speaks ocpp2.0.1 and ocpp1.6")
        print("each frame as its client sees it: -> sent to the central system, <- received from it\n")
        print(f"OCPP 1.6 charge point CP_1 connects to {base}/CP_1")
        async with transport.connect(
            f"{base}/CP_1", lambda c: SimulatedChargePoint(c.send, c.identity, observe=printer("CP_1"))
        ) as charge_point:
            await charge_point.session()
            print(f"\nOCPP 2.0.1 charging station CS_1 connects to {base}/CS_1")
            async with connect_201(
                f"{base}/CS_1", lambda c: SimulatedChargingStation(c.send, c.identity, observe=printer("CS_1"))
            ) as station:
                await station.session()
                connected = ", ".join(f"{name} ({c.subprotocol})" for name, c in sorted(server.connections.items()))
                print(f"\nconnected at once: {connected}")
    print("\nwhat the central system saw:")
    for line in reports:
        print(f"  {line}")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(demo()))
