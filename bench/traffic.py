"""What section 3's charge points say, per OCPP version: the BootNotification each sends first,
the mix it sends in turn while timed, the CALLs a central system is checked with, and the
constant payloads the trivial handlers answer with.

OCPP 1.6 is the payloads of bench/payloads.py (MeterValues with 5 sampled values, Heartbeat).
OCPP 2.0.1's analogue: a TransactionEvent `Updated` carrying one reading of the same five
measurands (in 2.0.1 meter values travel in TransactionEvent during a transaction), and Heartbeat.
OCPP 2.1 sends the same calls and answers with the same replies: each payload is valid against
both versions' schemas (only the subprotocol differs).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .payloads import NOW, Sample, boot_notification, samples
from .replies import reply_payload

OCPP16 = "ocpp1.6"
OCPP201 = "ocpp2.0.1"
OCPP21 = "ocpp2.1"


@dataclass(frozen=True)
class Traffic:
    """One OCPP version's side of section 3."""

    subprotocol: str
    boot: Sample
    mix: tuple[Sample, ...]
    checked: tuple[Sample, ...]
    replies: dict[str, dict[str, Any]]

    def reply_payload(self, action: str) -> dict[str, Any]:
        return self.replies[action]


def _sampled_values_201(reading: int) -> list[dict[str, Any]]:
    """Five measurands of one periodic reading, as 2.0.1 writes them (numbers, unitOfMeasure)."""
    periodic = "Sample.Periodic"
    return [
        {
            "value": 1234567 + 120 * reading,
            "context": periodic,
            "measurand": "Energy.Active.Import.Register",
            "location": "Outlet",
            "unitOfMeasure": {"unit": "Wh"},
        },
        {"value": 7200, "context": periodic, "measurand": "Power.Active.Import", "unitOfMeasure": {"unit": "W"}},
        {
            "value": 31.8,
            "context": periodic,
            "measurand": "Current.Import",
            "phase": "L1",
            "unitOfMeasure": {"unit": "A"},
        },
        {"value": 230.1, "context": periodic, "measurand": "Voltage", "phase": "L1-N", "unitOfMeasure": {"unit": "V"}},
        {
            "value": 54 + reading,
            "context": periodic,
            "measurand": "SoC",
            "location": "EV",
            "unitOfMeasure": {"unit": "Percent"},
        },
    ]


def transaction_event_updated(readings: int = 1) -> dict[str, Any]:
    """A TransactionEvent `Updated` with `readings` readings of five measurands each, one minute apart."""
    return {
        "eventType": "Updated",
        "timestamp": NOW,
        "triggerReason": "MeterValuePeriodic",
        "seqNo": 3,
        "transactionInfo": {"transactionId": "TX-000042", "chargingState": "Charging"},
        "evse": {"id": 1, "connectorId": 1},
        "meterValue": [
            {"timestamp": f"2026-11-25T07:{45 + reading:02d}:00Z", "sampledValue": _sampled_values_201(reading)}
            for reading in range(readings)
        ],
    }


def boot_notification_201() -> dict[str, Any]:
    return {
        "reason": "PowerUp",
        "chargingStation": {
            "model": "AC22-Duo",
            "vendorName": "Acme Charging",
            "serialNumber": "ACM22D-000123",
            "firmwareVersion": "4.2.1",
            "modem": {"iccid": "8931440400012345678", "imsi": "204043012345678"},
        },
    }


def _traffic_16() -> Traffic:
    by_name = {sample.name: sample for sample in samples()}
    actions = ("Heartbeat", "BootNotification", "StartTransaction", "MeterValues")
    return Traffic(
        subprotocol=OCPP16,
        boot=Sample("BootNotification", "BootNotification", boot_notification()),
        mix=(by_name["MeterValues (5 sampled values)"], by_name["Heartbeat"]),
        checked=tuple(sample for sample in samples() if sample.action != "SetChargingProfile"),
        replies={action: reply_payload(action) for action in actions},
    )


def _traffic_2x(subprotocol: str) -> Traffic:
    """The 2.0.1 and 2.1 traffic: BootNotification, TransactionEvent `Updated`, Heartbeat."""
    boot = Sample("BootNotification", "BootNotification", boot_notification_201())
    heartbeat = Sample("Heartbeat", "Heartbeat", {})
    updated = Sample("TransactionEvent Updated (5 sampled values)", "TransactionEvent", transaction_event_updated())
    return Traffic(
        subprotocol=subprotocol,
        boot=boot,
        mix=(updated, heartbeat),
        checked=(heartbeat, boot, updated),
        replies={
            "Heartbeat": {"currentTime": NOW},
            "BootNotification": {"currentTime": NOW, "interval": 300, "status": "Accepted"},
            "TransactionEvent": {},
        },
    )


def traffic(subprotocol: str) -> Traffic:
    """The traffic of the charge points that speak `subprotocol`."""
    if subprotocol == OCPP16:
        return _traffic_16()
    if subprotocol in (OCPP201, OCPP21):
        return _traffic_2x(subprotocol)
    raise ValueError(f"section 3 has no traffic for {subprotocol!r}")
