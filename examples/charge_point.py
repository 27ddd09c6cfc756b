"""A simulated Charge Point on the generated package: one full charging session.

It boots and reports its connector available, answers the central system's configuration
request, and when the central system starts a transaction remotely, it authorizes the
driver, starts the transaction, sends meter values (after the central system has set a
charging profile), stops the transaction and reports the connector available again.

    PYTHONPATH=generated .venv/bin/python examples/charge_point.py ws://127.0.0.1:9000/ocpp/CP_1
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, timezone

from ocpp16 import (
    AuthorizeRequest,
    BootNotificationRequest,
    ChargePointErrorCode,
    ChargePointStatus,
    ChargingProfileStatus,
    GetConfigurationRequest,
    GetConfigurationResponse,
    KeyValue,
    Measurand,
    MeterValue,
    MeterValuesRequest,
    Reason,
    RemoteStartStopStatus,
    RemoteStartTransactionRequest,
    RemoteStartTransactionResponse,
    SampledValue,
    SetChargingProfileRequest,
    SetChargingProfileResponse,
    StartTransactionRequest,
    StatusNotificationRequest,
    StopTransactionRequest,
    UnitOfMeasure,
)
from ocpp16.dispatch import ChargePoint, FrameObserver, Send
from ocpp16.transport import connect

CONFIGURATION = {"HeartbeatInterval": "300", "MeterValueSampleInterval": "60"}


def now() -> datetime:
    return datetime.now(timezone.utc)


class SimulatedChargePoint(ChargePoint):
    """Answers the central system's CALLs and remembers what it was asked to do."""

    def __init__(self, send: Send, identity: str, observe: FrameObserver | None = None) -> None:
        super().__init__(send, identity, response_timeout=10, observe=observe)
        self.remote_start: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        self.limited = asyncio.Event()
        self.limit_amperes = 0.0

    async def on_get_configuration(self, request: GetConfigurationRequest) -> GetConfigurationResponse:
        keys = request.key or list(CONFIGURATION)
        known = [KeyValue(key=key, readonly=False, value=CONFIGURATION[key]) for key in keys if key in CONFIGURATION]
        unknown = [key for key in keys if key not in CONFIGURATION]
        return GetConfigurationResponse(configuration_key=known, unknown_key=unknown or None)

    async def on_remote_start_transaction(
        self, request: RemoteStartTransactionRequest
    ) -> RemoteStartTransactionResponse:
        if self.remote_start.done():
            return RemoteStartTransactionResponse(status=RemoteStartStopStatus.rejected)
        self.remote_start.set_result(request.id_tag)
        return RemoteStartTransactionResponse(status=RemoteStartStopStatus.accepted)

    async def on_set_charging_profile(self, request: SetChargingProfileRequest) -> SetChargingProfileResponse:
        self.limit_amperes = request.cs_charging_profiles.charging_schedule.charging_schedule_period[0].limit
        self.limited.set()
        return SetChargingProfileResponse(status=ChargingProfileStatus.accepted)

    async def session(self) -> None:
        """Boot, then one charging session on connector 1, started by the central system."""
        await self.boot_notification(
            BootNotificationRequest(charge_point_vendor="Acme", charge_point_model="Simulator")
        )
        await self.status(ChargePointStatus.available)
        id_tag = await asyncio.wait_for(self.remote_start, timeout=10)
        await self.authorize(AuthorizeRequest(id_tag=id_tag))
        await self.status(ChargePointStatus.preparing)
        started = await self.start_transaction(
            StartTransactionRequest(connector_id=1, id_tag=id_tag, meter_start=10_000, timestamp=now())
        )
        await self.status(ChargePointStatus.charging)
        await asyncio.wait_for(self.limited.wait(), timeout=10)
        energy = 10_000
        for _ in range(2):
            energy += 1_250
            await self.meter_values(
                MeterValuesRequest(
                    connector_id=1, transaction_id=started.transaction_id, meter_value=[self.sample(energy)]
                )
            )
        await self.stop_transaction(
            StopTransactionRequest(
                transaction_id=started.transaction_id,
                meter_stop=energy,
                timestamp=now(),
                id_tag=id_tag,
                reason=Reason.local,
            )
        )
        await self.status(ChargePointStatus.available)

    def sample(self, energy: int) -> MeterValue:
        return MeterValue(
            timestamp=now(),
            sampled_value=[
                SampledValue(
                    value=str(energy), measurand=Measurand.energy_active_import_register, unit=UnitOfMeasure.wh
                ),
                SampledValue(
                    value=f"{self.limit_amperes:.1f}", measurand=Measurand.current_import, unit=UnitOfMeasure.a
                ),
            ],
        )

    async def status(self, status: ChargePointStatus) -> None:
        await self.status_notification(
            StatusNotificationRequest(
                connector_id=1, error_code=ChargePointErrorCode.no_error, status=status, timestamp=now()
            )
        )


async def main(uri: str) -> None:
    async with connect(uri, SimulatedChargePoint) as charge_point:
        await charge_point.session()
    print(f"charge point: session complete on {uri}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("uri", nargs="?", default="ws://127.0.0.1:9000/ocpp/CP_1")
    asyncio.run(main(parser.parse_args().uri))
