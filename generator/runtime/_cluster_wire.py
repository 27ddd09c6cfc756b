"""The messages between the server processes of a cluster, and the holding process's part.

A caller publishes a `CallMessage` on the channel of the process that holds the charge point;
that process runs it on its endpoint (`run_call`) and publishes a `ReplyMessage` on the
caller's channel; the caller turns the reply back into the response, or into the error the
call would have raised on the holding process (`result_of`). Both are JSON, validated strictly
with bounded texts: a message on the broker is untrusted input.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Annotated, Any, Final, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from .dispatch import (
    CallError,
    CallTimeoutError,
    Endpoint,
    EndpointClosedError,
    ErrorCode,
    InvalidResponseError,
)
from .table import ACTIONS, ActionEntry, ResponseT

TEXT_LIMIT: Final = 512
"""The longest text a reply carries (an error's code, description, unique id)."""

_ERROR_CODES: Final = frozenset(code.value for code in ErrorCode)


class ClusterError(Exception):
    """A call through the cluster failed on the way, not at the charge point."""


class NotConnectedError(ClusterError, LookupError):
    """No live process holds the charge point: it is not connected anywhere."""

    def __init__(self, identity: str, reason: str) -> None:
        super().__init__(f"{identity} is not connected: {reason}")
        self.identity = identity


class ClusterTimeoutError(ClusterError, TimeoutError):
    """No answer to a call within its timeout."""

    def __init__(self, identity: str, action: str, timeout: float) -> None:
        super().__init__(f"no answer to {action} for {identity} within {timeout} s")
        self.identity = identity
        self.action = action
        self.timeout = timeout


class RemoteCallError(ClusterError):
    """The holding process could not run the call (refused, busy, or failed)."""


class _RemoteCallTimeoutError(CallTimeoutError):
    """The charge point did not answer the holding process in time; its message, as it said."""

    def __init__(self, action: str, unique_id: str, message: str) -> None:
        TimeoutError.__init__(self, message)
        self.action = action
        self.unique_id = unique_id


_Text = Annotated[str, Field(max_length=TEXT_LIMIT)]


class _Message(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")

    id: Annotated[str, Field(min_length=1, max_length=64)]


class CallMessage(_Message):
    kind: Literal["call"]
    reply_to: _Text
    identity: _Text
    action: Annotated[str, Field(max_length=64)]
    payload: str
    timeout: Annotated[float, Field(gt=0, le=86400)]


class ReplyMessage(_Message):
    kind: Literal["reply"]
    outcome: Literal[
        "result",
        "call_error",
        "call_timeout",
        "invalid_response",
        "not_connected",
        "refused",
        "failed",
    ]
    payload: str = "{}"
    code: _Text = ""
    description: _Text = ""
    details: dict[str, Any] = {}
    unique_id: _Text = ""


MESSAGES: Final[TypeAdapter[CallMessage | ReplyMessage]] = TypeAdapter(
    Annotated[CallMessage | ReplyMessage, Field(discriminator="kind")]
)


async def run_call(
    call: CallMessage,
    endpoint_of: Callable[[str], Endpoint | None],
    logger: logging.Logger,
) -> ReplyMessage:
    """Run a call from another process on this process's endpoint: the reply to send."""
    action = ACTIONS.get(call.action)
    if action is None:
        return refusal(call, f"unknown action {call.action}")
    endpoint = endpoint_of(call.identity)
    if endpoint is None:
        return refusal(call, "not connected here", outcome="not_connected")
    try:
        request = action.request.from_wire(call.payload)
        response = await endpoint.call(action, request)
    except CallError as error:
        return _error_reply(call, "call_error", error)
    except InvalidResponseError as error:
        return _error_reply(call, "invalid_response", error)
    except CallTimeoutError as error:
        return make_reply(
            call, "call_timeout", description=short(error), unique_id=error.unique_id
        )
    except EndpointClosedError:
        return refusal(call, "the connection closed", outcome="not_connected")
    except (ValueError, TypeError) as error:  # ValidationError is a ValueError
        return refusal(call, short(error))
    except Exception:
        logger.exception("the call %s %s failed", call.action, call.id)
        return refusal(call, "the call failed on its node", outcome="failed")
    return make_reply(call, "result", payload=response.to_wire())


def make_reply(call: CallMessage, outcome: str, **fields: Any) -> ReplyMessage:
    return ReplyMessage.model_validate(
        {"id": call.id, "kind": "reply", "outcome": outcome, **fields}
    )


def refusal(
    call: CallMessage, reason: str, *, outcome: str = "refused"
) -> ReplyMessage:
    return make_reply(call, outcome, description=reason)


def _error_reply(
    call: CallMessage, outcome: str, error: CallError | InvalidResponseError
) -> ReplyMessage:
    return make_reply(
        call,
        outcome,
        code=short(error.code),
        description=short(error.description),
        details=error.details,
        unique_id=error.unique_id,
    )


def result_of(
    reply: ReplyMessage, identity: str, action: ActionEntry[Any, ResponseT]
) -> ResponseT:
    """The response a reply carries, or the error it stands for."""
    if reply.outcome == "result":
        try:
            return action.response.from_wire(reply.payload)
        except ValidationError as error:
            raise RemoteCallError(f"{action.name}: {short(error)}") from None
    if reply.outcome == "call_error":
        raise CallError(
            reply.code,
            reply.description,
            reply.details,
            action=action.name,
            unique_id=reply.unique_id,
        )
    if reply.outcome == "invalid_response" and reply.code in _ERROR_CODES:
        raise InvalidResponseError(
            ErrorCode(reply.code),
            reply.description,
            reply.details,
            action=action.name,
            unique_id=reply.unique_id,
        )
    if reply.outcome == "call_timeout":
        raise _RemoteCallTimeoutError(action.name, reply.unique_id, reply.description)
    if reply.outcome == "not_connected":
        raise NotConnectedError(identity, reply.description)
    raise RemoteCallError(f"{action.name} for {identity}: {reply.description}")


def short(value: object) -> str:
    text = str(value)
    return text if len(text) <= TEXT_LIMIT else text[: TEXT_LIMIT - 3] + "..."
