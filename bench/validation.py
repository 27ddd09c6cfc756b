"""Section 1: validating one payload from JSON text, per message.

Every contender starts from the same JSON text. The JSON-Schema validators get the schema file
the `ocpp` library ships (the same text as our fetched set), compiled once, as a server would;
they validate what json.loads returns, so json.loads alone is the floor. Before anything is
timed, each contender must accept every sample and reject the sample with an unknown property,
and whether it checks `date-time` formats is found out, not assumed.

Each OCPP version's messages (a MessageSet) are measured against that version's schema set and
our package for it: 1.6 (`generated/ocpp16`) and 2.0.1 (`generated/ocpp201`). The JSON-Schema
validators are the same for both; like the `ocpp` library, which builds a Draft4Validator for
its 2.0.1 schemas too, they read the draft-06 files of 2.0.1 as draft 4 (no keyword the 2.0.1
schemas use differs between the two).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .contenders import OURS, Validator
from . import ours, ours_v201, payloads, payloads_v201
from .payloads import Sample
from .timing import Settings, Timing, measure, sync_loop

FLOOR = "json.loads (floor)"
JSONSCHEMA = "jsonschema (Draft4Validator)"
FASTJSONSCHEMA = "fastjsonschema"
JSONSCHEMA_RS = "jsonschema-rs"

# A validator factory gets the action's request schema and returns the validator.
ValidatorFactory = Callable[[str, dict[str, Any]], Validator]


@dataclass(frozen=True)
class ValidationRow:
    message: str
    contender: str
    timing: Timing


@dataclass(frozen=True)
class ValidatorTraits:
    contender: str
    checks_date_time: bool


@dataclass(frozen=True)
class ValidationResult:
    rows: tuple[ValidationRow, ...]
    traits: tuple[ValidatorTraits, ...]


@dataclass(frozen=True)
class MessageSet:
    """One OCPP version's messages: its samples, its schema file per action, our model per action,
    and a sample whose `date-time` is not one (to find out which validators check formats)."""

    samples: Callable[[], tuple[Sample, ...]]
    schema_file: Callable[[str], str]
    ours: Callable[[str], Validator]
    bad_date_time: Callable[[], Sample]


def _bad_date_time_16() -> Sample:
    start = next(s for s in payloads.samples() if s.action == "StartTransaction")
    return Sample("StartTransaction, bad timestamp", "StartTransaction", {**start.payload, "timestamp": "yesterday"})


def _bad_date_time_201() -> Sample:
    event = next(s for s in payloads_v201.samples() if s.action == "TransactionEvent")
    return replace(event, name="TransactionEvent, bad timestamp", payload={**event.payload, "timestamp": "yesterday"})


OCPP16 = MessageSet(payloads.samples, lambda action: f"{action}.json", ours.model_validator, _bad_date_time_16)
OCPP201 = MessageSet(
    payloads_v201.samples, lambda action: f"{action}Request.json", ours_v201.model_validator, _bad_date_time_201
)


def _jsonschema(action: str, schema: dict[str, Any]) -> Validator:
    from jsonschema import Draft4Validator

    # As the ocpp library builds it: no format checker.
    validator = Draft4Validator(schema)
    return lambda text: validator.validate(json.loads(text))


def _fastjsonschema(action: str, schema: dict[str, Any]) -> Validator:
    import fastjsonschema

    validate = fastjsonschema.compile(schema)
    return lambda text: validate(json.loads(text))


def _jsonschema_rs(action: str, schema: dict[str, Any]) -> Validator:
    import jsonschema_rs

    validator = jsonschema_rs.Draft4Validator(schema)
    return lambda text: validator.validate(json.loads(text))


def _floor(action: str, schema: dict[str, Any]) -> Validator:
    return json.loads


def contenders(messages: MessageSet = OCPP16) -> dict[str, ValidatorFactory]:
    """Report order: ours first, the floor last."""
    return {
        OURS: lambda action, schema: messages.ours(action),
        JSONSCHEMA: _jsonschema,
        FASTJSONSCHEMA: _fastjsonschema,
        JSONSCHEMA_RS: _jsonschema_rs,
        FLOOR: _floor,
    }


def load_schema(schemas: Path, action: str, messages: MessageSet = OCPP16) -> dict[str, Any]:
    text = (schemas / messages.schema_file(action)).read_text(encoding="utf-8-sig")
    schema: dict[str, Any] = json.loads(text)
    return schema


def _accepts(validator: Validator, text: str) -> bool:
    try:
        validator(text)
    except Exception:
        return False
    return True


def check_validator(contender: str, validator: Validator, sample: Sample) -> None:
    """A validator that rejects a valid sample or accepts an invalid one is not measured."""
    if not _accepts(validator, sample.text):
        raise RuntimeError(f"{contender} rejects the valid {sample.name} sample")
    if contender != FLOOR and _accepts(validator, sample.invalid_text()):
        raise RuntimeError(f"{contender} accepts {sample.name} with an unknown property")


async def run(schemas: Path, settings: Settings, messages: MessageSet = OCPP16) -> ValidationResult:
    factories = contenders(messages)
    rows: list[ValidationRow] = []
    for sample in messages.samples():
        schema = load_schema(schemas, sample.action, messages)
        validators = {name: factory(sample.action, schema) for name, factory in factories.items()}
        for name, validator in validators.items():
            check_validator(name, validator, sample)
        timings = await measure({name: sync_loop(v, sample.text) for name, v in validators.items()}, settings)
        rows.extend(ValidationRow(sample.name, name, timing) for name, timing in timings.items())
    bad = messages.bad_date_time()
    bad_schema = load_schema(schemas, bad.action, messages)
    traits = tuple(
        ValidatorTraits(name, not _accepts(factory(bad.action, bad_schema), bad.text))
        for name, factory in factories.items()
        if name != FLOOR
    )
    return ValidationResult(tuple(rows), traits)
