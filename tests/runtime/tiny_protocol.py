"""A protocol of three actions, built by hand on the runtime modules as a generated package builds
one: models, an ErrorCode, OCPP-J rules, two side classes. `rules()` makes other OCPP-J variants."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any, ClassVar

from pydantic import BaseModel, ValidationError

from ocpp_codegen.runtime._base import OcppModel, Omittable
from ocpp_codegen.runtime._endpoint import Endpoint
from ocpp_codegen.runtime._errors import OcppError
from ocpp_codegen.runtime._rules import Rules
from ocpp_codegen.runtime._problems import ProblemCodes


class ErrorCode(StrEnum):
    format_violation = "FormatViolation"
    internal_error = "InternalError"
    message_type_not_supported = "MessageTypeNotSupported"
    not_implemented = "NotImplemented"
    not_supported = "NotSupported"
    occurrence_constraint_violation = "OccurrenceConstraintViolation"
    property_constraint_violation = "PropertyConstraintViolation"
    protocol_error = "ProtocolError"
    rpc_framework_error = "RpcFrameworkError"
    type_constraint_violation = "TypeConstraintViolation"

    @property
    def meaning(self) -> str:
        return f"the meaning of {self.value}"


class TinyError(OcppError):
    error_codes: ClassVar[type[StrEnum] | None] = ErrorCode


CODES = ProblemCodes(
    malformed_frame=ErrorCode.rpc_framework_error,
    incomplete_frame=ErrorCode.rpc_framework_error,
    unknown_message_type=ErrorCode.message_type_not_supported,
    unknown_action=ErrorCode.not_implemented,
    unsupported_action=ErrorCode.not_supported,
    missing_property=ErrorCode.occurrence_constraint_violation,
    unknown_property=ErrorCode.protocol_error,
    wrong_cardinality=ErrorCode.occurrence_constraint_violation,
    wrong_type=ErrorCode.type_constraint_violation,
    invalid_value=ErrorCode.property_constraint_violation,
    handler_failed=ErrorCode.internal_error,
)


def rules(*, extended: bool = True, answer_unknown: bool = False, codes: ProblemCodes = CODES) -> Rules:
    """OCPP-J with CALLRESULTERROR 5 and SEND 6 (`extended`), or only CALL, CALLRESULT, CALLERROR."""
    return Rules(
        call=2,
        call_result=3,
        call_error=4,
        call_result_error=5 if extended else None,
        send=6 if extended else None,
        unique_id_max_length=36,
        unreadable_unique_id="-1",
        answer_unknown_message_type=answer_unknown,
        codes=codes,
    )


RULES = rules()


class PingRequest(OcppModel):
    sequence: int
    note: Omittable[str] = None


class PingResponse(OcppModel):
    current_time: datetime


class ReadingNotice(OcppModel):
    """The payload of a SEND: no response."""

    value: float


@dataclass(frozen=True)
class CallEntry:
    name: str
    request: type[BaseModel]
    response: type[BaseModel]


@dataclass(frozen=True)
class SendEntry:
    name: str
    request: type[BaseModel]


PING = CallEntry("Ping", PingRequest, PingResponse)
PONG = CallEntry("Pong", PingRequest, PingResponse)  # sent by the station only
READING = SendEntry("Reading", ReadingNotice)
ACTIONS = {"Ping": PING, "Pong": PONG, "Reading": READING}
NOON = datetime.fromisoformat("2026-11-25T12:00:00+00:00")


class Backend(Endpoint):
    """Answers Ping, receives the Reading SEND; sends Ping."""

    side: ClassVar[Any] = "Backend"
    _title: ClassVar[str] = "Back End"
    _rules: ClassVar[Rules] = RULES
    _known_actions: ClassVar[Any] = ACTIONS
    _error_class: ClassVar[type[OcppError]] = TinyError
    _incoming: ClassVar[tuple[tuple[Any, str], ...]] = ((PING, "on_ping"), (READING, "on_reading"))
    _outgoing: ClassVar[frozenset[str]] = frozenset({"Ping"})

    async def on_ping(self, request: PingRequest) -> PingResponse:
        raise self._not_supported("Ping")

    async def on_reading(self, request: ReadingNotice) -> None:
        raise self._not_supported("Reading")


class Station(Endpoint):
    """Answers Ping; sends Ping, Pong and the Reading SEND."""

    side: ClassVar[Any] = "Station"
    _title: ClassVar[str] = "Station"
    _rules: ClassVar[Rules] = RULES
    _known_actions: ClassVar[Any] = ACTIONS
    _error_class: ClassVar[type[OcppError]] = TinyError
    _incoming: ClassVar[tuple[tuple[Any, str], ...]] = ((PING, "on_ping"),)
    _outgoing: ClassVar[frozenset[str]] = frozenset({"Ping", "Pong", "Reading"})

    async def on_ping(self, request: PingRequest) -> PingResponse:
        raise self._not_supported("Ping")


class DropUnknownProperties:
    """A tolerance: a payload whose only faults are properties the message does not define is
    read without them. It keeps a record of what it read, which is a tolerance's own job."""

    def __init__(self) -> None:
        self.read_with_deviation: list[tuple[str, list[str]]] = []
        self.asked = 0

    def read(
        self, action: str, model: type[BaseModel], payload: dict[str, Any], error: ValidationError
    ) -> BaseModel | None:
        self.asked += 1
        errors = error.errors()
        if any(e["type"] != "extra_forbidden" or len(e["loc"]) != 1 for e in errors):
            return None
        extra = [str(e["loc"][0]) for e in errors]
        kept = {key: value for key, value in payload.items() if key not in extra}
        self.read_with_deviation.append((action, extra))
        return model.model_validate_json(json.dumps(kept), by_alias=True, by_name=False)
