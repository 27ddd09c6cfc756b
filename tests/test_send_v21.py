"""OCPP 2.1's SEND (message type 6) over real websockets on 127.0.0.1, between the committed 2.1
package's ChargingStation and Csms: NotifyPeriodicEventStream goes out through its typed method,
even while a CALL of the same side is outstanding, reaches the CSMS's typed handler, and is never
answered, valid or not."""

from __future__ import annotations

import asyncio
import json
from datetime import datetime, timezone
from typing import Any

import pytest
import websockets

import ocpp21
from ocpp21 import transport
from ocpp21.dispatch import ChargingStation, Csms

NOW = datetime(2026, 11, 25, 8, 30, tzinfo=timezone.utc)


def _url(server: transport.Server[Any], identity: str) -> str:
    return f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/{identity}"


def _stream(values: list[tuple[float, str]]) -> ocpp21.NotifyPeriodicEventStream:
    data = [ocpp21.StreamDataElementType(t=t, v=v) for t, v in values]
    return ocpp21.NotifyPeriodicEventStream(id=7, pending=0, basetime=NOW, data=data)


def _boot() -> ocpp21.BootNotificationRequest:
    station = ocpp21.ChargingStationType(model="M1", vendor_name="V")
    return ocpp21.BootNotificationRequest(charging_station=station, reason=ocpp21.BootReasonEnumType.power_up)


class StreamingCsms(Csms):
    """Holds the answer to BootNotification until a stream SEND has arrived; keeps what arrived."""

    received: list[ocpp21.NotifyPeriodicEventStream] = []
    boot_arrived: asyncio.Event
    stream_arrived: asyncio.Event

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.received = []
        self.boot_arrived = asyncio.Event()
        self.stream_arrived = asyncio.Event()

    async def on_boot_notification(self, request: ocpp21.BootNotificationRequest) -> ocpp21.BootNotificationResponse:
        self.boot_arrived.set()
        await self.stream_arrived.wait()
        return ocpp21.BootNotificationResponse(
            current_time=NOW, interval=300, status=ocpp21.RegistrationStatusEnumType.accepted
        )

    async def on_notify_periodic_event_stream(self, request: ocpp21.NotifyPeriodicEventStream) -> None:
        self.received.append(request)
        self.stream_arrived.set()


def test_only_the_charging_station_has_the_typed_send_method_and_only_the_csms_its_handler() -> None:
    assert hasattr(ChargingStation, "notify_periodic_event_stream") and not hasattr(
        Csms, "notify_periodic_event_stream"
    )
    assert hasattr(Csms, "on_notify_periodic_event_stream") and not hasattr(
        ChargingStation, "on_notify_periodic_event_stream"
    )


def test_the_table_lists_the_send_with_its_model_and_schema_and_no_response() -> None:
    entry = ocpp21.table.SENDS["NotifyPeriodicEventStream"]
    assert (
        entry.request is ocpp21.NotifyPeriodicEventStream
        and entry.request_schema.file == "NotifyPeriodicEventStream.json"
    )
    assert not hasattr(entry, "response") and "NotifyPeriodicEventStream" not in ocpp21.table.ACTIONS
    assert entry.sent_by(ocpp21.table.Initiator.charging_station) and not entry.sent_by(ocpp21.table.Initiator.csms)


def test_a_send_goes_while_a_call_of_the_same_side_is_outstanding_and_the_csms_handler_gets_the_typed_model() -> None:
    async def scenario() -> tuple[list[ocpp21.NotifyPeriodicEventStream], ocpp21.BootNotificationResponse]:
        async with transport.serve(StreamingCsms, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CS_1"), ChargingStation) as station:
                boot = asyncio.create_task(station.boot_notification(_boot()))
                async with asyncio.timeout(10):
                    while "CS_1" not in server.connections:
                        await asyncio.sleep(0.01)
                    csms = server.endpoint("CS_1")
                    await csms.boot_arrived.wait()
                    assert not boot.done()  # the CALL is outstanding: its answer waits for the SEND
                    await station.notify_periodic_event_stream(_stream([(0, "230.1"), (0.5, "230.4")]))
                    response = await boot
                return csms.received, response

    received, response = asyncio.run(scenario())
    assert response.status is ocpp21.RegistrationStatusEnumType.accepted
    assert received == [_stream([(0, "230.1"), (0.5, "230.4")])]
    assert isinstance(received[0], ocpp21.NotifyPeriodicEventStream) and received[0].basetime == NOW


def test_an_invalid_send_is_dropped_with_nothing_sent_back_and_no_handler_run() -> None:
    bad = '[6, "s-1", "NotifyPeriodicEventStream", {"id": 7, "pending": 0, "data": [{"t": 0, "v": "230.1"}]}]'

    async def scenario() -> tuple[list[Any], list[ocpp21.NotifyPeriodicEventStream]]:
        async with transport.serve(StreamingCsms, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "CS_1"), subprotocols=["ocpp2.1"]) as websocket:  # type: ignore[list-item]
                await websocket.send(bad)
                await websocket.send('[2, "h-1", "Heartbeat", {}]')
                async with asyncio.timeout(10):
                    first = json.loads(await websocket.recv())
                return first, server.endpoint("CS_1").received

    first, received = asyncio.run(scenario())
    assert first[:3] == [4, "h-1", "NotSupported"]  # the first frame back answers the CALL sent after the SEND
    assert received == []


def test_a_send_without_an_overridden_handler_is_logged_and_dropped(caplog: pytest.LogCaptureFixture) -> None:
    def dropped() -> list[str]:
        return [r.getMessage() for r in caplog.records if "was not handled" in r.getMessage()]

    async def scenario() -> None:
        async with transport.serve(Csms, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CS_1"), ChargingStation) as station:
                await station.notify_periodic_event_stream(_stream([(0, "230.1")]))
                async with asyncio.timeout(10):
                    while not dropped():
                        await asyncio.sleep(0.01)

    with caplog.at_level("INFO"):
        asyncio.run(scenario())
    assert len(dropped()) == 1 and "NotifyPeriodicEventStream" in dropped()[0]
