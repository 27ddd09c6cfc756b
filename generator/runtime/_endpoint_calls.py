"""The part of an endpoint that sends our CALLs and SENDs and keeps the one outstanding CALL.

One CALL is outstanding at a time; further calls queue in order (a lock made when first
needed). Its answer settles the future `call` awaits (`_endpoint.Endpoint` reads it), within
the response timeout; whatever way it ends, the engine is told, so that an answer that comes
later is known as late. A request goes out only once valid as the JSON that goes out.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, ClassVar, TypeVar

from pydantic import BaseModel

from ._errors import CallTimeoutError, EndpointClosedError
from ._events import CallAction, SendAction
from ._ocppj import Engine

Send = Callable[[str], Awaitable[None]]
"""How an endpoint sends a frame of its own (a CALL): the transport's send coroutine."""

RequestT = TypeVar("RequestT", bound=BaseModel)
ResponseT = TypeVar("ResponseT", bound=BaseModel)


class OutgoingCalls:
    """Sends our CALLs and SENDs: a part of `_endpoint.Endpoint`."""

    _title: ClassVar[str]
    _outgoing: ClassVar[frozenset[str]]
    _engine: Engine
    _send: Send
    _response_timeout: float
    _new_unique_id: Callable[[], str]
    _call_slot: asyncio.Lock | None
    _future: asyncio.Future[Any] | None
    _pending_action: str
    _closed: bool
    _out: Callable[[str], str]

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
