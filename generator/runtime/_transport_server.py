"""The transport's server: one endpoint per connection, a registry of the connections by
identity, the connect and disconnect hooks, and a security profile's check of each upgrade.
"""

from __future__ import annotations

import asyncio
import ssl
import types
from collections.abc import Generator, Mapping, Sequence
from http import HTTPStatus
from typing import Any, Final, Generic, Protocol, Self

from ._contracts import (
    IDENTITY,
    MAX_QUEUED_CALLS,
    Action,
    EndpointT,
    NotConnectedError,
    RequestT,
    ResponseT,
    check_queue_bound,
    identity_of,
    valid_identity,
)
from ._transport_base import (
    Connection,
    Factories,
    Hook,
    by_subprotocol,
    cancel,
    connection_of,
    make_endpoint,
    new_session,
    run_hook,
    start_hook,
)
from ._websocket import CLIENT_TITLE

# isort: split
# After _transport_base, which checks the installed release of websockets.
from websockets.asyncio.server import Server as WebSocketServer
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as websocket_serve
from websockets.frames import CloseCode
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

REPLACED_REASON: Final = "replaced by a newer connection with the same identity"


class ServerSecurity(Protocol):
    """A server's security profile: its TLS context, and a check of each upgrade request."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    async def check_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None: ...


class _Registered(Generic[EndpointT]):
    __slots__ = ("connection", "endpoint", "websocket")

    def __init__(
        self, connection: Connection, endpoint: EndpointT, websocket: ServerConnection
    ) -> None:
        self.connection = connection
        self.endpoint = endpoint
        self.websocket = websocket


class Server(Generic[EndpointT]):
    """A WebSocket server running one endpoint per connection; use `async with` or `await`.

    `connections` is the registry: identity -> the open `Connection` (its `connected_at`).
    `endpoint(identity)` is that connection's endpoint; `call(identity, action, request)` sends
    it a CALL from any task. Both raise `NotConnectedError` when the identity is not connected.
    """

    def __init__(
        self,
        factories: Factories[EndpointT],
        host: str | None,
        port: int | None,
        *,
        max_queued_calls: int,
        on_connect: Hook[EndpointT] | None,
        on_disconnect: Hook[EndpointT] | None,
        security: ServerSecurity | None,
        options: dict[str, Any],
    ) -> None:
        check_queue_bound(max_queued_calls)
        self._factories = by_subprotocol(factories)
        self._max_queued_calls = max_queued_calls
        self._on_connect = on_connect
        self._on_disconnect = on_disconnect
        self._security = security
        self._registered: dict[str, _Registered[EndpointT]] = {}
        # Older connections being closed, each beside the newer that replaced it.
        self._replaced: set[asyncio.Task[None]] = set()
        if security is not None and security.ssl_context is not None:
            options = {**options, "ssl": security.ssl_context}
        self._address = (host, port)
        self._options = options
        self._server: WebSocketServer | None = None

    # --- life -------------------------------------------------------------------------

    async def start(self) -> Self:
        """Listen; `async with` and `await` do this."""
        if self._server is None:
            self._server = await websocket_serve(
                self._handle,
                *self._address,
                subprotocols=[Subprotocol(s) for s in self._factories],
                select_subprotocol=self._select_subprotocol,
                process_request=self._check_request,
                **self._options,
            )
        return self

    def __await__(self) -> Generator[Any, None, Self]:
        return self.start().__await__()

    async def __aenter__(self) -> Self:
        return await self.start()

    async def __aexit__(self, *exception: object) -> None:
        self.close()
        await self.wait_closed()

    @property
    def websocket_server(self) -> WebSocketServer:
        """The `websockets` server underneath (once started)."""
        if self._server is None:
            raise RuntimeError("the server is not started: use `async with` or `await`")
        return self._server

    @property
    def sockets(self) -> Sequence[Any]:
        return tuple(self.websocket_server.sockets)

    def close(self) -> None:
        self.websocket_server.close()

    async def wait_closed(self) -> None:
        await self.websocket_server.wait_closed()

    async def serve_forever(self) -> None:
        await self.websocket_server.serve_forever()

    # --- the registry -----------------------------------------------------------------

    @property
    def connections(self) -> Mapping[str, Connection]:
        """The open connections by identity, the newest for each identity."""
        return types.MappingProxyType(
            {identity: r.connection for identity, r in self._registered.items()}
        )

    def endpoint(self, identity: str) -> EndpointT:
        """The endpoint of the open connection with this identity."""
        registered = self._registered.get(identity)
        if registered is None:
            raise NotConnectedError(identity)
        return registered.endpoint

    async def call(
        self, identity: str, action: Action[RequestT, ResponseT], request: RequestT
    ) -> ResponseT:
        """Send a CALL to the connection with this identity; return its validated response."""
        response: ResponseT = await self.endpoint(identity).call(action, request)
        return response

    # --- one connection ---------------------------------------------------------------

    def _select_subprotocol(
        self, websocket: ServerConnection, offered: Sequence[Subprotocol]
    ) -> Subprotocol | None:
        """Ours in our order of preference; else None: the handshake completes without the
        header, then `_handle` closes with 1002, as OCPP-J asks."""
        return next((Subprotocol(s) for s in self._factories if s in offered), None)

    async def _check_request(
        self, websocket: ServerConnection, request: Request
    ) -> Response | None:
        if valid_identity(request.path) is None:
            return websocket.respond(
                HTTPStatus.NOT_FOUND,
                f"The URL path must end with the {CLIENT_TITLE}'s identity,"
                f" matching {IDENTITY.pattern}.\n",
            )
        if self._security is not None:
            return await self._security.check_request(websocket, request)
        return None

    async def _handle(self, websocket: ServerConnection) -> None:
        assert websocket.request is not None  # the handshake is done
        factory = self._factories.get(websocket.subprotocol or "")
        if factory is None:
            offered = ", ".join(self._factories)
            await websocket.close(
                CloseCode.PROTOCOL_ERROR, f"OCPP-J needs a subprotocol of {offered}"
            )
            return
        connection = connection_of(websocket, identity_of(websocket.request.path))
        endpoint = make_endpoint(factory, connection)
        self._register(_Registered(connection, endpoint, websocket))
        session = new_session(endpoint, websocket, self._max_queued_calls)
        connecting = start_hook(self._on_connect, connection, endpoint)
        try:
            await session.read_here()
        finally:
            # A connect hook still running: its connection is gone.
            await cancel(connecting)
            endpoint.close()
            await session.stop()
            registered = self._registered.get(connection.identity)
            if registered is not None and registered.websocket is websocket:
                del self._registered[connection.identity]
            await run_hook(self._on_disconnect, connection, endpoint)

    def _register(self, registered: _Registered[EndpointT]) -> None:
        """One connection per identity: the newer replaces the older, which is closed beside
        (an older connection that is dead takes close_timeout to go)."""
        older = self._registered.get(registered.connection.identity)
        self._registered[registered.connection.identity] = registered
        if older is not None:
            closing = asyncio.create_task(
                older.websocket.close(CloseCode.NORMAL_CLOSURE, REPLACED_REASON)
            )
            self._replaced.add(closing)
            closing.add_done_callback(self._replaced.discard)


def serve(
    factory: Factories[EndpointT],
    host: str | None = None,
    port: int | None = None,
    *,
    max_queued_calls: int = MAX_QUEUED_CALLS,
    on_connect: Hook[EndpointT] | None = None,
    on_disconnect: Hook[EndpointT] | None = None,
    security: ServerSecurity | None = None,
    **options: Any,
) -> Server[EndpointT]:
    """A WebSocket server running one endpoint per connection; use `async with` or `await`.

    `factory`: an endpoint class, a callable taking the `Connection`, or a mapping of
    subprotocols to either, in the server's order of preference (by default the one
    factory speaks `SUBPROTOCOL`). `on_connect(connection, endpoint)` runs once the endpoint
    reads its frames, `on_disconnect(connection, endpoint)` once it is closed (also for a
    connection a newer one replaced); either may be async. `security` sets TLS and may refuse
    an upgrade. `options` go to `websockets.asyncio.server.serve` (ping_interval, max_size...).
    """
    return Server(
        factory,
        host,
        port,
        max_queued_calls=max_queued_calls,
        on_connect=on_connect,
        on_disconnect=on_disconnect,
        security=security,
        options=options,
    )


async def serve_forever(
    factory: Factories[EndpointT],
    host: str | None = None,
    port: int | None = None,
    **options: Any,
) -> None:
    """`serve()` until cancelled: `asyncio.run(serve_forever(MyEndpoint, "0.0.0.0", 9000))`."""
    async with serve(factory, host, port, **options) as server:
        await server.serve_forever()
