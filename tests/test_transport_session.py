"""How the transport runs the handlers of one connection, over real websockets on 127.0.0.1:
a handler that does not wait is answered by the task that read its CALL; one that waits goes
on in that same task (its timeouts and `current_task()` stay its own) while another task reads
on; answers keep the order of the CALLs."""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import datetime, timezone
from typing import Any

import websockets

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import CentralSystem

OCPP16: Any = ["ocpp1.6"]
NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def _url(server: transport.Server[Any]) -> str:
    return f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/CP_1"


async def _exchange(factory: Any, frames: list[str], replies: int) -> list[Any]:
    async with transport.serve(factory, "127.0.0.1", 0) as server:
        async with websockets.connect(_url(server), subprotocols=OCPP16) as websocket:
            for frame in frames:
                await websocket.send(frame)
            return [json.loads(await asyncio.wait_for(websocket.recv(), 10)) for _ in range(replies)]


def _heartbeat(unique_id: str) -> str:
    return f'[2,"{unique_id}","Heartbeat",{{}}]'


def test_handlers_that_do_not_wait_are_answered_by_the_task_that_reads() -> None:
    tasks: list[asyncio.Task[Any] | None] = []

    class Recording(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            tasks.append(asyncio.current_task())
            return ocpp16.HeartbeatResponse(current_time=NOW)

    replies = asyncio.run(_exchange(Recording, [_heartbeat(f"h-{n}") for n in range(5)], 5))
    assert [reply[:2] for reply in replies] == [[3, f"h-{n}"] for n in range(5)]
    assert len(set(map(id, tasks))) == 1


def test_a_waiting_handler_keeps_its_task_and_its_timeout_while_another_task_reads_on() -> None:
    seen: list[tuple[bool, bool]] = []

    class Waiting(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            before = asyncio.current_task()
            timed_out = False
            try:
                async with asyncio.timeout(0.05):
                    await asyncio.Event().wait()
            except TimeoutError:
                timed_out = True
            seen.append((timed_out, asyncio.current_task() is before))
            return ocpp16.HeartbeatResponse(current_time=NOW)

    replies = asyncio.run(_exchange(Waiting, [_heartbeat("w-1"), "not json", _heartbeat("w-2")], 3))
    # The bad frame is answered while the first handler waits: the connection was read on.
    assert [reply[:2] for reply in replies] == [[4, "-1"], [3, "w-1"], [3, "w-2"]]
    assert seen == [(True, True), (True, True)]


def test_answers_keep_the_order_of_the_calls_when_a_handler_waits() -> None:
    class SlowFirst(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            if not getattr(self, "slept", False):
                self.slept = True
                await asyncio.sleep(0.05)
            return ocpp16.HeartbeatResponse(current_time=NOW)

    replies = asyncio.run(_exchange(SlowFirst, [_heartbeat(f"o-{n}") for n in range(4)], 4))
    assert [reply[1] for reply in replies] == ["o-0", "o-1", "o-2", "o-3"]


def test_a_call_after_a_waiting_handler_is_answered_at_once_again() -> None:
    tasks: list[asyncio.Task[Any] | None] = []

    class WaitsOnce(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            tasks.append(asyncio.current_task())
            if len(tasks) == 1:
                await asyncio.sleep(0.01)
            return ocpp16.HeartbeatResponse(current_time=NOW)

    async def scenario() -> list[Any]:
        async with transport.serve(WaitsOnce, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server), subprotocols=OCPP16) as websocket:
                replies = []
                for n in range(3):  # one at a time, as OCPP-J asks
                    await websocket.send(_heartbeat(f"a-{n}"))
                    replies.append(json.loads(await asyncio.wait_for(websocket.recv(), 10))[:2])
                return replies

    assert asyncio.run(scenario()) == [[3, "a-0"], [3, "a-1"], [3, "a-2"]]
    # The first ran in the task that read it; a new task read (and answered) the next ones.
    assert tasks[0] is not tasks[1] and tasks[1] is tasks[2]


def test_run_passes_frames_between_any_open_websocket_and_an_endpoint() -> None:
    class Answering(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            return ocpp16.HeartbeatResponse(current_time=NOW)

    endpoints: list[Answering] = []

    async def handler(websocket: Any) -> None:
        endpoints.append(Answering(websocket.send, "CP_1"))
        await transport.run(endpoints[-1], websocket)

    async def scenario() -> list[Any]:
        async with websockets.serve(handler, "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with websockets.connect(f"ws://127.0.0.1:{port}/") as websocket:
                await websocket.send(_heartbeat("r-1"))
                reply: list[Any] = json.loads(await asyncio.wait_for(websocket.recv(), 10))
            await asyncio.wait_for(endpoints[0].wait_closed(), 10)
            return reply[:2]

    assert asyncio.run(scenario()) == [3, "r-1"]


def test_nothing_of_an_answered_call_stays_alive_while_the_next_frame_is_awaited() -> None:
    # Objects that outlive a collection make Python's cyclic garbage collector run more often.
    kept: list[ocpp16.HeartbeatRequest] = []

    class Keeping(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            kept.append(request)
            return ocpp16.HeartbeatResponse(current_time=NOW)

    async def scenario() -> int:
        async with transport.serve(Keeping, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server), subprotocols=OCPP16) as websocket:
                await websocket.send(_heartbeat("k-1"))
                await asyncio.wait_for(websocket.recv(), 10)
                await asyncio.sleep(0.05)  # the server is back to waiting for the next frame
                return sys.getrefcount(kept[0]) - 1  # without getrefcount's own argument

    assert asyncio.run(scenario()) == 1  # the list's reference alone


def test_a_handler_still_waiting_when_the_connection_goes_is_cancelled_and_the_connection_cleaned_up() -> None:
    events: list[str] = []

    class Stuck(CentralSystem):
        async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
            events.append("handler waits")
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                events.append("handler cancelled")
                raise
            raise AssertionError("never reached")

    async def scenario() -> list[str]:
        async with transport.serve(
            Stuck, "127.0.0.1", 0, on_disconnect=lambda connection, endpoint: events.append("disconnected")
        ) as server:
            async with websockets.connect(_url(server), subprotocols=OCPP16) as websocket:
                await websocket.send(_heartbeat("s-1"))
                async with asyncio.timeout(10):
                    while not events:
                        await asyncio.sleep(0.01)
            async with asyncio.timeout(10):
                while "disconnected" not in events:
                    await asyncio.sleep(0.01)
            return events

    assert asyncio.run(scenario()) == ["handler waits", "handler cancelled", "disconnected"]
