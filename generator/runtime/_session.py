"""One connection's frames between a socket and an endpoint: read by one task at a time,
answered in order, a flooding peer closed. `transport` runs it over `websockets`; it needs
only what `Socket` names, so it imports no socket library itself.

A CALL whose handler finishes without waiting is answered by the task that read it: no queue,
no second task, no event-loop round trip. A handler that waits (for an outgoing call of its
own, say) goes on in that task, and a new task reads on, so the answer it waits for is read.
Until it is answered, further CALLs wait in line (at most `limit`, then the connection is
closed with 1008), and the task that ran it answers them in order, then ends (or, if it is
the task that called `read_here`, waits for the connection to end). A handler still waiting
when the connection ends is cancelled.
"""

from __future__ import annotations

import asyncio
import types
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Coroutine, Generator
from typing import Any, Final, Protocol

POLICY_VIOLATION: Final = 1008  # the WebSocket close code (RFC 6455 7.4.1)
# The most a connection's asyncio transport reads at once. asyncio reads up to 256 KiB into a
# new bytes object each time; glibc serves an allocation that large with mmap, then shrinks it
# with mremap and frees it with munmap: three system calls and a page fault for every frame
# read. Below glibc's mmap threshold (128 KiB) the buffer comes from the heap, with no call.
READ_CHUNK_BYTES: Final = 64 * 1024


class Socket(Protocol):
    """What a session needs of an open WebSocket connection."""

    def __aiter__(self) -> AsyncIterator[str | bytes]: ...

    async def send(self, message: str) -> None: ...

    async def close(self, code: int, reason: str) -> None: ...


class Answering(Protocol):
    """What a session needs of an endpoint (any package's `dispatch.Endpoint`)."""

    def receive_frame(self, frame: str | bytes) -> Any: ...

    def answer(self, call: Any) -> Coroutine[Any, Any, str]: ...


