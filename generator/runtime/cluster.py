"""Calls to a charge point held by another server process, through Redis.

Several server processes behind a load balancer each hold some of the charge points'
sockets. A `Cluster` per process records which process holds which identity and carries a
call from any process to the one that holds the socket:

    cluster = Cluster(redis.asyncio.Redis(), "node-1", endpoint_of=endpoints.get)
    async with cluster:
        await cluster.register("CP_1")      # from the server's connect hook
        response = await cluster.call("CP_1", RESET, ResetRequest(type="Soft"))
        await cluster.unregister("CP_1")    # from the server's disconnect hook

- The registry: one Redis key per identity naming the holding process, with an expiry
  (`ttl`) the process refreshes while it lives, so a dead process's charge points are
  released. Registering always wins: a charge point that reconnects to another process
  belongs to it at once. Each `register` is balanced by one `unregister`; the key goes when
  the last connection of that identity on this process has gone.
- The calls: Redis pub/sub, one channel per process. A call is worth sending only while its
  caller waits: pub/sub delivers at most once and keeps nothing, so a command is never
  replayed after its caller gave up, and PUBLISH counts the receivers, so a call to a dead
  process fails at once instead of timing out. The holding process runs the call on its
  endpoint, within the caller's timeout, and publishes the answer to the caller's channel.
- Errors: a CALLERROR comes back as the package's `CallError`, the endpoint's own timeout
  as `CallTimeoutError`, an invalid answer as `InvalidResponseError`; `NotConnectedError`
  when no live process holds the identity, `ClusterTimeoutError` when no answer comes in
  time. A bad message on the broker is logged and dropped (or answered), never raised.

This is the only module of the package that imports `redis` (pip install redis), and the
package root does not import it: a single process needs no broker.
"""

from __future__ import annotations

import asyncio
import logging
import re
import uuid
from collections.abc import Awaitable, Callable, Coroutine
from contextlib import suppress
from types import TracebackType
from typing import Any, Final, Self

try:
    from redis.asyncio import Redis
    from redis.asyncio.client import PubSub
    from redis.exceptions import RedisError
except ImportError as missing:  # optional: a single process needs no broker
    raise ImportError(f"{__name__} needs redis: pip install redis") from missing

from pydantic import ValidationError

from ._cluster_wire import (
    MESSAGES,
    CallMessage,
    ClusterError,
    ClusterTimeoutError,
    NotConnectedError,
    RemoteCallError,
    ReplyMessage,
    refusal,
    result_of,
    run_call,
    short,
)
from .dispatch import Endpoint
from .table import ActionEntry, RequestT, ResponseT

__all__ = [
    "DEFAULT_TIMEOUT",
    "DEFAULT_TTL",
    "MAX_MESSAGE_BYTES",
    "MAX_RUNNING_CALLS",
    "NODE_ID",
    "Cluster",
    "ClusterError",
    "ClusterTimeoutError",
    "NotConnectedError",
    "RemoteCallError",
]

DEFAULT_TTL: Final = 10.0
"""Seconds a registration outlives its process; it is refreshed three times as often."""
DEFAULT_TIMEOUT: Final = 30.0
"""Seconds a call waits for its answer, the holding process's work included."""
MAX_MESSAGE_BYTES: Final = 1 << 20
"""The largest message read from the broker; a larger one is logged and dropped."""
MAX_RUNNING_CALLS: Final = 1024
"""How many calls from other processes one process runs at once; more are refused."""
NODE_ID: Final = re.compile(r"[A-Za-z0-9._-]{1,64}")
"""What a process's name must match, whole."""

_LOGGER: Final = logging.getLogger(__name__)
_RETRY_SECONDS: Final = 1.0

# Refreshes a registration that is still ours; takes it again if it expired meanwhile
# (the broker restarted); leaves it alone if another process took it since.
_REFRESH: Final = """
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
    return redis.call('PEXPIRE', KEYS[1], ARGV[2])
elseif not holder then
    redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
    return 2
end
return 0
"""
# Deletes a registration only if it is still ours.
_RELEASE: Final = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
    return redis.call('DEL', KEYS[1])
