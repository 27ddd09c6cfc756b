"""OCPP-J's full parser: the state one connection's frames are read against, and every frame
the fast path (`_ocppj.Engine.receive`) does not take, read with `json`.

It says exactly what is wrong with a frame, in the protocol's terms (`Rules`): a CALL that
cannot be handled gets its CALLERROR (`Reply`), a bad SEND is dropped (OCPP-J answers no
SEND), an answer to our pending CALL ends it (`CallResult`, `CallErrorReceived`,
`InvalidAnswer`), any other frame is dropped with the reason for the log. A `tolerance` may
read a payload that failed validation.
"""

from __future__ import annotations

import json
from collections import deque
from collections.abc import Container, Mapping
from typing import Any, Final

from pydantic import BaseModel, ValidationError

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
from ._problems import short as _short
from ._rules import Rules, Tolerance

_NO_SUCH_CALL: Final = "no CALL of ours has that id"


class Pending:
    """The one CALL of ours that waits for its answer."""

    __slots__ = ("unique_id", "action", "validate_response", "response")

    def __init__(self, unique_id: str, action: str, response: type[BaseModel]) -> None:
        self.unique_id = unique_id
        self.action = action
        self.response = response
        self.validate_response = response.__pydantic_validator__.validate_json


class FullParser:
    """The OCPP-J state of one connection (what it receives, our pending CALL, the ids of
    those that timed out) and the full parser; `_ocppj.Engine` adds the rest."""

    __slots__ = (
        "rules",
        "routes",
        "send_routes",
        "known",
        "title",
        "tolerance",
        "_pending",
        "_expired",
    )

    def __init__(
        self,
        rules: Rules,
        routes: Mapping[str, Route],
        send_routes: Mapping[str, Route],
        known: Container[str],
        title: str,
        tolerance: Tolerance | None = None,
    ) -> None:
        self.rules = rules
        self.routes = routes  # the CALLs this side receives, by action name
        self.send_routes = send_routes  # the SENDs this side receives
        self.known = known  # every action of the protocol
        self.title = title  # this side, in words
        self.tolerance = tolerance
        self._pending: Pending | None = None
        self._expired: deque[str] | None = None

    def receive_slowly(self, text: str) -> Event:
        """Read one frame with `json`: every frame the fast path does not take."""
        try:
            frame = json.loads(text, parse_constant=_reject_constant)
        except ValueError:
            return self._receive_unreadable(text, "the frame is not JSON")
        except RecursionError:
            return self._receive_unreadable(text, "the frame nests too deeply")
        rules = self.rules
        if not isinstance(frame, list) or not frame:
            return self._reject(
                None, rules.codes.malformed_frame, "the frame is not an OCPP-J array"
            )
        kind = frame[0]
        if type(kind) is not int or kind not in rules.message_types:
            if rules.answer_unknown_message_type:
                return self._reject(
                    None, rules.codes.unknown_message_type, rules.unknown_type_reason
                )
            return Dropped(
                f"frame of message type {_short(repr(kind), 40)}",
                None,
                rules.unknown_type_reason,
            )
        if kind == rules.call or kind == rules.send:
            return self._receive_call(frame, kind)
        if kind == rules.call_result or kind == rules.call_error:
            return self._receive_answer(frame)
        return Dropped(
            _kind_name(kind, rules), _string_at(frame, 1), "it answers no frame of ours"
        )

    def _receive_call(self, frame: list[Any], kind: int) -> Event:
        """A CALL (answered at once when it is bad) or a SEND (never answered: dropped)."""
        rules, codes = self.rules, self.rules.codes
        name = "CALL" if kind == rules.call else "SEND"
        shape = f"a {name} is [{kind}, uniqueId, action, {{payload}}]"
        unique_id = _string_at(frame, 1)
        refuse = self._reject if kind == rules.call else self._drop_send
        if len(frame) != 4:
            code = codes.incomplete_frame if len(frame) < 4 else codes.malformed_frame
            return refuse(unique_id, code, shape)
        if unique_id is None:
            return refuse(None, codes.malformed_frame, "the unique id is not a string")
        limit = rules.unique_id_max_length
        if len(unique_id) > limit:
            return refuse(
                unique_id,
                codes.malformed_frame,
                f"the unique id is longer than {limit} characters",
            )
        action, payload = frame[2], {} if frame[3] is None else frame[3]
        if not isinstance(action, str):
            return refuse(
                unique_id, codes.malformed_frame, "the action is not a string"
            )
        if not isinstance(payload, dict):
            return refuse(
                unique_id, codes.malformed_frame, "the payload is not a JSON object"
            )
        route = (self.routes if kind == rules.call else self.send_routes).get(action)
        if route is None:
            if action in self.routes or action in self.send_routes:
                return refuse(
                    unique_id,
                    codes.unsupported_action,
                    f"the {self.title} does not receive {action} as a {name}",
                )
            if action in self.known:
                return refuse(
                    unique_id,
                    codes.unsupported_action,
                    f"the {self.title} does not receive {action}",
                )
            return refuse(
                unique_id, codes.unknown_action, f"unknown action {_short(action, 40)}"
            )
        try:
            request = route.validate_request(
                json.dumps(payload), by_alias=True, by_name=False
            )
        except ValidationError as error:
            request = self._tolerate(action, route.request, payload, error)
            if request is None:
                return refuse(unique_id, *rules.describe_payload_error(error))
        except RecursionError:
            return refuse(
                unique_id, codes.malformed_frame, "the frame nests too deeply"
            )
        event = InboundCall if route.response is not None else InboundSend
        return event(unique_id, json.dumps(unique_id), route, request)

    def _drop_send(
        self,
        unique_id: str | None,
        code: str,
        description: str,
        details: Mapping[str, Any] | None = None,
    ) -> Dropped:
        """A bad SEND: OCPP-J answers no SEND, so it is dropped with what a CALL would get."""
        return Dropped("SEND", unique_id, f"{code}: {description}")

    def _receive_unreadable(self, text: str, reason: str) -> Event:
        """A frame that is not strict JSON. A CALL whose id can be read gets its CALLERROR
        with that id; an answer is never answered: it fails the call it answers, or is dropped.
        """
        rules = self.rules
        head = rules.any_head.match(text)
        kind = None if head is None else int(head[1])
        unique_id = None if head is None else head[2]
        if kind is None or kind == rules.call:
            return self._reject(unique_id, rules.codes.malformed_frame, reason)
        if kind == rules.send:
            return self._drop_send(unique_id, rules.codes.malformed_frame, reason)
        if kind not in (rules.call_result, rules.call_error):
            return Dropped(
                _kind_name(kind, rules), unique_id, "it answers no frame of ours"
            )
        pending = self._answered(unique_id)
        if pending is None:
            return Dropped(
                _kind_name(kind, rules), unique_id, self._unanswered_reason(unique_id)
            )
        return self._invalid_answer(
            pending, rules.codes.malformed_frame, reason, {}, kind
        )

    def _receive_answer(self, frame: list[Any]) -> Event:
        rules = self.rules
        kind = frame[0]
        unique_id = _string_at(frame, 1)
        pending = self._answered(unique_id)
        if pending is None:
            return Dropped(
                _kind_name(kind, rules), unique_id, self._unanswered_reason(unique_id)
            )
        malformed = rules.codes.malformed_frame
        if kind == rules.call_error:
            if (
                len(frame) != 5
                or not all(isinstance(e, str) for e in frame[2:4])
                or not isinstance(frame[4], dict)
            ):
                shape = f"a CALLERROR is [{kind}, uniqueId, errorCode, errorDescription, {{errorDetails}}]"
                return self._invalid_answer(pending, malformed, shape, {}, kind)
            return CallErrorReceived(pending.unique_id, frame[2], frame[3], frame[4])
        if len(frame) == 3 and frame[2] is None:
            frame[2] = {}
        if len(frame) != 3 or not isinstance(frame[2], dict):
            shape = f"a CALLRESULT is [{kind}, uniqueId, {{payload}}]"
            return self._invalid_answer(pending, malformed, shape, {}, kind)
        try:
            response = pending.validate_response(
                json.dumps(frame[2]), by_alias=True, by_name=False
            )
        except RecursionError:
            return self._invalid_answer(
                pending, malformed, "the frame nests too deeply", {}, kind
            )
        except ValidationError as error:
            response = self._tolerate(pending.action, pending.response, frame[2], error)
            if response is None:
                return self._invalid_answer(
                    pending, *rules.describe_payload_error(error), kind
                )
        return CallResult(pending.unique_id, response)

    def _tolerate(
        self,
        action: str,
        model: type[BaseModel],
        payload: dict[str, Any],
        error: ValidationError,
    ) -> BaseModel | None:
        """The model a tolerance reads from a payload that failed validation, if any."""
        if self.tolerance is None:
            return None
        try:
            read = self.tolerance.read(action, model, payload, error)
        except Exception:  # a tolerance that fails refuses: the strict answer goes out
            return None
        return read if isinstance(read, model) else None

    def _answered(self, unique_id: str | None) -> Pending | None:
        """The pending CALL an answer with this id ends (it is then no longer pending)."""
        pending = self._pending
        if unique_id is None or pending is None or pending.unique_id != unique_id:
            return None
        self._pending = None
        return pending

    def _unanswered_reason(self, unique_id: str | None) -> str:
        expired = self._expired
        if unique_id is not None and expired is not None and unique_id in expired:
            return "it came after its CALL timed out"
        return _NO_SUCH_CALL

    def _invalid_answer(
        self,
        pending: Pending,
        code: str,
        description: str,
        details: dict[str, Any],
        kind: int,
    ) -> InvalidAnswer:
        """Our CALL's answer is invalid; a CALLRESULT of it gets a CALLRESULTERROR, where the
        protocol has one (an error is never answered)."""
        reply = None
        error_kind = self.rules.call_result_error
        if error_kind is not None and kind == self.rules.call_result:
            id_json = json.dumps(pending.unique_id)
            reply = self.rules.error_frame(
                error_kind, id_json, code, description, details
            )
        return InvalidAnswer(
            pending.unique_id, code, _short(description), details, reply
        )

    def _reject(
        self,
        unique_id: str | None,
        code: str,
        description: str,
        details: Mapping[str, Any] | None = None,
    ) -> Reply:
        """The CALLERROR that answers a frame at once (it never reached a handler)."""
        unique_id = self.rules.unreadable_unique_id if unique_id is None else unique_id
        frame = self.rules.error_frame(
            self.rules.call_error, json.dumps(unique_id), code, description, details
        )
        return Reply(frame, unique_id, code, description)


def _kind_name(kind: int, rules: Rules) -> str:
    names = {
        rules.call_result: "CALLRESULT",
        rules.call_error: "CALLERROR",
        rules.call_result_error: "CALLRESULTERROR",
    }
    return names.get(kind, f"frame of message type {kind}")


def _string_at(frame: list[Any], index: int) -> str | None:
    value = frame[index] if len(frame) > index else None
    return value if isinstance(value, str) else None


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
