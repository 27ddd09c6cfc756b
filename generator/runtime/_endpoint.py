"""One side of one OCPP-J connection, async: the OCPP-J engine with handlers, futures, timeouts.

The engine (`_ocppj`) reads frames and makes frames; this layer runs the handlers
(`_endpoint_handlers`), waits for the answers to our CALLs (one at a time; further calls queue
in order: `_endpoint_calls`), times them out and closes. It reads each frame and settles what
needs no handler here. It sends through the `send` coroutine it is given and never touches a
socket, so it runs on any transport, or none in tests.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Callable, Container, Mapping
from typing import Any, ClassVar

from ._endpoint_calls import OutgoingCalls
from ._endpoint_calls import Send as Send
from ._endpoint_handlers import FrameDirection as FrameDirection
from ._endpoint_handlers import FrameObserver as FrameObserver
from ._endpoint_handlers import HandlerDispatch
from ._errors import CallError, EndpointClosedError, InvalidResponseError, OcppError
from ._events import (
    CallErrorReceived,
    CallResult,
    Dropped,
    Event,
    InboundCall,
    InboundSend,
    InvalidAnswer,
    Reply,
    Route,
)
from ._ocppj import Engine
from ._rules import Rules


class Endpoint(OutgoingCalls, HandlerDispatch):
    """One side of one OCPP-J connection, without I/O; use the protocol's side classes.

    - `receive(frame)` handles a frame from the peer and returns the reply to send, if any.
      A transport that must keep reading while a handler runs (so that the handler may
      itself await an outgoing call) splits it: `receive_frame(frame)` (synchronous; an
      `InboundCall` to answer, a reply to send, or None) and `answer(call)`.
    - `call(action, request)` sends a CALL and returns the validated response. One CALL is
      outstanding at a time; further calls queue in order. The answer is matched by unique
      id; an answer that comes late or matches no CALL is logged and dropped.
    - `send_message(action, request)` sends a SEND (OCPP-J 2.1): no answer, no waiting for
      the outstanding CALL. A SEND from the peer runs its handler; nothing goes back.
    - `close()` when the connection is gone: the outstanding and queued calls fail.

    `identity` is the peer's identity (the client's, from its URL), `""` if unknown.
    `observe` sees every frame in and out. `logger` gets handler failures (ERROR), dropped
    answers (WARNING) and the CALLERRORs sent for bad frames (INFO). `tolerance` may read a
    payload that failed validation (see `_rules.Tolerance`); without it, it is refused.
    """

    side: ClassVar[Any]
    _title: ClassVar[str] = ""
    _rules: ClassVar[Rules]
    _known_actions: ClassVar[Container[str]] = ()
    # (action, handler method name): what this side receives, as CALL or as SEND
    _incoming: ClassVar[tuple[tuple[Any, str], ...]] = ()
    _outgoing: ClassVar[frozenset[str]] = frozenset()
    _routes: ClassVar[Mapping[str, Route]] = {}  # the CALLs it receives
    _send_routes: ClassVar[Mapping[str, Route]] = {}  # the SENDs it receives
    _default_logger: ClassVar[logging.Logger] = logging.getLogger(__name__)
    _error_class: ClassVar[type[OcppError]] = OcppError  # the protocol's OcppError

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """A side's routes are built once, for its class: every connection shares them."""
        super().__init_subclass__(**kwargs)
        if "_incoming" in cls.__dict__:
            routes = [
                Route(
                    action.name,
                    action.request,
                    getattr(action, "response", None),
                    handler,
                )
                for action, handler in cls._incoming
            ]
            cls._routes = {r.name: r for r in routes if r.response is not None}
            cls._send_routes = {r.name: r for r in routes if r.response is None}

    def __init__(
        self,
        send: Send,
        identity: str = "",
        *,
        response_timeout: float = 30.0,
        observe: FrameObserver | None = None,
        logger: logging.Logger | None = None,
        unique_ids: Callable[[], str] | None = None,
        tolerance: Any | None = None,
    ) -> None:
        self.identity = identity
        self._send = send
        self._response_timeout = response_timeout
        self._observe = observe
        self._logger = logger or self._default_logger
        self._new_unique_id = unique_ids or _random_unique_id
        self._engine = Engine(
            self._rules,
            self._routes,
            self._send_routes,
            self._known_actions,
            self._title,
            tolerance,
        )
        # Made when first needed: an endpoint that never calls out costs no lock.
        self._call_slot: asyncio.Lock | None = None
        self._future: asyncio.Future[Any] | None = None
        self._pending_action = ""
        self._closed = False
        self._closed_event: asyncio.Event | None = None
        self._send_handlers: set[asyncio.Task[None]] | None = None

    @property
    def closed(self) -> bool:
        """Whether `close()` was called: the connection is gone."""
        return self._closed

    async def wait_closed(self) -> None:
        """Wait until the connection is gone."""
        if self._closed:
            return
        if self._closed_event is None:
            self._closed_event = asyncio.Event()
        await self._closed_event.wait()

    # --- frames in ----------------------------------------------------------------------

    async def receive(self, frame: str | bytes) -> str | None:
        """Handle one frame from the peer; return the frame to send back, if any."""
        if self._observe is not None:
            self._observe_in(frame)
        event = self._engine.receive(frame)
        if type(event) is InboundCall:
            return await self.answer(event)
        if type(event) is InboundSend:
            await self._run_send_handler(event)
            return None
        return self._settle(event)

    def receive_frame(self, frame: str | bytes) -> InboundCall | str | None:
        """Read one frame: a valid CALL to `answer`, a frame to send back at once, or None.

        A SEND's handler is started as a task of its own (nothing goes back)."""
        if self._observe is not None:
            self._observe_in(frame)
        event = self._engine.receive(frame)
        if type(event) is InboundCall:
            return event
        if type(event) is InboundSend:
            self._start_send_handler(event)
            return None
        return self._settle(event)

    def _observe_in(self, frame: str | bytes) -> None:
        if self._observe is not None:
            text = (
                frame
                if isinstance(frame, str)
                else bytes(frame).decode("utf-8", "replace")
            )
            self._observe("in", text)

    def _settle(self, event: Event) -> str | None:
        """Do what an event other than a CALL asks; the frame to send back, if any."""
        if isinstance(event, Reply):
            self._logger.info(
                "answering %r with %s: %s",
                event.unique_id,
                event.code,
                event.description,
            )
            return self._out(event.frame)
        if isinstance(event, Dropped):
            self._logger.warning(
                "dropped a %s with unique id %r: %s",
                event.kind,
                event.unique_id,
                event.reason,
            )
            return None
        future = self._future
        if future is None or future.done():
            self._logger.warning(
                "dropped the answer with unique id %r: its CALL had ended",
                _event_id(event),
            )
            return None
        if isinstance(event, CallResult):
            future.set_result(event.response)
            return None
        if isinstance(event, CallErrorReceived):
            future.set_exception(
                CallError(
                    event.code,
                    event.description,
                    event.details,
                    action=self._pending_action,
                    unique_id=event.unique_id,
                )
            )
            return None
        assert isinstance(event, InvalidAnswer)
        future.set_exception(
            InvalidResponseError(
                event.code,
                event.description,
                event.details,
                action=self._pending_action,
                unique_id=event.unique_id,
            )
        )
        return None if event.reply is None else self._out(event.reply)

    def close(self) -> None:
        """The connection is gone: the outstanding CALL and every queued one fail."""
        self._closed = True
        if self._closed_event is not None:
            self._closed_event.set()
        future = self._future
        if future is not None and not future.done():
            future.set_exception(
                EndpointClosedError(f"{self._pending_action}: the connection closed")
            )
        for task in self._send_handlers or ():
            task.cancel()

    # --- helpers -------------------------------------------------------------------------

    def _out(self, frame: str) -> str:
        if self._observe is not None:
            self._observe("out", frame)
        return frame

    def _not_supported(self, action: str) -> OcppError:
        """What a handler that is not overridden raises: this side does not support it."""
        code = self._rules.codes.unsupported_action
        return self._error_class(code, f"this {self._title} does not support {action}")


def _event_id(event: Event) -> str | None:
    """The unique id an event is about, if any."""
    unique_id = getattr(event, "unique_id", None)
    return unique_id if isinstance(unique_id, str) else None


def _random_unique_id() -> str:
    return str(uuid.uuid4())
