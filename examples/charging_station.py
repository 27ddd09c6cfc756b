"""A simulated OCPP 2.0.1 Charging Station: one TransactionEvent-based charging session.

It boots, reports its connector available and sends a heartbeat; it answers the CSMS's
GetVariables and SetVariables from its own variables, and when the CSMS requests a
transaction, it authorizes the driver and runs the transaction as TransactionEvents:
Started, Updated with meter values (once the CSMS has set a charging profile), Ended.

    PYTHONPATH=generated .venv/bin/python examples/charging_station.py ws://127.0.0.1:9000/ocpp/CS_1
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
from datetime import datetime, timezone

from ocpp201 import (
    AuthorizeRequest,
    BootNotificationRequest,
    BootReasonEnumType,
    ChargingProfileStatusEnumType,
    ChargingStateEnumType,
    ChargingStationType,
    ConnectorStatusEnumType,
    EVSEType,
    GetVariableResultType,
    GetVariablesRequest,
    GetVariablesResponse,
    GetVariableStatusEnumType,
    HeartbeatRequest,
    IdTokenType,
    MeasurandEnumType,
    MeterValueType,
    ReasonEnumType,
    RequestStartStopStatusEnumType,
    RequestStartTransactionRequest,
    RequestStartTransactionResponse,
    SampledValueType,
    SetChargingProfileRequest,
    SetChargingProfileResponse,
    SetVariableResultType,
    SetVariablesRequest,
    SetVariablesResponse,
    SetVariableStatusEnumType,
    StatusNotificationRequest,
    TransactionEventEnumType,
    TransactionEventRequest,
    TransactionType,
    TriggerReasonEnumType,
    UnitOfMeasureType,
)
from ocpp201.dispatch import ChargingStation, FrameObserver, Send
from ocpp201.transport import connect

EVSE_ID = 1
CONNECTOR_ID = 1
TRANSACTION_ID = "TX-0001"
# (component, variable) -> value: what GetVariables reads and SetVariables writes.
INITIAL_VARIABLES = {
    ("OCPPCommCtrlr", "HeartbeatInterval"): "300",
    ("SampledDataCtrlr", "TxUpdatedInterval"): "60",
}


def now() -> datetime:
    return datetime.now(timezone.utc)


class SimulatedChargingStation(ChargingStation):
    """Answers the CSMS's CALLs and remembers what it was asked to do."""

    def __init__(self, send: Send, identity: str, observe: FrameObserver | None = None) -> None:
        super().__init__(send, identity, response_timeout=10, observe=observe)
        self.variables = dict(INITIAL_VARIABLES)
        self.remote_start: asyncio.Future[RequestStartTransactionRequest] = asyncio.get_running_loop().create_future()
        self.charging_profile: asyncio.Future[SetChargingProfileRequest] = asyncio.get_running_loop().create_future()
        self.sequence = itertools.count()

    async def on_get_variables(self, request: GetVariablesRequest) -> GetVariablesResponse:
        results = []
        for wanted in request.get_variable_data:
            value = self.variables.get((wanted.component.name, wanted.variable.name))
            status = (
                GetVariableStatusEnumType.accepted if value is not None else GetVariableStatusEnumType.unknown_variable
            )
            results.append(
                GetVariableResultType(
                    attribute_status=status, attribute_value=value, component=wanted.component, variable=wanted.variable
                )
            )
        return GetVariablesResponse(get_variable_result=results)

    async def on_set_variables(self, request: SetVariablesRequest) -> SetVariablesResponse:
        results = []
        for wanted in request.set_variable_data:
            key = (wanted.component.name, wanted.variable.name)
            status = (
                SetVariableStatusEnumType.accepted
                if key in self.variables
                else SetVariableStatusEnumType.unknown_variable
            )
            if key in self.variables:
                self.variables[key] = wanted.attribute_value
            results.append(
                SetVariableResultType(attribute_status=status, component=wanted.component, variable=wanted.variable)
            )
        return SetVariablesResponse(set_variable_result=results)

    async def on_request_start_transaction(
        self, request: RequestStartTransactionRequest
    ) -> RequestStartTransactionResponse:
        if self.remote_start.done():
            return RequestStartTransactionResponse(status=RequestStartStopStatusEnumType.rejected)
        self.remote_start.set_result(request)
        return RequestStartTransactionResponse(status=RequestStartStopStatusEnumType.accepted)

    async def on_set_charging_profile(self, request: SetChargingProfileRequest) -> SetChargingProfileResponse:
        if self.charging_profile.done():
            return SetChargingProfileResponse(status=ChargingProfileStatusEnumType.rejected)
        self.charging_profile.set_result(request)
        return SetChargingProfileResponse(status=ChargingProfileStatusEnumType.accepted)

    async def session(self) -> None:
        """Boot, then one charging session on EVSE 1, requested by the CSMS."""
        await self.boot_notification(
            BootNotificationRequest(
                charging_station=ChargingStationType(vendor_name="Acme", model="Simulator 2"),
                reason=BootReasonEnumType.power_up,
            )
        )
        await self.status(ConnectorStatusEnumType.available)
        await self.heartbeat(HeartbeatRequest())
        start = await asyncio.wait_for(self.remote_start, timeout=10)
        await self.authorize(AuthorizeRequest(id_token=start.id_token))
        await self.status(ConnectorStatusEnumType.occupied)
        await self.transaction(
            TransactionEventEnumType.started,
            TriggerReasonEnumType.remote_start,
            10_000,
            ChargingStateEnumType.ev_connected,
            id_token=start.id_token,
            remote_start_id=start.remote_start_id,
        )
        profile = await asyncio.wait_for(self.charging_profile, timeout=10)
        limit = profile.charging_profile.charging_schedule[0].charging_schedule_period[0].limit
        await self.transaction(
            TransactionEventEnumType.updated,
            TriggerReasonEnumType.meter_value_periodic,
            11_250,
            ChargingStateEnumType.charging,
            amperes=limit,
        )
        await self.transaction(
            TransactionEventEnumType.ended,
            TriggerReasonEnumType.stop_authorized,
            12_500,
            ChargingStateEnumType.ev_connected,
            id_token=start.id_token,
            stopped_reason=ReasonEnumType.local,
        )
        await self.status(ConnectorStatusEnumType.available)

    async def transaction(
        self,
        event: TransactionEventEnumType,
        trigger: TriggerReasonEnumType,
        energy: int,
        state: ChargingStateEnumType,
        *,
        amperes: float | None = None,
        id_token: IdTokenType | None = None,
        remote_start_id: int | None = None,
        stopped_reason: ReasonEnumType | None = None,
    ) -> None:
        """One TransactionEvent of the session's transaction, with the meter's reading."""
        await self.transaction_event(
            TransactionEventRequest(
                event_type=event,
                trigger_reason=trigger,
                timestamp=now(),
                seq_no=next(self.sequence),
                transaction_info=TransactionType(
                    transaction_id=TRANSACTION_ID,
                    charging_state=state,
                    remote_start_id=remote_start_id,
                    stopped_reason=stopped_reason,
                ),
                evse=(
                    EVSEType(id=EVSE_ID, connector_id=CONNECTOR_ID)
                    if event == TransactionEventEnumType.started
                    else None
                ),
                id_token=id_token,
                meter_value=[self.sample(energy, amperes)],
            )
        )

    def sample(self, energy: int, amperes: float | None) -> MeterValueType:
        values = [
            SampledValueType(
                value=energy,
                measurand=MeasurandEnumType.energy_active_import_register,
                unit_of_measure=UnitOfMeasureType(unit="Wh"),
            )
        ]
        if amperes is not None:
            values.append(
                SampledValueType(
                    value=amperes,
                    measurand=MeasurandEnumType.current_import,
                    unit_of_measure=UnitOfMeasureType(unit="A"),
                )
            )
        return MeterValueType(timestamp=now(), sampled_value=values)

    async def status(self, status: ConnectorStatusEnumType) -> None:
        await self.status_notification(
            StatusNotificationRequest(
                evse_id=EVSE_ID, connector_id=CONNECTOR_ID, connector_status=status, timestamp=now()
            )
        )


async def main(uri: str) -> None:
    async with connect(uri, SimulatedChargingStation) as station:
        await station.session()
    print(f"charging station: session complete on {uri}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("uri", nargs="?", default="ws://127.0.0.1:9000/ocpp/CS_1")
    asyncio.run(main(parser.parse_args().uri))