class Session:
    """Pass frames between a socket and an endpoint: `start()`, await `ended`, `stop()`.

    `ended` is done when the connection is over (the socket's iteration ended or raised one of
    `closed_errors`, or the session closed a flooding peer); it holds any other exception.
    """

    __slots__ = (
        "endpoint",
        "socket",
        "limit",
        "closed_errors",
        "waiting",
        "answering",
        "reader",
        "cancelled",
        "ended",
    )

    def __init__(
        self,
        endpoint: Answering,
        socket: Socket,
        limit: int,
        closed_errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.endpoint = endpoint
        self.socket = socket
        self.limit = limit
        self.closed_errors = closed_errors
        # CALLs read while a handler waits (made when the first comes).
        self.waiting: deque[Any] | None = None
        self.answering: asyncio.Task[Any] | None = None  # the task running that handler
        self.reader: asyncio.Task[Any] | None = None
        self.cancelled: asyncio.Task[Any] | None = (
            None  # cancelled as its connection ended
        )
        self.ended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        read_in_small_chunks(socket)

    def start(self) -> None:
        """Read in a task of its own."""
        self.reader = asyncio.create_task(self._read())

    async def read_here(self) -> None:
        """Read in the calling task (no task of its own) until the connection is over.

        When a handler this task ran still waits as the connection ends, the task reading on
        cancels it; that cancellation ends here, any other goes on."""
        task = asyncio.current_task()
        self.reader = task
        try:
            await self._read()
        except asyncio.CancelledError:
            if task is None or self.cancelled is not task or task.uncancel() > 0:
                raise
        await self.ended

    async def stop(self) -> None:
        """Cancel the tasks still reading or answering, and wait for them."""
        current = asyncio.current_task()
        tasks = [
            t
            for t in (self.reader, self.answering)
            if t is not None and t is not current
        ]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks)
        if not self.ended.done():
            self.ended.cancel()

    async def _read(self) -> None:
        try:
            over = await self._read_frames()
        except Exception as error:
            if not self.ended.done():
                if isinstance(error, self.closed_errors):
                    self.ended.set_result(None)
                else:  # a defect: whoever awaits `ended` raises it
                    self.ended.set_exception(error)
            self._cancel_answering()
            return
        if over and not self.ended.done():
            self.ended.set_result(None)
        if self.ended.done():
            self._cancel_answering()

    def _cancel_answering(self) -> None:
        """The connection is over: a handler still waiting has no one to answer."""
        answering = self.answering
        if answering is not None and answering is not asyncio.current_task():
            self.cancelled = answering
            answering.cancel()

    async def _read_frames(self) -> bool:
        """Read until the connection is over (True) or this task must finish a handler (False)."""
        socket = self.socket
        async for message in socket:
            try:
                outcome = self._take(message)
            except _TooManyCalls:
                await socket.close(POLICY_VIOLATION, too_many_calls(self.limit))
                return True
            if outcome is None:
                continue
            if isinstance(outcome, str):  # an answer, or a CALLERROR for a bad frame
                await socket.send(outcome)
            else:  # the handler waits: it goes on in this task, and another task reads on
                self.answering = asyncio.current_task()
                self.reader = asyncio.create_task(self._read())
                await self._answer_in_order(_resume(*outcome))
                return False
        return True

    def _take(
        self, message: str | bytes
    ) -> str | tuple[Coroutine[Any, Any, str], Any] | None:
        """What a frame asks for: a frame to send now, a handler that waits (its coroutine and
        what it waits on), or nothing. Synchronous, so that nothing of the frame (the request,
        its models) stays alive while the next frame is awaited: objects that outlive a
        collection of the cyclic garbage collector make it run more often."""
        event = self.endpoint.receive_frame(message)
        if event is None or isinstance(event, str):
            return event
        if self.answering is not None:  # a handler waits: this CALL waits in line
            if self.waiting is None:
                self.waiting = deque()
            elif len(self.waiting) >= self.limit:
                raise _TooManyCalls
            self.waiting.append(event)
            return None
        answer = self.endpoint.answer(event)
        try:
            awaited = answer.send(None)
        except StopIteration as done:  # answered without waiting
            reply: str = done.value
            return reply
        return answer, awaited

    async def _answer_in_order(self, first: Awaitable[str]) -> None:
        reply = await first
        while True:
            await self.socket.send(reply)
            if not self.waiting:
                self.answering = None
                return
            reply = await self.endpoint.answer(self.waiting.popleft())


@types.coroutine
def _resume(
    coroutine: Coroutine[Any, Any, str], awaited: Any
) -> Generator[Any, Any, str]:
    """Finish, in the calling task, a coroutine started by hand that now waits on `awaited`.

    It must be the task that started it: `asyncio.timeout()` and `current_task()` inside the
    handler refer to that task."""
    while True:
        try:
            sent = yield awaited
        except GeneratorExit:
            coroutine.close()
            raise
        except BaseException as error:  # thrown in by the task: a cancellation
            try:
                awaited = coroutine.throw(error)
            except StopIteration as done:
                result: str = done.value
                return result
        else:
            try:
                awaited = coroutine.send(sent)
            except StopIteration as done:
                result = done.value
                return result


def read_in_small_chunks(socket: object) -> None:
    """Make the socket's asyncio transport, where it has asyncio's read size, read at most
    `READ_CHUNK_BYTES` at once (other event loops' transports are left as they are)."""
    transport = getattr(socket, "transport", None)
    read_size = getattr(transport, "max_size", None)
    if type(read_size) is int and read_size > READ_CHUNK_BYTES:
        transport.max_size = READ_CHUNK_BYTES  # type: ignore[union-attr]


class _TooManyCalls(Exception):
    """More CALLs wait in line than the session allows."""


def too_many_calls(limit: int) -> str:
    return f"more than {limit} CALLs wait for their answers; OCPP-J allows one outstanding CALL"
