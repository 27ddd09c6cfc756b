"""Real peers for the security profile tests: a websockets server on 127.0.0.1 with a profile,
a charge point that connects to it, and certificates made by trustme."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import trustme
from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve

GREETING = "connected"


@dataclass
class Served:
    """A running server: its port and the paths its handler ran for."""

    port: int
    handled: list[str] = field(default_factory=list)

    def uri(self, path: str, tls: bool) -> str:
        return f"{'wss' if tls else 'ws'}://localhost:{self.port}{path}"


@asynccontextmanager
async def serving(profile: Any) -> AsyncIterator[Served]:
    """A websockets server on 127.0.0.1 whose handshake the profile checks."""
    served = Served(port=0)

    async def handler(connection: ServerConnection) -> None:
        served.handled.append(connection.request.path if connection.request else "")
        await connection.send(GREETING)

    async with serve(handler, "127.0.0.1", 0, ssl=profile.ssl_context, process_request=profile.check_request) as server:
        served.port = server.sockets[0].getsockname()[1]
        yield served


async def greeting(
    served: Served,
    path: str,
    context: ssl.SSLContext | None,
    headers: dict[str, str] | Sequence[tuple[str, str]] = (),
) -> str:
    """Connect as a charge point and return what the server's handler sent."""
    async with connect(served.uri(path, context is not None), ssl=context, additional_headers=headers) as websocket:
        message = await websocket.recv()
    assert isinstance(message, str)
    return message


@dataclass(frozen=True)
class Certificates:
    """PEM files: a CA, the central system's certificate (for localhost) and charge points'."""

    directory: Path
    authority: trustme.CA

    @property
    def ca(self) -> Path:
        return self.directory / "ca.pem"

    @property
    def central_system(self) -> Path:
        return self.directory / "central-system.pem"

    def charge_point(
        self, common_name: str, organization: str | None = None, not_after: datetime | None = None
    ) -> Path:
        """A client certificate (key and chain in one file) whose subject's CN is common_name."""
        path = self.directory / f"charge-point-{len(list(self.directory.iterdir()))}.pem"
        certificate = self.authority.issue_cert(
            "charge-point.example",
            common_name=common_name,
            organization_name=organization,
            not_before=None if not_after is None else not_after - timedelta(days=30),
            not_after=not_after,
        )
        certificate.private_key_and_cert_chain_pem.write_to_path(str(path))
        return path


def make_certificates(directory: Path, key_type: trustme.KeyType = trustme.KeyType.ECDSA) -> Certificates:
    authority = trustme.CA(key_type=key_type)
    authority.cert_pem.write_to_path(str(directory / "ca.pem"))
    central_system = authority.issue_cert("localhost", "127.0.0.1", key_type=key_type)
    central_system.private_key_and_cert_chain_pem.write_to_path(str(directory / "central-system.pem"))
    return Certificates(directory, authority)
