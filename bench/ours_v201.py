"""Our OCPP 2.0.1 package in sections 1 and 2: the generated models of `generated/ocpp201`, and its
`Csms` and `ChargingStation` endpoints answering with the trivial handlers of
bench/payloads_v201.py, used as the package's README shows (subclasses with typed handlers)."""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Awaitable, Callable
from types import ModuleType
from typing import Any

from .ours import generated_package
from .payloads_v201 import FROM_CSMS, handled_actions, reply_payload

PACKAGE = "ocpp201"


def package() -> ModuleType:
    """The committed generated 2.0.1 package, imported from its directory as users vendor it."""
    generated_package()  # puts generated/ on the path
    return importlib.import_module(PACKAGE)


def model_validator(action: str) -> Callable[[str], object]:
    """Section 1: the generated request model of `action`, validating JSON text."""
    from_wire: Callable[[str], object] = getattr(package(), f"{action}Request").from_wire
    return from_wire


def _snake(action: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", action).lower()


def _handler(generated: ModuleType, action: str) -> Any:
    # Built once, returned every time: what is measured is the handling around the handler.
    model = getattr(generated, f"{action}Response").from_wire(json.dumps(reply_payload(action)))

    async def handler(self: Any, request: Any) -> Any:
        return model

    return handler


def endpoint_classes(generated: ModuleType | None = None) -> tuple[type[Any], type[Any]]:
    """A Csms and a ChargingStation endpoint class of the `generated` 2.0.1 package (by default the
    committed one) answering the samples' CALLs trivially."""
    generated = package() if generated is None else generated
    dispatch = importlib.import_module(f"{generated.__name__}.dispatch")
    csms = type(
        "TrivialCsms",
        (dispatch.Csms,),
        {f"on_{_snake(a)}": _handler(generated, a) for a in handled_actions() if a not in FROM_CSMS},
    )
    station = type(
        "TrivialChargingStation",
        (dispatch.ChargingStation,),
        {f"on_{_snake(a)}": _handler(generated, a) for a in handled_actions() if a in FROM_CSMS},
    )
    return csms, station


async def _nowhere(frame: str) -> None:
    raise RuntimeError("section 2 sends no CALL of its own")


def inbound_handler(generated: ModuleType | None = None) -> Callable[[str], Awaitable[str]]:
    """Frame text in, reply text out, through `Endpoint.receive` of the side the CALL goes to."""
    csms_class, station_class = endpoint_classes(generated)
    csms, station = csms_class(_nowhere, "CS_1"), station_class(_nowhere, "CS_1")
    csms_calls = tuple(f'"{action}"' for action in FROM_CSMS)

    async def handle(frame: str) -> str:
        head = frame[:64]
        endpoint = station if any(action in head for action in csms_calls) else csms
        reply: str | None = await endpoint.receive(frame)
        if reply is None:
            raise RuntimeError(f"no reply to {frame[:64]}")
        return reply

    return handle
