"""Section 3's floor: a bare `websockets` server, the same library and settings every Python
contender serves with, answering each CALL with the constant payload of bench/replies.py. It
parses the frame (the reply must carry the CALL's unique id) and validates nothing: what it costs
is what serving OCPP-J over Python websockets costs before any OCPP work is done."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Sequence

from websockets.asyncio.server import ServerConnection, serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.typing import Subprotocol

from .replies import handled_actions, reply_payload
from .traffic import OCPP16, OCPP201, traffic

# Each reply's payload as JSON text, made once: only the unique id changes from call to call.
PAYLOAD_TEXT = {action: json.dumps(reply_payload(action), separators=(",", ":")) for action in handled_actions()}
PAYLOAD_TEXTS = {
    OCPP16: PAYLOAD_TEXT,
    OCPP201: {
        action: json.dumps(payload, separators=(",", ":")) for action, payload in traffic(OCPP201).replies.items()
    },
}


def answer(frame: str | bytes, payload_text: dict[str, str] = PAYLOAD_TEXT) -> str:
    """The CALLRESULT frame for a CALL frame: its unique id and the constant payload."""
    _, unique_id, action, _ = json.loads(frame)
    return f"[3,{json.dumps(unique_id)},{payload_text[action]}]"


async def _connection(websocket: ServerConnection) -> None:
    payload_text = PAYLOAD_TEXTS[websocket.subprotocol or OCPP16]
    try:
        async for frame in websocket:
            await websocket.send(answer(frame, payload_text))
    except ConnectionClosed:
        pass


async def serve(ready: Callable[[int], None], subprotocols: Sequence[str] = (OCPP16,)) -> None:
    offered = [Subprotocol(subprotocol) for subprotocol in subprotocols]
    async with websockets_serve(_connection, "127.0.0.1", 0, subprotocols=offered) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
