"""Section 3's floor: a bare `websockets` server, the same library and settings every Python
contender serves with, answering each CALL with the constant payload of bench/replies.py. It
parses the frame (the reply must carry the CALL's unique id) and validates nothing: what it costs
is what serving OCPP-J over Python websockets costs before any OCPP work is done.

`serve_small_reads` is the same server with the one transport setting ours makes: each
connection's asyncio transport reads at most 64 KiB at once (asyncio's default is 256 KiB, which
glibc maps and unmaps for every frame). It shows how much of ours' distance to the floor that
setting accounts for: the floor like for like."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable, Sequence

from websockets.asyncio.server import ServerConnection, serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .replies import handled_actions, reply_payload
from .traffic import OCPP16, OCPP201, OCPP21, traffic

# Each reply's payload as JSON text, made once: only the unique id changes from call to call.
PAYLOAD_TEXT = {action: json.dumps(reply_payload(action), separators=(",", ":")) for action in handled_actions()}
PAYLOAD_TEXTS = {
    OCPP16: PAYLOAD_TEXT,
    **{
        subprotocol: {
            action: json.dumps(payload, separators=(",", ":"))
            for action, payload in traffic(subprotocol).replies.items()
        }
        for subprotocol in (OCPP201, OCPP21)
    },
}


def answer(frame: str | bytes, payload_text: dict[str, str] = PAYLOAD_TEXT) -> str:
    """The CALLRESULT frame for a CALL frame: its unique id and the constant payload."""
    _, unique_id, action, _ = json.loads(frame)
    return f"[3,{json.dumps(unique_id)},{payload_text[action]}]"


# The read size ours sets (READ_CHUNK_BYTES in generator/runtime/_session.py).
READ_CHUNK_BYTES = 64 * 1024


async def _connection_small_reads(websocket: ServerConnection) -> None:
    websocket.transport.max_size = READ_CHUNK_BYTES  # type: ignore[attr-defined]
    await _connection(websocket)


async def _connection(websocket: ServerConnection) -> None:
    payload_text = PAYLOAD_TEXTS[websocket.subprotocol or OCPP16]
    try:
        async for frame in websocket:
            await websocket.send(answer(frame, payload_text))
    except ConnectionClosed:
        pass


async def serve(ready: Callable[[int], None], subprotocols: Sequence[str] = (OCPP16,)) -> None:
    await _serve(_connection, ready, subprotocols)


async def serve_small_reads(ready: Callable[[int], None], subprotocols: Sequence[str] = (OCPP16,)) -> None:
    await _serve(_connection_small_reads, ready, subprotocols)


async def _serve(
    handler: Callable[[ServerConnection], Awaitable[None]], ready: Callable[[int], None], subprotocols: Sequence[str]
) -> None:
    offered = [Subprotocol(subprotocol) for subprotocol in subprotocols]
    async with websockets_serve(handler, "127.0.0.1", 0, subprotocols=offered) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