end
return 0
"""


class Cluster:
    """This process's place in a cluster of servers sharing one Redis; see the module.

    `endpoint_of(identity)` is this process's endpoint of a connected charge point, or
    None. `prefix` names the keys and channels, so that several clusters share a Redis.
    """

    def __init__(
        self,
        redis: Redis,
        node_id: str,
        *,
        endpoint_of: Callable[[str], Endpoint | None],
        ttl: float = DEFAULT_TTL,
        timeout: float = DEFAULT_TIMEOUT,
        prefix: str = "ocpp",
        max_message_bytes: int = MAX_MESSAGE_BYTES,
        max_running_calls: int = MAX_RUNNING_CALLS,
        logger: logging.Logger | None = None,
    ) -> None:
        if not NODE_ID.fullmatch(node_id):
            raise ValueError(f"a node id matches {NODE_ID.pattern}, not {node_id!r}")
        if ttl <= 0 or timeout <= 0 or max_message_bytes < 1 or max_running_calls < 1:
            raise ValueError("ttl, timeout and the limits are positive")
        self.node_id = node_id
        self._redis = redis
        self._endpoint_of = endpoint_of
        self._ttl_ms = max(1, round(ttl * 1000))
        self._timeout = timeout
        self.prefix = prefix
        self._max_message_bytes = max_message_bytes
        self._max_running_calls = max_running_calls
        self._logger = logger or _LOGGER
        # A channel of this process's own: a dead process's channel has no receiver.
        self.channel = f"{prefix}:node:{node_id}:{uuid.uuid4().hex}"
        self._held: dict[str, int] = {}  # identity -> this process's connections of it
        self._pending: dict[str, asyncio.Future[ReplyMessage]] = {}
        self._running: set[asyncio.Task[None]] = set()
        self._tasks: list[asyncio.Task[None]] = []
        self._refresh = redis.register_script(_REFRESH)
        self._release = redis.register_script(_RELEASE)
        self._started = False

    # --- lifecycle ----------------------------------------------------------------------

    async def start(self) -> None:
        """Listen on this process's channel and keep its registrations alive."""
        if self._started:
            raise RuntimeError("the cluster node is already started")
        self._started = True
        pubsub = self._redis.pubsub(ignore_subscribe_messages=True)
        try:
            await pubsub.subscribe(self.channel)
        except BaseException:
            await _close(pubsub)
            self._started = False
            raise
        self._tasks = [
            asyncio.create_task(self._listen(pubsub)),
            asyncio.create_task(self._keep_alive()),
        ]

    async def close(self) -> None:
        """Stop listening, fail the calls still waiting, release this process's charge points."""
        tasks, self._tasks = self._tasks, []
        running, self._running = self._running, set()
        for task in (*tasks, *running):
            task.cancel()
        if tasks or running:
            await asyncio.wait([*tasks, *running])
        for future in self._pending.values():
            if not future.done():
                future.set_exception(ClusterError("the cluster node closed"))
        self._pending.clear()
        held, self._held = self._held, {}
        self._started = False
        with suppress(RedisError, OSError):
            async with self._redis.pipeline(transaction=False) as pipe:
                for identity in held:
                    await self._release(
                        keys=[self._key(identity)], args=[self.channel], client=pipe
                    )
                await pipe.execute()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    # --- the registry -------------------------------------------------------------------

    async def register(self, identity: str) -> None:
        """A charge point connected to this process: it holds the identity from now on."""
        self._held[identity] = self._held.get(identity, 0) + 1
        await self._redis.set(self._key(identity), self.channel, px=self._ttl_ms)

    async def unregister(self, identity: str) -> None:
        """A connection of the charge point to this process is gone."""
        count = self._held.get(identity, 0) - 1
        if count > 0:
            self._held[identity] = count
            return
        self._held.pop(identity, None)
        await self._release(keys=[self._key(identity)], args=[self.channel])

    async def holder(self, identity: str) -> str | None:
        """The node id of the process that holds the identity, or None."""
        channel = await self._holder_channel(identity)
        return None if channel is None else _node_of(channel)

    # --- calls --------------------------------------------------------------------------

    async def call(
        self,
        identity: str,
        action: ActionEntry[RequestT, ResponseT],
        request: RequestT,
        *,
        timeout: float | None = None,
    ) -> ResponseT:
        """Send a CALL to the charge point, wherever it is connected; its validated response.

        Raises what `Endpoint.call` raises (`CallError` for a CALLERROR, ...), and
        `NotConnectedError`, `ClusterTimeoutError` or `RemoteCallError` on the way.
        """
        limit = self._timeout if timeout is None else timeout
        endpoint = self._endpoint_of(identity)
        try:
            async with asyncio.timeout(limit) as scope:
                if endpoint is not None and not endpoint.closed:
                    return await endpoint.call(action, request)
                return await self._call_remote(identity, action, request, limit)
        except TimeoutError:
            if scope.expired():
                raise ClusterTimeoutError(identity, action.name, limit) from None
            raise
        except RedisError as error:
            raise ClusterError(f"{action.name} for {identity}: {error}") from error

    async def _call_remote(
        self,
        identity: str,
        action: ActionEntry[RequestT, ResponseT],
        request: RequestT,
        limit: float,
    ) -> ResponseT:
        if not self._tasks:
            raise RuntimeError("start the cluster node before calling through it")
        if not isinstance(request, action.request):
            raise TypeError(
                f"{action.name} takes a {action.request.__name__}, not a {type(request).__name__}"
            )
        payload = request.to_wire()
        action.request.from_wire(payload)  # nothing invalid is sent
        channel = await self._holder_channel(identity)
        if channel is None:
            raise NotConnectedError(identity, "no node holds it")
        message = CallMessage(
            id=uuid.uuid4().hex,
            kind="call",
            reply_to=self.channel,
            identity=identity,
            action=action.name,
            payload=payload,
            timeout=limit,
        )
        future = asyncio.get_running_loop().create_future()
        self._pending[message.id] = future
        try:
            if not await self._redis.publish(channel, message.model_dump_json()):
                raise NotConnectedError(
                    identity, f"its node {_node_of(channel)} is gone"
                )
            reply = await future
        finally:
            self._pending.pop(message.id, None)
        return result_of(reply, identity, action)

    async def _holder_channel(self, identity: str) -> str | None:
        value = await self._redis.get(self._key(identity))
        return value.decode() if isinstance(value, bytes) else value

    def _key(self, identity: str) -> str:
        return f"{self.prefix}:holder:{identity}"

    # --- the tasks ----------------------------------------------------------------------

    async def _listen(self, pubsub: PubSub) -> None:
        try:
            while True:
                try:
                    message = await pubsub.get_message(
                        ignore_subscribe_messages=True, timeout=None
                    )
                except (RedisError, OSError) as error:
                    self._logger.warning("the cluster's channel failed: %s", error)
                    await asyncio.sleep(_RETRY_SECONDS)
                    continue
                if message is not None and message.get("type") == "message":
                    try:
                        self._receive(message["data"])
                    except Exception:  # whatever it was, the next message is read
                        self._logger.exception("a cluster message failed")
        finally:
            with suppress(RedisError):
                await _close(pubsub)

    async def _keep_alive(self) -> None:
        while True:
            await asyncio.sleep(self._ttl_ms / 3000)
            try:
                async with self._redis.pipeline(transaction=False) as pipe:
                    for identity in list(self._held):
                        await self._refresh(
                            keys=[self._key(identity)],
                            args=[self.channel, self._ttl_ms],
                            client=pipe,
                        )
                    await pipe.execute()
            except (RedisError, OSError) as error:
                self._logger.warning("refreshing the registrations failed: %s", error)

    def _receive(self, data: bytes | str) -> None:
        if len(data) > self._max_message_bytes:
            self._logger.warning(
                "dropped a cluster message of %d bytes (more than %d)",
                len(data),
                self._max_message_bytes,
            )
            return
        try:
            message = MESSAGES.validate_json(data)
        except ValidationError as error:
            self._logger.warning("dropped a bad cluster message: %s", short(error))
            return
        if isinstance(message, ReplyMessage):
            future = self._pending.get(message.id)
            if future is None or future.done():
                self._logger.info("dropped a late answer %s", message.id)
            else:
                future.set_result(message)
            return
        if len(self._running) < self._max_running_calls:
            self._start(self._answer(message))
        elif len(self._running) < 2 * self._max_running_calls:  # refused at once
            self._start(self._publish(message.reply_to, refusal(message, "busy")))
        else:  # flooded: the caller times out
            self._logger.warning("dropped the call %s: too many", message.id)

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        task: asyncio.Task[None] = asyncio.create_task(work)
        self._running.add(task)
        task.add_done_callback(self._running.discard)

    async def _answer(self, call: CallMessage) -> None:
        try:
            async with asyncio.timeout(call.timeout):
                reply = await run_call(call, self._endpoint_of, self._logger)
        except TimeoutError:
            reply = refusal(call, "timed out", outcome="failed")
        await self._publish(call.reply_to, reply)

    async def _publish(self, channel: str, reply: ReplyMessage) -> None:
        if not channel.startswith(f"{self.prefix}:node:"):
            self._logger.warning("dropped an answer to the foreign channel %r", channel)
            return
        try:
            await self._redis.publish(channel, reply.model_dump_json())
        except RedisError as error:
            self._logger.warning("could not answer %s: %s", reply.id, error)


async def _close(pubsub: PubSub) -> None:
    close: Callable[[], Awaitable[None]] = pubsub.aclose  # untyped in redis
    await close()


def _node_of(channel: str) -> str:
    """The node id in a process's channel name (`prefix:node:ID:instance`)."""
    return channel.rsplit(":", 2)[-2]
