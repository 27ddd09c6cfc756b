"""The `ocpp` library's OCPP 2.0.1 ChargePoint (ocpp.v201) answering the 2.0.1 samples with the
trivial handlers of bench/payloads_v201.py, used as the library's documentation shows: a
ChargePoint subclass with @on handlers, given a connection object that has `send` and `recv`."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from ocpp.routing import on
from ocpp.v201 import ChargePoint, call_result
from ocpp.v201.enums import Action

from .ocpp_library import CapturingConnection
from .payloads_v201 import reply_payload


class TrivialCsms(ChargePoint):
    """The library's object for one connected 2.0.1 charging station, answering every CALL of the
    benchmark with the constant payload of bench/payloads_v201.py. The library has one class for
    both sides, so the same object also answers the CSMS's SetChargingProfile."""

    @on(Action.heartbeat)
    def on_heartbeat(self, **payload: Any) -> call_result.Heartbeat:
        return call_result.Heartbeat(current_time=reply_payload("Heartbeat")["currentTime"])

    @on(Action.boot_notification)
    def on_boot_notification(self, **payload: Any) -> call_result.BootNotification:
        reply = reply_payload("BootNotification")
        return call_result.BootNotification(
            current_time=reply["currentTime"], interval=reply["interval"], status=reply["status"]
        )

    @on(Action.transaction_event)
    def on_transaction_event(self, **payload: Any) -> call_result.TransactionEvent:
        return call_result.TransactionEvent()

    @on(Action.set_charging_profile)
    def on_set_charging_profile(self, **payload: Any) -> call_result.SetChargingProfile:
        return call_result.SetChargingProfile(status=reply_payload("SetChargingProfile")["status"])


def inbound_handler() -> Callable[[str], Awaitable[str]]:
    """Frame text in, reply text out, through ChargePoint.route_message."""
    connection = CapturingConnection()
    # The invalid frames the harness sends to check validation are rejected on purpose; the
    # library logs each with its traceback, and those records are dropped.
    quiet = logging.Logger("ocpp", level=logging.CRITICAL)
    csms = TrivialCsms("CS_1", connection, logger=quiet)

    async def handle(frame: str) -> str:
        await csms.route_message(frame)
        return connection.sent

    return handle
