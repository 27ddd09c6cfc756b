"""The OCPP-J engine, pure: frame text in, one event out; frames out for our CALLs and answers.

No event loop here: the engine never awaits, sends or logs. The rules of each test are data
(`tiny_protocol.rules`): message type numbers, codes, what an unknown message type gets.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from ocpp_codegen.runtime._events import (
    CallErrorReceived,
    CallResult,
    Dropped,
    InboundCall,
    InboundSend,
    InvalidAnswer,
    Reply,
)
from ocpp_codegen.runtime._ocppj import Engine
from ocpp_codegen.runtime._rules import Rules
from ocpp_codegen.runtime._problems import ProblemCodes

from .tiny_protocol import ACTIONS, CODES, NOON, PING, Backend, DropUnknownProperties, ErrorCode, PingRequest, rules


def engine(rules_: Rules | None = None, tolerance: Any = None) -> Engine:
    """The back end's engine: it receives Ping as a CALL and Reading as a SEND."""
    return Engine(rules_ or rules(), Backend._routes, Backend._send_routes, ACTIONS, "Back End", tolerance)


def reply(event: object) -> list[Any]:
    assert isinstance(event, Reply)
    return json.loads(event.frame)


def pending_engine(rules_: Rules | None = None, tolerance: Any = None) -> Engine:
    """An engine whose Ping CALL with id "p-1" waits for its answer."""
    ours = engine(rules_, tolerance)
    frame = ours.start_call("Ping", '{"sequence":1}', "p-1", PING.response)
    assert json.loads(frame) == [2, "p-1", "Ping", {"sequence": 1}]
    return ours


# --- frames in: CALL and SEND --------------------------------------------------------------


def test_a_valid_call_is_an_inbound_call_with_its_validated_request() -> None:
    event = engine().receive('[2, "c-1", "Ping", {"sequence": 7}]')
    assert type(event) is InboundCall
    assert (event.unique_id, event.action, event.request) == ("c-1", "Ping", PingRequest(sequence=7))


def test_answering_a_call_makes_its_callresult_and_failing_it_its_callerror() -> None:
    ours = engine()
    call = ours.receive('[2, "c-1", "Ping", {"sequence": 7}]')
    assert isinstance(call, InboundCall)
    assert json.loads(ours.answer(call, '{"currentTime":"2026-11-25T12:00:00Z"}')) == [
        3,
        "c-1",
        {"currentTime": "2026-11-25T12:00:00Z"},
    ]
    failed = ours.fail(call, ErrorCode.internal_error, "it broke", {"where": "here"})
    assert json.loads(failed) == [4, "c-1", "InternalError", "it broke", {"where": "here"}]


def test_a_valid_send_is_an_inbound_send() -> None:
    event = engine().receive('[6, "s-1", "Reading", {"value": 1.5}]')
    assert type(event) is InboundSend and event.action == "Reading" and event.request.value == 1.5


@pytest.mark.parametrize(
    "frame",
    [
        '[6, "s-1", "Reading", {"value": "high"}]',
        '[6, "s-1", "Reading"]',
        '[6, "s-1", "Ping", {"sequence": 1}]',
        '[6, "s-1", "Teleport", {}]',
        '[6, "s-1", "Reading", {"value": NaN}]',
    ],
)
def test_a_bad_send_is_dropped_never_answered(frame: str) -> None:
    assert isinstance(engine().receive(frame), Dropped)


def test_a_send_action_sent_as_a_call_is_not_supported() -> None:
    assert reply(engine().receive('[2, "c-1", "Reading", {"value": 1}]'))[2] == "NotSupported"


def test_a_protocol_without_send_answers_message_type_6_as_an_unknown_type() -> None:
    event = engine(rules(extended=False, answer_unknown=True)).receive('[6, "s-1", "Reading", {"value": 1}]')
    assert reply(event) == [4, "-1", "MessageTypeNotSupported", "the message type is not 2, 3 or 4", {}]


def test_an_unknown_message_type_is_dropped_where_the_rules_say_ignore() -> None:
    event = engine(rules(answer_unknown=False)).receive('[9, "x-1", "Ping", {}]')
    assert isinstance(event, Dropped) and "not 2, 3, 4, 5 or 6" in event.reason


def test_each_problem_gets_the_code_the_rules_name() -> None:
    other = ProblemCodes(
        **{**{f: getattr(CODES, f) for f in CODES.__dataclass_fields__}, "unknown_property": ErrorCode.format_violation}
    )
    frame = '[2, "c-1", "Ping", {"sequence": 1, "extra": 2}]'
    assert reply(engine().receive(frame))[2] == "ProtocolError"
    assert reply(engine(rules(codes=other)).receive(frame))[2] == "FormatViolation"


def test_a_unique_id_longer_than_the_rules_allow_is_malformed() -> None:
    assert reply(engine().receive(json.dumps([2, "x" * 37, "Ping", {"sequence": 1}])))[2] == "RpcFrameworkError"


# --- frames in: answers to our CALL ----------------------------------------------------------


def test_a_valid_callresult_ends_the_pending_call_with_its_response() -> None:
    ours = pending_engine()
    event = ours.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
    assert isinstance(event, CallResult) and event.response.current_time == NOON
    assert ours.pending_id is None


