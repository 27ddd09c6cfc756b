"""What the transport's server and client share: the `Connection` an endpoint's factory and
the hooks see, making the endpoint and its `Session` for an open websocket, `run`, and the hooks.

The first module of the transport to import `websockets`: it checks the installed release
before importing `websockets.asyncio`, which older releases lack.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, TypeAlias

from websockets.version import version as WEBSOCKETS_VERSION

from ._contracts import (
    MAX_QUEUED_CALLS,
    EndpointT,
    OcppEndpoint,
    Send,
    check_queue_bound,
)
from ._releases import SUPPORTED
from ._requirements import require
from ._session import Session
from ._websocket import SUBPROTOCOL

# Before importing websockets.asyncio, which older releases lack: they fail here, clearly.
require("websockets", WEBSOCKETS_VERSION, SUPPORTED["websockets"])

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.server import ServerConnection
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed

# The transport's logger, whichever of its modules logs.
_LOGGER = logging.getLogger(__name__.rpartition(".")[0] + ".transport")

WebSocket: TypeAlias = ServerConnection | ClientConnection


@dataclass(frozen=True, eq=False, slots=True)
class Connection:
    """One WebSocket connection, as its endpoint's factory and the hooks see it."""

    identity: str
    subprotocol: str
    request_headers: Headers
    remote_address: Any  # (host, port) for TCP, as the socket gives it
    # The peer's TLS certificate, as `ssl.SSLSocket.getpeercert()` gives it once verified.
    peer_certificate: dict[str, Any] | None
    send: Send = field(repr=False)
    connected_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))


Factory: TypeAlias = type[EndpointT] | Callable[[Connection], EndpointT]
Factories: TypeAlias = Factory[EndpointT] | Mapping[str, Factory[EndpointT]]
Hook: TypeAlias = Callable[[Connection, EndpointT], Awaitable[None] | None]


async def run(
    endpoint: OcppEndpoint[Any],
    websocket: WebSocket,
    *,
    max_queued_calls: int = MAX_QUEUED_CALLS,
) -> None:
    """Pass frames between an open websocket and an endpoint until the connection closes."""
    check_queue_bound(max_queued_calls)
    session = new_session(endpoint, websocket, max_queued_calls)
    try:
        await session.read_here()
    finally:
        endpoint.close()
        await session.stop()


def by_subprotocol(factories: Factories[EndpointT]) -> dict[str, Factory[EndpointT]]:
    if isinstance(factories, Mapping):
        chosen = dict(factories)
        if not chosen:
            raise ValueError("give at least one subprotocol and its factory")
        return chosen
    return {SUBPROTOCOL: factories}


def make_endpoint(factory: Factory[EndpointT], connection: Connection) -> EndpointT:
    """An endpoint class is called with (send, identity); any other factory with the connection."""
    if isinstance(factory, type):
        endpoint_class: Callable[[Send, str], EndpointT] = factory
        return endpoint_class(connection.send, connection.identity)
    return factory(connection)


def new_session(
    endpoint: OcppEndpoint[Any], websocket: WebSocket, limit: int
) -> Session:
    return Session(endpoint, websocket, limit, closed_errors=(ConnectionClosed,))


def connection_of(websocket: WebSocket, identity: str) -> Connection:
    assert websocket.request is not None and websocket.subprotocol is not None
    return Connection(
        identity=identity,
        subprotocol=websocket.subprotocol,
        request_headers=websocket.request.headers,
        remote_address=websocket.remote_address,
        peer_certificate=_peer_certificate(websocket),
        send=websocket.send,
    )


def _peer_certificate(websocket: WebSocket) -> dict[str, Any] | None:
    ssl_object = websocket.transport.get_extra_info("ssl_object")
    if ssl_object is None:
        return None
    certificate: dict[str, Any] | None = ssl_object.getpeercert()
    return certificate or None  # {} when the certificate was not verified


def start_hook(
    hook: Hook[EndpointT] | None, connection: Connection, endpoint: EndpointT
) -> asyncio.Task[None] | None:
    """Run a connect hook beside the connection, whose frames are read meanwhile: the hook may
    call the peer."""
    if hook is None:
        return None
    return asyncio.create_task(run_hook(hook, connection, endpoint))


async def cancel(task: asyncio.Task[Any] | None) -> None:
    """Cancel a task unless it is done, and wait for it."""
    if task is not None and not task.done():
        task.cancel()
        await asyncio.wait([task])


async def run_hook(
    hook: Hook[EndpointT] | None, connection: Connection, endpoint: EndpointT
) -> None:
    if hook is None:
        return
    try:
        result = hook(connection, endpoint)
        if inspect.isawaitable(result):
            await result
    except Exception:
        name = getattr(hook, "__qualname__", repr(hook))
        _LOGGER.exception("the hook %s failed for %s", name, connection.identity)
