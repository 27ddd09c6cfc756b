"""OCPP-J of one protocol version, as data: the `Rules` a protocol's module builds once.

What differs between OCPP versions: the message type numbers (2.1 adds CALLRESULTERROR and
SEND), the error code that answers each problem, what a frame of an unknown message type gets,
the unique id's limit and the id of a reply to a frame whose own cannot be read.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from enum import StrEnum
from typing import Any, Final, Protocol

from pydantic import BaseModel, ValidationError

from ._problems import ProblemCodes, describe_validation_error, short

# JSON's own white space: space, tab, line feed, carriage return.
_WS: Final = r"[ \t\n\r]*"
# A unique id the fast path reads: no escapes, no control characters.
_PLAIN_ID: Final = r'"([^"\\\x00-\x1f]{0,%d})"'


class Tolerance(Protocol):
    """Reads a payload that failed validation, for peers known to deviate; None: refuse it."""

    def read(
        self,
        action: str,
        model: type[BaseModel],
        payload: dict[str, Any],
        error: ValidationError,
    ) -> BaseModel | None: ...


class Rules:
    """OCPP-J of one protocol version, as data; built once by the protocol's module."""

    __slots__ = (
        "call",
        "call_result",
        "call_error",
        "call_result_error",
        "send",
        "unique_id_max_length",
        "unreadable_unique_id",
        "answer_unknown_message_type",
        "codes",
        "call_head",
        "result_head",
        "any_head",
        "unknown_type_reason",
        "message_types",
    )

    def __init__(
        self,
        *,
        call: int,
        call_result: int,
        call_error: int,
        call_result_error: int | None = None,
        send: int | None = None,
        unique_id_max_length: int,
        unreadable_unique_id: str,
        answer_unknown_message_type: bool,
        codes: ProblemCodes,
    ) -> None:
        self.call = call
        self.call_result = call_result
        self.call_error = call_error
        self.call_result_error = call_result_error
        self.send = send
        self.unique_id_max_length = unique_id_max_length
        self.unreadable_unique_id = unreadable_unique_id
        self.answer_unknown_message_type = answer_unknown_message_type
        self.codes = codes
        optional = tuple(kind for kind in (call_result_error, send) if kind is not None)
        self.message_types = (call, call_result, call_error) + optional
        plain_id = _PLAIN_ID % unique_id_max_length
        # [2, "id", "Action", then the payload: an object or null (a SEND takes the full parser)
        self.call_head = re.compile(
            rf'{_WS}\[{_WS}{call}{_WS},{_WS}{plain_id}{_WS},{_WS}"([A-Za-z][A-Za-z0-9_]*)"{_WS},{_WS}(?=\{{|null)'
        )
        # [3, "id", then the payload: an object or null
        self.result_head = re.compile(
            rf"{_WS}\[{_WS}{call_result}{_WS},{_WS}{plain_id}{_WS},{_WS}(?=\{{|null)"
        )
        # The head of any frame that is not strict JSON: its kind and, if readable, its id.
        kinds = "|".join(str(kind) for kind in self.message_types)
        self.any_head = re.compile(
            rf"{_WS}\[{_WS}({kinds}){_WS},(?:{_WS}{plain_id}{_WS},)?"
        )
        self.unknown_type_reason = "the message type is not " + _either(
            self.message_types
        )

    def request_frame(
        self, kind: int, action: str, payload: str, unique_id: str
    ) -> str:
        """A CALL or SEND frame for a payload (JSON text)."""
        limit = self.unique_id_max_length
        if not isinstance(unique_id, str) or len(unique_id) > limit:
            raise ValueError(f"a unique id is a string of at most {limit} characters")
        return f"[{kind},{json.dumps(unique_id)},{json.dumps(action)},{payload}]"

    def error_frame(
        self,
        kind: int,
        id_json: str,
        code: str,
        description: str,
        details: Mapping[str, Any] | None,
    ) -> str:
        """A CALLERROR or CALLRESULTERROR frame; details that are not JSON go out as `{}`."""
        try:
            details_json = json.dumps(
                details or {}, separators=(",", ":"), allow_nan=False
            )
        except (TypeError, ValueError):
            details_json = "{}"
        text = json.dumps(short(description))
        return f"[{kind},{id_json},{json.dumps(str(code))},{text},{details_json}]"

    def describe_payload_error(
        self, error: ValidationError
    ) -> tuple[StrEnum, str, dict[str, Any]]:
        """The code, description (JSON pointer and reason) and details for a payload's
        validation error. The first error decides, except that a property the message does not
        define (not its structure) outranks the others."""
        return describe_validation_error(error, self.codes)


def _either(kinds: tuple[int, ...]) -> str:
    words = [str(kind) for kind in kinds]
    return ", ".join(words[:-1]) + " or " + words[-1]
