"""The reconnecting client against a real server on 127.0.0.1: it connects again after the
connection drops, with a fresh endpoint each time, waits with back-off while the server is
away, and stops cleanly when closed or cancelled."""

from __future__ import annotations

import asyncio
import socket
from datetime import datetime, timezone
from typing import Any

import pytest

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import CentralSystem, ChargePoint, EndpointClosedError
from ocpp16.reconnect import Backoff, ReconnectingClient

QUICK = Backoff(wait_minimum=0.01, random_range=0.01, repeat_times=2)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _until(condition: Any) -> None:
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)


def test_the_first_wait_is_the_minimum_plus_a_random_part_of_the_range() -> None:
    backoff = Backoff(wait_minimum=2.0, random_range=3.0, repeat_times=4)
    assert [backoff.delay(0, lambda: 0.0), backoff.delay(0, lambda: 1.0)] == [2.0, 5.0]


def test_each_failure_doubles_the_minimum_at_most_repeat_times_times() -> None:
    backoff = Backoff(wait_minimum=1.0, random_range=0.0, repeat_times=3)
    assert [backoff.delay(failures) for failures in range(6)] == [1.0, 2.0, 4.0, 8.0, 8.0, 8.0]


def test_the_jitter_spreads_the_waits_of_many_clients() -> None:
    backoff = Backoff(wait_minimum=1.0, random_range=1.0)
    waits = {backoff.delay(0) for _ in range(100)}
    assert len(waits) > 90 and all(1.0 <= wait <= 2.0 for wait in waits)


class HeartbeatCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        return ocpp16.HeartbeatResponse(current_time=datetime.now(timezone.utc))


def test_the_client_connects_again_with_a_fresh_endpoint_when_the_server_comes_back() -> None:
    async def scenario() -> tuple[list[str], int, bool, bool]:
        port = _free_port()
        url = f"ws://127.0.0.1:{port}/ocpp/CP_1"
        events: list[str] = []
        client = ReconnectingClient(
            url,
            ChargePoint,
            backoff=QUICK,
            on_connect=lambda connection, endpoint: events.append("connect"),
            on_disconnect=lambda connection, endpoint: events.append("disconnect"),
        )
        async with client:
            async with transport.serve(HeartbeatCentralSystem, "127.0.0.1", port):
                first = await client.connected()
                await first.heartbeat(ocpp16.HeartbeatRequest())
            await first.wait_closed()  # the server went away
            await _until(lambda: client.failures >= 2)  # refused while it is away
            failures = client.failures
            async with transport.serve(HeartbeatCentralSystem, "127.0.0.1", port):
                second = await client.connected()
                await second.heartbeat(ocpp16.HeartbeatRequest())
                reset = client.failures == 0
        return events, failures, second is not first, reset and second.closed

    events, failures, fresh, reset_and_closed = asyncio.run(scenario())
    assert events == ["connect", "disconnect", "connect", "disconnect"]
    assert failures >= 2 and fresh and reset_and_closed


def test_close_stops_the_client_and_fails_whoever_waits_for_a_connection() -> None:
    async def scenario() -> tuple[bool, BaseException | None]:
        client = ReconnectingClient(f"ws://127.0.0.1:{_free_port()}/ocpp/CP_1", ChargePoint, backoff=QUICK)
        runner = asyncio.create_task(client.run())
        waiting = asyncio.create_task(client.connected())
        await _until(lambda: client.failures >= 1)
        client.close()
        await asyncio.wait_for(runner, 10)
        results = await asyncio.gather(waiting, return_exceptions=True)
        return runner.done(), results[0] if isinstance(results[0], BaseException) else None

    stopped, error = asyncio.run(scenario())
    assert stopped and isinstance(error, ConnectionError)


def test_cancelling_the_client_closes_its_connection_and_endpoint() -> None:
    async def scenario() -> tuple[bool, bool, list[str]]:
        async with transport.serve(HeartbeatCentralSystem, "127.0.0.1", 0) as server:
            url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/CP_1"
            client = ReconnectingClient(url, ChargePoint, backoff=QUICK)
            runner = asyncio.create_task(client.run())
            endpoint = await client.connected()
            await _until(lambda: "CP_1" in server.connections)
            runner.cancel()
            await asyncio.wait([runner])
            await _until(lambda: "CP_1" not in server.connections)
            return runner.cancelled(), endpoint.closed, list(server.connections)

    assert asyncio.run(scenario()) == (True, True, [])


def test_a_call_on_the_endpoint_of_a_dropped_connection_fails_as_closed() -> None:
    async def scenario() -> None:
        port = _free_port()
        async with ReconnectingClient(f"ws://127.0.0.1:{port}/ocpp/CP_1", ChargePoint, backoff=QUICK) as client:
            async with transport.serve(HeartbeatCentralSystem, "127.0.0.1", port):
                endpoint = await client.connected()
            await endpoint.wait_closed()
            await endpoint.heartbeat(ocpp16.HeartbeatRequest())

    with pytest.raises(EndpointClosedError):
        asyncio.run(scenario())


def test_close_stops_a_client_whose_connect_hook_never_finishes() -> None:
    async def scenario() -> bool:
        async def forever(connection: Any, endpoint: Any) -> None:
            await asyncio.Event().wait()

        async with transport.serve(HeartbeatCentralSystem, "127.0.0.1", 0) as server:
            url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/CP_1"
            client = ReconnectingClient(url, ChargePoint, backoff=QUICK, on_connect=forever)
            runner = asyncio.create_task(client.run())
            endpoint = await client.connected()
            client.close()
            await asyncio.wait_for(runner, 10)
            return endpoint.closed

    assert asyncio.run(scenario()) is True
