"""What a contender is in each section, and the names the report knows them by."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

OURS = "ocpp-codegen"
OCPP_LIBRARY = "ocpp 2.1.0"
# Section 3's floor: what serving websockets costs in Python before any OCPP is done.
BARE_WEBSOCKETS = "bare websockets (floor)"
# The floor again, its connections reading at most 64 KiB at once as ours do (see bench/bare_websockets.py).
BARE_WEBSOCKETS_SMALL_READS = "bare websockets, 64 KiB reads"
# The exact version bench/node/package.json pins (a test keeps the two the same).
OCPP_RPC_VERSION = "2.2.1"
OCPP_RPC = f"ocpp-rpc {OCPP_RPC_VERSION} strict (Node)"

# A validator takes a payload as JSON text and raises when it is not valid.
Validator = Callable[[str], object]

# An inbound handler takes a CALL frame as text and returns the reply frame as text.
InboundHandler = Callable[[str], str] | Callable[[str], Awaitable[str]]


@dataclass(frozen=True)
class InboundContender:
    """Section 2: `handle` answers one CALL frame with its CALLRESULT frame, validation on,
    using the trivial handlers of bench/replies.py, and a CALL whose payload is invalid with a
    CALLERROR. `handle` is a plain function or a coroutine function (`async def`)."""

    name: str
    handle: InboundHandler
    ours: bool = False


@dataclass(frozen=True)
class CentralSystem:
    """Sections 3 and 5: a central system process. For the "python" runtime, `entry_point` is
    "module:function" naming `async def function(ready: Callable[[int], None], subprotocols:
    Sequence[str]) -> None`, which serves OCPP over websockets on 127.0.0.1 (a port of its
    choice, offering `subprotocols` in that order, each connection served in the version its
    charge point chose, the charge point's identity the last path segment), answers with the
    trivial handlers of bench/traffic.py, calls ready(port) once it listens, and serves until
    cancelled. For the "node" runtime, `entry_point` is a script under the repository run with
    `node`, speaking the same line protocol (bench/central_system.py). `validates`: whether it
    answers a payload its schema rejects with a CALLERROR (every contender but the floor must)."""

    name: str
    entry_point: str
    ours: bool = False
    runtime: str = "python"
    validates: bool = True
    subprotocols: tuple[str, ...] = ("ocpp1.6",)
