"""The part of an endpoint that runs the handlers of the peer's CALLs and SENDs.

A CALL's handler returns the response model, which goes out as the CALLRESULT once it is
valid as the JSON that goes out; an `OcppError` it raises goes out as its CALLERROR, any
other failure as the protocol's "handler failed" CALLERROR (and is logged). A SEND's handler
runs, as a task of its own when the transport reads on; nothing goes back, so what goes wrong
is only logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from enum import StrEnum
from typing import ClassVar, Literal

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from ._errors import OcppError
from ._events import InboundCall, InboundSend
from ._ocppj import Engine
from ._rules import Rules

FrameDirection = Literal["in", "out"]
FrameObserver = Callable[[FrameDirection, str], None]
"""Called with every frame in and out, e.g. to log or record the exchange."""


class HandlerDispatch:
    """Runs the handlers of the peer's CALLs and SENDs: a part of `_endpoint.Endpoint`."""

    _rules: ClassVar[Rules]
    _engine: Engine
    _logger: logging.Logger
    _observe: FrameObserver | None
    _send_handlers: set[asyncio.Task[None]] | None
    _out: Callable[[str], str]

    async def answer(self, call: InboundCall) -> str:
        """Run the handler of a valid CALL; return the CALLRESULT, or the CALLERROR if it fails."""
        route = call._route
        try:
            response = await getattr(self, route.handler)(call.request)
        except OcppError as error:
            return self._out(
                self._engine.fail(call, error.code, error.description, error.details)
            )
        except asyncio.CancelledError:
            if _being_cancelled():
                raise  # the connection itself is going: there is no one to answer
            self._logger.error(
                "the handler of %s %s raised CancelledError", route.name, call.unique_id
            )
            return self._handler_failed(call)
        except Exception:
            self._logger.exception(
                "the handler of %s %s failed", route.name, call.unique_id
            )
            return self._handler_failed(call)
        if not isinstance(response, route.response or ()):
            self._logger.error(
                "the handler of %s %s returned %s, not a %s",
                route.name,
                call.unique_id,
                type(response).__name__,
                getattr(route.response, "__name__", None),
            )
            return self._handler_failed(call)
        # Validated as the JSON that goes out, whatever the handler did to its model
        # (model_construct, attributes set later); the bytes last validated are not again.
        try:
            payload: bytes = route.dump_response(
                response, by_alias=True, exclude_none=True, warnings=False
            )
            if payload != route.valid_response:
                route.validate_response(payload, by_alias=True, by_name=False)
                route.valid_response = payload
        except (ValidationError, PydanticSerializationError) as error:
            self._logger.error(
                "the handler of %s %s answered with an invalid response: %s",
                route.name,
                call.unique_id,
                error,
            )
            return self._handler_failed(call)
        reply = self._engine.answer(call, payload.decode())
        if self._observe is not None:
            self._observe("out", reply)
        return reply

    def _handler_failed(self, call: InboundCall) -> str:
        failed = self._rules.codes.handler_failed
        return self._out(self._engine.fail(call, failed, _meaning(failed)))

    def _start_send_handler(self, message: InboundSend) -> None:
        if self._send_handlers is None:
            self._send_handlers = set()
        task = asyncio.get_running_loop().create_task(self._run_send_handler(message))
        self._send_handlers.add(task)
        task.add_done_callback(self._send_handlers.discard)

    async def _run_send_handler(self, message: InboundSend) -> None:
        """Run a SEND's handler; what goes wrong is logged, as nothing goes back."""
        route = message._route
        try:
            await getattr(self, route.handler)(message.request)
        except OcppError as error:
            self._logger.info(
                "the SEND %s %s was not handled: %s",
                route.name,
                message.unique_id,
                error,
            )
        except asyncio.CancelledError:
            if _being_cancelled():
                raise
            self._logger.error(
                "the handler of %s %s raised CancelledError",
                route.name,
                message.unique_id,
            )
        except Exception:
            self._logger.exception(
                "the handler of %s %s failed", route.name, message.unique_id
            )


def _meaning(code: StrEnum) -> str:
    return str(getattr(code, "meaning", ""))


def _being_cancelled() -> bool:
    """Whether the running task was asked to stop (not merely handed a CancelledError)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
