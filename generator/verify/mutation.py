"""Mutations: texts near a valid payload, each a small change at one place.

Each property dropped, an unknown property, each JSON type at each place (null included, also
where a property was absent), strings at and over their maxLength, unknown enum values, malformed
and unusual date-times and URIs, numbers around their `multipleOf` and bounds, empty arrays,
repeated keys, NaN.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import pointer_join
from ..naming import snake_case
from .json_text import dumps
from .oracle import exact_number
from .schema_view import MISSING, Place, SchemaView, places


@dataclass(frozen=True)
class Mutation:
    kind: str
    pointer: str
    text: str


# Every JSON type once: null, a boolean, integers, non-integral and integral fractions, a
# string that looks like a number, an array, an object.
TYPE_PROBES: tuple[Any, ...] = (None, True, 0, 1, 1.0, 0.5, "1", [], {})
NUMBER_FORMS: tuple[Any, ...] = (
    -1,
    2**64,
    1e20,
    -0.0,
    100.0,
    1.5,
    0.1,
    0.3,
    0.7,
    13.8,
    16.05,
    0.30000000000000004,
    2.9999999999999996,
    1e-7,
)
DATE_TIMES: tuple[str, ...] = (
    "2026-11-25T08:00:00",  # naive
    "2026-11-25T08:00:00.123",  # naive with a fraction
    "2026-11-25 08:00:00Z",
    "2026-11-25t08:00:00z",
    "2026-11-25T08:00:00.1234567891Z",
    "2026-11-25T08:00:00+0100",
    "2026-11-25T08:00:00+01",
    "2026-11-25T08:00Z",
    "2026-11-25T08:00:00,5Z",
    "2026-11-25T08:00:00.Z",
    "2026-11-25T08:00:00Z\n",
    "2026-11-25T08:00:00Z ",
    " 2026-11-25T08:00:00Z",
    "2026-11-25T24:00:00Z",
    "2026-11-25T23:59:60Z",
    "2026-02-29T08:00:00Z",
    "2024-02-29T08:00:00Z",
    "2026-04-31T08:00:00Z",
    "2026-12-31T23:59:59.999999-23:59",
    "2026-11-25T08:00:00+24:00",
    "2026-11-25T08:00:00-00:00",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "9999-12-31T23:59:59-23:59",
    "20261125T080000Z",
    "2026-11-25",
    "08:00:00Z",
    "1764057600",
    "2026-11-25T08:00:00\u0662Z",
    "",
)
URIS: tuple[str, ...] = (
    "ftp://diag.example.com/uploads/",
    "https://user:p%40ss@firmware.example.com:8443/v1.2/fw.bin?sig=abc#part",
    "http://[2001:db8::1]:8080/log",
    "http://[v1.fe80::a+en1]/",
    "http://192.168.0.256/",
    "urn:oid:1.3.6.1",
    "mailto:ops@example.com",
    "file:///var/log/charger.tar.gz",
    "a:",
    "HTTP://EXAMPLE.COM/%7Euser",
    "http://example.com/a b",
    "http://example.com/%zz",
    "http://[::1/",
    "http://exa<mple.com/",
    "https://bücher.example/",
    "/relative/path",
    "example.com/firmware.bin",
    "1http://example.com/",
    "://example.com",
    "http://example.com/\n",
    "http://example.com/\t",
    "",
)


def mutations(view: SchemaView, value: Any) -> Iterator[Mutation]:
    """Texts near a valid payload: each a small change at one place."""
    for place in places(view, view.root, value):
        for kind, replacement in _replacements(place):
            yield Mutation(kind, place.pointer, dumps(_replaced(value, place.path, replacement)))
    yield from _text_mutations(value)


def _replacements(place: Place) -> Iterator[tuple[str, Any]]:
    schema, current = place.schema, place.value
    for probe in TYPE_PROBES:
        yield f"value {dumps(probe)}", probe
    if place.path and place.present:
        yield "drop", MISSING
    if not place.present:
        return
    if isinstance(current, dict):
        yield "unknown property", {**current, "unknownProperty": "x"}
        for name in schema.get("properties") or {}:
            if snake_case(name) != name:
                yield f"snake_case name {snake_case(name)!r}", {**current, snake_case(name): current.get(name, 1)}
    if isinstance(current, list):
        yield "empty array", []
        if current:
            yield "one item more", [*current, current[-1]]
            yield "one item less", current[:-1]
    if isinstance(current, str):
        yield from _string_replacements(schema, current)
    if isinstance(current, (int, float)) and not isinstance(current, bool):
        yield from _number_replacements(schema, current)


def _string_replacements(schema: dict[str, Any], current: str) -> Iterator[tuple[str, Any]]:
    if "enum" in schema:
        for unknown in (current + "X", current.lower(), current.upper(), f" {current}", ""):
            yield f"enum value {unknown!r}", unknown
    if isinstance(schema.get("maxLength"), int):
        limit = schema["maxLength"]
        yield "at maxLength", (current + "x" * limit)[:limit]
        yield "one over maxLength", (current + "x" * (limit + 1))[: limit + 1]
        yield "at maxLength in astral characters", "\U0001f50c" * limit
        yield "one over maxLength in astral characters", "\U0001f50c" * (limit + 1)
    if isinstance(schema.get("minLength"), int) and schema["minLength"] > 0:
        yield "one under minLength", current[: schema["minLength"] - 1]
    if schema.get("format") == "date-time":
        for form in DATE_TIMES:
            yield f"date-time {form!r}", form
    if schema.get("format") == "uri":
        for form in URIS:
            yield f"uri {form!r}", form


def _number_replacements(schema: dict[str, Any], current: int | float) -> Iterator[tuple[str, Any]]:
    for form in (*NUMBER_FORMS, math.nan, math.inf, -math.inf):
        yield f"number {dumps(form)}", form
    step = schema.get("multipleOf")
    if isinstance(step, (int, float)) and math.isfinite(current):
        below = exact_number(current) - exact_number(current) % exact_number(step)
        for name, number in (
            ("next multiple", below + exact_number(step)),
            ("off multipleOf", below + exact_number(step) / 2),
        ):
            yield name, int(number) if schema.get("type") == "integer" and number.denominator == 1 else float(number)
    for keyword in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        bound = schema.get(keyword)
        if isinstance(bound, (int, float)) and not isinstance(bound, bool):
            for delta in (-1, 0, 1):
                yield f"{keyword} {delta:+}", bound + delta


def _replaced(value: Any, path: tuple[str | int, ...], replacement: Any) -> Any:
    """A copy of the value with the place at `path` replaced (or removed, for `MISSING`)."""
    if not path:
        return replacement
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        result = dict(value)
        assert isinstance(head, str)
        if rest:
            result[head] = _replaced(value[head], rest, replacement)
        elif replacement is MISSING:
            result.pop(head, None)
        else:
            result[head] = replacement
        return result
    items = list(value)
    assert isinstance(head, int)
    if rest:
        items[head] = _replaced(items[head], rest, replacement)
    elif replacement is MISSING:
        del items[head]
    else:
        items[head] = replacement
    return items


def _text_mutations(value: Any) -> Iterator[Mutation]:
    """Repeated keys, which only JSON text can hold: the last one counts, for both readers."""
    if not isinstance(value, dict):
        return
    members = list(value.items())
    for index, (name, member) in enumerate(members):
        pointer = pointer_join("", name)
        first_wrong = [*members[:index], (name, None), *members[index:]]
        last_wrong = [*members[: index + 1], (name, None), *members[index + 1 :]]
        yield Mutation("repeated key, last valid", pointer, _object_text(first_wrong))
        yield Mutation("repeated key, last null", pointer, _object_text(last_wrong))


def _object_text(members: list[tuple[str, Any]]) -> str:
    return "{" + ", ".join(f"{dumps(name)}: {dumps(member)}" for name, member in members) + "}"
