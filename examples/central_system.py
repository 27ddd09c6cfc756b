"""A small Central System on the generated package: accepts charge points and their transactions.

After a charge point boots, it asks for the charge point's configuration and starts a
transaction remotely; when the transaction starts, it sets a charging profile for it.

    PYTHONPATH=generated .venv/bin/python examples/central_system.py --port 9000
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from collections.abc import Callable, Coroutine
from datetime import datetime, timezone
from typing import Any

from ocpp16 import (
    AuthorizationStatus,
    AuthorizeRequest,
    AuthorizeResponse,
    BootNotificationRequest,
    BootNotificationResponse,
    ChargingProfile,
    ChargingProfileKindType,
    ChargingProfilePurposeType,
    ChargingRateUnitType,
    ChargingSchedule,
    ChargingSchedulePeriod,
    GetConfigurationRequest,
    HeartbeatRequest,
    HeartbeatResponse,
    IdTagInfo,
    MeterValuesRequest,
    MeterValuesResponse,
    RegistrationStatus,
    RemoteStartTransactionRequest,
    SetChargingProfileRequest,
    StartTransactionRequest,
    StartTransactionResponse,
    StatusNotificationRequest,
    StatusNotificationResponse,
    StopTransactionRequest,
    StopTransactionResponse,
)
from ocpp16.dispatch import CentralSystem
from ocpp16.transport import Connection, serve

DRIVER_TAG = "DRIVER-042"
_transaction_ids = itertools.count(1001)


def now() -> datetime:
    return datetime.now(timezone.utc)


class DemoCentralSystem(CentralSystem):
    """Answers a charge point's CALLs; `report` gets a line for each step of the session."""

    def __init__(self, connection: Connection, report: Callable[[str], None] = print) -> None:
        super().__init__(connection.send, connection.identity, response_timeout=10)
        self.connection = connection
        self.report = report
        self.tasks: set[asyncio.Task[None]] = set()

    async def on_boot_notification(self, request: BootNotificationRequest) -> BootNotificationResponse:
        self.report(
            f"central system: {self.connection.identity} booted ({request.charge_point_vendor} {request.charge_point_model})"
        )
        self._in_background(self.configure_and_start())
        return BootNotificationResponse(status=RegistrationStatus.accepted, current_time=now(), interval=300)

    async def on_heartbeat(self, request: HeartbeatRequest) -> HeartbeatResponse:
        return HeartbeatResponse(current_time=now())

    async def on_status_notification(self, request: StatusNotificationRequest) -> StatusNotificationResponse:
        self.report(f"central system: connector {request.connector_id} is {request.status}")
        return StatusNotificationResponse()

    async def on_authorize(self, request: AuthorizeRequest) -> AuthorizeResponse:
        return AuthorizeResponse(id_tag_info=IdTagInfo(status=AuthorizationStatus.accepted))

    async def on_start_transaction(self, request: StartTransactionRequest) -> StartTransactionResponse:
        transaction_id = next(_transaction_ids)
        self.report(f"central system: transaction {transaction_id} started at {request.meter_start} Wh")
        self._in_background(self.limit_transaction(request.connector_id, transaction_id))
        return StartTransactionResponse(
            transaction_id=transaction_id, id_tag_info=IdTagInfo(status=AuthorizationStatus.accepted)
        )

    async def on_meter_values(self, request: MeterValuesRequest) -> MeterValuesResponse:
        for meter_value in request.meter_value:
            for sample in meter_value.sampled_value:
                self.report(
                    f"central system: {sample.measurand or 'energy'} = {sample.value} {sample.unit or ''}".rstrip()
                )
        return MeterValuesResponse()

    async def on_stop_transaction(self, request: StopTransactionRequest) -> StopTransactionResponse:
        self.report(f"central system: transaction {request.transaction_id} stopped at {request.meter_stop} Wh")
        return StopTransactionResponse(id_tag_info=IdTagInfo(status=AuthorizationStatus.accepted))

    async def configure_and_start(self) -> None:
        """What the central system asks of a charge point that has just booted."""
        configuration = await self.get_configuration(
            GetConfigurationRequest(key=["HeartbeatInterval", "MeterValueSampleInterval"])
        )
        for item in configuration.configuration_key or []:
            self.report(f"central system: {self.connection.identity} has {item.key} = {item.value}")
        started = await self.remote_start_transaction(RemoteStartTransactionRequest(id_tag=DRIVER_TAG, connector_id=1))
        self.report(f"central system: remote start {started.status}")

    async def limit_transaction(self, connector_id: int, transaction_id: int) -> None:
        """Limit a running transaction to 16 A."""
        profile = ChargingProfile(
            charging_profile_id=1,
            transaction_id=transaction_id,
            stack_level=0,
            charging_profile_purpose=ChargingProfilePurposeType.tx_profile,
            charging_profile_kind=ChargingProfileKindType.relative,
            charging_schedule=ChargingSchedule(
                charging_rate_unit=ChargingRateUnitType.a,
                charging_schedule_period=[ChargingSchedulePeriod(start_period=0, limit=16.0)],
            ),
        )
        result = await self.set_charging_profile(
            SetChargingProfileRequest(connector_id=connector_id, cs_charging_profiles=profile)
        )
        self.report(f"central system: charging profile {result.status}")

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run work of our own beside the handler (which must answer first), keeping a reference to it."""
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


async def main(host: str, port: int) -> None:
    async with serve(lambda connection: DemoCentralSystem(connection), host, port) as server:
        print(f"central system: listening on ws://{host}:{port}/ocpp/<charge point id>")
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    options = parser.parse_args()
    asyncio.run(main(options.host, options.port))
