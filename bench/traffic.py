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

from . import payloads_v201
from .payloads import Sample, boot_notification, samples
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
    # The same messages as sections 1 and 2 send (bench/payloads_v201.py): 2.1 keeps their shape.
    boot = Sample("BootNotification", "BootNotification", payloads_v201.boot_notification())
    heartbeat = Sample("Heartbeat", "Heartbeat", payloads_v201.heartbeat())
    updated = Sample(
        "TransactionEvent Updated (5 sampled values)", "TransactionEvent", payloads_v201.transaction_updated(5)
    )
    return Traffic(
        subprotocol=subprotocol,
        boot=boot,
        mix=(updated, heartbeat),
        checked=(heartbeat, boot, updated),
        replies={
            action: payloads_v201.reply_payload(action)
            for action in ("Heartbeat", "BootNotification", "TransactionEvent")
        },
    )


def traffic(subprotocol: str) -> Traffic:
    """The traffic of the charge points that speak `subprotocol`."""
    if subprotocol == OCPP16:
        return _traffic_16()
    if subprotocol in (OCPP201, OCPP21):
        return _traffic_2x(subprotocol)
    raise ValueError(f"section 3 has no traffic for {subprotocol!r}")
