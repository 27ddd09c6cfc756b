"""Section 3's floor: a bare `websockets` server, the same library and settings every Python
contender serves with, answering each CALL with the constant payload of bench/replies.py. It
parses the frame (the reply must carry the CALL's unique id) and validates nothing: what it costs
is what serving OCPP-J over Python websockets costs before any OCPP work is done."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from websockets.asyncio.server import ServerConnection, serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .replies import handled_actions, reply_payload

# Each reply's payload as JSON text, made once: only the unique id changes from call to call.
PAYLOAD_TEXT = {action: json.dumps(reply_payload(action), separators=(",", ":")) for action in handled_actions()}


def answer(frame: str | bytes) -> str:
    """The CALLRESULT frame for a CALL frame: its unique id and the constant payload."""
    _, unique_id, action, _ = json.loads(frame)
    return f"[3,{json.dumps(unique_id)},{PAYLOAD_TEXT[action]}]"


async def _connection(websocket: ServerConnection) -> None:
    try:
        async for frame in websocket:
            await websocket.send(answer(frame))
    except ConnectionClosed:
        pass


async def serve(ready: Callable[[int], None]) -> None:
    async with websockets_serve(_connection, "127.0.0.1", 0, subprotocols=[Subprotocol("ocpp1.6")]) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
