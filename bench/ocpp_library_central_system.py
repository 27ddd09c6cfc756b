"""Section 3's central system built with the `ocpp` library, for every fleet: ocpp.v16.ChargePoint
for 1.6 charge points (bench/ocpp_library.py), ocpp.v201.ChargePoint for 2.0.1 and
ocpp.v21.ChargePoint for 2.1 charging stations, each a subclass with @on handlers answering the constant payloads of bench/traffic.py, served by
websockets as the library's examples serve them."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any

from ocpp import v21, v201
from ocpp.routing import on
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .ocpp_library import TrivialCentralSystem
from .traffic import OCPP16, OCPP201, OCPP21, traffic


def trivial_csms(version: ModuleType, subprotocol: str) -> type[Any]:
    """The library's object for one connected charging station of `version` (ocpp.v201 or
    ocpp.v21), answering section 3's CALLs with the constant payloads of bench/traffic.py."""
    replies = traffic(subprotocol)

    class TrivialCsms(version.ChargePoint):  # type: ignore[name-defined,misc]
        @on(version.enums.Action.heartbeat)
        def on_heartbeat(self, **payload: Any) -> Any:
            return version.call_result.Heartbeat(current_time=replies.reply_payload("Heartbeat")["currentTime"])

        @on(version.enums.Action.boot_notification)
        def on_boot_notification(self, **payload: Any) -> Any:
            reply = replies.reply_payload("BootNotification")
            return version.call_result.BootNotification(
                current_time=reply["currentTime"], interval=reply["interval"], status=reply["status"]
            )

        @on(version.enums.Action.transaction_event)
        def on_transaction_event(self, **payload: Any) -> Any:
            return version.call_result.TransactionEvent()

    return TrivialCsms


# The library has a ChargePoint class per version; the server picks it by the chosen subprotocol.
CHARGE_POINT_CLASSES: dict[str, type[Any]] = {
    OCPP16: TrivialCentralSystem,
    OCPP201: trivial_csms(v201, OCPP201),
    OCPP21: trivial_csms(v21, OCPP21),
}


async def serve(ready: Callable[[int], None], subprotocols: Sequence[str] = (OCPP16,)) -> None:
    """A central system on 127.0.0.1 offering `subprotocols`; each connection gets the
    ChargePoint class of the version its charge point chose."""

    # The CALLs the harness sends to check validation are rejected on purpose, and the library
    # logs each with its traceback; those records are dropped.
    quiet = logging.Logger("ocpp", level=logging.CRITICAL)

    async def on_connect(websocket: ServerConnection) -> None:
        charge_point_id = websocket.request.path.rstrip("/").split("/")[-1] if websocket.request else "unknown"
        charge_point_class = CHARGE_POINT_CLASSES[websocket.subprotocol or OCPP16]
        try:
            await charge_point_class(charge_point_id, websocket, logger=quiet).start()
        except ConnectionClosed:
            pass

    offered = [Subprotocol(subprotocol) for subprotocol in subprotocols]
    async with websockets_serve(on_connect, "127.0.0.1", 0, subprotocols=offered) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
