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

Every name is importable from here; the code is in `_transport_base` (the `Connection`, `run`,
the hooks), `_transport_server` and `_transport_client`. These are the only modules of the
package that import `websockets` (with `security`), and the package root imports none of them:
the rest of the package runs without that library.
"""

from __future__ import annotations

from ._contracts import IDENTITY as IDENTITY
from ._contracts import MAX_QUEUED_CALLS as MAX_QUEUED_CALLS
from ._contracts import Action as Action
from ._contracts import EndpointT as EndpointT
from ._contracts import NotConnectedError as NotConnectedError
from ._contracts import OcppEndpoint as OcppEndpoint
from ._contracts import Send as Send
from ._contracts import identity_of as identity_of
from ._contracts import valid_identity as valid_identity
from ._transport_base import Connection as Connection
from ._transport_base import Factories as Factories
from ._transport_base import Factory as Factory
from ._transport_base import Hook as Hook
from ._transport_base import WebSocket as WebSocket
from ._transport_base import cancel as cancel
from ._transport_base import run as run
from ._transport_base import run_hook as run_hook
from ._transport_base import start_hook as start_hook
from ._transport_client import ClientSecurity as ClientSecurity
from ._transport_client import connect as connect
from ._transport_client import open_client as open_client
from ._transport_server import REPLACED_REASON as REPLACED_REASON
from ._transport_server import Server as Server
from ._transport_server import ServerSecurity as ServerSecurity
from ._transport_server import serve as serve
from ._transport_server import serve_forever as serve_forever
