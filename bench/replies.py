"""The trivial handlers of sections 2 and 3: each answers its CALL with a constant payload, so that
what is measured is the handling around it (framing, validation, routing, serialising).
Every contender's handlers answer with exactly these payloads."""

from __future__ import annotations

import json
from typing import Any

from .payloads import NOW


def reply_payload(action: str) -> dict[str, Any]:
    """The CALLRESULT payload a trivial handler answers `action` with, in wire names."""
    replies: dict[str, dict[str, Any]] = {
        "Heartbeat": {"currentTime": NOW},
        "BootNotification": {"status": "Accepted", "currentTime": NOW, "interval": 300},
        "StartTransaction": {"idTagInfo": {"status": "Accepted"}, "transactionId": 42},
        "MeterValues": {},
        "SetChargingProfile": {"status": "Accepted"},
    }
    return replies[action]


def handled_actions() -> tuple[str, ...]:
    return ("Heartbeat", "BootNotification", "StartTransaction", "MeterValues", "SetChargingProfile")


def is_trivial_reply(frame: str, reply: str) -> bool:
    """Whether `reply` is the CALLRESULT a trivial handler gives to the CALL `frame`."""
    _, unique_id, action, _ = json.loads(frame)
    return bool(json.loads(reply) == [3, unique_id, reply_payload(action)])


def is_call_error(frame: str, reply: str) -> bool:
    """Whether `reply` is a CALLERROR answering the CALL `frame`."""
    answer = json.loads(reply)
    return isinstance(answer, list) and answer[:2] == [4, json.loads(frame)[1]]
