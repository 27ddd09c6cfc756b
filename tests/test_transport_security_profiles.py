"""The security profiles through the transport itself: `serve(security=...)` and
`connect(security=...)` with the package's own profiles, over real TLS on 127.0.0.1."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from websockets.exceptions import InvalidStatus

from ocpp16 import BootNotificationRequest, BootNotificationResponse, RegistrationStatus, transport
from ocpp16.dispatch import CentralSystem, ChargePoint
from ocpp16.security import (
    ClientProfile2,
    ClientProfile3,
    PasswordTable,
    ServerProfile2,
    ServerProfile3,
)

from .runtime.security_peers import Certificates, make_certificates

PASSWORD = b"0123456789abcdef0123"
BOOT = BootNotificationRequest(charge_point_vendor="Vendor", charge_point_model="Model")


class Booting(CentralSystem):
    async def on_boot_notification(self, request: BootNotificationRequest) -> BootNotificationResponse:
        return BootNotificationResponse(
            status=RegistrationStatus.accepted, current_time=datetime.now(timezone.utc), interval=300
        )


@pytest.fixture(scope="module")
def certificates(tmp_path_factory: pytest.TempPathFactory) -> Certificates:
    return make_certificates(Path(tmp_path_factory.mktemp("certificates")))


async def _boot_through(server_profile: Any, client_profile: Any, identity: str = "CP_1") -> tuple[Any, Any]:
    """Serve with the server's profile, connect with the client's, boot; the status and the
    connection the server saw."""
    seen: list[transport.Connection] = []

    def factory(connection: transport.Connection) -> Booting:
        seen.append(connection)
        return Booting(connection.send, connection.identity)

    async with transport.serve(factory, "127.0.0.1", 0, security=server_profile) as server:
        port = server.sockets[0].getsockname()[1]
        uri = f"wss://localhost:{port}/ocpp/{identity}"
        async with transport.connect(uri, ChargePoint, security=client_profile) as charge_point:
            response = await asyncio.wait_for(charge_point.boot_notification(BOOT), 10)
    return response.status, seen[0]


def test_profile_2_boots_a_charge_point_with_its_password_over_tls(certificates: Certificates) -> None:
    server = ServerProfile2(PasswordTable({"CP_1": PASSWORD}), certificates.central_system)
    client = ClientProfile2(PASSWORD, server_ca=certificates.ca)
    status, connection = asyncio.run(_boot_through(server, client))
    assert status == RegistrationStatus.accepted
    assert connection.identity == "CP_1"


def test_profile_2_refuses_a_wrong_password_with_401_before_any_endpoint_is_made(
    certificates: Certificates,
) -> None:
    server = ServerProfile2(PasswordTable({"CP_1": PASSWORD}), certificates.central_system)
    client = ClientProfile2(b"fedcba9876543210fedc", server_ca=certificates.ca)
    with pytest.raises(InvalidStatus) as refusal:
        asyncio.run(_boot_through(server, client))
    assert refusal.value.response.status_code == 401


def test_profile_3_hands_the_client_certificate_to_the_connection(certificates: Certificates) -> None:
    server = ServerProfile3(certificates.central_system, client_ca=certificates.ca)
    client = ClientProfile3(certificates.charge_point("CP_1"), server_ca=certificates.ca)
    status, connection = asyncio.run(_boot_through(server, client))
    assert status == RegistrationStatus.accepted
    assert connection.peer_certificate is not None
    assert (("commonName", "CP_1"),) in connection.peer_certificate["subject"]


def test_profile_3_refuses_a_certificate_naming_another_charge_point_with_403(
    certificates: Certificates,
) -> None:
    server = ServerProfile3(certificates.central_system, client_ca=certificates.ca)
    client = ClientProfile3(certificates.charge_point("CP_2"), server_ca=certificates.ca)
    with pytest.raises(InvalidStatus) as refusal:
        asyncio.run(_boot_through(server, client))
    assert refusal.value.response.status_code == 403
