"""Reading a payload's validation errors as deviations: one repair per error, or none.

A repair sets a value at the place an error points to (a string cut, a date-time given its
offset, an object put in an array), leaves out an optional property, or renames a property.
What the model expects at that place (an enum's members, whether a property may be absent,
whether it is a date-time) is read from the model itself.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from types import UnionType
from typing import Annotated, Any, Final, Union, get_args, get_origin

from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

from .deviations import UNIT_NAMES, Deviation

_NAIVE_DATE_TIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
)
_OFFSET_WITHOUT_COLON = re.compile(
    rf"({_NAIVE_DATE_TIME.pattern})([+-][0-9]{{2}})([0-9]{{2}})?"
)
_ENUM_CHECKS = ("enum", "literal_error")

_Location = tuple[str | int, ...]
_DROP: Final = object()


@dataclass(frozen=True)
class Repair:
    """One deviation at one place: the value set there (or the property dropped, or renamed)."""

    deviation: Deviation
    location: _Location
    raw: Any
    value: Any = _DROP
    rename_to: str | None = None

    @property
    def pointer(self) -> str:
        return "".join(
            "/" + str(part).replace("~", "~0").replace("/", "~1")
            for part in self.location
        )

    def apply(self, payload: dict[str, Any]) -> None:
        container = _container(payload, self.location[:-1])
        key = self.location[-1]
        if isinstance(container, dict) and isinstance(key, str) and key in container:
            if self.rename_to is not None:
                container[self.rename_to] = container.pop(key)
            elif self.value is _DROP:
                del container[key]
            else:
                container[key] = self.value
        elif isinstance(container, list) and isinstance(key, int):
            if 0 <= key < len(container) and self.value is not _DROP:
                container[key] = self.value


def repairs_of(
    model: type[BaseModel],
    payload: dict[str, Any],
    errors: list[Any],
    enabled: frozenset[Deviation],
) -> list[Repair] | None:
    """One repair for each error, or None when an error is no deviation turned on."""
    repairs: dict[tuple[_Location, str | None], Repair] = {}
    for error in errors:
        repair = _repair_of(model, payload, error)
        if repair is None or repair.deviation not in enabled:
            return None
        repairs.setdefault((repair.location, repair.rename_to), repair)
    return list(repairs.values()) or None


def _repair_of(
    model: type[BaseModel], payload: dict[str, Any], error: Any
) -> Repair | None:
    kind, location, raw = error["type"], tuple(error["loc"]), error.get("input")
    if not location:
        return None
    if kind in ("extra_forbidden", "missing"):
        return _renamed(model, payload, location, kind)
    slot = _slot(model, location)
    if slot is None:
        return None
    if raw is None:
        return slot.dropped(Deviation.null_for_field, location, raw)
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        readable = kind == "string_type" or kind in _ENUM_CHECKS
        if readable and math.isfinite(raw):  # JSON writes no infinity
            return Repair(Deviation.number_for_string, location, raw, json.dumps(raw))
        return None
    # A maxLength beside an optional's None is pydantic's generic `too_long`.
    limit = (error.get("ctx") or {}).get("max_length")
    if kind in ("string_too_long", "too_long") and isinstance(raw, str):
        if isinstance(limit, int):
            return Repair(Deviation.string_too_long, location, raw, raw[:limit])
        return None
    if kind in _ENUM_CHECKS and isinstance(raw, str):
        return _enum_value(slot, location, raw)
    if slot.is_date_time and isinstance(raw, str):
        return _date_time(slot, location, raw)
    return _shape(slot, location, kind, raw)


def _shape(slot: _Slot, location: _Location, kind: str, raw: Any) -> Repair | None:
    """A value of the wrong shape: a string for a boolean, an object for an array, no items."""
    if kind == "bool_type" and isinstance(raw, str):
        if raw.lower() in ("true", "false"):
            return Repair(
                Deviation.string_for_boolean, location, raw, raw.lower() == "true"
            )
    if kind == "list_type" and isinstance(raw, dict):
        return Repair(Deviation.object_for_array, location, raw, [copy.deepcopy(raw)])
    if kind == "too_short" and raw == []:
        return slot.dropped(Deviation.empty_array, location, raw)
    return None


def _enum_value(slot: _Slot, location: _Location, raw: str) -> Repair | None:
    values = slot.enum_values
    if values is None:
        return None
    if raw == "":
        return slot.dropped(Deviation.enum_empty, location, raw)
    same = [value for value in values if value.casefold() == raw.casefold()]
    if len(same) == 1:
        return Repair(Deviation.enum_wrong_case, location, raw, same[0])
    for name in UNIT_NAMES.get(raw, ()):
        if name in values:
            return Repair(Deviation.unit_symbol, location, raw, name)
    return slot.dropped(Deviation.enum_unknown, location, raw)


def _date_time(slot: _Slot, location: _Location, raw: str) -> Repair | None:
    if _NAIVE_DATE_TIME.fullmatch(raw) and _is_date_time(raw + "Z"):
        return Repair(Deviation.date_time_without_offset, location, raw, raw + "Z")
    compact = _OFFSET_WITHOUT_COLON.fullmatch(raw)
    if compact is not None:
        fixed = f"{compact[1]}{compact[2]}:{compact[3] or '00'}"
        if _is_date_time(fixed):
            return Repair(
                Deviation.date_time_offset_without_colon, location, raw, fixed
            )
    return slot.dropped(Deviation.date_time_invalid, location, raw)


def _renamed(
    model: type[BaseModel], payload: dict[str, Any], location: _Location, kind: str
) -> Repair | None:
    """A property sent under its name in another case: an unknown name, a missing one."""
    parent, name = location[:-1], location[-1]
    holder = _slot(model, parent) if parent else _Slot(model, True)
    container = _container(payload, parent)
    if holder is None or not isinstance(container, dict) or not isinstance(name, str):
        return None
    wire_names = holder.wire_names
    sent: str | None = name
    meant: str | None = name
    if kind == "extra_forbidden":
        meant = _one(n for n in wire_names if n.casefold() == name.casefold())
    else:
        sent = _one(
            key
            for key in container
            if key.casefold() == name.casefold() and key not in wire_names
        )
    if sent is None or meant is None or meant in container or sent not in container:
        return None
    return Repair(Deviation.property_name_case, (*parent, sent), sent, rename_to=meant)


def _one(candidates: Iterable[str]) -> str | None:
    found = list(candidates)
    return found[0] if len(found) == 1 else None


def _is_date_time(text: str) -> bool:
    """Whether an RFC 3339 form (the patterns above, with an offset) names an instant.

    The strict validation that follows has the last word; this keeps a repair from turning a
    day that does not exist into a date-time that still is not one."""
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


# --- the model at a location ---------------------------------------------------------------


@dataclass(frozen=True)
class _Slot:
    """The type a model expects at a location, and whether a property there may be absent."""

    annotation: Any
    required: bool

    @property
    def is_date_time(self) -> bool:
        kind = self.annotation
        return kind is AwareDatetime or (
            isinstance(kind, type) and issubclass(kind, datetime)
        )

    @property
    def enum_values(self) -> list[str] | None:
        kind = self.annotation
        if isinstance(kind, type) and issubclass(kind, Enum):
            return [str(member.value) for member in kind]
        return None

    @property
    def wire_names(self) -> set[str]:
        kind = self.annotation
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            return {_wire_name(name, f) for name, f in kind.model_fields.items()}
        return set()

    def dropped(
        self, deviation: Deviation, location: _Location, raw: Any
    ) -> Repair | None:
        """The property left out, if it may be absent."""
        if self.required or not isinstance(location[-1], str):
            return None
        return Repair(deviation, location, raw)


def _slot(model: type[BaseModel], location: _Location) -> _Slot | None:
    annotation: Any = model
    required = True
    for part in location:
        kind = _unwrapped(annotation)
        if isinstance(part, int):
            if get_origin(kind) is not list:
                return None
            annotation, required = get_args(kind)[0], True
        else:
            if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
                return None
            field = _field_of(kind, part)
            if field is None:
                return None
            annotation, required = field.annotation, field.is_required()
    return _Slot(_unwrapped(annotation), required)


def _unwrapped(annotation: Any) -> Any:
    """The type under `Annotated[...]` and `... | None`."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin is Union or origin is UnionType:
            others = [a for a in get_args(annotation) if a is not type(None)]
            if len(others) != 1:
                return annotation
            annotation = others[0]
        else:
            return annotation


def _field_of(model: type[BaseModel], wire_name: str) -> FieldInfo | None:
    for name, field in model.model_fields.items():
        if _wire_name(name, field) == wire_name:
            return field
    return None


def _wire_name(name: str, field: FieldInfo) -> str:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else (field.alias or name)


def _container(payload: Any, location: _Location) -> Any:
    """The value at a location of the payload, or None when the payload has none there."""
    current = payload
    for part in location:
        if isinstance(current, dict) and isinstance(part, str):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int):
            current = current[part] if 0 <= part < len(current) else None
        else:
            return None
    return current
