"""Server processes in miniature for the cluster's tests: a websocket server, its endpoints by
identity, and its `Cluster`, joined by the two lines of glue a real server has (register on
connect, unregister on disconnect). Run as a program, one node in a process of its own, which
prints its port and serves until killed: `python -m tests.cluster_nodes PORT PREFIX NAME TTL`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import Any

from redis.asyncio import Redis

import ocpp16
from ocpp16 import transport
from ocpp16.cluster import Cluster
from ocpp16.dispatch import CentralSystem, ChargePoint, OcppError, Send


class Node:
    """One server process's part: serve charge points, register them, route calls."""

    def __init__(
        self, redis_port: int, prefix: str, name: str, *, response_timeout: float = 30.0, **options: Any
    ) -> None:
        self.name = name
        self.endpoints: dict[str, CentralSystem] = {}
        self.redis = Redis(host="127.0.0.1", port=redis_port)
        self.cluster = Cluster(self.redis, name, endpoint_of=self.endpoints.get, prefix=prefix, **options)
        self._response_timeout = response_timeout
        self._server: transport.Server[CentralSystem] | None = None

    @property
    def url(self) -> str:
        assert self._server is not None
        return f"ws://127.0.0.1:{self._server.sockets[0].getsockname()[1]}/ocpp/"

    async def __aenter__(self) -> Node:
        await self.cluster.start()
        self._server = await transport.serve(
            self._endpoint, "127.0.0.1", 0, on_connect=self._connected, on_disconnect=self._disconnected
        )
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        await self.cluster.close()
        await self.redis.aclose()

    def _endpoint(self, connection: transport.Connection) -> CentralSystem:
        return CentralSystem(connection.send, connection.identity, response_timeout=self._response_timeout)

    async def _connected(self, connection: transport.Connection, endpoint: CentralSystem) -> None:
        self.endpoints[connection.identity] = endpoint
        await self.cluster.register(connection.identity)

    async def _disconnected(self, connection: transport.Connection, endpoint: CentralSystem) -> None:
        if self.endpoints.get(connection.identity) is endpoint:
            del self.endpoints[connection.identity]
        await self.cluster.unregister(connection.identity)


class Charger(ChargePoint):
    """A charge point that starts transactions, refuses resets, and never answers a data transfer."""

    def __init__(self, send: Send, identity: str) -> None:
        super().__init__(send, identity)
        self.transferring = asyncio.Event()  # set once a data transfer came in

    async def on_remote_start_transaction(
        self, request: ocpp16.RemoteStartTransactionRequest
    ) -> ocpp16.RemoteStartTransactionResponse:
        accepted = request.id_tag == self.identity
        status = ocpp16.RemoteStartStopStatus.accepted if accepted else ocpp16.RemoteStartStopStatus.rejected
        return ocpp16.RemoteStartTransactionResponse(status=status)

    async def on_reset(self, request: ocpp16.ResetRequest) -> ocpp16.ResetResponse:
        raise OcppError("GenericError", "resets are off today", {"until": "tomorrow"})

    async def on_data_transfer(self, request: ocpp16.DataTransferRequest) -> ocpp16.DataTransferResponse:
        self.transferring.set()
        await asyncio.Event().wait()
        raise AssertionError("unreachable")


def start_for(identity: str) -> ocpp16.RemoteStartTransactionRequest:
    return ocpp16.RemoteStartTransactionRequest(id_tag=identity)


async def until(condition: Callable[[], Awaitable[Any]], expected: Any, within: float = 10.0) -> None:
    """Wait until `condition()` gives `expected` (the registry is updated by the server's tasks)."""
    deadline = time.monotonic() + within
    while (found := await condition()) != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"still {found!r}, not {expected!r}, after {within} s")
        await asyncio.sleep(0.02)


async def _serve_until_killed(redis_port: int, prefix: str, name: str, ttl: float) -> None:
    async with Node(redis_port, prefix, name, ttl=ttl) as node:
        print(node.url, flush=True)
        await asyncio.Event().wait()


if __name__ == "__main__":
    port, prefix, name, ttl = sys.argv[1:]
    asyncio.run(_serve_until_killed(int(port), prefix, name, float(ttl)))
