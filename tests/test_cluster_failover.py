"""A server node killed mid-run: one node in a process of its own beside two in this one, all
sharing a real redis-server, charge points spread over them on real websockets."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from contextlib import AsyncExitStack

import pytest

from ocpp16 import transport
from ocpp16.cluster import NotConnectedError
from ocpp16.table import REMOTE_START_TRANSACTION

from .cluster_nodes import Charger, Node, start_for, until
from .conftest import GENERATED, REPO, start_redis_server
from .test_cluster import DEADLINE, charger

TTL = 1.0
OUTAGE = 3.0  # seconds the broker is away: longer than the redis client's own retries


@pytest.fixture
def prefix() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


@pytest.fixture
def node_process(redis_port: int, prefix: str) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """Node `b` in a process of its own: the process and the URL it serves on."""
    environment = os.environ | {"PYTHONPATH": f"{GENERATED.parent}{os.pathsep}{REPO}"}
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.cluster_nodes", str(redis_port), prefix, "b", str(TTL)],
        cwd=REPO,
        env=environment,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip()
        assert url.startswith("ws://127.0.0.1:"), f"node b did not start: {url!r}"
        yield process, url
    finally:
        process.kill()
        process.wait(timeout=10)


async def _statuses(callers: list[Node], identities: list[str]) -> set[str]:
    return {
        (await caller.cluster.call(identity, REMOTE_START_TRANSACTION, start_for(identity))).status
        for caller in callers
        for identity in identities
    }


async def _failover(redis_port: int, prefix: str, process: subprocess.Popen[str], b_url: str) -> dict[str, object]:
    seen: dict[str, object] = {}
    async with AsyncExitStack() as stack:
        a = await stack.enter_async_context(Node(redis_port, prefix, "a", ttl=TTL))
        c = await stack.enter_async_context(Node(redis_port, prefix, "c", ttl=TTL))
        await stack.enter_async_context(charger(a, "CP_a"))
        await stack.enter_async_context(charger(c, "CP_c"))
        for identity in ("CP_b1", "CP_b2"):
            await stack.enter_async_context(transport.connect(b_url + identity, Charger))
            await until(lambda identity=identity: a.cluster.holder(identity), "b")
        everyone = ["CP_a", "CP_b1", "CP_b2", "CP_c"]
        seen["before"] = await _statuses([a, c], everyone)

        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        await until(lambda: a.redis.pubsub_channels(f"{prefix}:node:b:*"), [])
        with pytest.raises(NotConnectedError, match="its node b is gone"):
            await a.cluster.call("CP_b1", REMOTE_START_TRANSACTION, start_for("CP_b1"))
        seen["survivors"] = await _statuses([a, c], ["CP_a", "CP_c"])

        async with charger(c, "CP_b1"):
            seen["reconnected"] = await _statuses([a, c], ["CP_b1"])
            seen["holder"] = await a.cluster.holder("CP_b1")

        await until(lambda: a.cluster.holder("CP_b2"), None, within=TTL * 5)
        with pytest.raises(NotConnectedError, match="no node holds it"):
            await c.cluster.call("CP_b2", REMOTE_START_TRANSACTION, start_for("CP_b2"))
    return seen


def test_a_killed_node_loses_only_its_own_charge_points_which_are_reachable_again_on_another(
    redis_port: int, prefix: str, node_process: tuple[subprocess.Popen[str], str]
) -> None:
    async def bounded() -> dict[str, object]:
        async with asyncio.timeout(DEADLINE):
            return await _failover(redis_port, prefix, *node_process)

    seen = asyncio.run(bounded())
    assert seen == {"before": {"Accepted"}, "survivors": {"Accepted"}, "reconnected": {"Accepted"}, "holder": "c"}


def test_the_nodes_come_back_with_the_broker_after_it_restarts(tmp_path: Path) -> None:
    port = _free_port()
    broker = start_redis_server(tmp_path, port)

    async def scenario() -> list[object]:
        nonlocal broker
        async with AsyncExitStack() as stack:
            a = await stack.enter_async_context(Node(port, "test", "a", ttl=TTL))
            b = await stack.enter_async_context(Node(port, "test", "b", ttl=TTL))
            await stack.enter_async_context(charger(b, "CP_1"))
            before = (await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))).status

            broker.terminate()  # every registration is lost with it: nothing is saved
            broker.wait(timeout=10)
            await asyncio.sleep(OUTAGE)
            broker = start_redis_server(tmp_path, port)

            await until(lambda: a.cluster.holder("CP_1"), "b")  # b registers its charge point again
            await until(lambda: _listeners(a, a.cluster.channel, b.cluster.channel), [1, 1])
            after = (await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))).status
            return [before, after]

    try:
        assert asyncio.run(asyncio.wait_for(scenario(), DEADLINE)) == ["Accepted", "Accepted"]
    finally:
        broker.kill()
        broker.wait(timeout=10)


async def _listeners(node: Node, *channels: str) -> list[int]:
    return [count for _, count in await node.redis.pubsub_numsub(*channels)]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
