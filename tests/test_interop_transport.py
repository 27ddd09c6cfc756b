"""The generated websockets transport over real sockets on 127.0.0.1: handshake rules and connection life."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from datetime import datetime, timezone
from typing import Any

import pytest
import websockets
from websockets.exceptions import InvalidStatus

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import CentralSystem, ChargePoint, EndpointClosedError

from .conftest import GENERATED

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


def _port(server: Any) -> int:
    return int(server.sockets[0].getsockname()[1])


async def _handshake_status(path: str, subprotocols: list[str] | None) -> int:
    async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
        try:
            async with websockets.connect(f"ws://127.0.0.1:{_port(server)}{path}", subprotocols=subprotocols):  # type: ignore[arg-type]
                return 101
        except InvalidStatus as refused:
            return refused.response.status_code


@pytest.mark.parametrize(
    ("path", "subprotocols", "status"),
    [
        ("/ocpp/CP_1", ["ocpp1.6"], 101),
        ("/ocpp/CP_1", ["ocpp2.0.1", "ocpp1.6"], 101),
        ("/", ["ocpp1.6"], 404),
        ("/ocpp/", ["ocpp1.6"], 404),
    ],
    ids=["ocpp1.6", "ocpp1.6-among-others", "no-identity", "empty-identity"],
)
def test_the_server_accepts_ocpp16_and_a_path_ending_in_an_identity(
    path: str, subprotocols: list[str] | None, status: int
) -> None:
    assert asyncio.run(_handshake_status(path, subprotocols)) == status


def test_our_client_refuses_a_server_that_does_not_agree_on_the_subprotocol() -> None:
    async def scenario() -> None:
        async def silent(websocket: Any) -> None:
            await websocket.wait_closed()

        async with websockets.serve(silent, "127.0.0.1", 0) as server:
            async with transport.connect(f"ws://127.0.0.1:{_port(server)}/ocpp/CP_1", ChargePoint):
                pass

    with pytest.raises(ConnectionError, match="did not agree"):
        asyncio.run(scenario())


def test_a_frame_that_is_not_json_gets_a_callerror_over_the_wire() -> None:
    async def scenario() -> list[Any]:
        async with transport.serve(CentralSystem, "127.0.0.1", 0) as server:
            async with websockets.connect(f"ws://127.0.0.1:{_port(server)}/ocpp/CP_1", subprotocols=["ocpp1.6"]) as websocket:  # type: ignore[list-item]
                await websocket.send("hello")
                return json.loads(await websocket.recv())

    assert asyncio.run(scenario()) == [4, "-1", "FormationViolation", "the frame is not JSON", {}]


class AskingCentralSystem(CentralSystem):
    """Asks the charge point for its configuration before it answers the boot."""

    async def on_boot_notification(self, request: ocpp16.BootNotificationRequest) -> ocpp16.BootNotificationResponse:
        configuration = await self.get_configuration(ocpp16.GetConfigurationRequest(key=["HeartbeatInterval"]))
        interval = int(configuration.configuration_key[0].value or 0) if configuration.configuration_key else 0
        return ocpp16.BootNotificationResponse(
            status=ocpp16.RegistrationStatus.accepted, current_time=NOW, interval=interval
        )


class ConfiguredChargePoint(ChargePoint):
    async def on_get_configuration(self, request: ocpp16.GetConfigurationRequest) -> ocpp16.GetConfigurationResponse:
        return ocpp16.GetConfigurationResponse(
            configuration_key=[ocpp16.KeyValue(key="HeartbeatInterval", readonly=True, value="42")]
        )


def test_a_handler_may_await_an_outgoing_call_while_frames_keep_coming() -> None:
    async def scenario() -> ocpp16.BootNotificationResponse:
        async with transport.serve(AskingCentralSystem, "127.0.0.1", 0) as server:
            async with transport.connect(
                f"ws://127.0.0.1:{_port(server)}/ocpp/CP_1", ConfiguredChargePoint
            ) as charge_point:
                return await charge_point.boot_notification(
                    ocpp16.BootNotificationRequest(charge_point_vendor="Acme", charge_point_model="X1")
                )

    assert asyncio.run(scenario()).interval == 42


def test_a_lost_connection_fails_the_call_waiting_for_its_answer() -> None:
    async def scenario() -> BaseException | None:
        endpoints: list[CentralSystem] = []

        def factory(connection: transport.Connection) -> CentralSystem:
            endpoints.append(CentralSystem(connection.send, connection.identity))
            return endpoints[-1]

        async with transport.serve(factory, "127.0.0.1", 0) as server:
            async with websockets.connect(f"ws://127.0.0.1:{_port(server)}/ocpp/CP_1", subprotocols=["ocpp1.6"]) as websocket:  # type: ignore[list-item]
                while not endpoints:
                    await asyncio.sleep(0.01)
                call = asyncio.create_task(endpoints[0].clear_cache(ocpp16.ClearCacheRequest()))
                await websocket.recv()  # the CALL; the client never answers it
            results = await asyncio.gather(call, return_exceptions=True)
            await endpoints[0].wait_closed()
            return results[0] if isinstance(results[0], BaseException) else None

    assert isinstance(asyncio.run(scenario()), EndpointClosedError)


def test_the_package_runs_without_websockets_until_the_transport_is_imported() -> None:
    code = (
        "import sys; import ocpp16, ocpp16.dispatch, ocpp16.table; print('websockets' in sys.modules); "
        "import ocpp16.transport; print('websockets' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=GENERATED.parent, capture_output=True, text=True, check=True
    )
    assert result.stdout.split() == ["False", "True"]
