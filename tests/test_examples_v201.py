"""The mixed-fleet examples in-process: examples/csms.py serving the 2.0.1 charging station of
examples/charging_station.py and the 1.6 charge point of examples/charge_point.py on one port,
over real websockets on 127.0.0.1; what each side received, as typed models."""

from __future__ import annotations

import asyncio
import sys
from dataclasses import dataclass, field

import ocpp16
import ocpp201
from ocpp16 import transport
from ocpp201.transport import connect as connect_201

from .conftest import REPO

sys.path.insert(0, str(REPO / "examples"))
from central_system import DemoCentralSystem  # noqa: E402
from charge_point import SimulatedChargePoint  # noqa: E402
from charging_station import SimulatedChargingStation  # noqa: E402
from csms import DemoCsms, factories  # noqa: E402


@dataclass
class Session:
    """What a 2.0.1 session left on each side."""

    csms: DemoCsms
    station: SimulatedChargingStation
    reports: list[str] = field(default_factory=list)


def _run_2_0_1_session() -> Session:
    async def run() -> Session:
        reports: list[str] = []
        async with transport.serve(factories(reports.append), "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with connect_201(f"ws://127.0.0.1:{port}/ocpp/CS_1", SimulatedChargingStation) as station:
                await station.session()
                csms = server.endpoint("CS_1")
                assert isinstance(csms, DemoCsms)
                await asyncio.gather(*csms.tasks)
                return Session(csms, station, reports)

    return asyncio.run(run())


def test_the_station_runs_its_transaction_as_started_updated_ended_events() -> None:
    events = _run_2_0_1_session().csms.transaction_events
    assert all(isinstance(event, ocpp201.TransactionEventRequest) for event in events)
    assert [event.event_type for event in events] == [
        ocpp201.TransactionEventEnumType.started,
        ocpp201.TransactionEventEnumType.updated,
        ocpp201.TransactionEventEnumType.ended,
    ]
    assert [event.seq_no for event in events] == [0, 1, 2]
    assert {event.transaction_info.transaction_id for event in events} == {"TX-0001"}
    assert events[0].transaction_info.remote_start_id == 1
    assert events[2].transaction_info.stopped_reason == ocpp201.ReasonEnumType.local


def test_the_updated_event_carries_the_meter_values_under_the_csms_limit() -> None:
    updated = _run_2_0_1_session().csms.transaction_events[1]
    assert updated.meter_value is not None
    samples = {sample.measurand: sample.value for sample in updated.meter_value[0].sampled_value}
    assert samples == {
        ocpp201.MeasurandEnumType.energy_active_import_register: 11250,
        ocpp201.MeasurandEnumType.current_import: 16.0,
    }


def test_the_csms_sets_the_station_variable_it_read() -> None:
    session = _run_2_0_1_session()
    assert session.station.variables[("SampledDataCtrlr", "TxUpdatedInterval")] == "30"
    assert session.station.variables[("OCPPCommCtrlr", "HeartbeatInterval")] == "300"
    assert "csms: SampledDataCtrlr.TxUpdatedInterval = 60 (Accepted)" in session.reports
    assert "csms: set SampledDataCtrlr.TxUpdatedInterval = 30: Accepted" in session.reports


def test_the_station_receives_the_remote_start_and_a_profile_for_its_transaction() -> None:
    station = _run_2_0_1_session().station
    start = station.remote_start.result()
    assert isinstance(start, ocpp201.RequestStartTransactionRequest)
    assert (start.id_token.id_token, start.id_token.type, start.evse_id) == (
        "DRIVER-201",
        ocpp201.IdTokenEnumType.central,
        1,
    )
    profile = station.charging_profile.result()
    assert isinstance(profile, ocpp201.SetChargingProfileRequest)
    assert profile.charging_profile.transaction_id == "TX-0001"
    assert profile.charging_profile.charging_profile_purpose == ocpp201.ChargingProfilePurposeEnumType.tx_profile
    assert profile.charging_profile.charging_schedule[0].charging_schedule_period[0].limit == 16.0


def test_one_server_hosts_a_1_6_charge_point_and_a_2_0_1_station_at_once() -> None:
    async def run() -> dict[str, tuple[str | None, type]]:
        async with transport.serve(factories(lambda line: None), "127.0.0.1", 0) as server:
            base = f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp"
            async with transport.connect(f"{base}/CP_1", SimulatedChargePoint) as charge_point:
                await charge_point.session()
                async with connect_201(f"{base}/CS_1", SimulatedChargingStation) as station:
                    await station.session()
                    return {
                        identity: (connection.subprotocol, type(server.endpoint(identity)))
                        for identity, connection in server.connections.items()
                    }

    assert asyncio.run(run()) == {
        "CP_1": ("ocpp1.6", DemoCentralSystem),
        "CS_1": ("ocpp2.0.1", DemoCsms),
    }


def test_the_1_6_charge_point_is_answered_with_1_6_models_on_the_mixed_server() -> None:
    async def run() -> ocpp16.BootNotificationResponse:
        async with transport.serve(factories(lambda line: None), "127.0.0.1", 0) as server:
            port = server.sockets[0].getsockname()[1]
            async with transport.connect(f"ws://127.0.0.1:{port}/ocpp/CP_9", SimulatedChargePoint) as charge_point:
                return await charge_point.boot_notification(
                    ocpp16.BootNotificationRequest(charge_point_vendor="Acme", charge_point_model="X")
                )

    response = asyncio.run(run())
    assert isinstance(response, ocpp16.BootNotificationResponse)
    assert response.status == ocpp16.RegistrationStatus.accepted
