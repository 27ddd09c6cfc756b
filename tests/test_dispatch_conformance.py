"""The generated dispatcher against strict OCPP-J peers: null payloads, answers that are not
strict JSON, deep nesting, a handler's cancellation, and what an OcppError may carry."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Annotated, Any

import pytest
from pydantic import Field, ValidationError

import ocpp16
from ocpp16._base import OcppModel, Omittable
from ocpp16.dispatch import (
    CentralSystem,
    ChargePoint,
    ErrorCode,
    InvalidResponseError,
    OcppError,
    describe_payload_error,
)

DEEP = 1000
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def _escaped(unique_id: str) -> str:
    """The id with its first character as a JSON escape: the same id, read by the json path."""
    return "\\u%04x" % ord(unique_id[0]) + unique_id[1:]


class HeartbeatCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        return ocpp16.HeartbeatResponse(current_time=NOW)


async def _nothing(frame: str) -> None:
    return None


def _reply(endpoint: CentralSystem | ChargePoint, frame: str) -> list[Any] | None:
    reply = asyncio.run(endpoint.receive(frame))
    return None if reply is None else json.loads(reply)


# --- null for "no payload" ----------------------------------------------------------------


@pytest.mark.parametrize("unique_id", ["hb-1", "\\u0068b-1"], ids=["fast-path", "json-path"])
def test_a_call_with_a_null_payload_is_read_as_an_empty_object(unique_id: str) -> None:
    reply = _reply(HeartbeatCentralSystem(_nothing, "CP_1"), f'[2, "{unique_id}", "Heartbeat", null ]')
    assert reply == [3, "hb-1", {"currentTime": "2026-11-25T08:00:00Z"}]


@pytest.mark.parametrize("unique_id", ["b-1", "\\u0062-1"], ids=["fast-path", "json-path"])
def test_a_null_payload_of_a_message_with_required_properties_misses_them(unique_id: str) -> None:
    reply = _reply(HeartbeatCentralSystem(_nothing, "CP_1"), f'[2,"{unique_id}","BootNotification",null]')
    assert reply is not None and reply[:3] == [4, "b-1", "OccurenceConstraintViolation"]


def _answered_call(answer: Callable[[str], str]) -> tuple[Any, list[str]]:
    """Send StatusNotification, answer it with `answer(unique_id)`: (result or exception, frames sent back)."""

    async def scenario() -> tuple[Any, list[str]]:
        sent: list[str] = []

        async def send(frame: str) -> None:
            sent.append(frame)

        charge_point = ChargePoint(send, "CP_1", response_timeout=10)
        request = ocpp16.StatusNotificationRequest(
            connector_id=1, error_code=ocpp16.ChargePointErrorCode.no_error, status=ocpp16.ChargePointStatus.available
        )
        call = asyncio.create_task(charge_point.status_notification(request))
        await asyncio.sleep(0)
        replies = [await charge_point.receive(answer(json.loads(sent[0])[1]))]
        try:
            result: Any = await call
        except Exception as error:  # the test inspects it
            result = error
        return result, [r for r in replies if r is not None]

    return asyncio.run(scenario())


@pytest.mark.parametrize("escape", [False, True], ids=["fast-path", "json-path"])
def test_a_callresult_with_a_null_payload_is_read_as_an_empty_object(escape: bool) -> None:
    result, replies = _answered_call(lambda uid: f'[3, "{_escaped(uid) if escape else uid}", null]')
    assert result == ocpp16.StatusNotificationResponse() and replies == []


# --- answers that are not strict JSON -------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        '[3, "{uid}", {{"x": NaN}}]',
        '[3, "{uid}", {{}}] trailing',
        '[3, "{uid}", {{}}]]',
        '[3, "{uid}", ' + "[" * DEEP + "]" * DEEP + "]",
        '[4, "{uid}", "GenericError", "", {{"x": Infinity}}]',
    ],
    ids=["nan", "trailing-bytes", "extra-bracket", "deep-nesting", "callerror-with-infinity"],
)
def test_an_answer_that_is_not_strict_json_fails_its_call_at_once_and_is_not_answered(text: str) -> None:
    result, replies = _answered_call(lambda uid: text.format(uid=uid))
    assert isinstance(result, InvalidResponseError) and result.code == "FormationViolation"
    assert replies == []


@pytest.mark.parametrize(
    "text", ['[3, "nobody", {"x": NaN}]', '[3, "\\u0041", {"x": NaN}]', '[4, 1, "GenericError", "", {}] x']
)
def test_an_answer_to_no_call_that_is_not_json_is_dropped_and_not_answered(text: str) -> None:
    assert _reply(CentralSystem(_nothing, "CP_1"), text) is None


def test_a_deeply_nested_call_keeps_its_readable_unique_id_in_the_callerror() -> None:
    payload = '{"a":' * DEEP + "1" + "}" * DEEP
    reply = _reply(HeartbeatCentralSystem(_nothing, "CP_1"), f'[2, "deep-1", "BootNotification", {payload}]')
    assert reply is not None and reply[:3] == [4, "deep-1", "FormationViolation"]


# --- a string's length is a value constraint, wherever pydantic puts the check ----------------


class _OptionalNote(OcppModel):
    # What the generator writes for an optional string with a maxLength and no type name.
    note: Annotated[Omittable[str], Field(max_length=3)] = None


def test_a_too_long_optional_string_is_a_property_constraint_violation_on_a_string() -> None:
    with pytest.raises(ValidationError) as raised:
        _OptionalNote.from_wire('{"note": "abcdef"}')
    code, description, details = describe_payload_error(raised.value)
    assert code is ErrorCode.property_constraint_violation
    assert details == {"pointer": "/note"} and "items" not in description and "3 characters" in description


# --- handlers that cancel, errors that are not OCPP errors ----------------------------------


class CancellingCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        raise asyncio.CancelledError


def test_a_handler_raising_cancelled_error_is_answered_with_an_internal_error() -> None:
    reply = _reply(CancellingCentralSystem(_nothing, "CP_1"), '[2, "c-1", "Heartbeat", {}]')
    assert reply is not None and reply[:3] == [4, "c-1", "InternalError"]


def test_cancelling_the_answer_itself_still_cancels_it() -> None:
    started = asyncio.Event()

    class WaitingCentralSystem(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            started.set()
            await asyncio.Event().wait()
            raise AssertionError("never reached")

    async def scenario() -> bool:
        answering = asyncio.create_task(WaitingCentralSystem(_nothing, "CP_1").receive('[2, "w-1", "Heartbeat", {}]'))
        await started.wait()
        answering.cancel()
        await asyncio.wait([answering])
        return answering.cancelled()

    assert asyncio.run(scenario())


@pytest.mark.parametrize("code", ["NotACode", "FormatViolation", 5, None])
def test_an_ocpp_error_takes_only_an_ocpp_error_code(code: Any) -> None:
    with pytest.raises(ValueError, match="not an OCPP-J error code"):
        OcppError(code)


def test_an_ocpp_error_code_may_be_given_as_its_text() -> None:
    assert OcppError("GenericError").code is ErrorCode.generic_error


@pytest.mark.parametrize(("description", "details"), [(5, None), (b"bytes", None), ("", ["not", "a", "mapping"])])
def test_an_ocpp_error_takes_a_string_description_and_mapping_details(description: Any, details: Any) -> None:
    with pytest.raises(TypeError):
        OcppError(ErrorCode.generic_error, description, details)
