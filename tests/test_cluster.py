"""Calls to a charge point held by another server process, through a real Redis, over real
websockets on 127.0.0.1 (the generated package's `cluster`, `transport` and `dispatch`)."""

from __future__ import annotations

import asyncio
import json
import logging
import subprocess
import sys
import uuid
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from typing import Any

import pytest
from redis.asyncio import Redis

import ocpp16
from ocpp16 import transport
from ocpp16.cluster import Cluster, ClusterError, ClusterTimeoutError, NotConnectedError, RemoteCallError
from ocpp16.dispatch import CallError, CallTimeoutError
from ocpp16.table import DATA_TRANSFER, REMOTE_START_TRANSACTION, RESET

from .cluster_nodes import Charger, Node, start_for, until
from .conftest import GENERATED

DEADLINE = 30  # no scenario may hang the suite


@asynccontextmanager
async def nodes(redis_port: int, *names: str, **options: Any) -> AsyncIterator[list[Node]]:
    """Server nodes sharing one Redis under a prefix of this test's own."""
    prefix = f"test-{uuid.uuid4().hex[:8]}"
    async with AsyncExitStack() as stack:
        yield [await stack.enter_async_context(Node(redis_port, prefix, name, **options)) for name in names]


@asynccontextmanager
async def charger(node: Node, identity: str) -> AsyncIterator[Charger]:
    """A charge point connected to `node`, once `node` has registered it."""
    async with transport.connect(node.url + identity, Charger) as endpoint:
        await until(lambda: node.cluster.holder(identity), node.name)
        yield endpoint


def run(scenario: Any) -> Any:
    async def bounded() -> Any:
        async with asyncio.timeout(DEADLINE):
            return await scenario

    return asyncio.run(bounded())


def test_a_call_from_one_node_reaches_the_charge_point_held_by_another(redis_port: int) -> None:
    async def scenario() -> Any:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            return await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))

    response = run(scenario())
    assert isinstance(response, ocpp16.RemoteStartTransactionResponse)
    assert response.status == "Accepted"


def test_every_node_reaches_every_charge_point(redis_port: int) -> None:
    async def scenario() -> list[tuple[str, str, str]]:
        async with nodes(redis_port, "a", "b", "c") as cluster, AsyncExitStack() as stack:
            for node in cluster:
                await stack.enter_async_context(charger(node, f"CP_{node.name}"))
            return [
                (
                    caller.name,
                    f"CP_{holder.name}",
                    (
                        await caller.cluster.call(
                            f"CP_{holder.name}", REMOTE_START_TRANSACTION, start_for(f"CP_{holder.name}")
                        )
                    ).status,
                )
                for caller in cluster
                for holder in cluster
            ]

    answers = run(scenario())
    assert len(answers) == 9 and {status for _, _, status in answers} == {"Accepted"}


def test_a_callerror_from_the_charge_point_comes_back_as_the_same_call_error(redis_port: int) -> None:
    async def scenario() -> CallError:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            with pytest.raises(CallError) as raised:
                await a.cluster.call("CP_1", RESET, ocpp16.ResetRequest(type=ocpp16.ResetType.soft))
            return raised.value

    error = run(scenario())
    assert (error.code, error.description, error.details, error.action) == (
        "GenericError",
        "resets are off today",
        {"until": "tomorrow"},
        "Reset",
    )


def test_an_identity_no_node_holds_fails_with_not_connected_not_a_timeout(redis_port: int) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b") as (a, _):
            await a.cluster.call("CP_nowhere", REMOTE_START_TRANSACTION, start_for("CP_nowhere"), timeout=DEADLINE * 2)

    with pytest.raises(NotConnectedError, match="CP_nowhere is not connected: no node holds it"):
        run(scenario())


def test_a_charge_point_that_does_not_answer_in_time_fails_with_a_cluster_timeout(redis_port: int) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            await a.cluster.call("CP_1", DATA_TRANSFER, ocpp16.DataTransferRequest(vendor_id="v"), timeout=0.5)

    with pytest.raises(ClusterTimeoutError, match="no answer to DataTransfer for CP_1 within 0.5 s"):
        run(scenario())


def test_the_holding_endpoint_s_own_timeout_comes_back_as_call_timeout_error(redis_port: int) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b", response_timeout=0.3) as (a, b), charger(b, "CP_1"):
            await a.cluster.call("CP_1", DATA_TRANSFER, ocpp16.DataTransferRequest(vendor_id="v"))

    with pytest.raises(CallTimeoutError, match="within 0.3 s") as raised:
        run(scenario())
    assert raised.value.action == "DataTransfer"


def test_a_node_running_as_many_calls_as_it_may_refuses_the_next_at_once(redis_port: int) -> None:
    async def scenario() -> None:
        async with (
            nodes(redis_port, "a", "b", max_running_calls=1) as (a, b),
            charger(b, "CP_1") as cp_1,
            charger(b, "CP_2"),
        ):
            silent = asyncio.create_task(
                a.cluster.call("CP_1", DATA_TRANSFER, ocpp16.DataTransferRequest(vendor_id="v"))
            )
            await cp_1.transferring.wait()  # b runs one call: the most it may
            try:
                await a.cluster.call("CP_2", REMOTE_START_TRANSACTION, start_for("CP_2"), timeout=DEADLINE * 2)
            finally:
                silent.cancel()

    with pytest.raises(RemoteCallError, match="RemoteStartTransaction for CP_2: busy"):
        run(scenario())


