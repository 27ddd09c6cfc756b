"""The sample messages every section measures: realistic OCPP 1.6 payloads as a charge point or a
central system sends them, and the OCPP-J CALL frames that carry them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

# One fixed instant keeps every run's messages byte-identical.
NOW = "2026-11-25T07:45:00Z"


@dataclass(frozen=True)
class Sample:
    """One payload to measure: `name` labels it in the report, `action` picks its schema and model."""

    name: str
    action: str
    payload: dict[str, Any]
    about: str = ""

    @property
    def text(self) -> str:
        """The payload as JSON text, as it arrives inside a frame."""
        return json.dumps(self.payload, separators=(",", ":"))

    def frame(self, unique_id: str = "19223201") -> str:
        """The OCPP-J CALL that carries this payload."""
        return json.dumps([2, unique_id, self.action, self.payload], separators=(",", ":"))

    def invalid_payload(self) -> dict[str, Any]:
        """The payload with a property no schema allows: every validator must reject it."""
        return {**self.payload, "unexpectedProperty": 1}

    def invalid_text(self) -> str:
        return json.dumps(self.invalid_payload(), separators=(",", ":"))

    def invalid_frame(self, unique_id: str = "19223202") -> str:
        return json.dumps([2, unique_id, self.action, self.invalid_payload()], separators=(",", ":"))


def heartbeat() -> dict[str, Any]:
    return {}


def boot_notification() -> dict[str, Any]:
    return {
        "chargePointVendor": "Acme Charging",
        "chargePointModel": "AC22-Duo",
        "chargePointSerialNumber": "ACM22D-000123",
        "chargeBoxSerialNumber": "CB-000123",
        "firmwareVersion": "4.2.1",
        "iccid": "8931440400012345678",
        "imsi": "204043012345678",
        "meterType": "Eastron SDM630",
        "meterSerialNumber": "SDM630-778899",
    }


def start_transaction() -> dict[str, Any]:
    return {"connectorId": 1, "idTag": "04A2B3C4D5E6F7", "meterStart": 1234567, "timestamp": NOW}


def _sampled_values(reading: int) -> list[dict[str, str]]:
    """Five measurands of one periodic reading: energy, power, current, voltage, state of charge."""
    return [
        {
            "value": f"{1234567 + 120 * reading}",
            "context": "Sample.Periodic",
            "format": "Raw",
            "measurand": "Energy.Active.Import.Register",
            "location": "Outlet",
            "unit": "Wh",
        },
        {"value": "7200", "context": "Sample.Periodic", "measurand": "Power.Active.Import", "unit": "W"},
        {"value": "31.8", "context": "Sample.Periodic", "measurand": "Current.Import", "phase": "L1", "unit": "A"},
        {"value": "230.1", "context": "Sample.Periodic", "measurand": "Voltage", "phase": "L1-N", "unit": "V"},
        {
            "value": f"{54 + reading}",
            "context": "Sample.Periodic",
            "measurand": "SoC",
            "location": "EV",
            "unit": "Percent",
        },
    ]


def meter_values(sampled_values: int) -> dict[str, Any]:
    """Readings of five measurands each, one minute apart: 5 values is one reading, 50 is ten
    readings (what a charge point sends after a short time offline)."""
    if sampled_values % 5 or sampled_values <= 0:
        raise ValueError(f"sampled_values must be a positive multiple of 5, not {sampled_values}")
    readings = sampled_values // 5
    return {
        "connectorId": 1,
        "transactionId": 42,
        "meterValue": [
            {"timestamp": f"2026-11-25T07:{45 + reading:02d}:00Z", "sampledValue": _sampled_values(reading)}
            for reading in range(readings)
        ],
    }


def set_charging_profile() -> dict[str, Any]:
    """A daily default profile: 16 A at night, 32 A by day, 10 A at the evening peak, 22 A late,
    never below 6 A (the least an EV charges at)."""
    return {
        "connectorId": 1,
        "csChargingProfiles": {
            "chargingProfileId": 7,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Recurring",
            "recurrencyKind": "Daily",
            "validFrom": "2026-11-01T00:00:00Z",
            "chargingSchedule": {
                "duration": 86400,
                "startSchedule": "2026-11-25T00:00:00Z",
                "chargingRateUnit": "A",
                "chargingSchedulePeriod": [
                    {"startPeriod": 0, "limit": 16.0, "numberPhases": 3},
                    {"startPeriod": 25200, "limit": 32.0, "numberPhases": 3},
                    {"startPeriod": 61200, "limit": 10.0, "numberPhases": 3},
                    {"startPeriod": 75600, "limit": 22.0, "numberPhases": 3},
                ],
                "minChargingRate": 6.0,
            },
        },
    }


def samples() -> tuple[Sample, ...]:
    """The messages of sections 1 and 2, in report order."""
    return (
        Sample("Heartbeat", "Heartbeat", heartbeat(), "an empty object"),
        Sample("BootNotification", "BootNotification", boot_notification(), "all nine identity fields"),
        Sample("StartTransaction", "StartTransaction", start_transaction(), "connector, idTag, meter start, timestamp"),
        Sample(
            "MeterValues (5 sampled values)",
            "MeterValues",
            meter_values(5),
            "one reading of five measurands (energy, power, current, voltage, SoC)",
        ),
        Sample(
            "MeterValues (50 sampled values)",
            "MeterValues",
            meter_values(50),
            "ten such readings, one minute apart",
        ),
        Sample(
            "SetChargingProfile",
            "SetChargingProfile",
            set_charging_profile(),
            "a daily recurring TxDefaultProfile with four periods",
        ),
    )


def traffic_mix() -> tuple[Sample, ...]:
    """What each simulated charge point sends in section 3, in turn, after its BootNotification:
    the two calls a charging station sends most."""
    by_name = {sample.name: sample for sample in samples()}
    return (by_name["MeterValues (5 sampled values)"], by_name["Heartbeat"])
