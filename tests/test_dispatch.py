"""The generated sans-I/O dispatcher: frames in, frames out, every error code path, outgoing calls.

No sockets here: an endpoint gets frames as text and its `send` is a plain coroutine.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable, Coroutine
from datetime import datetime, timezone
from typing import Any, TypeVar

import pytest

import ocpp16
from ocpp16 import table
from ocpp16.dispatch import (
    CallError,
    CallTimeoutError,
    CentralSystem,
    ChargePoint,
    EndpointClosedError,
    ErrorCode,
    InboundCall,
    InvalidResponseError,
    OcppError,
)

from .dispatch_samples import SAMPLES

T = TypeVar("T")
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
BOOT = {"chargePointVendor": "Acme", "chargePointModel": "X1"}


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


class Outbox:
    """A `send` that keeps the frames an endpoint sends."""

    def __init__(self) -> None:
        self.frames: list[str] = []

    async def __call__(self, frame: str) -> None:
        self.frames.append(frame)

    def last(self) -> list[Any]:
        return json.loads(self.frames[-1])


class BootingCentralSystem(CentralSystem):
    """Answers BootNotification; records what it got."""

    received: list[ocpp16.BootNotificationRequest]

    async def on_boot_notification(self, request: ocpp16.BootNotificationRequest) -> ocpp16.BootNotificationResponse:
        self.received = [*getattr(self, "received", []), request]
        return ocpp16.BootNotificationResponse(
            status=ocpp16.RegistrationStatus.accepted, current_time=NOW, interval=300
        )


def answer(endpoint: CentralSystem | ChargePoint, frame: str | bytes) -> list[Any] | None:
    reply = run(endpoint.receive(frame))
    return None if reply is None else json.loads(reply)


def central_system(cls: type[CentralSystem] = BootingCentralSystem, **options: Any) -> CentralSystem:
    return cls(Outbox(), "CP_1", **options)


# --- a CALL in, the handler's answer out -------------------------------------------------


def test_a_call_is_answered_with_the_handlers_response_as_a_callresult() -> None:
    endpoint = central_system()
    reply = answer(endpoint, json.dumps([2, "id-1", "BootNotification", BOOT]))
    assert reply == [3, "id-1", {"status": "Accepted", "currentTime": "2026-11-25T08:00:00Z", "interval": 300}]


def test_the_handler_gets_the_request_as_its_typed_model() -> None:
    endpoint = central_system()
    answer(endpoint, json.dumps([2, "id-1", "BootNotification", {**BOOT, "firmwareVersion": "1.0"}]))
    assert isinstance(endpoint, BootingCentralSystem)
    assert endpoint.received == [
        ocpp16.BootNotificationRequest(charge_point_vendor="Acme", charge_point_model="X1", firmware_version="1.0")
    ]


def test_json_white_space_between_the_frame_elements_is_accepted() -> None:
    reply = answer(
        central_system(),
        '\r\n [ 2 ,\t"id-1" , "BootNotification" ,\n{"chargePointVendor": "Acme", "chargePointModel": "X1"} ] \n',
    )
    assert reply is not None and reply[:2] == [3, "id-1"]


def test_a_unique_id_with_escapes_is_repeated_as_the_peer_meant_it() -> None:
    reply = answer(
        central_system(),
        '[2, "id-\\u00e9\\"1", "BootNotification", {"chargePointVendor": "Acme", "chargePointModel": "X1"}]',
    )
    assert reply is not None and reply[:2] == [3, 'id-\u00e9"1']


def test_a_frame_may_arrive_as_utf8_bytes() -> None:
    reply = answer(central_system(), json.dumps([2, "id-1", "BootNotification", BOOT]).encode())
    assert reply is not None and reply[:2] == [3, "id-1"]


def test_receive_frame_and_answer_split_the_work_for_transports() -> None:
    endpoint = central_system()
    call = endpoint.receive_frame(json.dumps([2, "id-1", "BootNotification", BOOT]))
    assert isinstance(call, InboundCall)
    assert (call.unique_id, call.action) == ("id-1", "BootNotification")
    assert json.loads(run(endpoint.answer(call)))[:2] == [3, "id-1"]


# --- a CALL this side cannot serve --------------------------------------------------------


def test_an_action_the_protocol_does_not_have_is_answered_with_not_implemented() -> None:
    assert answer(central_system(), '[2, "id-1", "MakeCoffee", {}]') == [
        4,
        "id-1",
        "NotImplemented",
        "unknown action MakeCoffee",
        {},
    ]


def test_an_action_this_side_does_not_receive_is_answered_with_not_supported() -> None:
    reply = answer(central_system(), '[2, "id-1", "Reset", {"type": "Hard"}]')
    assert reply == [4, "id-1", "NotSupported", "the Central System does not receive Reset", {}]


def test_an_action_whose_handler_is_not_overridden_is_answered_with_not_supported() -> None:
    reply = answer(central_system(), '[2, "id-1", "Heartbeat", {}]')
    assert reply == [4, "id-1", "NotSupported", "this Central System does not support Heartbeat", {}]


def test_the_charge_point_side_answers_what_the_central_system_sends() -> None:
    charge_point = ChargePoint(Outbox(), "CP_1")
    assert answer(charge_point, '[2, "id-1", "Reset", {"type": "Hard"}]') == [
        4,
        "id-1",
        "NotSupported",
        "this Charge Point does not support Reset",
        {},
    ]
    assert answer(charge_point, json.dumps([2, "id-2", "BootNotification", BOOT]))[2] == "NotSupported"  # type: ignore[index]


# --- a payload that does not validate -----------------------------------------------------

INVALID_PAYLOADS = {
    "missing_required_field": ("Authorize", {}, "OccurenceConstraintViolation", "/idTag"),
    "unknown_property": ("Authorize", {"idTag": "T", "colour": "red"}, "FormationViolation", "/colour"),
    "string_for_integer": (
        "StartTransaction",
        {"connectorId": "1", "idTag": "T", "meterStart": 0, "timestamp": "2026-11-25T08:00:00Z"},
        "TypeConstraintViolation",
        "/connectorId",
    ),
    "fraction_for_integer": (
        "StartTransaction",
        {"connectorId": 1.5, "idTag": "T", "meterStart": 0, "timestamp": "2026-11-25T08:00:00Z"},
        "TypeConstraintViolation",
        "/connectorId",
    ),
    "boolean_for_number": (
        "MeterValues",
        {"connectorId": True, "meterValue": [{"timestamp": "2026-11-25T08:00:00Z", "sampledValue": [{"value": "1"}]}]},
        "TypeConstraintViolation",
        "/connectorId",
    ),
    "null_for_optional_field": ("Authorize", {"idTag": None}, "TypeConstraintViolation", "/idTag"),
    "object_for_string": ("Authorize", {"idTag": {}}, "TypeConstraintViolation", "/idTag"),
    "string_too_long": ("Authorize", {"idTag": "x" * 21}, "PropertyConstraintViolation", "/idTag"),
    "value_not_in_enum": (
        "StatusNotification",
        {"connectorId": 1, "errorCode": "NoError", "status": "Sleeping"},
        "PropertyConstraintViolation",
        "/status",
    ),
    "number_for_enum": (
        "StatusNotification",
        {"connectorId": 1, "errorCode": "NoError", "status": 3},
        "TypeConstraintViolation",
        "/status",
    ),
    "date_time_without_offset": (
        "StartTransaction",
        {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-11-25T08:00:00"},
        "PropertyConstraintViolation",
        "/timestamp",
    ),
    "not_a_date_time": (
        "StartTransaction",
        {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "yesterday"},
        "PropertyConstraintViolation",
        "/timestamp",
    ),
    "empty_array_of_min_items_1": (
        "MeterValues",
        {"connectorId": 1, "meterValue": []},
        "OccurenceConstraintViolation",
        "/meterValue",
    ),
    "nested_missing_field": (
        "MeterValues",
        {"connectorId": 1, "meterValue": [{"timestamp": "2026-11-25T08:00:00Z", "sampledValue": [{}]}]},
        "OccurenceConstraintViolation",
        "/meterValue/0/sampledValue/0/value",
    ),
    "nested_object_of_wrong_type": (
        "MeterValues",
        {"connectorId": 1, "meterValue": [5]},
        "TypeConstraintViolation",
        "/meterValue/0",
    ),
    "object_for_array": ("MeterValues", {"connectorId": 1, "meterValue": {}}, "TypeConstraintViolation", "/meterValue"),
    "not_a_multiple_of": (
        "SetChargingProfile",
        {
            "connectorId": 1,
            "csChargingProfiles": {
                "chargingProfileId": 1,
                "stackLevel": 0,
                "chargingProfilePurpose": "TxDefaultProfile",
                "chargingProfileKind": "Absolute",
                "chargingSchedule": {
                    "chargingRateUnit": "A",
                    "chargingSchedulePeriod": [{"startPeriod": 0, "limit": 16.05}],
                },
            },
        },
        "PropertyConstraintViolation",
        "/csChargingProfiles/chargingSchedule/chargingSchedulePeriod/0/limit",
    ),
    "uri_without_scheme": (
        "UpdateFirmware",
        {"location": "firmware.bin", "retrieveDate": "2026-11-25T08:00:00Z"},
        "PropertyConstraintViolation",
        "/location",
    ),
}


@pytest.mark.parametrize(
    ("action", "payload", "code", "pointer"), INVALID_PAYLOADS.values(), ids=INVALID_PAYLOADS.keys()
)
def test_an_invalid_payload_is_answered_with_the_code_of_its_violation(
    action: str, payload: dict[str, Any], code: str, pointer: str
) -> None:
    receiver: CentralSystem | ChargePoint = (
        central_system() if table.ACTIONS[action].sent_by(table.Initiator.charge_point) else ChargePoint(Outbox())
    )
    reply = answer(receiver, json.dumps([2, "id-1", action, payload]))
    assert reply is not None
    assert reply[:3] == [4, "id-1", code]
    assert reply[3].startswith(pointer + ": ")
    assert reply[4] == {"pointer": pointer}


def test_the_description_of_a_validation_error_is_short_and_counts_the_other_errors() -> None:
    reply = answer(
        central_system(),
        json.dumps([2, "id-1", "StatusNotification", {"connectorId": "1", "errorCode": "Boom", "status": "Sleeping"}]),
    )
    assert reply is not None
    assert reply[3].endswith("(and 2 more)") and len(reply[3]) <= 255
    assert "Traceback" not in reply[3]


# --- a frame that is not a proper OCPP-J message -----------------------------------------

MALFORMED_FRAMES = {
    "not_json": ("[2, 'id-1', 'Heartbeat', {}]", "-1", "FormationViolation"),
    "nan_in_payload": (
        '[2, "id-1", "MeterValues", {"connectorId": NaN, "meterValue": []}]',
        "id-1",
        "FormationViolation",
    ),
    "infinity_in_payload": (
        '[2, "id-1", "SetChargingProfile", {"connectorId": Infinity}]',
        "id-1",
        "FormationViolation",
    ),
    "minus_infinity_in_payload": (
        '[2, "id-1", "SetChargingProfile", {"connectorId": -Infinity}]',
        "id-1",
        "FormationViolation",
    ),
    "trailing_garbage": ('[2, "id-1", "Heartbeat", {}] x', "id-1", "FormationViolation"),
    "truncated": ('[2, "id-1", "Heartbeat", {', "id-1", "FormationViolation"),
    "deeply_nested": ("[" * 100_000, "-1", "FormationViolation"),
    "object_not_array": ('{"id": "id-1"}', "-1", "FormationViolation"),
    "empty_array": ("[]", "-1", "FormationViolation"),
    "unknown_message_type": ('[5, "id-1", "Heartbeat", {}]', "-1", "FormationViolation"),
    "message_type_as_float": ('[2.0, "id-1", "Heartbeat", {}]', "-1", "FormationViolation"),
    "message_type_as_string": ('["2", "id-1", "Heartbeat", {}]', "-1", "FormationViolation"),
    "call_without_anything": ("[2]", "-1", "ProtocolError"),
    "call_without_action": ('[2, "id-1"]', "id-1", "ProtocolError"),
    "call_without_payload": ('[2, "id-1", "Heartbeat"]', "id-1", "ProtocolError"),
    "call_with_an_extra_element": ('[2, "id-1", "Heartbeat", {}, {}]', "id-1", "FormationViolation"),
    "unique_id_not_a_string": ('[2, 1, "Heartbeat", {}]', "-1", "FormationViolation"),
    "unique_id_longer_than_36": (f'[2, "{"x" * 37}", "Heartbeat", {{}}]', "x" * 37, "FormationViolation"),
    "action_not_a_string": ('[2, "id-1", 7, {}]', "id-1", "FormationViolation"),
    "payload_not_an_object": ('[2, "id-1", "Heartbeat", []]', "id-1", "FormationViolation"),
    "payload_a_string": ('[2, "id-1", "Heartbeat", "{}"]', "id-1", "FormationViolation"),
}


@pytest.mark.parametrize(("frame", "unique_id", "code"), MALFORMED_FRAMES.values(), ids=MALFORMED_FRAMES.keys())
def test_a_malformed_frame_is_answered_with_a_callerror_and_never_raises(frame: str, unique_id: str, code: str) -> None:
    reply = answer(central_system(), frame)
    assert reply is not None
    assert reply[:3] == [4, unique_id, code]
    assert isinstance(reply[3], str) and reply[3] and reply[4] == {}


def test_a_lone_surrogate_escape_is_a_malformed_payload() -> None:
    reply = answer(central_system(), '[2, "id-1", "Authorize", {"idTag": "x\\ud800"}]')
    assert reply == [4, "id-1", "FormationViolation", "the payload is not valid JSON text", {"pointer": ""}]


def test_bytes_that_are_not_utf8_are_a_malformed_frame() -> None:
    assert answer(central_system(), b'[2, "id-1", "Heartbeat", {"x": "\xff"}]') == [
        4,
        "-1",
        "FormationViolation",
        "the frame is not UTF-8 text",
        {},
    ]


def test_a_36_character_unique_id_is_fine() -> None:
    reply = answer(central_system(), json.dumps([2, "x" * 36, "BootNotification", BOOT]))
    assert reply is not None and reply[:2] == [3, "x" * 36]


# --- handlers that fail ------------------------------------------------------------------


class FailingCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        raise KeyError("secret database row 17")

    async def on_authorize(self, request: ocpp16.AuthorizeRequest) -> ocpp16.AuthorizeResponse:
        raise OcppError(ErrorCode.security_error, "tag blocked by policy", {"policy": "P1"})

    async def on_status_notification(
        self, request: ocpp16.StatusNotificationRequest
    ) -> ocpp16.StatusNotificationResponse:
        raise OcppError(ErrorCode.generic_error)

    async def on_boot_notification(self, request: ocpp16.BootNotificationRequest) -> ocpp16.BootNotificationResponse:
        return ocpp16.HeartbeatResponse(current_time=NOW)  # type: ignore[return-value]

    async def on_start_transaction(self, request: ocpp16.StartTransactionRequest) -> ocpp16.StartTransactionResponse:
        # model_construct skips validation: a handler bug the dispatcher must not put on the wire
        return ocpp16.StartTransactionResponse.model_construct(
            transaction_id="seven", id_tag_info=ocpp16.IdTagInfo(status=ocpp16.AuthorizationStatus.accepted)
        )


def test_a_handler_exception_is_an_internal_error_and_its_traceback_stays_in_the_log(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR, logger="ocpp16.dispatch"):
        reply = answer(central_system(FailingCentralSystem), '[2, "id-1", "Heartbeat", {}]')
    assert reply is not None
    assert reply[:3] == [4, "id-1", "InternalError"]
    assert "secret" not in json.dumps(reply) and "Traceback" not in json.dumps(reply)
    assert any(record.exc_info and "secret database row 17" in str(record.exc_info[1]) for record in caplog.records)


def test_a_handler_raising_ocpp_error_answers_with_its_code_description_and_details() -> None:
    reply = answer(central_system(FailingCentralSystem), '[2, "id-1", "Authorize", {"idTag": "T"}]')
    assert reply == [4, "id-1", "SecurityError", "tag blocked by policy", {"policy": "P1"}]


def test_an_ocpp_error_without_description_carries_the_meaning_of_its_code() -> None:
    reply = answer(
        central_system(FailingCentralSystem),
        '[2, "id-1", "StatusNotification", {"connectorId": 1, "errorCode": "NoError", "status": "Available"}]',
    )
    assert reply == [4, "id-1", "GenericError", "Any other error not covered by the previous ones", {}]


def test_a_handler_answering_with_another_model_is_an_internal_error() -> None:
    reply = answer(central_system(FailingCentralSystem), json.dumps([2, "id-1", "BootNotification", BOOT]))
    assert reply is not None and reply[:3] == [4, "id-1", "InternalError"]


def test_a_handler_answering_with_an_invalid_response_is_an_internal_error() -> None:
    frame = json.dumps(
        [
            2,
            "id-1",
            "StartTransaction",
            {"connectorId": 1, "idTag": "T", "meterStart": 0, "timestamp": "2026-11-25T08:00:00Z"},
        ]
    )
    reply = answer(central_system(FailingCentralSystem), frame)
    assert reply is not None and reply[:3] == [4, "id-1", "InternalError"]


def test_the_1_6_spellings_of_the_error_codes_are_kept() -> None:
    assert ErrorCode.occurence_constraint_violation == "OccurenceConstraintViolation"
    assert ErrorCode.formation_violation == "FormationViolation"
    assert len(ErrorCode) == 10


# --- outgoing calls ----------------------------------------------------------------------


def pair(
    central_cls: type[CentralSystem], charge_cls: type[ChargePoint], **options: Any
) -> tuple[CentralSystem, ChargePoint, list[str]]:
    """Two endpoints wired to each other in memory; `wire` lists every frame that crossed."""
    wire: list[str] = []
    central: CentralSystem
    charge: ChargePoint

    def link(
        target: Callable[[], CentralSystem | ChargePoint], origin: Callable[[], CentralSystem | ChargePoint]
    ) -> Callable[[str], Awaitable[None]]:
        async def send(frame: str) -> None:
            wire.append(frame)
            reply = await target().receive(frame)
            if reply is not None:
                wire.append(reply)
                await origin().receive(reply)

        return send

    central = central_cls(link(lambda: charge, lambda: central), "CP_1", **options)
    charge = charge_cls(link(lambda: central, lambda: charge), "CP_1", **options)
    return central, charge, wire


def _answering(side: type[CentralSystem] | type[ChargePoint], received: dict[str, Any]) -> Any:
    """A subclass of `side` whose every handler records its request and answers with the sample response."""

    def handler(view_name: str) -> Callable[..., Awaitable[Any]]:
        async def on_action(self: Any, request: Any) -> Any:
            received[view_name] = request
            return table.ACTIONS[view_name].response.from_wire(json.dumps(SAMPLES[view_name][1]))

        return on_action

    methods = {method: handler(action.name) for action, method in side._incoming}
    return type(f"Answering{side.__name__}", (side,), methods)


@pytest.mark.parametrize("action", sorted(table.ACTIONS))
def test_every_action_crosses_between_the_two_generated_sides(action: str) -> None:
    entry = table.ACTIONS[action]
    received: dict[str, Any] = {}
    central, charge, wire = pair(_answering(CentralSystem, received), _answering(ChargePoint, received))
    caller = charge if entry.sent_by(table.Initiator.charge_point) else central
    request = entry.request.from_wire(json.dumps(SAMPLES[action][0]))
    response = run(getattr(caller, _method(action))(request))
    assert received[action] == request
    assert response == entry.response.from_wire(json.dumps(SAMPLES[action][1]))
    sent = json.loads(wire[0])
    assert sent[2] == action and entry.request.from_wire(json.dumps(sent[3])) == request


def _method(action: str) -> str:
    from ocpp_codegen.naming import snake_case

    return snake_case(action)


def test_the_typed_call_method_returns_the_response_model() -> None:
    _, charge, _ = pair(BootingCentralSystem, ChargePoint)
    response = run(
        charge.boot_notification(ocpp16.BootNotificationRequest(charge_point_vendor="Acme", charge_point_model="X1"))
    )
    assert isinstance(response, ocpp16.BootNotificationResponse)
    assert response.status is ocpp16.RegistrationStatus.accepted


def _request(action: str) -> Any:
    return table.ACTIONS[action].request.from_wire(json.dumps(SAMPLES[action][0]))


def test_unique_ids_are_fresh_strings_of_at_most_36_characters() -> None:
    async def scenario() -> list[str]:
        outbox = Outbox()
        central = CentralSystem(outbox, "CP_1", response_timeout=5)
        for number in range(3):
            task = asyncio.create_task(central.reset(_request("Reset")))
            await asyncio.sleep(0)
            await central.receive(json.dumps([3, json.loads(outbox.frames[number])[1], {"status": "Accepted"}]))
            await task
        return [json.loads(frame)[1] for frame in outbox.frames]

    ids = run(scenario())
    assert len(set(ids)) == 3 and all(isinstance(i, str) and 0 < len(i) <= 36 for i in ids)


def test_one_call_is_outstanding_at_a_time_and_the_others_wait_in_order() -> None:
    async def scenario() -> tuple[list[int], list[str]]:
        outbox = Outbox()
        central = CentralSystem(outbox, "CP_1")
        calls = [asyncio.create_task(central.reset(_request("Reset"))) for _ in range(3)]
        sent_while_waiting = []
        order = []
        for _ in calls:
            await asyncio.sleep(0.01)
            sent_while_waiting.append(len(outbox.frames))
            unique_id = outbox.last()[1]
            order.append(unique_id)
            await central.receive(json.dumps([3, unique_id, {"status": "Accepted"}]))
        await asyncio.gather(*calls)
        return sent_while_waiting, order

    sent_while_waiting, order = run(scenario())
    assert sent_while_waiting == [1, 2, 3]
    assert len(set(order)) == 3


def test_a_call_without_an_answer_times_out_with_a_typed_error() -> None:
    async def scenario() -> CallTimeoutError:
        central = CentralSystem(Outbox(), "CP_1", response_timeout=0.05)
        with pytest.raises(CallTimeoutError) as caught:
            await central.clear_cache(ocpp16.ClearCacheRequest())
        return caught.value

    error = run(scenario())
    assert error.action == "ClearCache" and isinstance(error, TimeoutError)


def test_the_next_call_goes_out_after_a_timeout() -> None:
    async def scenario() -> int:
        outbox = Outbox()
        central = CentralSystem(outbox, "CP_1", response_timeout=0.05)
        first = asyncio.create_task(central.clear_cache(ocpp16.ClearCacheRequest()))
        second = asyncio.create_task(central.clear_cache(ocpp16.ClearCacheRequest()))
        await asyncio.sleep(0.02)
        assert len(outbox.frames) == 1
        with pytest.raises(CallTimeoutError):
            await first
        await asyncio.sleep(0.01)
        await central.receive(json.dumps([3, outbox.last()[1], {"status": "Accepted"}]))
        await second
        return len(outbox.frames)

    assert run(scenario()) == 2


def test_a_late_answer_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    async def scenario() -> str | None:
        outbox = Outbox()
        central = CentralSystem(outbox, "CP_1", response_timeout=0.01)
        with pytest.raises(CallTimeoutError):
            await central.clear_cache(ocpp16.ClearCacheRequest())
        return await central.receive(json.dumps([3, outbox.last()[1], {"status": "Accepted"}]))

    with caplog.at_level(logging.WARNING, logger="ocpp16.dispatch"):
        assert run(scenario()) is None
    assert "after its CALL timed out" in caplog.text


def test_an_answer_to_no_call_of_ours_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="ocpp16.dispatch"):
        assert run(central_system().receive('[3, "nobody", {"status": "Accepted"}]')) is None
        assert run(central_system().receive('[4, "nobody", "GenericError", "", {}]')) is None
    assert caplog.text.count("no CALL of ours has that id") == 2


def _call_answered_with(answer_frame: Callable[[str], str]) -> Any:
    """Make a ClearCache call, answer it with `answer_frame(unique_id)`, return the result or the exception."""

    async def scenario() -> Any:
        outbox = Outbox()
        central = CentralSystem(outbox, "CP_1")
        call = asyncio.create_task(central.clear_cache(ocpp16.ClearCacheRequest()))
        await asyncio.sleep(0)
        await central.receive(answer_frame(outbox.last()[1]))
        try:
            return await call
        except Exception as error:  # the test inspects it
            return error

    return run(scenario())


def test_a_callerror_answer_raises_call_error_with_code_description_and_details() -> None:
    error = _call_answered_with(lambda uid: json.dumps([4, uid, "NotSupported", "no cache here", {"why": "stateless"}]))
    assert isinstance(error, CallError)
    assert (error.code, error.description, error.details, error.action) == (
        "NotSupported",
        "no cache here",
        {"why": "stateless"},
        "ClearCache",
    )


def test_a_callerror_with_a_code_outside_the_specification_keeps_it_as_sent() -> None:
    error = _call_answered_with(lambda uid: json.dumps([4, uid, "FormatViolation", "2.0 spelling", {}]))
    assert isinstance(error, CallError) and error.code == "FormatViolation"


def test_an_invalid_callresult_raises_invalid_response_error_with_the_code_it_deserves() -> None:
    error = _call_answered_with(lambda uid: json.dumps([3, uid, {"status": "Maybe"}]))
    assert isinstance(error, InvalidResponseError)
    assert (error.code, error.details) == ("PropertyConstraintViolation", {"pointer": "/status"})


@pytest.mark.parametrize(
    "frame",
    [
        '[3, "{uid}"]',
        '[3, "{uid}", []]',
        '[3, "{uid}", {{}}, 1]',
        '[4, "{uid}", "GenericError"]',
        '[4, "{uid}", 1, "", {{}}]',
        '[4, "{uid}", "GenericError", "", []]',
    ],
)
def test_a_malformed_answer_fails_its_call_and_is_not_answered(frame: str) -> None:
    error = _call_answered_with(lambda uid: frame.format(uid=uid))
    assert isinstance(error, InvalidResponseError) and error.code == "FormationViolation"


def test_a_callresult_with_white_space_and_escapes_is_matched() -> None:
    response = _call_answered_with(lambda uid: f' [ 3 , "{uid}" ,\n {{ "status" : "Accept\\u0065d" }} ] ')
    assert response == ocpp16.ClearCacheResponse(status=ocpp16.ClearCacheStatus.accepted)


def test_closing_the_endpoint_fails_the_outstanding_call_and_the_queued_ones() -> None:
    async def scenario() -> list[BaseException | Any]:
        central = CentralSystem(Outbox(), "CP_1")
        calls = [asyncio.create_task(central.clear_cache(ocpp16.ClearCacheRequest())) for _ in range(2)]
        await asyncio.sleep(0.01)
        central.close()
        results = await asyncio.gather(*calls, return_exceptions=True)
        later = await asyncio.gather(central.clear_cache(ocpp16.ClearCacheRequest()), return_exceptions=True)
        return [*results, *later]

    assert all(isinstance(result, EndpointClosedError) for result in run(scenario()))


def test_a_side_cannot_send_an_action_of_the_other_side() -> None:
    central = CentralSystem(Outbox(), "CP_1")
    with pytest.raises(ValueError, match="does not send Heartbeat"):
        run(central.call(table.HEARTBEAT, ocpp16.HeartbeatRequest()))


def test_a_request_of_another_model_is_refused() -> None:
    central = CentralSystem(Outbox(), "CP_1")
    with pytest.raises(TypeError):
        run(central.call(table.CLEAR_CACHE, ocpp16.ResetRequest(type=ocpp16.ResetType.hard)))  # type: ignore[arg-type]


def test_an_invalid_request_is_never_sent() -> None:
    outbox = Outbox()
    central = CentralSystem(outbox, "CP_1")
    with pytest.raises(ValueError):
        run(central.remote_stop_transaction(ocpp16.RemoteStopTransactionRequest.model_construct(transaction_id="42")))
    assert outbox.frames == []


def test_a_unique_id_factory_giving_more_than_36_characters_is_refused() -> None:
    central = CentralSystem(Outbox(), "CP_1", unique_ids=lambda: "x" * 37)
    with pytest.raises(ValueError, match="at most 36"):
        run(central.clear_cache(ocpp16.ClearCacheRequest()))


# --- observing -----------------------------------------------------------------------------


def test_the_observer_sees_every_frame_in_and_out() -> None:
    seen: list[tuple[str, str]] = []

    def observe(direction: str, frame: str) -> None:
        seen.append((direction, json.loads(frame)[0]))

    async def scenario() -> None:
        outbox = Outbox()
        central = BootingCentralSystem(outbox, "CP_1", observe=observe)
        await central.receive(json.dumps([2, "a", "BootNotification", BOOT]))
        await central.receive('[2, "b", "Heartbeat", {}]')
        call = asyncio.create_task(central.clear_cache(ocpp16.ClearCacheRequest()))
        await asyncio.sleep(0)
        await central.receive(json.dumps([3, outbox.last()[1], {"status": "Accepted"}]))
        await call

    run(scenario())
    assert seen == [("in", 2), ("out", 3), ("in", 2), ("out", 4), ("out", 2), ("in", 3)]


def test_a_successful_exchange_logs_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="ocpp16"):
        answer(central_system(), json.dumps([2, "id-1", "BootNotification", BOOT]))
    assert [record for record in caplog.records if record.name.startswith("ocpp16")] == []