def test_a_node_not_started_refuses_to_route_a_call(redis_port: int) -> None:
    async def scenario() -> None:
        async with Redis(host="127.0.0.1", port=redis_port) as redis:
            cluster = Cluster(redis, "a", endpoint_of=lambda identity: None)
            await cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))

    with pytest.raises(RuntimeError, match="start the cluster node before calling through it"):
        run(scenario())


def test_a_call_on_the_holding_node_goes_to_its_endpoint_without_the_broker(redis_port: int) -> None:
    async def scenario() -> str:
        async with nodes(redis_port, "b") as (b,), charger(b, "CP_1"):
            await b.redis.delete(f"{b.cluster.prefix}:holder:CP_1")  # the broker no longer knows it
            return (await b.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))).status

    assert run(scenario()) == "Accepted"


def test_a_charge_point_that_reconnects_to_another_node_is_reached_there(redis_port: int) -> None:
    async def scenario() -> list[str | None]:
        async with nodes(redis_port, "a", "b", "c") as (a, b, c):
            async with charger(b, "CP_1"):
                first = await a.cluster.holder("CP_1")
            await until(lambda: a.cluster.holder("CP_1"), None)
            async with charger(c, "CP_1"):
                response = await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))
                return [first, await a.cluster.holder("CP_1"), response.status]

    assert run(scenario()) == ["b", "c", "Accepted"]


def test_a_newer_connection_on_another_node_wins_and_the_older_one_leaving_does_not_release_it(redis_port: int) -> None:
    async def scenario() -> list[str | None]:
        async with nodes(redis_port, "a", "b", "c") as (a, b, c):
            async with charger(b, "CP_1"):
                async with charger(c, "CP_1"):
                    holder_while_both = await a.cluster.holder("CP_1")
                    await b.cluster.unregister("CP_1")  # b's old connection goes
                    response = await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))
                    return [holder_while_both, await a.cluster.holder("CP_1"), response.status]

    assert run(scenario()) == ["c", "c", "Accepted"]


def test_a_second_connection_on_the_same_node_keeps_the_identity_when_the_first_goes(redis_port: int) -> None:
    async def scenario() -> list[str | None]:
        async with nodes(redis_port, "a") as (a,):
            await a.cluster.register("CP_1")
            await a.cluster.register("CP_1")
            await a.cluster.unregister("CP_1")
            kept = await a.cluster.holder("CP_1")
            await a.cluster.unregister("CP_1")
            return [kept, await a.cluster.holder("CP_1")]

    assert run(scenario()) == ["a", None]


def test_a_registration_lives_on_while_its_node_refreshes_it(redis_port: int) -> None:
    async def scenario() -> str | None:
        async with nodes(redis_port, "a", ttl=1.0) as (a,):
            await a.cluster.register("CP_1")
            await asyncio.sleep(2.5)  # over two ttls
            return await a.cluster.holder("CP_1")

    assert run(scenario()) == "a"


def test_a_closed_node_releases_its_charge_points(redis_port: int) -> None:
    async def scenario() -> list[str | None]:
        async with nodes(redis_port, "a") as (a,):
            redis = Redis(host="127.0.0.1", port=redis_port)
            async with Cluster(redis, "b", endpoint_of=lambda identity: None, prefix=a.cluster.prefix) as b:
                await b.register("CP_1")
                held = await a.cluster.holder("CP_1")
            await redis.aclose()
            return [held, await a.cluster.holder("CP_1")]

    assert run(scenario()) == ["b", None]


def test_a_call_waiting_when_its_node_closes_fails_with_a_cluster_error(redis_port: int) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1") as cp_1:
            waiting = asyncio.create_task(
                a.cluster.call("CP_1", DATA_TRANSFER, ocpp16.DataTransferRequest(vendor_id="v"))
            )
            await cp_1.transferring.wait()
            await a.cluster.close()
            await waiting

    with pytest.raises(ClusterError, match="the cluster node closed"):
        run(scenario())


def test_leaving_the_block_leaves_no_task_behind(redis_port: int) -> None:
    async def scenario() -> set[asyncio.Task[Any]]:
        redis = Redis(host="127.0.0.1", port=redis_port)
        async with Cluster(redis, "a", endpoint_of=lambda identity: None, ttl=0.2) as cluster:
            await cluster.register("CP_1")
            await asyncio.sleep(0.1)
        await redis.aclose()
        return asyncio.all_tasks() - {asyncio.current_task()}

    assert asyncio.run(scenario()) == set()


@pytest.mark.parametrize("node_id", ["", "a b", "x" * 65, "a\nb", "é"])
def test_a_node_id_outside_the_rule_is_refused(redis_port: int, node_id: str) -> None:
    with pytest.raises(ValueError, match="a node id matches"):
        Cluster(Redis(port=redis_port), node_id, endpoint_of=lambda identity: None)


