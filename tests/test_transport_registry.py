"""Connections as objects: what the factory is told, the server's registry of connections,
calls from any task, the connect and disconnect hooks. Real websockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import logging
from datetime import datetime, timezone
from typing import Any

import pytest
import websockets

import ocpp16
from ocpp16 import table, transport
from ocpp16.dispatch import CentralSystem, ChargePoint

OCPP16: Any = ["ocpp1.6"]


def _url(server: transport.Server[Any], identity: str) -> str:
    return f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/{identity}"


class CachingChargePoint(ChargePoint):
    async def on_clear_cache(self, request: ocpp16.ClearCacheRequest) -> ocpp16.ClearCacheResponse:
        return ocpp16.ClearCacheResponse(status=ocpp16.ClearCacheStatus.accepted)


async def _until(condition: Any) -> None:
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)


def test_the_factory_is_told_the_connection_identity_subprotocol_headers_and_address() -> None:
    async def scenario() -> transport.Connection:
        told: list[transport.Connection] = []

        def factory(connection: transport.Connection) -> CentralSystem:
            told.append(connection)
            return CentralSystem(connection.send, connection.identity)

        async with transport.serve(factory, "127.0.0.1", 0) as server:
            headers = {"X-Site": "depot-7"}
            async with websockets.connect(_url(server, "CP%2D1"), subprotocols=OCPP16, additional_headers=headers):
                await _until(lambda: told)
        return told[0]

    connection = asyncio.run(scenario())
    assert (connection.identity, connection.subprotocol) == ("CP-1", "ocpp1.6")
    assert connection.request_headers["X-Site"] == "depot-7"
    assert connection.remote_address[0] == "127.0.0.1"
    assert connection.peer_certificate is None  # no TLS


class RecordingCentralSystem(CentralSystem):
    """Records the arguments the server makes it with."""

    made: list[tuple[Any, ...]] = []

    def __init__(self, *arguments: Any) -> None:
        RecordingCentralSystem.made.append(arguments)
        super().__init__(*arguments)


def test_an_endpoint_class_is_called_with_send_and_the_identity() -> None:
    async def scenario() -> list[tuple[Any, ...]]:
        async with transport.serve(RecordingCentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                await _until(lambda: server.connections)
                return [(callable(send), identity) for send, identity in RecordingCentralSystem.made]

    assert asyncio.run(scenario()) == [(True, "CP_1")]


def test_the_registry_lists_the_open_connections_since_they_connected() -> None:
    async def scenario() -> tuple[list[str], datetime, datetime, list[str]]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            before = datetime.now(timezone.utc)
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                async with websockets.connect(_url(server, "CP_2"), subprotocols=OCPP16):
                    await _until(lambda: len(server.connections) == 2)
                    listed = sorted(server.connections)
                    since = server.connections["CP_1"].connected_at
            await _until(lambda: not server.connections)
            return listed, before, since, sorted(server.connections)

    listed, before, since, after = asyncio.run(scenario())
    assert listed == ["CP_1", "CP_2"] and after == []
    assert before <= since <= datetime.now(timezone.utc)


def test_the_server_calls_a_connected_identity_from_another_task() -> None:
    async def scenario() -> ocpp16.ClearCacheResponse:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CP_1"), CachingChargePoint):
                await _until(lambda: "CP_1" in server.connections)
                return await asyncio.create_task(server.call("CP_1", table.CLEAR_CACHE, ocpp16.ClearCacheRequest()))

    assert asyncio.run(scenario()).status == ocpp16.ClearCacheStatus.accepted


def test_the_typed_endpoint_of_an_identity_sends_its_calls() -> None:
    async def scenario() -> ocpp16.ClearCacheResponse:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CP_1"), CachingChargePoint):
                await _until(lambda: "CP_1" in server.connections)
                return await server.endpoint("CP_1").clear_cache(ocpp16.ClearCacheRequest())

    assert asyncio.run(scenario()).status == ocpp16.ClearCacheStatus.accepted


def test_calling_an_identity_that_is_not_connected_raises_not_connected_error() -> None:
    async def scenario() -> None:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            await server.call("CP_9", table.CLEAR_CACHE, ocpp16.ClearCacheRequest())

    with pytest.raises(transport.NotConnectedError, match="'CP_9' is not connected") as raised:
        asyncio.run(scenario())
    assert raised.value.identity == "CP_9"


def test_an_identity_is_no_longer_reachable_once_its_connection_closed() -> None:
    async def scenario() -> None:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                await _until(lambda: "CP_1" in server.connections)
            await _until(lambda: "CP_1" not in server.connections)
            server.endpoint("CP_1")

    with pytest.raises(transport.NotConnectedError):
        asyncio.run(scenario())


def test_the_hooks_see_each_connection_connect_and_disconnect() -> None:
    async def scenario() -> list[tuple[str, str, bool]]:
        events: list[tuple[str, str, bool]] = []

        async def connected(connection: transport.Connection, endpoint: CentralSystem) -> None:
            events.append(("connect", connection.identity, endpoint.closed))

        def disconnected(connection: transport.Connection, endpoint: CentralSystem) -> None:
            events.append(("disconnect", connection.identity, endpoint.closed))

        async with transport.serve(
            CentralSystem, "127.0.0.1", 0, on_connect=connected, on_disconnect=disconnected
        ) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                await _until(lambda: events)
            await _until(lambda: len(events) == 2)
        return events

    assert asyncio.run(scenario()) == [("connect", "CP_1", False), ("disconnect", "CP_1", True)]


def test_the_connect_hook_may_call_the_peer_that_just_connected() -> None:
    async def scenario() -> list[ocpp16.ClearCacheStatus]:
        statuses: list[ocpp16.ClearCacheStatus] = []

        async def connected(connection: transport.Connection, endpoint: CentralSystem) -> None:
            statuses.append((await endpoint.clear_cache(ocpp16.ClearCacheRequest())).status)

        async with transport.serve(CentralSystem, "127.0.0.1", 0, on_connect=connected) as server:
            async with transport.connect(_url(server, "CP_1"), CachingChargePoint):
                await _until(lambda: statuses)
        return statuses

    assert asyncio.run(scenario()) == [ocpp16.ClearCacheStatus.accepted]


def test_a_replaced_connection_is_disconnected_while_the_registry_keeps_the_newer(
    caplog: pytest.LogCaptureFixture,
) -> None:
    async def scenario() -> tuple[list[str], bool]:
        gone: list[str] = []
        async with transport.serve(
            CentralSystem, "127.0.0.1", 0, on_disconnect=lambda connection, endpoint: gone.append(connection.identity)
        ) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16) as older:
                await _until(lambda: "CP_1" in server.connections)
                first = server.connections["CP_1"]
                async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                    await older.wait_closed()
                    await _until(lambda: gone)
                    return list(gone), server.connections["CP_1"] is not first

    assert asyncio.run(scenario()) == (["CP_1"], True)


def test_a_failing_hook_is_logged_and_the_connection_stays(caplog: pytest.LogCaptureFixture) -> None:
    def broken(connection: transport.Connection, endpoint: CentralSystem) -> None:
        raise RuntimeError("the database is down")

    async def scenario() -> list[Any]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0, on_connect=broken) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16) as websocket:
                await websocket.send('[2,"h-1","Heartbeat",{}]')
                reply: list[Any] = json.loads(await websocket.recv())
                return reply[:2]

    with caplog.at_level(logging.ERROR, logger="ocpp16.transport"):
        assert asyncio.run(scenario()) == [4, "h-1"]
    assert "the database is down" in caplog.text


def test_a_connect_hook_that_never_finishes_is_cancelled_when_its_connection_goes() -> None:
    async def scenario() -> list[str]:
        events: list[str] = []

        async def forever(connection: transport.Connection, endpoint: CentralSystem) -> None:
            events.append("connect")
            try:
                await asyncio.Event().wait()
            except asyncio.CancelledError:
                events.append("cancelled")
                raise

        async with transport.serve(
            CentralSystem, "127.0.0.1", 0, on_connect=forever, on_disconnect=lambda c, e: events.append("disconnect")
        ) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16):
                await _until(lambda: events)
            await _until(lambda: "disconnect" in events)
        return events

    assert asyncio.run(asyncio.wait_for(scenario(), 20)) == ["connect", "cancelled", "disconnect"]


def test_a_server_awaited_listens_until_closed() -> None:
    async def scenario() -> tuple[list[Any], bool]:
        server = await transport.serve(CentralSystem, "127.0.0.1", 0)
        async with websockets.connect(_url(server, "CP_1"), subprotocols=OCPP16) as websocket:
            await websocket.send('[2,"h-1","Heartbeat",{}]')
            reply: list[Any] = json.loads(await websocket.recv())
        server.close()
        await server.wait_closed()
        return reply[:2], not server.websocket_server.is_serving()

    assert asyncio.run(scenario()) == ([4, "h-1"], True)


def test_a_server_not_started_says_so() -> None:
    with pytest.raises(RuntimeError, match="the server is not started"):
        transport.serve(CentralSystem, "127.0.0.1", 0).sockets
