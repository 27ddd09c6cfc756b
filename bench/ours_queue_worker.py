"""TEMPORARY measurement variant: the previous transport loop (a queue and a worker task per connection)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from websockets.asyncio.server import serve as websockets_serve
from websockets.exceptions import ConnectionClosed
from websockets.frames import CloseCode
from websockets.typing import Subprotocol

from .ours_central_system import _endpoints


async def _answer_calls(endpoint: Any, websocket: Any, calls: asyncio.Queue[Any]) -> None:
    while True:
        call = await calls.get()
        reply = await endpoint.answer(call)
        try:
            await websocket.send(reply)
        except ConnectionClosed:
            return


async def _run(endpoint: Any, websocket: Any, max_queued_calls: int = 4) -> None:
    calls: asyncio.Queue[Any] = asyncio.Queue(max_queued_calls)
    worker = asyncio.create_task(_answer_calls(endpoint, websocket, calls))
    try:
        async for message in websocket:
            event = endpoint.receive_frame(message)
            if isinstance(event, str):
                await websocket.send(event)
            elif event is not None:
                if calls.full():
                    await asyncio.sleep(0)
                if calls.full():
                    await websocket.close(CloseCode.POLICY_VIOLATION, "flood")
                    break
                calls.put_nowait(event)
    except ConnectionClosed:
        pass
    finally:
        endpoint.close()
        worker.cancel()
        await asyncio.wait([worker])


async def serve(ready: Callable[[int], None]) -> None:
    central_class, _ = _endpoints()

    async def handle(websocket: Any) -> None:
        identity = websocket.request.path.rsplit("/", 1)[-1]
        await _run(central_class(websocket.send, identity), websocket)

    async with websockets_serve(handle, "127.0.0.1", 0, subprotocols=[Subprotocol("ocpp1.6")]) as server:
        ready(server.sockets[0].getsockname()[1])
        await asyncio.Future()
