"""Our dispatcher and transport answering with the trivial handlers, as sections 2 and 3 use them.

The generated package is used as its README shows: endpoint subclasses with typed `on_<action>`
handlers. The benchmark's SetChargingProfile is a CALL a Central System sends, so a Charge Point
endpoint answers it; the other actions a Central System endpoint answers.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Awaitable, Callable, Sequence
from types import ModuleType
from typing import Any

from .ours import generated_package
from .replies import reply_payload
from .traffic import OCPP16, OCPP201, OCPP21, traffic

# The generated package of each version section 3 serves, beside generated/ocpp16.
PACKAGES = {OCPP16: "ocpp16", OCPP201: "ocpp201", OCPP21: "ocpp21"}


def _endpoints() -> tuple[type[Any], type[Any]]:
    """A Central System and a Charge Point endpoint class whose handlers answer with the trivial replies."""
    package = generated_package()
    dispatch = __import__(f"{package.__name__}.dispatch", fromlist=["dispatch"])

    def reply(action: str) -> Any:
        # Built once, returned every time: what is measured is the handling around the handler.
        model = getattr(package, f"{action}Response").from_wire(json.dumps(reply_payload(action)))

        async def handler(self: Any, request: Any) -> Any:
            return model

        return handler

    central = type(
        "TrivialCentralSystem",
        (dispatch.CentralSystem,),
        {
            f"on_{name}": reply(action)
            for name, action in (
                ("heartbeat", "Heartbeat"),
                ("boot_notification", "BootNotification"),
                ("start_transaction", "StartTransaction"),
                ("meter_values", "MeterValues"),
            )
        },
    )
    charge_point = type(
        "TrivialChargePoint", (dispatch.ChargePoint,), {"on_set_charging_profile": reply("SetChargingProfile")}
    )
    return central, charge_point


async def _nowhere(frame: str) -> None:
    raise RuntimeError("section 2 sends no CALL of its own")


def inbound_handler() -> Callable[[str], Awaitable[str]]:
    """Frame text in, reply text out, through `Endpoint.receive`."""
    central_class, charge_point_class = _endpoints()
    central = central_class(_nowhere, "CP_1")
    charge_point = charge_point_class(_nowhere, "CP_1")

    async def handle(frame: str) -> str:
        # The receiving side of the harness's frames: only SetChargingProfile goes to a charge point.
        endpoint = charge_point if '"SetChargingProfile"' in frame[:64] else central
        reply: str | None = await endpoint.receive(frame)
        assert reply is not None  # a CALL is always answered
        return reply

    return handle


def _package(subprotocol: str) -> ModuleType:
    generated_package()  # puts generated/ on the path, as users vendor the packages
    return importlib.import_module(PACKAGES[subprotocol])


def _csms(subprotocol: str) -> type[Any]:
    """A 2.0.1 or 2.1 CSMS endpoint class whose handlers answer with section 3's trivial replies."""
    package = _package(subprotocol)
    dispatch = importlib.import_module(f"{package.__name__}.dispatch")
    spoken = traffic(subprotocol)

    def reply(action: str) -> Any:
        model = getattr(package, f"{action}Response").from_wire(json.dumps(spoken.reply_payload(action)))

        async def handler(self: Any, request: Any) -> Any:
            return model

        return handler

    handlers = {
        "on_heartbeat": "Heartbeat",
        "on_boot_notification": "BootNotification",
        "on_transaction_event": "TransactionEvent",
    }
    return type("TrivialCsms", (dispatch.Csms,), {name: reply(action) for name, action in handlers.items()})


def central_endpoint(subprotocol: str) -> type[Any]:
    """Our central system's endpoint class for the charge points that speak `subprotocol`."""
    return _endpoints()[0] if subprotocol == OCPP16 else _csms(subprotocol)


async def serve(ready: Callable[[int], None], subprotocols: Sequence[str] = (OCPP16,)) -> None:
    """Section 3: our central system on 127.0.0.1, served by the generated websockets transport;
    with several subprotocols, one server and a factory per version, as a mixed fleet is served."""
    transport = importlib.import_module(f"{_package(subprotocols[0]).__name__}.transport")
    factories = {subprotocol: central_endpoint(subprotocol) for subprotocol in subprotocols}
    async with transport.serve(factories, "127.0.0.1", 0) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
