"""The HTTP API example (examples/http_api.py) with aiohttp's own test client, in front of a real
OCPP server on 127.0.0.1 with a real charge point connected to it."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from aiohttp.test_utils import TestClient, TestServer

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import ChargePoint, OcppError

from .conftest import REPO

sys.path.insert(0, str(REPO / "examples"))
from http_api import AcceptingCentralSystem, http_api  # noqa: E402


class StartingChargePoint(ChargePoint):
    """Accepts a remote start for DRIVER-042 only; refuses a tag it cannot read."""

    async def on_remote_start_transaction(
        self, request: ocpp16.RemoteStartTransactionRequest
    ) -> ocpp16.RemoteStartTransactionResponse:
        if request.id_tag == "BROKEN":
            raise OcppError(ocpp16.dispatch.ErrorCode.internal_error, "the reader is broken")
        accepted = request.id_tag == "DRIVER-042"
        status = ocpp16.RemoteStartStopStatus.accepted if accepted else ocpp16.RemoteStartStopStatus.rejected
        return ocpp16.RemoteStartTransactionResponse(status=status)


Exchange = Callable[[TestClient[Any, Any]], Awaitable[Any]]


def _with_api(exchange: Exchange) -> Any:
    async def scenario() -> Any:
        async with transport.serve(AcceptingCentralSystem, "127.0.0.1", 0) as server:
            url = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/CP_1"
            async with TestClient(TestServer(http_api(server))) as client:
                async with transport.connect(url, StartingChargePoint):
                    async with asyncio.timeout(10):
                        while "CP_1" not in server.connections:
                            await asyncio.sleep(0.01)
                    return await exchange(client)

    return asyncio.run(scenario())


async def _json(client: TestClient[Any, Any], method: str, path: str, body: str | None = None) -> tuple[int, Any]:
    async with client.request(method, path, data=body) as response:
        return response.status, await response.json()


def test_the_api_lists_the_connected_charge_points() -> None:
    status, listed = _with_api(lambda client: _json(client, "GET", "/charge-points"))
    assert status == 200
    assert [(entry["identity"], entry["subprotocol"]) for entry in listed] == [("CP_1", "ocpp1.6")]
    assert listed[0]["connectedAt"].endswith("+00:00")


@pytest.mark.parametrize(
    ("identity", "body", "expected"),
    [
        ("CP_1", '{"idTag": "DRIVER-042", "connectorId": 1}', (200, {"status": "Accepted"})),
        ("CP_1", '{"idTag": "STRANGER"}', (200, {"status": "Rejected"})),
        ("CP_9", '{"idTag": "DRIVER-042"}', (404, {"error": "'CP_9' is not connected"})),
        ("CP_1", '{"idTag": "BROKEN"}', (502, {"error": "the reader is broken", "code": "InternalError"})),
    ],
    ids=["accepted", "rejected", "not-connected", "callerror"],
)
def test_a_remote_start_goes_to_the_charge_point_and_its_answer_comes_back(
    identity: str, body: str, expected: Any
) -> None:
    assert _with_api(lambda client: _json(client, "POST", f"/charge-points/{identity}/remote-start", body)) == expected


def test_a_remote_start_the_schema_refuses_is_a_bad_request() -> None:
    status, answer = _with_api(lambda client: _json(client, "POST", "/charge-points/CP_1/remote-start", '{"idTag": 5}'))
    assert status == 400 and answer["error"] == "Input should be a valid string"
