"""Section 6: what a deviating payload costs when it is read on purpose (the generated `tolerance`).

A conformant payload is validated strictly and nothing else happens: tolerance is asked only
when strict validation fails, so the strict path is the same code with or without it. A
deviating payload costs the failed strict validation, json.loads of the text, and the reading
(each error matched to a deviation, the payload repaired, validated strictly again). Refusing
it (the deviation off) costs the failed validation, json.loads and the CALLERROR's description.
Each deviating sample is checked to be read (on) and refused (off) before anything is timed.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from .ours import PACKAGE, generated_package
from .payloads import Sample, samples
from .timing import Settings, Timing, measure, sync_loop

STRICT = "conformant, strict"
TOLERATED = "deviating, read (deviation on)"
REFUSED = "deviating, refused (deviation off)"


@dataclass(frozen=True)
class ToleranceRow:
    message: str
    path: str
    timing: Timing


@dataclass(frozen=True)
class ToleranceResult:
    rows: tuple[ToleranceRow, ...]


@dataclass(frozen=True)
class Deviating:
    """A bench sample, and the same payload as a charger that breaks the schema sends it."""

    sample: Sample
    deviation: str
    payload: dict[str, Any]

    @property
    def name(self) -> str:
        return f"{self.sample.name}, {self.deviation}"

    @property
    def text(self) -> str:
        return json.dumps(self.payload, separators=(",", ":"))


def deviating_samples() -> tuple[Deviating, ...]:
    by_name = {sample.name: sample for sample in samples()}
    meter_values = by_name["MeterValues (5 sampled values)"]
    numbers = json.loads(meter_values.text)
    for reading in numbers["meterValue"]:
        for sampled in reading["sampledValue"]:
            sampled["value"] = float(sampled["value"])
    start = by_name["StartTransaction"]
    naive = {**start.payload, "timestamp": start.payload["timestamp"].removesuffix("Z")}
    boot = by_name["BootNotification"]
    long_serial = {**boot.payload, "chargePointSerialNumber": "3N123456789F2S1B1234567890"}
    return (
        Deviating(meter_values, "number_for_string", numbers),
        Deviating(start, "date_time_without_offset", naive),
        Deviating(boot, "string_too_long", long_serial),
    )


def _reader(deviating: Deviating, on: bool) -> Callable[[str], object]:
    """Strict validation, then (as the endpoint does on failure) json.loads and the tolerance."""
    package = generated_package()
    describe_payload_error = importlib.import_module(f"{PACKAGE}.dispatch").describe_payload_error
    tolerance_module = importlib.import_module(f"{PACKAGE}.tolerance")

    action = deviating.sample.action
    model = getattr(package, f"{action}Request")
    validate = model.__pydantic_validator__.validate_json
    tolerance = tolerance_module.Tolerance({action: {deviating.deviation}} if on else {})

    def read(text: str) -> object:
        try:
            return validate(text, by_alias=True, by_name=False)
        except ValidationError as error:
            result = tolerance.read(action, model, json.loads(text), error)
            return result if result is not None else describe_payload_error(error)

    return read


def _strict(deviating: Deviating) -> Callable[[str], object]:
    model = getattr(generated_package(), f"{deviating.sample.action}Request")
    validate = model.__pydantic_validator__.validate_json
    return lambda text: validate(text, by_alias=True, by_name=False)


def check(deviating: Deviating) -> None:
    """A sample that is not read with its deviation on, or read with it off, is not measured."""
    model = getattr(generated_package(), f"{deviating.sample.action}Request")
    if not isinstance(_reader(deviating, True)(deviating.text), model):
        raise RuntimeError(f"{deviating.name} is not read with its deviation on")
    if not isinstance(_reader(deviating, False)(deviating.text), tuple):
        raise RuntimeError(f"{deviating.name} is not refused with its deviation off")
    if not isinstance(_strict(deviating)(deviating.sample.text), model):
        raise RuntimeError(f"{deviating.sample.name} is not valid")


async def run(settings: Settings) -> ToleranceResult:
    rows: list[ToleranceRow] = []
    for deviating in deviating_samples():
        check(deviating)
        loops = {
            STRICT: sync_loop(_strict(deviating), deviating.sample.text),
            TOLERATED: sync_loop(_reader(deviating, True), deviating.text),
            REFUSED: sync_loop(_reader(deviating, False), deviating.text),
        }
        timings = await measure(loops, settings)
        rows.extend(ToleranceRow(deviating.name, path, timing) for path, timing in timings.items())
    return ToleranceResult(tuple(rows))