def test_a_second_answer_with_the_same_id_answers_no_call() -> None:
    ours = pending_engine()
    ours.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
    event = ours.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
    assert isinstance(event, Dropped) and event.reason == "no CALL of ours has that id"


def test_a_callerror_ends_the_pending_call_with_its_code_as_sent() -> None:
    event = pending_engine().receive('[4, "p-1", "Teapot", "short and stout", {"a": 1}]')
    assert isinstance(event, CallErrorReceived)
    assert (event.code, event.description, event.details) == ("Teapot", "short and stout", {"a": 1})


def test_an_invalid_callresult_is_answered_with_a_callresulterror_where_the_protocol_has_one() -> None:
    event = pending_engine().receive('[3, "p-1", {"currentTime": "noon"}]')
    assert isinstance(event, InvalidAnswer) and event.code == "PropertyConstraintViolation"
    assert event.reply is not None
    assert json.loads(event.reply)[:3] == [5, "p-1", "PropertyConstraintViolation"]
    assert json.loads(event.reply)[4] == {"pointer": "/currentTime"}


def test_an_invalid_callresult_gets_no_reply_where_the_protocol_has_no_callresulterror() -> None:
    event = pending_engine(rules(extended=False)).receive('[3, "p-1", {"currentTime": "noon"}]')
    assert isinstance(event, InvalidAnswer) and event.reply is None


@pytest.mark.parametrize("frame", ['[4, "p-1", "GenericError"]', '[4, "p-1", "x", "y", {}] trailing'])
def test_a_malformed_callerror_fails_the_call_and_gets_no_callresulterror(frame: str) -> None:
    event = pending_engine().receive(frame)
    assert isinstance(event, InvalidAnswer) and event.reply is None


def test_a_callresult_that_is_not_json_gets_a_callresulterror_too() -> None:
    event = pending_engine().receive('[3, "p-1", {"currentTime": NaN}]')
    assert isinstance(event, InvalidAnswer) and event.reply is not None
    assert json.loads(event.reply)[:3] == [5, "p-1", "RpcFrameworkError"]


def test_a_callresulterror_from_the_peer_is_dropped() -> None:
    ours = pending_engine()
    event = ours.receive('[5, "p-1", "FormatViolation", "", {}]')
    assert isinstance(event, Dropped) and ours.pending_id == "p-1"


def test_an_answer_after_its_call_ended_is_dropped_as_late() -> None:
    ours = pending_engine()
    ours.end_call("p-1")
    event = ours.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
    assert isinstance(event, Dropped) and event.reason == "it came after its CALL timed out"


# --- frames out ------------------------------------------------------------------------------


def test_a_call_cannot_start_while_another_waits_for_its_answer() -> None:
    with pytest.raises(RuntimeError, match="still waiting"):
        pending_engine().start_call("Ping", "{}", "p-2", PING.response)


def test_a_send_may_start_while_a_call_waits_and_awaits_nothing() -> None:
    ours = pending_engine()
    assert json.loads(ours.start_send("Reading", '{"value":2}', "s-9")) == [6, "s-9", "Reading", {"value": 2}]
    assert ours.pending_id == "p-1"


def test_a_protocol_without_send_cannot_start_one() -> None:
    with pytest.raises(ValueError, match="no SEND"):
        engine(rules(extended=False)).start_send("Reading", "{}", "s-1")


def test_a_unique_id_for_a_call_is_at_most_the_rules_length() -> None:
    with pytest.raises(ValueError, match="at most 36"):
        engine().start_call("Ping", "{}", "x" * 37, PING.response)


# --- tolerance --------------------------------------------------------------------------------


def test_a_tolerance_reads_a_request_that_failed_validation() -> None:
    tolerance = DropUnknownProperties()
    event = engine(tolerance=tolerance).receive('[2, "c-1", "Ping", {"sequence": 3, "vendorNote": "x"}]')
    assert type(event) is InboundCall and event.request == PingRequest(sequence=3)
    assert tolerance.read_with_deviation == [("Ping", ["vendorNote"])]


def test_a_tolerance_that_refuses_leaves_the_strict_callerror() -> None:
    tolerance = DropUnknownProperties()
    event = engine(tolerance=tolerance).receive('[2, "c-1", "Ping", {"sequence": "3"}]')
    assert reply(event)[2] == "TypeConstraintViolation" and tolerance.asked == 1


def test_a_tolerance_reads_our_calls_response_that_failed_validation() -> None:
    tolerance = DropUnknownProperties()
    event = pending_engine(tolerance=tolerance).receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z", "x": 1}]')
    assert isinstance(event, CallResult) and event.response.current_time == NOON
    assert tolerance.read_with_deviation == [("Ping", ["x"])]


def test_a_tolerance_is_not_asked_about_a_payload_that_validates() -> None:
    tolerance = DropUnknownProperties()
    ours = pending_engine(tolerance=tolerance)
    ours.receive('[2, "c-1", "Ping", {"sequence": 3}]')
    ours.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
    assert tolerance.asked == 0


def test_a_tolerance_that_raises_leaves_the_strict_callerror() -> None:
    class Broken:
        def read(self, *arguments: Any) -> None:
            raise KeyError("bug")

    assert (
        reply(engine(tolerance=Broken()).receive('[2, "c-1", "Ping", {"sequence": 3, "x": 1}]'))[2] == "ProtocolError"
    )
