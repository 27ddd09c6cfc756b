"""A client that stays connected: it connects again, with back-off and jitter, whenever the
connection drops or cannot be opened, until it is closed or cancelled.

Each connection gets a fresh endpoint from the factory: an endpoint belongs to one connection
(closing it fails the calls still waiting, and it stays closed). What must outlive a connection
(a transaction in progress, the messages not yet sent) belongs to the factory's closure or to
the `on_connect` hook, which runs for every connection and may, for example, send the boot
notification. `connected()` waits for the current endpoint.

The waits follow OCPP 2.0.1's reconnection rule (RetryBackOffWaitMinimum,
RetryBackOffRandomRange, RetryBackOffRepeatTimes): the first attempt after a drop waits
`wait_minimum` plus a random part of `random_range`; each further failure doubles the
minimum, at most `repeat_times` times. A connection that opens resets the count.
"""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, Self

from .transport import (
    MAX_QUEUED_CALLS,
    ClientSecurity,
    EndpointT,
    Factories,
    Hook,
    cancel,
    open_client,
    run_hook,
    start_hook,
)

_LOGGER = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """How long to wait before the next attempt to connect."""

    wait_minimum: float = 1.0
    random_range: float = 1.0
    repeat_times: int = 6

    def delay(self, failures: int, draw: Callable[[], float] = random.random) -> float:
        """The wait after `failures` failed attempts in a row (0: the connection just dropped)."""
        doublings = min(max(failures, 0), self.repeat_times)
        return self.wait_minimum * (1 << doublings) + self.random_range * draw()


class ReconnectingClient(Generic[EndpointT]):
    """Connect to `uri` and stay connected until `close()`; `async with` runs it in a task.

    `factory`, `security` and `options` are those of `transport.connect`; `on_connect` and
    `on_disconnect` (sync or async) run for each connection with its `Connection` and endpoint.
    """

    def __init__(
        self,
        uri: str,
        factory: Factories[EndpointT],
        *,
        backoff: Backoff = Backoff(),
        on_connect: Hook[EndpointT] | None = None,
        on_disconnect: Hook[EndpointT] | None = None,
        security: ClientSecurity | None = None,
        max_queued_calls: int = MAX_QUEUED_CALLS,
        **options: Any,
    ) -> None:
        self.uri = uri
        self.backoff = backoff
        self._factory = factory
        self._on_connect = on_connect
        self._on_disconnect = on_disconnect
        self._security = security
        self._max_queued_calls = max_queued_calls
        self._options = options
        self._endpoint: EndpointT | None = None
        self._connected = asyncio.Event()
        self._closing = asyncio.Event()
        self._runner: asyncio.Task[None] | None = None
        self.failures = 0
        """Failed attempts since the last connection opened."""

    @property
    def endpoint(self) -> EndpointT | None:
        """The endpoint of the open connection, or None between connections."""
        return self._endpoint

    async def connected(self) -> EndpointT:
        """The endpoint of the open connection, once there is one.

        Raises ConnectionError when the client is closed first."""
        while self._endpoint is None or self._endpoint.closed:
            if self._closing.is_set():
                raise ConnectionError(f"the client of {self.uri} is closed")
            waiting = asyncio.ensure_future(self._connected.wait())
            closing = asyncio.ensure_future(self._closing.wait())
            try:
                await asyncio.wait(
                    [waiting, closing], return_when=asyncio.FIRST_COMPLETED
                )
            finally:
                waiting.cancel()
                closing.cancel()
        return self._endpoint

    def close(self) -> None:
        """Stop: close the connection and make no new one; `run()` then returns."""
        self._closing.set()

    async def run(self) -> None:
        """Connect, and connect again whenever the connection drops, until `close()` or cancel."""
        while not self._closing.is_set():
            try:
                await self._connect_once()
            except (
                Exception
            ) as error:  # refused, timed out, a handshake answered 4xx, ...
                self.failures += 1
                _LOGGER.warning("connecting to %s failed: %s", self.uri, error)
            if self._closing.is_set():
                return
            delay = self.backoff.delay(self.failures)
            try:
                await asyncio.wait_for(self._closing.wait(), delay)
            except TimeoutError:
                pass

    async def __aenter__(self) -> Self:
        self._runner = asyncio.create_task(self.run())
        return self

    async def __aexit__(self, *exception: object) -> None:
        self.close()
        if self._runner is not None:
            await asyncio.wait([self._runner])

    async def _connect_once(self) -> None:
        opening = open_client(
            self.uri,
            self._factory,
            self._security,
            self._options,
            self._max_queued_calls,
        )
        async with opening as (connection, endpoint, session):
            self.failures = 0
            session.start()
            self._endpoint = endpoint
            self._connected.set()
            connecting = start_hook(self._on_connect, connection, endpoint)
            try:
                closing: asyncio.Future[Any] = asyncio.ensure_future(
                    self._closing.wait()
                )
                try:
                    await asyncio.wait(
                        [session.ended, closing], return_when=asyncio.FIRST_COMPLETED
                    )
                finally:
                    closing.cancel()
                if session.ended.done():
                    session.ended.result()  # a defect of the session: `run` logs it
            finally:
                # A connect hook still running: its connection is gone.
                await cancel(connecting)
                self._connected.clear()
                self._endpoint = None
                endpoint.close()
                await session.stop()
                await run_hook(self._on_disconnect, connection, endpoint)
