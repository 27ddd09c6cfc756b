"""OCPP-J without I/O: frame text in, one event out; a CALL to start, an answer to give.

An `Engine` is the protocol state of one connection: the one CALL of ours that waits for
its answer and the ids of recent CALLs that timed out. It never awaits, sends, sleeps or
logs; the caller does those with what `receive` returns:

- `InboundCall`: a valid CALL (its request validated) for a handler; `answer` or `fail` it.
- `InboundSend`: a valid SEND (OCPP-J 2.1): a handler runs, nothing is sent back.
- `CallResult`, `CallErrorReceived`, `InvalidAnswer`: how our pending CALL ends. An invalid
  answer may carry a reply (a CALLRESULTERROR) where the protocol has that message type.
- `Reply`: a CALLERROR to send back at once (the frame never reached a handler).
- `Dropped`: nothing to do; the reason is for the log.

What differs between OCPP versions is data (`Rules`): the message type numbers, the error
code of each problem, what a frame of an unknown message type gets, the unique id's limit.

A CALL or CALLRESULT is read by a fast path (one regular expression for the head, then the
payload's text straight to the model's JSON validator: parsed once, by pydantic) when it can
be; anything else (escapes in the id, odd shapes, invalid payloads) by `receive_slowly`, the
full parser (in `_ocppj_parser`, with the state it reads against), which says exactly what is
wrong. Both give the same event for the same frame (proven by a property test over the
message corpus and mutated frames).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Mapping
from typing import Any, Final

from pydantic import BaseModel, ValidationError

from ._events import CallResult, Event, InboundCall
from ._ocppj_parser import FullParser, Pending

# JSON's own white space: space, tab, line feed, carriage return.
_JSON_WS: Final = " \t\n\r"
# OCPP-J allows null for "no payload": it is read as the empty object.
_NO_PAYLOAD: Final = "null"
# Ids of our CALLs that timed out, remembered to explain a late answer in the log.
_EXPIRED_IDS_KEPT: Final = 32


class Engine(FullParser):
    """The OCPP-J state of one connection. See the module's docstring."""

    __slots__ = ()

    @property
    def pending_id(self) -> str | None:
        """The unique id of our CALL that waits for its answer."""
        return None if self._pending is None else self._pending.unique_id

    # --- frames out -----------------------------------------------------------------------

    def start_call(
        self, action: str, payload: str, unique_id: str, response: type[BaseModel]
    ) -> str:
        """The CALL frame for a payload (JSON text); its answer is then awaited."""
        if self._pending is not None:
            raise RuntimeError(
                f"{self._pending.action} is still waiting for its answer"
            )
        frame = self.rules.request_frame(self.rules.call, action, payload, unique_id)
        self._pending = Pending(unique_id, action, response)
        return frame

    def start_send(self, action: str, payload: str, unique_id: str) -> str:
        """The SEND frame for a payload (JSON text): no answer is awaited."""
        if self.rules.send is None:
            raise ValueError("this protocol has no SEND message type")
        return self.rules.request_frame(self.rules.send, action, payload, unique_id)

    def end_call(self, unique_id: str) -> None:
        """Our CALL with this id ends unanswered (timed out, cancelled): an answer is late."""
        if self._pending is not None and self._pending.unique_id == unique_id:
            self._pending = None
            if self._expired is None:
                self._expired = deque(maxlen=_EXPIRED_IDS_KEPT)
            self._expired.append(unique_id)

    def answer(self, call: InboundCall, payload: str) -> str:
        """The CALLRESULT frame for a handler's response (JSON text)."""
        return f"[{self.rules.call_result},{call._id_json},{payload}]"

    def fail(
        self,
        call: InboundCall,
        code: str,
        description: str,
        details: Mapping[str, Any] | None = None,
    ) -> str:
        """The CALLERROR frame for a CALL a handler could not answer."""
        return self.rules.error_frame(
            self.rules.call_error, call._id_json, code, description, details
        )

    # --- frames in: the fast path ---------------------------------------------------------

    def receive(self, frame: str | bytes) -> Event:
        """Read one frame from the peer."""
        if isinstance(frame, str):
            text = frame
        else:
            try:
                text = bytes(frame).decode("utf-8")
            except UnicodeDecodeError:
                return self._reject(
                    None,
                    self.rules.codes.malformed_frame,
                    "the frame is not UTF-8 text",
                )
        rules = self.rules
        head = rules.call_head.match(text)
        if head is not None:
            route = self.routes.get(head[2])
            end = len(text.rstrip(_JSON_WS)) - 1
            if route is not None and text[end] == "]":
                payload = _object_text(text[head.end() : end])
                if "NaN" not in payload and "Infinity" not in payload:
                    try:
                        request = route.validate_request(
                            payload, by_alias=True, by_name=False
                        )
                    except ValidationError:
                        pass
                    else:
                        return InboundCall(head[1], '"' + head[1] + '"', route, request)
            return self.receive_slowly(text)
        head = rules.result_head.match(text)
        pending = self._pending
        if head is not None and pending is not None and pending.unique_id == head[1]:
            end = len(text.rstrip(_JSON_WS)) - 1
            if text[end] == "]":
                payload = _object_text(text[head.end() : end])
                if "NaN" not in payload and "Infinity" not in payload:
                    try:
                        response = pending.validate_response(
                            payload, by_alias=True, by_name=False
                        )
                    except ValidationError:
                        pass
                    else:
                        self._pending = None
                        return CallResult(pending.unique_id, response)
        return self.receive_slowly(text)


def _object_text(payload: str) -> str:
    """A payload's text, with null (OCPP-J's "no payload") as the empty object."""
    return "{}" if payload.rstrip(_JSON_WS) == _NO_PAYLOAD else payload