# --- bad messages on the broker ---------------------------------------------------------------


async def _node_channel(node: Node) -> str:
    return str(node.cluster.channel)


def test_bad_messages_on_a_node_s_channel_are_dropped_and_it_keeps_answering(
    redis_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, "ocpp16.cluster")

    async def scenario() -> str:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            channel = await _node_channel(b)
            for bad in (
                "not json",
                "[]",
                json.dumps({"kind": "call"}),
                "x" * (2 << 20),
                b"\xff\xfe",
                json.dumps({"kind": "reply", "id": "nobody", "outcome": "result"}),
            ):
                await a.redis.publish(channel, bad)
            return (await a.cluster.call("CP_1", REMOTE_START_TRANSACTION, start_for("CP_1"))).status

    assert run(scenario()) == "Accepted"
    assert "dropped a cluster message of 2097152 bytes" in caplog.text
    assert caplog.text.count("dropped a bad cluster message") == 4
    assert "dropped a late answer nobody" in caplog.text


async def _ask(a: Node, b: Node, **fields: Any) -> dict[str, Any]:
    """Publish a call message to b's channel by hand; b's answer, read from a channel of a's prefix."""
    reply_to = f"{a.cluster.prefix}:node:probe:{uuid.uuid4().hex}"
    pubsub = a.redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe(reply_to)
    message = {
        "id": "probe",
        "kind": "call",
        "reply_to": reply_to,
        "identity": "CP_1",
        "action": "RemoteStartTransaction",
        "payload": start_for("CP_1").to_wire(),
        "timeout": 5,
    } | fields
    await a.redis.publish(await _node_channel(b), json.dumps(message))
    while (answer := await pubsub.get_message(ignore_subscribe_messages=True, timeout=5)) is None:
        pass
    await pubsub.aclose()
    return dict(json.loads(answer["data"]))


@pytest.mark.parametrize(
    ("fields", "outcome", "description"),
    [
        ({}, "result", ""),
        ({"action": "Teleport"}, "refused", "unknown action Teleport"),
        ({"payload": '{"idTag": 5}'}, "refused", "validation error"),
        ({"payload": "not json"}, "refused", "Invalid JSON"),
        (
            {"action": "BootNotification", "payload": '{"chargePointVendor": "v", "chargePointModel": "m"}'},
            "refused",
            "does not send BootNotification",
        ),
        ({"identity": "CP_elsewhere"}, "not_connected", "not connected here"),
    ],
    ids=["valid", "unknown-action", "invalid-request", "request-not-json", "wrong-direction", "not-held"],
)
def test_a_call_message_gets_its_answer_from_the_holding_node(
    redis_port: int, fields: dict[str, Any], outcome: str, description: str
) -> None:
    async def scenario() -> dict[str, Any]:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            return await _ask(a, b, **fields)

    answer = run(scenario())
    assert (answer["id"], answer["kind"], answer["outcome"]) == ("probe", "reply", outcome)
    assert description in answer["description"]


def test_a_refused_call_raises_remote_call_error_at_the_caller(redis_port: int) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            boot = ocpp16.BootNotificationRequest(charge_point_vendor="v", charge_point_model="m")
            await a.cluster.call("CP_1", ocpp16.table.BOOT_NOTIFICATION, boot)

    with pytest.raises(
        RemoteCallError, match="BootNotification for CP_1: the Central System does not send BootNotification"
    ):
        run(scenario())


def test_an_answer_is_never_published_outside_the_cluster_s_channels(
    redis_port: int, caplog: pytest.LogCaptureFixture
) -> None:
    async def scenario() -> None:
        async with nodes(redis_port, "a", "b") as (a, b), charger(b, "CP_1"):
            await _ask_foreign(a, b)

    run(scenario())
    assert "dropped an answer to the foreign channel 'elsewhere'" in caplog.text


async def _ask_foreign(a: Node, b: Node) -> None:
    pubsub = a.redis.pubsub(ignore_subscribe_messages=True)
    await pubsub.subscribe("elsewhere")
    message = {
        "id": "probe",
        "kind": "call",
        "reply_to": "elsewhere",
        "identity": "CP_1",
        "action": "RemoteStartTransaction",
        "payload": start_for("CP_1").to_wire(),
        "timeout": 5,
    }
    await a.redis.publish(await _node_channel(b), json.dumps(message))
    assert await pubsub.get_message(ignore_subscribe_messages=True, timeout=1.0) is None
    await pubsub.aclose()


def test_the_package_and_its_transport_run_without_redis() -> None:
    program = (
        "import sys; sys.modules['redis'] = None\n"  # as if redis were not installed
        "import ocpp16, ocpp16.dispatch, ocpp16.table, ocpp16.transport\n"
        "try:\n    import ocpp16.cluster\nexcept ImportError as error:\n    print('cluster:', error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=GENERATED.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == "cluster: ocpp16.cluster needs redis: pip install redis\n"
