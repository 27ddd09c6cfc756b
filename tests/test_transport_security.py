"""The transport's security hook, with a small real security object and real TLS (trustme):
the server's TLS context and its check of each upgrade request, the client's TLS context and
extra request headers, and the peer certificate in the connection's context."""

from __future__ import annotations

import asyncio
import base64
import ssl
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import pytest
import trustme
import websockets
from websockets.asyncio.server import ServerConnection
from websockets.exceptions import InvalidStatus
from websockets.http11 import Request, Response

from ocpp16 import transport
from ocpp16.dispatch import CentralSystem, ChargePoint

PASSWORD = "0123456789abcdef"


def _basic(identity: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{identity}:{password}".encode()).decode()


@dataclass
class BasicAuthServer:
    """Refuses an upgrade whose Basic credentials are not the identity and PASSWORD."""

    ssl_context: ssl.SSLContext | None = None

    async def check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        identity = transport.identity_of(request.path)
        if request.headers.get("Authorization") == _basic(identity, PASSWORD):
            return None
        return connection.respond(HTTPStatus.UNAUTHORIZED, "wrong credentials\n")


@dataclass
class BasicAuthClient:
    password: str = PASSWORD
    ssl_context: ssl.SSLContext | None = None

    def headers(self, identity: str) -> dict[str, str]:
        return {"Authorization": _basic(identity, self.password)}


@pytest.fixture(scope="module")
def authority() -> trustme.CA:
    return trustme.CA()


def _server_context(authority: trustme.CA, client_certificates: bool = False) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    authority.issue_cert("127.0.0.1").configure_cert(context)
    if client_certificates:
        context.verify_mode = ssl.CERT_REQUIRED
        authority.configure_trust(context)
    return context


def _client_context(authority: trustme.CA, common_name: str | None = None) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.SERVER_AUTH)
    authority.configure_trust(context)
    if common_name is not None:
        authority.issue_cert(
            f"{common_name.lower().replace('_', '-')}.example", common_name=common_name
        ).configure_cert(context)
    return context


def _url(server: transport.Server[Any], path: str, scheme: str = "ws") -> str:
    return f"{scheme}://127.0.0.1:{server.sockets[0].getsockname()[1]}{path}"


async def _status(server: transport.Server[Any], path: str, headers: dict[str, str]) -> int:
    try:
        async with websockets.connect(_url(server, path), subprotocols=["ocpp1.6"], additional_headers=headers):  # type: ignore[list-item]
            return 101
    except InvalidStatus as refused:
        return refused.response.status_code


def test_the_security_check_refuses_an_upgrade_with_its_response() -> None:
    async def scenario() -> list[int]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0, security=BasicAuthServer()) as server:
            return [
                await _status(server, "/ocpp/CP_1", {}),
                await _status(server, "/ocpp/CP_1", {"Authorization": _basic("CP_1", "wrong")}),
                await _status(server, "/ocpp/CP_1", {"Authorization": _basic("CP_1", PASSWORD)}),
            ]

    assert asyncio.run(scenario()) == [401, 401, 101]


def test_an_identity_outside_the_rule_is_refused_before_the_security_check() -> None:
    checked: list[str] = []

    @dataclass
    class Recording(BasicAuthServer):
        async def check_request(self, connection: ServerConnection, request: Request) -> Response | None:
            checked.append(request.path)
            return await super().check_request(connection, request)

    async def scenario() -> int:
        async with transport.serve(CentralSystem, "127.0.0.1", 0, security=Recording()) as server:
            return await _status(server, "/ocpp/a%2Fb", {"Authorization": _basic("a/b", PASSWORD)})

    assert asyncio.run(scenario()) == 404 and checked == []


def test_the_client_sends_the_headers_of_its_security_object() -> None:
    async def scenario() -> str:
        seen: list[transport.Connection] = []

        def factory(connection: transport.Connection) -> CentralSystem:
            seen.append(connection)
            return CentralSystem(connection.send, connection.identity)

        async with transport.serve(factory, "127.0.0.1", 0, security=BasicAuthServer()) as server:
            async with transport.connect(_url(server, "/ocpp/CP_1"), ChargePoint, security=BasicAuthClient()):
                while not seen:
                    await asyncio.sleep(0.01)
        return seen[0].request_headers["Authorization"]

    assert asyncio.run(scenario()) == _basic("CP_1", PASSWORD)


def test_a_client_with_the_wrong_credentials_is_refused_by_the_server() -> None:
    async def scenario() -> None:
        async with transport.serve(CentralSystem, "127.0.0.1", 0, security=BasicAuthServer()) as server:
            async with transport.connect(_url(server, "/ocpp/CP_1"), ChargePoint, security=BasicAuthClient("wrong")):
                pass

    with pytest.raises(InvalidStatus, match="HTTP 401"):
        asyncio.run(scenario())


def test_tls_from_the_security_objects_carries_the_connection(authority: trustme.CA) -> None:
    async def scenario() -> transport.Connection:
        seen: list[transport.Connection] = []

        def factory(connection: transport.Connection) -> CentralSystem:
            seen.append(connection)
            return CentralSystem(connection.send, connection.identity)

        server_security = BasicAuthServer(_server_context(authority))
        client_security = BasicAuthClient(ssl_context=_client_context(authority))
        async with transport.serve(factory, "127.0.0.1", 0, security=server_security) as server:
            async with transport.connect(
                _url(server, "/ocpp/CP_1", "wss"), lambda c: ChargePoint(c.send, c.identity), security=client_security
            ):
                while not seen:
                    await asyncio.sleep(0.01)
        return seen[0]

    connection = asyncio.run(scenario())
    assert connection.identity == "CP_1" and connection.peer_certificate is None  # TLS, but no client certificate


def test_the_connection_carries_the_peer_certificate_with_client_certificates(authority: trustme.CA) -> None:
    async def scenario() -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
        on_server: list[transport.Connection] = []
        on_client: list[transport.Connection] = []

        def server_factory(connection: transport.Connection) -> CentralSystem:
            on_server.append(connection)
            return CentralSystem(connection.send, connection.identity)

        def client_factory(connection: transport.Connection) -> ChargePoint:
            on_client.append(connection)
            return ChargePoint(connection.send, connection.identity)

        server_security = BasicAuthServer(_server_context(authority, client_certificates=True))
        client_security = BasicAuthClient(ssl_context=_client_context(authority, common_name="CP_1"))
        async with transport.serve(server_factory, "127.0.0.1", 0, security=server_security) as server:
            async with transport.connect(_url(server, "/ocpp/CP_1", "wss"), client_factory, security=client_security):
                while not on_server:
                    await asyncio.sleep(0.01)
        return on_server[0].peer_certificate, on_client[0].peer_certificate

    client_certificate, server_certificate = asyncio.run(scenario())
    assert client_certificate is not None and ((("commonName", "CP_1"),) in client_certificate["subject"])
    assert server_certificate is not None and server_certificate["subjectAltName"] == (("IP Address", "127.0.0.1"),)
