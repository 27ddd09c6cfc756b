"""The `ocpp` library (ocpp.v16.ChargePoint) answering with the trivial handlers, used as the
library's documentation shows: a ChargePoint subclass with @on handlers, given a connection
object that has `send` and `recv`. Sections 2 and 3 both use this class."""

from __future__ import annotations

import asyncio
import logging
import json
from collections.abc import Callable
from typing import Any

from ocpp.routing import on
from ocpp.v16 import ChargePoint, call_result, datatypes
from ocpp.v16.enums import Action
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .replies import reply_payload


class TrivialCentralSystem(ChargePoint):
    """The library's object for one connected charge point, answering every CALL of the
    benchmark with the constant payload of bench/replies.py."""

    @on(Action.heartbeat)
    def on_heartbeat(self, **payload: Any) -> call_result.Heartbeat:
        reply = reply_payload("Heartbeat")
        return call_result.Heartbeat(current_time=reply["currentTime"])

    @on(Action.boot_notification)
    def on_boot_notification(self, **payload: Any) -> call_result.BootNotification:
        reply = reply_payload("BootNotification")
        return call_result.BootNotification(
            current_time=reply["currentTime"], interval=reply["interval"], status=reply["status"]
        )

    @on(Action.start_transaction)
    def on_start_transaction(self, **payload: Any) -> call_result.StartTransaction:
        reply = reply_payload("StartTransaction")
        return call_result.StartTransaction(
            transaction_id=reply["transactionId"], id_tag_info=datatypes.IdTagInfo(status=reply["idTagInfo"]["status"])
        )

    @on(Action.meter_values)
    def on_meter_values(self, **payload: Any) -> call_result.MeterValues:
        return call_result.MeterValues()

    @on(Action.set_charging_profile)
    def on_set_charging_profile(self, **payload: Any) -> call_result.SetChargingProfile:
        return call_result.SetChargingProfile(status=reply_payload("SetChargingProfile")["status"])


class CapturingConnection:
    """The connection object the library writes its replies to, kept in memory: the library's
    own interface (`send`, `recv`), with no peer behind it."""

    def __init__(self) -> None:
        self.sent: str = ""

    async def send(self, text: str) -> None:
        self.sent = text

    async def recv(self) -> str:
        raise RuntimeError("section 2 hands frames to route_message; nothing reads from this connection")


def inbound_handler() -> Callable[[str], Any]:
    """Frame text in, reply text out, through ChargePoint.route_message."""
    connection = CapturingConnection()
    # The library logs each rejected CALL with its traceback; the invalid frames the harness
    # sends to check validation are expected, so their log records are dropped.
    quiet = logging.Logger("ocpp", level=logging.CRITICAL)
    central_system = TrivialCentralSystem("CP_1", connection, logger=quiet)

    async def handle(frame: str) -> str:
        await central_system.route_message(frame)
        return connection.sent

    return handle


async def serve(ready: Callable[[int], None]) -> None:
    """Section 3: a central system on 127.0.0.1 built with the library and websockets, as the
    library's examples build one."""

    # As in section 2: the CALLs the harness sends to check validation are rejected on purpose,
    # and the library logs each with its traceback; those records are dropped.
    quiet = logging.Logger("ocpp", level=logging.CRITICAL)

    async def on_connect(websocket: ServerConnection) -> None:
        charge_point_id = websocket.request.path.rstrip("/").split("/")[-1] if websocket.request else "unknown"
        try:
            await TrivialCentralSystem(charge_point_id, websocket, logger=quiet).start()
        except ConnectionClosed:
            pass

    async with websockets_serve(on_connect, "127.0.0.1", 0, subprotocols=[Subprotocol("ocpp1.6")]) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
