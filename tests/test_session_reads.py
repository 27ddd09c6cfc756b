"""How a session reads its connection: in chunks small enough that the C allocator serves each
read buffer from its heap (no mmap, mremap and munmap for every frame), and frames larger than
one chunk still arrive whole. Real websockets on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json

from websockets.asyncio.client import connect
from websockets.asyncio.server import ServerConnection, serve
from websockets.typing import Subprotocol

from ocpp16 import transport
from ocpp16._session import READ_CHUNK_BYTES, Session
from ocpp16.dispatch import CentralSystem

GLIBC_MMAP_THRESHOLD_BYTES = 128 * 1024


async def _read_size_of_a_served_connection() -> int:
    sizes: list[int] = []

    async def handler(websocket: ServerConnection) -> None:
        session = Session(CentralSystem(websocket.send, "CP_1"), websocket, limit=4)
        sizes.append(websocket.transport.max_size)  # type: ignore[attr-defined]
        await session.stop()

    async with serve(handler, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}/ocpp/CP_1") as websocket:
            await websocket.wait_closed()
    return sizes[0]


def test_a_session_reads_its_connection_in_chunks_below_the_allocators_mmap_threshold() -> None:
    assert asyncio.run(_read_size_of_a_served_connection()) == READ_CHUNK_BYTES < GLIBC_MMAP_THRESHOLD_BYTES


async def _answer_to_a_frame_of(size: int) -> list[object]:
    async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with connect(f"ws://127.0.0.1:{port}/ocpp/CP_1", subprotocols=[Subprotocol("ocpp1.6")]) as websocket:
            payload = {"vendorId": "Acme", "data": "x" * size}
            await websocket.send(json.dumps([2, "big", "DataTransfer", payload]))
            answer: list[object] = json.loads(await asyncio.wait_for(websocket.recv(), 10))
            return answer


def test_a_frame_larger_than_a_read_chunk_arrives_whole() -> None:
    answer = asyncio.run(_answer_to_a_frame_of(3 * READ_CHUNK_BYTES))
    # Read whole and valid (a cut frame would be a FormationViolation): the central system has
    # no DataTransfer handler, so it answers that it does not support it.
    assert answer[:3] == [4, "big", "NotSupported"]
