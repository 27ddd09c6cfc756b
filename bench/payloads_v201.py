"""The OCPP 2.0.1 messages sections 1 and 2 measure: realistic payloads as a charging station or a
CSMS sends them, and the constant replies the trivial handlers answer them with."""

from __future__ import annotations

from typing import Any

from .payloads import NOW, Sample

PROTOCOL = "OCPP 2.0.1"
TRANSACTION_ID = "f1d5a7c2-3b4e-4d6f-8a9b-0c1d2e3f4a5b"


def heartbeat() -> dict[str, Any]:
    return {}


def boot_notification() -> dict[str, Any]:
    return {
        "reason": "PowerUp",
        "chargingStation": {
            "vendorName": "Acme Charging",
            "model": "AC22-Duo",
            "serialNumber": "ACM22D-000123",
            "firmwareVersion": "4.2.1",
            "modem": {"iccid": "8931440400012345678", "imsi": "204043012345678"},
        },
    }


def transaction_started() -> dict[str, Any]:
    """The first TransactionEvent of a session: the EV plugged in and authorised by an RFID card."""
    return {
        "eventType": "Started",
        "timestamp": NOW,
        "triggerReason": "Authorized",
        "seqNo": 0,
        "transactionInfo": {"transactionId": TRANSACTION_ID, "chargingState": "EVConnected"},
        "idToken": {"idToken": "04A2B3C4D5E6F7", "type": "ISO14443"},
        "evse": {"id": 1, "connectorId": 1},
        "meterValue": [
            {
                "timestamp": NOW,
                "sampledValue": [
                    {
                        "value": 1234567,
                        "context": "Transaction.Begin",
                        "measurand": "Energy.Active.Import.Register",
                        "unitOfMeasure": {"unit": "Wh"},
                    }
                ],
            }
        ],
    }


def _sampled_values(reading: int) -> list[dict[str, Any]]:
    """Five measurands of one periodic reading: energy, power, current, voltage, state of charge."""
    return [
        {
            "value": 1234567 + 120 * reading,
            "context": "Sample.Periodic",
            "measurand": "Energy.Active.Import.Register",
            "location": "Outlet",
            "unitOfMeasure": {"unit": "Wh"},
        },
        {
            "value": 7200,
            "context": "Sample.Periodic",
            "measurand": "Power.Active.Import",
            "unitOfMeasure": {"unit": "W"},
        },
        {
            "value": 31.8,
            "context": "Sample.Periodic",
            "measurand": "Current.Import",
            "phase": "L1",
            "unitOfMeasure": {"unit": "A"},
        },
        {
            "value": 230.1,
            "context": "Sample.Periodic",
            "measurand": "Voltage",
            "phase": "L1-N",
            "unitOfMeasure": {"unit": "V"},
        },
        {
            "value": 54 + reading,
            "context": "Sample.Periodic",
            "measurand": "SoC",
            "location": "EV",
            "unitOfMeasure": {"unit": "Percent"},
        },
    ]


def transaction_updated(sampled_values: int) -> dict[str, Any]:
    """A TransactionEvent Updated with readings of five measurands each, one minute apart: 5 values
    is one periodic reading, 50 is ten (what a station sends after a short time offline)."""
    if sampled_values % 5 or sampled_values <= 0:
        raise ValueError(f"sampled_values must be a positive multiple of 5, not {sampled_values}")
    readings = sampled_values // 5
    return {
        "eventType": "Updated",
        "timestamp": f"2026-11-25T07:{45 + readings - 1:02d}:00Z",
        "triggerReason": "MeterValuePeriodic",
        "seqNo": readings,
        "transactionInfo": {"transactionId": TRANSACTION_ID, "chargingState": "Charging"},
        "evse": {"id": 1, "connectorId": 1},
        "meterValue": [
            {"timestamp": f"2026-11-25T07:{45 + reading:02d}:00Z", "sampledValue": _sampled_values(reading)}
            for reading in range(readings)
        ],
    }


def set_charging_profile() -> dict[str, Any]:
    """The 1.6 sample's daily default profile in 2.0.1 form: 16 A at night, 32 A by day, 10 A at
    the evening peak, 22 A late, never below 6 A."""
    return {
        "evseId": 1,
        "chargingProfile": {
            "id": 7,
            "stackLevel": 0,
            "chargingProfilePurpose": "TxDefaultProfile",
            "chargingProfileKind": "Recurring",
            "recurrencyKind": "Daily",
            "validFrom": "2026-11-01T00:00:00Z",
            "chargingSchedule": [
                {
                    "id": 1,
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
                }
            ],
        },
    }


def samples() -> tuple[Sample, ...]:
    """The 2.0.1 messages of sections 1 and 2, in report order. Each name says its version, so a
    row is never mistaken for its 1.6 namesake's."""
    return (
        Sample("2.0.1 Heartbeat", "Heartbeat", heartbeat(), "an empty object"),
        Sample("2.0.1 BootNotification", "BootNotification", boot_notification(), "reason and station identity, modem"),
        Sample(
            "2.0.1 TransactionEvent Started",
            "TransactionEvent",
            transaction_started(),
            "authorised by an RFID card, on EVSE 1, meter start",
        ),
        Sample(
            "2.0.1 TransactionEvent (5 sampled values)",
            "TransactionEvent",
            transaction_updated(5),
            "Updated, one reading of five measurands (energy, power, current, voltage, SoC)",
        ),
        Sample(
            "2.0.1 TransactionEvent (50 sampled values)",
            "TransactionEvent",
            transaction_updated(50),
            "Updated, ten such readings, one minute apart",
        ),
        Sample(
            "2.0.1 SetChargingProfile",
            "SetChargingProfile",
            set_charging_profile(),
            "the same daily TxDefaultProfile, from the CSMS",
        ),
    )


# The actions a CSMS sends in these samples; a charging station answers them.
FROM_CSMS = frozenset({"SetChargingProfile"})


def reply_payload(action: str) -> dict[str, Any]:
    """The CALLRESULT payload a trivial 2.0.1 handler answers `action` with, in wire names."""
    replies: dict[str, dict[str, Any]] = {
        "Heartbeat": {"currentTime": NOW},
        "BootNotification": {"status": "Accepted", "currentTime": NOW, "interval": 300},
        "TransactionEvent": {},
        "SetChargingProfile": {"status": "Accepted"},
    }
    return replies[action]


def handled_actions() -> tuple[str, ...]:
    return ("Heartbeat", "BootNotification", "TransactionEvent", "SetChargingProfile")
