"""The generated server against hostile or careless clients, over real sockets on 127.0.0.1:
identities it refuses, clients without the subprotocol, duplicate identities, CALL floods."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
import websockets
from websockets.client import ClientProtocol
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.uri import parse_uri

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import CentralSystem

OCPP16: Any = ["ocpp1.6"]


def _url(server: Any, path: str) -> str:
    return f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}{path}"


async def _handshake_status(path: str) -> int:
    async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
        try:
            async with websockets.connect(_url(server, path), subprotocols=OCPP16):
                return 101
        except InvalidStatus as refused:
            return refused.response.status_code


REFUSED_IDENTITIES = {
    "encoded-slash": "/ocpp/a%2Fb",
    "nul": "/ocpp/a%00b",
    "cr-lf": "/ocpp/a%0D%0Ab",
    "dot-dot": "/ocpp/..",
    "encoded-dot-dot": "/ocpp/%2E%2E",
    "dot": "/ocpp/.",
    "1000-characters": "/ocpp/" + "x" * 1000,
    "49-characters": "/ocpp/" + "x" * 49,
    "invalid-utf8": "/ocpp/a%FFb",
    "non-ascii": "/ocpp/caf%C3%A9",
    "colon": "/ocpp/a:b",
    "space": "/ocpp/a%20b",
}


@pytest.mark.parametrize("path", REFUSED_IDENTITIES.values(), ids=REFUSED_IDENTITIES.keys())
def test_an_identity_outside_the_rule_is_refused_with_404(path: str) -> None:
    assert asyncio.run(_handshake_status(path)) == 404


ACCEPTED_IDENTITIES = {
    "plain": "/ocpp/CP_1",
    "48-characters": "/ocpp/" + "x" * 48,
    "every-punctuation": "/ocpp/a*-_=+@.|b",
    "percent-encoded": "/ocpp/CP%2D1",
    "dots-inside": "/ocpp/a..b",
}


@pytest.mark.parametrize("path", ACCEPTED_IDENTITIES.values(), ids=ACCEPTED_IDENTITIES.keys())
def test_an_identity_within_the_rule_is_accepted(path: str) -> None:
    assert asyncio.run(_handshake_status(path)) == 101


@pytest.mark.parametrize("offered", [None, ["ocpp2.0.1"]], ids=["none", "another"])
def test_a_client_without_our_subprotocol_completes_the_handshake_without_one_then_is_closed(offered: Any) -> None:
    async def scenario() -> tuple[str | None, int | None]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=offered) as websocket:
                header = websocket.response.headers.get("Sec-WebSocket-Protocol") if websocket.response else None
                await websocket.wait_closed()
                return header, websocket.close_code

    assert asyncio.run(scenario()) == (None, 1002)


def test_a_newer_connection_with_the_same_identity_replaces_the_older_which_is_closed() -> None:
    async def scenario() -> tuple[int | None, str | None, list[Any], list[str]]:
        identities: list[str] = []

        def factory(connection: transport.Connection) -> CentralSystem:
            identities.append(connection.identity)
            return CentralSystem(connection.send, connection.identity)

        async with transport.serve(factory, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as older:
                async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as newer:
                    await older.wait_closed()
                    await newer.send('[2, "n-1", "Heartbeat", {}]')
                    reply = json.loads(await newer.recv())
            return older.close_code, older.close_reason, reply[:2], identities

    code, reason, reply, identities = asyncio.run(scenario())
    assert (code, reason) == (1000, transport.REPLACED_REASON)
    assert reply == [4, "n-1"] and identities == ["CP_1", "CP_1"]


def test_a_newer_connection_does_not_wait_for_an_older_one_that_never_answers_the_close() -> None:
    async def scenario() -> tuple[list[Any], bool]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            older = ClientProtocol(parse_uri(_url(server, "/ocpp/CP_1")), subprotocols=OCPP16)
            reader, writer = await asyncio.open_connection("127.0.0.1", server.sockets[0].getsockname()[1])
            older.send_request(older.connect())
            writer.write(b"".join(older.data_to_send()))
            await reader.readuntil(b"\r\n\r\n")  # upgraded; from now on it never answers, as a dead peer
            older_dropped = asyncio.create_task(reader.read())  # done when the server drops the TCP connection
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as newer:
                await newer.send('[2, "n-1", "Heartbeat", {}]')
                reply = json.loads(await newer.recv())[:2]
                answered_before_the_older_went = not older_dropped.done()
            writer.close()
            await asyncio.wait([older_dropped])
            return reply, answered_before_the_older_went

    assert asyncio.run(scenario()) == ([4, "n-1"], True)


def test_connections_with_different_identities_live_side_by_side() -> None:
    async def scenario() -> list[Any]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as first:
                async with websockets.connect(_url(server, "/ocpp/CP_2"), subprotocols=OCPP16) as second:
                    replies = []
                    for websocket in (first, second):
                        await websocket.send('[2, "h-1", "Heartbeat", {}]')
                        replies.append(json.loads(await websocket.recv())[:2])
                    return replies

    assert asyncio.run(scenario()) == [[4, "h-1"], [4, "h-1"]]


class StuckCentralSystem(CentralSystem):
    """Never finishes answering a Heartbeat: every further CALL has to wait."""

    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        await asyncio.Event().wait()
        raise AssertionError("never reached")


def test_a_client_flooding_calls_is_closed_with_policy_violation_once_its_queue_is_full() -> None:
    async def scenario() -> int | None:
        # The server stops reading a flooding client, so it never reads the client's close
        # frame: close_timeout only shortens the wait before it drops the TCP connection.
        options = {"max_queued_calls": 3, "close_timeout": 0.5}
        async with transport.serve(StuckCentralSystem, "127.0.0.1", 0, **options) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as websocket:
                try:
                    for number in range(10_000):
                        await websocket.send(f'[2, "f-{number}", "Heartbeat", {{}}]')
                except ConnectionClosed:
                    pass
                await websocket.wait_closed()
                return websocket.close_code

    assert asyncio.run(scenario()) == 1008


def test_calls_within_the_queue_bound_are_not_a_violation() -> None:
    async def scenario() -> tuple[list[Any], int | None]:
        async with transport.serve(StuckCentralSystem, "127.0.0.1", 0, max_queued_calls=3) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as websocket:
                for number in range(4):  # one being answered, three waiting
                    await websocket.send(f'[2, "q-{number}", "Heartbeat", {{}}]')
                await websocket.send("not json")  # answered only once the server has read the four CALLs
                reply = json.loads(await websocket.recv())
                return reply[:3], websocket.close_code

    assert asyncio.run(scenario()) == ([4, "-1", "FormationViolation"], None)


@pytest.mark.parametrize("bound", [0, -1])
def test_a_queue_bound_below_one_is_refused(bound: int) -> None:
    with pytest.raises(ValueError, match="max_queued_calls is a positive integer"):
        transport.serve(CentralSystem, "127.0.0.1", 0, max_queued_calls=bound)


class CancellingCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        raise asyncio.CancelledError


def test_a_handler_raising_cancelled_error_leaves_the_connection_answering() -> None:
    async def scenario() -> list[Any]:
        async with transport.serve(CancellingCentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "/ocpp/CP_1"), subprotocols=OCPP16) as websocket:
                replies = []
                for number in range(2):
                    await websocket.send(f'[2, "c-{number}", "Heartbeat", {{}}]')
                    replies.append(json.loads(await asyncio.wait_for(websocket.recv(), 10))[:3])
                return replies

    assert asyncio.run(scenario()) == [[4, "c-0", "InternalError"], [4, "c-1", "InternalError"]]
