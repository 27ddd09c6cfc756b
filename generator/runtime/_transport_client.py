"""The transport's client: `connect`, and `open_client` (the handshake, the endpoint and its
session), which `reconnect` uses too."""

from __future__ import annotations

import ssl
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any, Protocol

from ._contracts import MAX_QUEUED_CALLS, EndpointT, check_queue_bound, identity_of
from ._session import Session
from ._transport_base import (
    Connection,
    Factories,
    by_subprotocol,
    connection_of,
    make_endpoint,
    new_session,
)

# isort: split
# After _transport_base, which checks the installed release of websockets.
from websockets.asyncio.client import connect as websocket_connect
from websockets.typing import Subprotocol


class ClientSecurity(Protocol):
    """A client's security profile: its TLS context and extra request headers."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    def headers(self, identity: str) -> dict[str, str]: ...


@asynccontextmanager
async def connect(
    uri: str,
    factory: Factories[EndpointT],
    *,
    max_queued_calls: int = MAX_QUEUED_CALLS,
    security: ClientSecurity | None = None,
    **options: Any,
) -> AsyncIterator[EndpointT]:
    """Connect to a server at `uri` (`ws://host/ocpp/CP_1`) and run the factory's endpoint.

    The identity is the last segment of the URI's path. The client offers the subprotocols of
    `factory` (a mapping, in its order) or `SUBPROTOCOL`, and runs the factory of the one the
    server picks. On leaving the block the connection closes. `security` sets TLS and extra
    request headers; `options` go to `websockets.asyncio.client.connect`.
    """
    check_queue_bound(max_queued_calls)
    async with open_client(uri, factory, security, options, max_queued_calls) as (
        _,
        endpoint,
        session,
    ):
        session.start()
        try:
            yield endpoint
        finally:
            endpoint.close()
            await session.stop()


@asynccontextmanager
async def open_client(
    uri: str,
    factory: Factories[EndpointT],
    security: ClientSecurity | None,
    options: dict[str, Any],
    max_queued_calls: int = MAX_QUEUED_CALLS,
) -> AsyncIterator[tuple[Connection, EndpointT, Session]]:
    """The client's handshake, its `Connection`, its endpoint and their session (not started)."""
    factories = by_subprotocol(factory)
    identity = identity_of(uri)
    if security is not None:
        headers = {
            **security.headers(identity),
            **dict(options.get("additional_headers") or {}),
        }
        options = {**options, "additional_headers": headers}
        if security.ssl_context is not None:
            options["ssl"] = security.ssl_context
    offered = [Subprotocol(s) for s in factories]
    async with websocket_connect(uri, subprotocols=offered, **options) as websocket:
        chosen = factories.get(websocket.subprotocol or "")
        if chosen is None:
            raise ConnectionError(
                f"{uri} did not agree on a subprotocol of {', '.join(factories)}"
            )
        connection = connection_of(websocket, identity)
        endpoint = make_endpoint(chosen, connection)
        yield connection, endpoint, new_session(endpoint, websocket, max_queued_calls)
