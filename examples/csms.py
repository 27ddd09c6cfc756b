"""One central system for a mixed fleet: OCPP 1.6 charge points and 2.0.1 charging stations on one port.

The server offers `ocpp2.0.1` first, then `ocpp1.6`, and hands each connection to that
version's endpoint: 1.6 charge points to `DemoCentralSystem` (examples/central_system.py),
2.0.1 charging stations to `DemoCsms` below. After a charging station boots, the CSMS reads
and sets its variables and starts a transaction remotely; when the transaction starts, it
sets a charging profile for it.

    PYTHONPATH=generated:examples .venv/bin/python examples/csms.py --port 9000
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime, timezone
from typing import Any

from central_system import DemoCentralSystem
from ocpp16 import transport
from ocpp201 import (
    AuthorizationStatusEnumType,
    AuthorizeRequest,
    AuthorizeResponse,
    BootNotificationRequest,
    BootNotificationResponse,
    ChargingProfileKindEnumType,
    ChargingProfilePurposeEnumType,
    ChargingProfileType,
    ChargingRateUnitEnumType,
    ChargingSchedulePeriodType,
    ChargingScheduleType,
    ComponentType,
    GetVariableDataType,
    GetVariablesRequest,
    HeartbeatRequest,
    HeartbeatResponse,
    IdTokenEnumType,
    IdTokenInfoType,
    IdTokenType,
    RegistrationStatusEnumType,
    RequestStartTransactionRequest,
    SetChargingProfileRequest,
    SetVariableDataType,
    SetVariablesRequest,
    StatusNotificationRequest,
    StatusNotificationResponse,
    TransactionEventEnumType,
    TransactionEventRequest,
    TransactionEventResponse,
    VariableType,
)
from ocpp201.dispatch import Csms

DRIVER_TOKEN = "DRIVER-201"
# What the CSMS sets after a boot: meter values every 30 s during a transaction.
TX_UPDATED_INTERVAL = ("SampledDataCtrlr", "TxUpdatedInterval", "30")
LIMIT_AMPERES = 16.0


def now() -> datetime:
    return datetime.now(timezone.utc)


def variable(component: str, name: str) -> tuple[ComponentType, VariableType]:
    return ComponentType(name=component), VariableType(name=name)


class DemoCsms(Csms):
    """Answers a 2.0.1 charging station's CALLs; `report` gets a line for each step of the session."""

    def __init__(self, connection: transport.Connection, report: Callable[[str], None] = print) -> None:
        super().__init__(connection.send, connection.identity, response_timeout=10)
        self.connection = connection
        self.report = report
        self.transaction_events: list[TransactionEventRequest] = []
        self.tasks: set[asyncio.Task[None]] = set()

    async def on_boot_notification(self, request: BootNotificationRequest) -> BootNotificationResponse:
        station = request.charging_station
        self.report(f"csms: {self.identity} booted ({station.vendor_name} {station.model}, {request.reason})")
        self._in_background(self.configure_and_start())
        return BootNotificationResponse(status=RegistrationStatusEnumType.accepted, current_time=now(), interval=300)

    async def on_heartbeat(self, request: HeartbeatRequest) -> HeartbeatResponse:
        self.report(f"csms: heartbeat from {self.identity}")
        return HeartbeatResponse(current_time=now())

    async def on_status_notification(self, request: StatusNotificationRequest) -> StatusNotificationResponse:
        self.report(f"csms: EVSE {request.evse_id} connector {request.connector_id} is {request.connector_status}")
        return StatusNotificationResponse()

    async def on_authorize(self, request: AuthorizeRequest) -> AuthorizeResponse:
        self.report(f"csms: authorize {request.id_token.id_token}")
        return AuthorizeResponse(id_token_info=IdTokenInfoType(status=AuthorizationStatusEnumType.accepted))

    async def on_transaction_event(self, request: TransactionEventRequest) -> TransactionEventResponse:
        self.transaction_events.append(request)
        transaction = request.transaction_info
        self.report(f"csms: transaction {transaction.transaction_id} {request.event_type} ({request.trigger_reason})")
        for meter_value in request.meter_value or []:
            for sample in meter_value.sampled_value:
                unit = sample.unit_of_measure.unit if sample.unit_of_measure else None
                self.report(f"csms: {sample.measurand or 'energy'} = {sample.value:g} {unit or 'Wh'}")
        if request.event_type == TransactionEventEnumType.started and request.evse is not None:
            self._in_background(self.limit_transaction(request.evse.id, transaction.transaction_id))
        if request.id_token is None:
            return TransactionEventResponse()
        return TransactionEventResponse(id_token_info=IdTokenInfoType(status=AuthorizationStatusEnumType.accepted))

    async def configure_and_start(self) -> None:
        """What the CSMS asks of a charging station that has just booted."""
        component, name, value = TX_UPDATED_INTERVAL
        read = await self.get_variables(
            GetVariablesRequest(
                get_variable_data=[
                    GetVariableDataType(component=c, variable=v)
                    for c, v in (variable("OCPPCommCtrlr", "HeartbeatInterval"), variable(component, name))
                ]
            )
        )
        for result in read.get_variable_result:
            self.report(
                f"csms: {result.component.name}.{result.variable.name} = {result.attribute_value} ({result.attribute_status})"
            )
        set_component, set_variable = variable(component, name)
        written = await self.set_variables(
            SetVariablesRequest(
                set_variable_data=[
                    SetVariableDataType(component=set_component, variable=set_variable, attribute_value=value)
                ]
            )
        )
        for outcome in written.set_variable_result:
            self.report(
                f"csms: set {outcome.component.name}.{outcome.variable.name} = {value}: {outcome.attribute_status}"
            )
        started = await self.request_start_transaction(
            RequestStartTransactionRequest(
                id_token=IdTokenType(id_token=DRIVER_TOKEN, type=IdTokenEnumType.central), remote_start_id=1, evse_id=1
            )
        )
        self.report(f"csms: request start transaction {started.status}")

    async def limit_transaction(self, evse_id: int, transaction_id: str) -> None:
        """Limit a running transaction to LIMIT_AMPERES."""
        profile = ChargingProfileType(
            id=1,
            stack_level=0,
            charging_profile_purpose=ChargingProfilePurposeEnumType.tx_profile,
            charging_profile_kind=ChargingProfileKindEnumType.relative,
            transaction_id=transaction_id,
            charging_schedule=[
                ChargingScheduleType(
                    id=1,
                    charging_rate_unit=ChargingRateUnitEnumType.a,
                    charging_schedule_period=[ChargingSchedulePeriodType(start_period=0, limit=LIMIT_AMPERES)],
                )
            ],
        )
        result = await self.set_charging_profile(SetChargingProfileRequest(evse_id=evse_id, charging_profile=profile))
        self.report(f"csms: charging profile {result.status}")

    def _in_background(self, work: Coroutine[Any, Any, None]) -> None:
        """Run work of our own beside the handler (which must answer first), keeping a reference to it."""
        task = asyncio.create_task(work)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)


def factories(report: Callable[[str], None] = print) -> dict[str, transport.Factory[transport.OcppEndpoint[Any]]]:
    """The server's versions in its order of preference, each with its endpoint."""
    return {
        "ocpp2.0.1": lambda connection: DemoCsms(connection, report),
        "ocpp1.6": lambda connection: DemoCentralSystem(connection, report),
    }


async def main(host: str, port: int) -> None:
    async with transport.serve(factories(), host, port) as server:
        print(f"central system: listening on ws://{host}:{port}/ocpp/<identity> (ocpp2.0.1, ocpp1.6)")
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    options = parser.parse_args()
    asyncio.run(main(options.host, options.port))
