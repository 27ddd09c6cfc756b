"""The round trip: a valid text read by the model and written back must mean the same JSON.

Numbers compare as numbers (booleans are none), date-times as instants at the microsecond
(Python's resolution); what `to_wire()` writes must be accepted by the reference too.
"""

from __future__ import annotations

import math
import re
from datetime import date
from fractions import Fraction
from typing import Any

from jsonschema.protocols import Validator

from ..errors import pointer_join
from .json_text import parse_json, shorten
from .schema_view import SchemaView
from .verdicts import reference_verdict


def round_trip(model: Any, reference: Validator, view: SchemaView, text: str) -> str | None:
    """What is wrong with reading a valid text and writing it back, or None."""
    sent = parse_json(text)
    try:
        instance = model.from_wire(text)
        written = instance.to_wire()
        written_dict = instance.to_wire_dict()
    except Exception as error:  # a model that cannot write back what it read is broken
        return f"writing back raised {error!r}"
    try:
        back = parse_json(written)
    except ValueError as error:
        return f"to_wire() is not JSON ({error}): {shorten(written)}"
    difference = json_difference(view, view.root, sent, back, "")
    if difference is not None:
        return f"to_wire() differs at {difference}: {shorten(written)}"
    if written_dict != back:
        return f"to_wire_dict() differs from to_wire(): {shorten(written)}"
    verdict = reference_verdict(reference, written)
    if not verdict.accepted:
        return f"jsonschema rejects to_wire() ({verdict.reason}): {shorten(written)}"
    return None


def json_difference(view: SchemaView, node: Any, sent: Any, back: Any, pointer: str) -> str | None:
    """The pointer and nature of the first difference between two JSON values, or None."""
    schema = view.resolve(node) if node is not None else {}
    if isinstance(sent, dict) and isinstance(back, dict):
        if sent.keys() != back.keys():
            return f"{pointer or '/'}: properties {sorted(sent)} became {sorted(back)}"
        properties = schema.get("properties") or {}
        for key in sent:
            found = json_difference(view, properties.get(key), sent[key], back[key], pointer_join(pointer, key))
            if found:
                return found
        return None
    if isinstance(sent, list) and isinstance(back, list):
        if len(sent) != len(back):
            return f"{pointer or '/'}: {len(sent)} items became {len(back)}"
        items = schema.get("items") if isinstance(schema.get("items"), dict) else None
        for index, (one, other) in enumerate(zip(sent, back)):
            found = json_difference(view, items, one, other, pointer_join(pointer, index))
            if found:
                return found
        return None
    if schema.get("format") == "date-time" and isinstance(sent, str) and isinstance(back, str):
        return None if same_instant(sent, back) else f"{pointer or '/'}: {sent!r} became {back!r}, another instant"
    if _json_type(sent) != _json_type(back) or sent != back:
        return f"{pointer or '/'}: {sent!r} became {back!r}"
    return None


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    return type(value).__name__


_RFC3339 = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:[Zz]|([+-])(\d{2}):(\d{2}))\n?", re.ASCII
)


def instant(text: str) -> tuple[int, Fraction]:
    """An RFC 3339 date-time as (whole seconds since 0001-01-01 UTC, fraction of a second)."""
    match = _RFC3339.fullmatch(text)
    if match is None:
        raise ValueError(f"not an RFC 3339 date-time: {text!r}")
    year, month, day, hour, minute, second = (int(g) for g in match.groups()[:6])
    fraction, sign, offset_hours, offset_minutes = match.groups()[6:]
    offset = (int(offset_hours) * 60 + int(offset_minutes)) * 60 * (-1 if sign == "-" else 1) if sign else 0
    seconds = (date(year, month, day).toordinal() * 86400) + hour * 3600 + minute * 60 + second - offset
    return seconds, Fraction(int(fraction), 10 ** len(fraction)) if fraction else Fraction(0)


def same_instant(sent: str, back: str) -> bool:
    """`back` is the instant `sent` names, truncated to the microsecond (Python's resolution)."""
    try:
        seconds, fraction = instant(sent)
        back_seconds, back_fraction = instant(back)
    except ValueError:
        return False
    return (seconds, Fraction(math.floor(fraction * 10**6), 10**6)) == (back_seconds, back_fraction)
