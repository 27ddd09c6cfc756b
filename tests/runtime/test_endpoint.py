"""The async endpoint over the engine: handlers, the call slot, SEND both ways, CALLRESULTERROR,
the tolerance hook, routes built once per side class. No sockets: `send` is a coroutine."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Coroutine
from typing import Any, TypeVar

import pytest

from ocpp_codegen.runtime._errors import EndpointClosedError, InvalidResponseError

from .tiny_protocol import (
    NOON,
    PING,
    PONG,
    READING,
    Backend,
    DropUnknownProperties,
    PingRequest,
    PingResponse,
    ReadingNotice,
    Station,
)

T = TypeVar("T")


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


class Outbox:
    def __init__(self) -> None:
        self.frames: list[str] = []

    async def __call__(self, frame: str) -> None:
        self.frames.append(frame)

    def last(self) -> list[Any]:
        return json.loads(self.frames[-1])


class PingingBackend(Backend):
    readings: list[float]

    async def on_ping(self, request: PingRequest) -> PingResponse:
        return PingResponse(current_time=NOON)

    async def on_reading(self, request: ReadingNotice) -> None:
        self.readings = [*getattr(self, "readings", []), request.value]


def test_the_endpoint_keeps_the_peers_identity() -> None:
    assert Backend(Outbox(), "CS-7").identity == "CS-7"


def test_a_sides_routes_are_built_once_for_its_class_and_shared_by_every_connection() -> None:
    first, second = PingingBackend(Outbox()), PingingBackend(Outbox())
    assert first._engine.routes is second._engine.routes is Backend._routes
    assert set(Backend._routes) == {"Ping"} and set(Backend._send_routes) == {"Reading"}
    assert set(Station._routes) == {"Ping"} and not Station._send_routes


def test_a_call_is_answered_by_its_handler() -> None:
    reply = run(PingingBackend(Outbox()).receive('[2, "c-1", "Ping", {"sequence": 1}]'))
    assert reply is not None and json.loads(reply) == [3, "c-1", {"currentTime": "2026-11-25T12:00:00Z"}]


def test_an_inbound_send_runs_its_handler_and_nothing_goes_back() -> None:
    backend = PingingBackend(Outbox())
    assert run(backend.receive('[6, "s-1", "Reading", {"value": 2.5}]')) is None
    assert backend.readings == [2.5]


def test_an_inbound_send_read_by_receive_frame_runs_its_handler_as_a_task() -> None:
    async def scenario() -> list[float]:
        backend = PingingBackend(Outbox())
        assert backend.receive_frame('[6, "s-1", "Reading", {"value": 1.0}]') is None
        await asyncio.sleep(0)
        return backend.readings

    assert run(scenario()) == [1.0]


def test_a_send_whose_handler_is_not_overridden_is_dropped_without_a_reply() -> None:
    assert run(Backend(Outbox()).receive('[6, "s-1", "Reading", {"value": 2.5}]')) is None


def test_a_send_goes_out_while_a_call_is_outstanding() -> None:
    async def scenario() -> list[list[Any]]:
        outbox = Outbox()
        station = Station(outbox, unique_ids=iter(["p-1", "s-1"]).__next__)
        call = asyncio.create_task(station.call(PING, PingRequest(sequence=1)))
        await asyncio.sleep(0)
        await station.send_message(READING, ReadingNotice(value=3.0))
        await station.receive('[3, "p-1", {"currentTime": "2026-11-25T12:00:00Z"}]')
        assert (await call).current_time == NOON
        return [json.loads(frame) for frame in outbox.frames]

    assert run(scenario()) == [[2, "p-1", "Ping", {"sequence": 1}], [6, "s-1", "Reading", {"value": 3.0}]]


def test_a_side_cannot_send_what_it_does_not_send() -> None:
    with pytest.raises(ValueError, match="does not send Pong"):
        run(Backend(Outbox()).call(PONG, PingRequest(sequence=1)))
    with pytest.raises(ValueError, match="does not send Reading"):
        run(Backend(Outbox()).send_message(READING, ReadingNotice(value=1)))


def test_an_invalid_send_is_never_sent() -> None:
    outbox = Outbox()
    with pytest.raises(ValueError):
        run(Station(outbox).send_message(READING, ReadingNotice.model_construct(value="high")))
    assert outbox.frames == []


def test_an_invalid_callresult_fails_the_call_and_its_callresulterror_is_sent_back() -> None:
    async def scenario() -> tuple[BaseException | None, str | None]:
        station = Station(Outbox(), unique_ids=lambda: "p-1")
        call = asyncio.create_task(station.call(PING, PingRequest(sequence=1)))
        await asyncio.sleep(0)
        back = station.receive_frame('[3, "p-1", {"currentTime": "noon"}]')
        return (await asyncio.gather(call, return_exceptions=True))[0], back

    error, back = run(scenario())
    assert isinstance(error, InvalidResponseError) and error.code == "PropertyConstraintViolation"
    assert back is not None and json.loads(back)[:3] == [5, "p-1", "PropertyConstraintViolation"]


def test_the_tolerance_given_to_the_endpoint_reads_what_failed_validation() -> None:
    tolerance = DropUnknownProperties()
    backend = PingingBackend(Outbox(), tolerance=tolerance)
    reply = run(backend.receive('[2, "c-1", "Ping", {"sequence": 1, "vendorNote": "x"}]'))
    assert reply is not None and json.loads(reply)[0] == 3
    assert tolerance.read_with_deviation == [("Ping", ["vendorNote"])]


def test_without_a_tolerance_the_same_call_is_refused() -> None:
    reply = run(PingingBackend(Outbox()).receive('[2, "c-1", "Ping", {"sequence": 1, "vendorNote": "x"}]'))
    assert reply is not None and json.loads(reply)[2] == "ProtocolError"


def test_closing_fails_the_outstanding_call_and_wakes_who_waits_for_the_close() -> None:
    async def scenario() -> tuple[BaseException | None, bool]:
        station = Station(Outbox())
        call = asyncio.create_task(station.call(PING, PingRequest(sequence=1)))
        waiting = asyncio.create_task(station.wait_closed())
        await asyncio.sleep(0)
        station.close()
        await waiting
        return (await asyncio.gather(call, return_exceptions=True))[0], station.closed

    error, closed = run(scenario())
    assert isinstance(error, EndpointClosedError) and closed


def test_closing_cancels_a_running_send_handler() -> None:
    started = asyncio.Event()

    class SlowBackend(Backend):
        async def on_reading(self, request: ReadingNotice) -> None:
            started.set()
            await asyncio.Event().wait()

    async def scenario() -> bool:
        backend = SlowBackend(Outbox())
        backend.receive_frame('[6, "s-1", "Reading", {"value": 1.0}]')
        await started.wait()
        (task,) = backend._send_handlers or ()
        backend.close()
        await asyncio.wait([task])
        return task.cancelled()

    assert run(scenario())


def test_a_response_changed_after_it_was_answered_is_validated_again_and_refused() -> None:
    response = PingResponse(current_time=NOON)

    class SameAnswerBackend(Backend):
        async def on_ping(self, request: PingRequest) -> PingResponse:
            return response

    backend = SameAnswerBackend(Outbox())
    first = run(backend.receive('[2, "c-1", "Ping", {"sequence": 1}]'))
    response.current_time = "noon"  # type: ignore[assignment]
    second = run(backend.receive('[2, "c-2", "Ping", {"sequence": 2}]'))
    assert first is not None and json.loads(first)[0] == 3
    assert second is not None and json.loads(second)[:3] == [4, "c-2", "InternalError"]


def test_a_response_built_without_validation_is_refused_even_after_valid_ones() -> None:
    answers = iter([PingResponse(current_time=NOON), PingResponse.model_construct(current_time="noon")])

    class ChangingBackend(Backend):
        async def on_ping(self, request: PingRequest) -> PingResponse:
            return next(answers)

    backend = ChangingBackend(Outbox())
    replies = [run(backend.receive(f'[2, "c-{n}", "Ping", {{"sequence": {n}}}]')) for n in (1, 2)]
    assert [json.loads(r)[0] for r in replies if r is not None] == [3, 4]
