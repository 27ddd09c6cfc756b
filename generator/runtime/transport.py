"""The endpoints of `dispatch` over WebSocket, with the `websockets` library.

- `serve(factory, host, port)`: a server (the protocol's server side: `_websocket.SERVER_TITLE`),
  one endpoint per connection. `factory` is an endpoint class, called as `cls(send, identity)`,
  or any callable taking the connection's `Connection` (identity, subprotocol, request headers,
  remote address, peer certificate, `send`). Or a mapping of subprotocols to factories, in the
  server's order of preference, to serve several OCPP versions on one port: a factory may come
  from another generated package, as this module is the same in every package.
  The server keeps a registry of its connections by identity (`Server.connections`,
  `Server.endpoint`, `Server.call`), calls `on_connect` and `on_disconnect` hooks, and lets a
  `security` object refuse an upgrade and set TLS.
- `connect(uri, factory)`: a client (the protocol's client side: `_websocket.CLIENT_TITLE`), as
  an async context manager that yields the running endpoint. `ReconnectingClient` (in
  `reconnect`) connects again, with back-off, whenever the connection drops.
- `run(endpoint, websocket)`: what both do with an open connection. CALLs are answered in order;
  a handler that finishes without waiting is answered at once by the task that reads, and one
  that waits (for an outgoing call of its own, say) goes on in that task while a new task reads
  on. A peer with more than `max_queued_calls` CALLs waiting for their answers (default
  `MAX_QUEUED_CALLS`) is closed with 1008 (policy violation). A peer that does not read its
  answers is not read either once the socket's buffers are full (back-pressure), until the
  keepalive ping closes the connection.

This is the only module of the package that imports `websockets`, and the package root does
not import it: the rest of the package runs without that library.
"""

from __future__ import annotations

import asyncio
import inspect
import logging
import ssl
import types
from collections.abc import (
    AsyncIterator,
    Awaitable,
    Callable,
    Generator,
    Mapping,
    Sequence,
)
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from http import HTTPStatus
from typing import Any, Final, Generic, Protocol, Self, TypeAlias

from websockets.version import version as WEBSOCKETS_VERSION

from ._contracts import IDENTITY as IDENTITY
from ._contracts import MAX_QUEUED_CALLS as MAX_QUEUED_CALLS
from ._contracts import Action as Action
from ._contracts import EndpointT as EndpointT
from ._contracts import NotConnectedError as NotConnectedError
from ._contracts import OcppEndpoint as OcppEndpoint
from ._contracts import RequestT, ResponseT
from ._contracts import Send as Send
from ._contracts import check_queue_bound
from ._contracts import identity_of as identity_of
from ._contracts import valid_identity as valid_identity
from ._releases import SUPPORTED
from ._requirements import require
from ._session import Session
from ._websocket import CLIENT_TITLE, SUBPROTOCOL

# Before importing websockets.asyncio, which older releases lack: they fail here, clearly.
require("websockets", WEBSOCKETS_VERSION, SUPPORTED["websockets"])

from websockets.asyncio.client import ClientConnection
from websockets.asyncio.client import connect as websocket_connect
from websockets.asyncio.server import Server as WebSocketServer
from websockets.asyncio.server import ServerConnection
from websockets.asyncio.server import serve as websocket_serve
from websockets.datastructures import Headers
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.http11 import Request, Response
from websockets.typing import Subprotocol

REPLACED_REASON: Final = "replaced by a newer connection with the same identity"

_LOGGER = logging.getLogger(__name__)

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


class ServerSecurity(Protocol):
    """A server's security profile: its TLS context, and a check of each upgrade request."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    async def check_request(
        self, connection: ServerConnection, request: Request
    ) -> Response | None: ...


class ClientSecurity(Protocol):
    """A client's security profile: its TLS context and extra request headers."""

    @property
    def ssl_context(self) -> ssl.SSLContext | None: ...

    def headers(self, identity: str) -> dict[str, str]: ...


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
        self._factories = _by_subprotocol(factories)
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
        connection = _connection(websocket, identity_of(websocket.request.path))
        endpoint = _make(factory, connection)
        self._register(_Registered(connection, endpoint, websocket))
        session = _session(endpoint, websocket, self._max_queued_calls)
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
    factories = _by_subprotocol(factory)
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
        connection = _connection(websocket, identity)
        endpoint = _make(chosen, connection)
        yield connection, endpoint, _session(endpoint, websocket, max_queued_calls)


async def run(
    endpoint: OcppEndpoint[Any],
    websocket: WebSocket,
    *,
    max_queued_calls: int = MAX_QUEUED_CALLS,
) -> None:
    """Pass frames between an open websocket and an endpoint until the connection closes."""
    check_queue_bound(max_queued_calls)
    session = _session(endpoint, websocket, max_queued_calls)
    try:
        await session.read_here()
    finally:
        endpoint.close()
        await session.stop()


def _by_subprotocol(factories: Factories[EndpointT]) -> dict[str, Factory[EndpointT]]:
    if isinstance(factories, Mapping):
        chosen = dict(factories)
        if not chosen:
            raise ValueError("give at least one subprotocol and its factory")
        return chosen
    return {SUBPROTOCOL: factories}


def _make(factory: Factory[EndpointT], connection: Connection) -> EndpointT:
    """An endpoint class is called with (send, identity); any other factory with the connection."""
    if isinstance(factory, type):
        endpoint_class: Callable[[Send, str], EndpointT] = factory
        return endpoint_class(connection.send, connection.identity)
    return factory(connection)


def _session(endpoint: OcppEndpoint[Any], websocket: WebSocket, limit: int) -> Session:
    return Session(endpoint, websocket, limit, closed_errors=(ConnectionClosed,))


def _connection(websocket: WebSocket, identity: str) -> Connection:
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
