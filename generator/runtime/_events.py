"""What the OCPP-J engine reads and says: the routes of the actions a side receives, and the
events `Engine.receive` returns."""

from __future__ import annotations

from typing import Any, Protocol, TypeVar

from pydantic import BaseModel

_RequestT_co = TypeVar("_RequestT_co", bound=BaseModel, covariant=True)
_ResponseT_co = TypeVar("_ResponseT_co", bound=BaseModel, covariant=True)


class CallAction(Protocol[_RequestT_co, _ResponseT_co]):
    """An action sent as a CALL (an entry of the package's table)."""

    @property
    def name(self) -> str: ...
    @property
    def request(self) -> type[_RequestT_co]: ...
    @property
    def response(self) -> type[_ResponseT_co]: ...


class SendAction(Protocol[_RequestT_co]):
    """An action sent as a SEND (OCPP-J 2.1): a request, no response."""

    @property
    def name(self) -> str: ...
    @property
    def request(self) -> type[_RequestT_co]: ...


class Route:
    """An action this side receives: its models, their validators and the name of its handler
    method. Built once per endpoint class, shared by every connection."""

    __slots__ = (
        "name",
        "handler",
        "request",
        "response",
        "validate_request",
        "dump_response",
        "validate_response",
        "valid_response",
    )

    def __init__(
        self,
        name: str,
        request: type[BaseModel],
        response: type[BaseModel] | None,
        handler: str,
    ) -> None:
        self.name = name
        self.handler = handler
        self.request = request
        self.response = response  # None for a SEND
        self.validate_request = request.__pydantic_validator__.validate_json
        if response is not None:
            self.dump_response = response.__pydantic_serializer__.to_json
            self.validate_response = response.__pydantic_validator__.validate_json
        # The last response payload (JSON bytes) that validated: the same bytes need no
        # second validation, as validation depends on the bytes alone. One per action and
        # side class, so `{}` or `{"status":"Accepted"}` is validated once, not per answer.
        self.valid_response = b""


class InboundCall:
    """A valid CALL from the peer, ready for its handler (`Endpoint.answer`)."""

    __slots__ = ("unique_id", "request", "_id_json", "_route")

    def __init__(
        self, unique_id: str, id_json: str, route: Route, request: Any
    ) -> None:
        self.unique_id = unique_id
        self.request = request
        self._id_json = id_json
        self._route = route

    @property
    def action(self) -> str:
        return self._route.name


class InboundSend(InboundCall):
    """A valid SEND from the peer (OCPP-J 2.1): its handler runs; nothing goes back."""

    __slots__ = ()


class Reply:
    """A CALLERROR to send back at once: the frame it answers never reached a handler."""

    __slots__ = ("frame", "unique_id", "code", "description")

    def __init__(self, frame: str, unique_id: str, code: str, description: str) -> None:
        self.frame = frame
        self.unique_id = unique_id
        self.code = code
        self.description = description


class Dropped:
    """A frame that gets no answer and ends no CALL; `reason` says why."""

    __slots__ = ("kind", "unique_id", "reason")

    def __init__(self, kind: str, unique_id: str | None, reason: str) -> None:
        self.kind = kind
        self.unique_id = unique_id
        self.reason = reason


class CallResult:
    """Our pending CALL's valid response."""

    __slots__ = ("unique_id", "response")

    def __init__(self, unique_id: str, response: Any) -> None:
        self.unique_id = unique_id
        self.response = response


class CallErrorReceived:
    """Our pending CALL was answered with a CALLERROR (its code as sent)."""

    __slots__ = ("unique_id", "code", "description", "details")

    def __init__(
        self, unique_id: str, code: str, description: str, details: dict[str, Any]
    ) -> None:
        self.unique_id = unique_id
        self.code = code
        self.description = description
        self.details = details


class InvalidAnswer:
    """Our pending CALL's answer is not valid: the code a CALL this bad would get, and the
    CALLRESULTERROR to send back when the protocol has that message type (else None)."""

    __slots__ = ("unique_id", "code", "description", "details", "reply")

    def __init__(
        self,
        unique_id: str,
        code: str,
        description: str,
        details: dict[str, Any],
        reply: str | None,
    ) -> None:
        self.unique_id = unique_id
        self.code = code
        self.description = description
        self.details = details
        self.reply = reply


Event = InboundCall | Reply | Dropped | CallResult | CallErrorReceived | InvalidAnswer
