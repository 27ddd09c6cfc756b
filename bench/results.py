"""One run's results as data: saved as JSON next to the run, read back to render the report."""

from __future__ import annotations

import dataclasses
import json
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .cost_breakdown import CostBreakdownResult
from .end_to_end import EndToEndResult
from .fleet import FleetResult
from .inbound import InboundResult
from .machine import Machine
from .startup import StartupResult
from .startup_versions import VersionsStartupResult
from .timing import Settings
from .tolerance import ToleranceResult
from .validation import ValidationResult


@dataclass(frozen=True)
class RunResult:
    machine: Machine
    seconds: float
    load_average_after: tuple[float, float, float]
    timing: Settings
    validation: ValidationResult | None = None
    inbound: InboundResult | None = None
    end_to_end: EndToEndResult | None = None
    startup: StartupResult | None = None
    fleet: FleetResult | None = None
    tolerance: ToleranceResult | None = None
    # OCPP 2.0.1 in sections 1 and 2, and section 4 for every version.
    validation_v201: ValidationResult | None = None
    inbound_v201: InboundResult | None = None
    startup_versions: VersionsStartupResult | None = None
    # Section 3 beyond the 1.6 fleet: a 2.0.1 fleet, a mixed 1.6 / 2.0.1 fleet, the accounting.
    end_to_end_201: EndToEndResult | None = None
    end_to_end_mixed: EndToEndResult | None = None
    cost_breakdown: CostBreakdownResult | None = None
    # Section 3's OCPP 2.1 fleet.
    end_to_end_21: EndToEndResult | None = None


def save(result: RunResult, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(dataclasses.asdict(result), indent=1) + "\n", encoding="utf-8")


def load(path: Path) -> RunResult:
    result: RunResult = from_data(RunResult, json.loads(path.read_text(encoding="utf-8")))
    return result


def from_data(kind: Any, data: Any) -> Any:
    """Rebuild a value of type `kind` (frozen dataclasses, tuples, dicts, optionals, scalars)
    from what dataclasses.asdict and json made of it."""
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return from_data(inner, data)
    if dataclasses.is_dataclass(kind):
        hints = typing.get_type_hints(kind)
        # A field the saved run does not have (results saved before it was added) takes its default.
        fields = {
            field.name: from_data(hints[field.name], data[field.name])
            for field in dataclasses.fields(kind)
            if field.name in data
        }
        return kind(**fields)
    if origin is tuple:
        arguments = typing.get_args(kind)
        if len(arguments) == 2 and arguments[1] is Ellipsis:
            return tuple(from_data(arguments[0], item) for item in data)
        return tuple(from_data(argument, item) for argument, item in zip(arguments, data))
    if origin is dict:
        _, value_kind = typing.get_args(kind)
        return {key: from_data(value_kind, value) for key, value in data.items()}
    return data
