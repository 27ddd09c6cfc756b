"""One side of one OCPP-J connection, async: the OCPP-J engine with handlers, futures, timeouts.

The engine (`_ocppj`) reads frames and makes frames; this layer runs the handlers, waits for
the answers to our CALLs (one at a time; further calls queue in order), times them out and
closes. It sends through the `send` coroutine it is given and never touches a socket, so it
runs on any transport, or none in tests.
"""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Container, Mapping
from enum import StrEnum
from typing import Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticSerializationError

from ._errors import (
    CallError,
    CallTimeoutError,
    EndpointClosedError,
    InvalidResponseError,
    OcppError,
)
from ._events import (
    CallAction,
    CallErrorReceived,
    CallResult,
    Dropped,
    Event,
    InboundCall,
    InboundSend,
    InvalidAnswer,
    Reply,
    Route,
    SendAction,
)
from ._ocppj import Engine
from ._rules import Rules

Send = Callable[[str], Awaitable[None]]
"""How an endpoint sends a frame of its own (a CALL): the transport's send coroutine."""

FrameDirection = Literal["in", "out"]
FrameObserver = Callable[[FrameDirection, str], None]
"""Called with every frame in and out, e.g. to log or record the exchange."""

RequestT = TypeVar("RequestT", bound=BaseModel)
ResponseT = TypeVar("ResponseT", bound=BaseModel)


class Endpoint:
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

    # --- frames out ---------------------------------------------------------------------

    async def call(
        self, action: CallAction[RequestT, ResponseT], request: RequestT
    ) -> ResponseT:
        """Send a CALL, wait for its answer, return the validated response.

        Raises `CallError` when the peer answers with a CALLERROR, `InvalidResponseError`
        when its answer does not validate, `CallTimeoutError` after the response timeout,
        `EndpointClosedError` when the connection goes, ValueError (pydantic's ValidationError
        or PydanticSerializationError) when the request itself is invalid: nothing is sent then.
        """
        payload = self._outgoing_payload(action, request)
        if self._call_slot is None:
            self._call_slot = asyncio.Lock()
        async with self._call_slot:
            if self._closed:
                raise EndpointClosedError(f"{action.name}: the endpoint is closed")
            unique_id = self._new_unique_id()
            frame = self._engine.start_call(
                action.name, payload, unique_id, action.response
            )
            future: asyncio.Future[ResponseT] = (
                asyncio.get_running_loop().create_future()
            )
            self._future, self._pending_action = future, action.name
            try:
                async with asyncio.timeout(self._response_timeout):
                    await self._send(self._out(frame))
                    return await future
            except TimeoutError:
                raise CallTimeoutError(
                    action.name, unique_id, self._response_timeout
                ) from None
            finally:
                self._future = None
                self._engine.end_call(
                    unique_id
                )  # unanswered: an answer that comes now is late
                if not future.done():
                    future.cancel()

    async def send_message(
        self, action: SendAction[RequestT], request: RequestT
    ) -> None:
        """Send a SEND (OCPP-J 2.1): no answer comes; it may go while a CALL is outstanding.

        Raises ValueError when the request is invalid (nothing is sent then) or the protocol
        has no SEND, `EndpointClosedError` when the connection is gone."""
        payload = self._outgoing_payload(action, request)
        if self._closed:
            raise EndpointClosedError(f"{action.name}: the endpoint is closed")
        frame = self._engine.start_send(action.name, payload, self._new_unique_id())
        await self._send(self._out(frame))

    def _outgoing_payload(self, action: SendAction[RequestT], request: RequestT) -> str:
        """The request as the JSON that goes out, validated as such: a model built with
        model_construct or changed after construction cannot put on the wire what the peer
        must reject."""
        if action.name not in self._outgoing:
            raise ValueError(f"the {self._title} does not send {action.name}")
        model = action.request
        if not isinstance(request, model):
            kind = type(request).__name__
            raise TypeError(f"{action.name} takes a {model.__name__}, not a {kind}")
        payload: str = model.__pydantic_serializer__.to_json(
            request, by_alias=True, exclude_none=True, warnings=False
        ).decode()
        model.__pydantic_validator__.validate_json(
            payload, by_alias=True, by_name=False
        )
        return payload

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


def _meaning(code: StrEnum) -> str:
    return str(getattr(code, "meaning", ""))


def _being_cancelled() -> bool:
    """Whether the running task was asked to stop (not merely handed a CancelledError)."""
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0
