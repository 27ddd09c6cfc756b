"""Tolerant reading accepts exactly the strict set plus the named deviations that are on.

Verify's texts for every message of the committed package (schema samples, the valid corpus,
and every mutation near them), with jsonschema as the reference:

- a text the reference accepts is accepted by the strict model: tolerance is never asked;
- a text the reference rejects and the tolerance reads (every deviation on) becomes a model the
  reference accepts, every deviation reported is one that the mutation is an instance of, and
  each of them is needed (with it off, the text is refused);
- a mutation that is one deviation is read with that deviation alone on, where the model can
  hold it (a deviation that leaves a field out only where the field is optional);
- a mutation that is no deviation (a property dropped or added, a number out of range, a URI
  that is not one, an array too long...) is refused with every deviation on.
"""

from __future__ import annotations

import ast
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from jsonschema.protocols import Validator
from ocpp16 import table
from ocpp16.tolerance import Deviation, Tolerance, ToleratedDeviation
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.verify import SchemaView, mutations, reference_validator
from ocpp_codegen.verify.samples import schema_samples
from ocpp_codegen.verify.schema_view import Place, places
from pydantic import BaseModel, ValidationError

from .conftest import ERRATA, OFFICIAL_SCHEMAS

CORPUS = Path(__file__).resolve().parent / "corpus" / "valid"
EXAMPLES = 3  # schema samples per message, besides the corpus
ALL = set(Deviation)

NAIVE_FORMS = {"2026-11-25T08:00:00", "2026-11-25T08:00:00.123"}
OFFSET_FORMS = {"2026-11-25T08:00:00+0100", "2026-11-25T08:00:00+01"}
NUMBER_PROBES = {"value 0", "value 1", "value 1.0", "value 0.5"}
# A number read as its text may then be read as any string is.
AFTER_A_NUMBER = {Deviation.enum_unknown, Deviation.date_time_invalid, Deviation.string_too_long}
# Deviations read by leaving the field out: readable only where the field is optional.
LEAVING_OUT = {
    Deviation.null_for_field,
    Deviation.enum_empty,
    Deviation.enum_unknown,
    Deviation.date_time_invalid,
    Deviation.empty_array,
}


@dataclass(frozen=True)
class Case:
    action: str
    model: type[BaseModel]
    reference: Validator
    kind: str
    text: str
    optional: bool  # the mutated place is a property its object may leave out
    enum: tuple[str, ...]  # the members of an enum at the mutated place
    item: bool = False  # the mutated place is an array's item
    array: bool = False  # the mutated place is an array
    wrapped: bool = False  # the text with the mutated value put in an array is valid


def deviations_of(case: Case) -> set[Deviation]:
    """The deviations a mutation is an instance of, by the way verify made it."""
    kind = case.kind
    if kind in ("value null", "repeated key, last null"):
        return {Deviation.null_for_field}
    if kind in NUMBER_PROBES:
        return {Deviation.number_for_string} | AFTER_A_NUMBER
    if kind == 'value "1"':  # a string where an enum member or a date-time is required
        return {Deviation.enum_unknown, Deviation.date_time_invalid}
    if kind == "value {}":
        return {Deviation.object_for_array} if case.array else set()
    if (kind == "value []" and case.array) or (kind == "drop" and case.item):  # no item, or the one gone
        return {Deviation.empty_array}
    if kind.startswith("one over maxLength"):
        return {Deviation.string_too_long}
    if kind in ("empty array", "one item less"):
        return {Deviation.empty_array}
    if kind.startswith("enum value "):
        value = ast.literal_eval(kind.removeprefix("enum value "))
        if value == "":
            return {Deviation.enum_empty}
        if sum(member.casefold() == value.casefold() for member in case.enum) == 1:
            return {Deviation.enum_wrong_case}
        return {Deviation.enum_unknown}
    if kind.startswith("date-time "):
        form = ast.literal_eval(kind.removeprefix("date-time "))
        if form in NAIVE_FORMS:
            return {Deviation.date_time_without_offset}
        if form in OFFSET_FORMS:
            return {Deviation.date_time_offset_without_colon}
        return {Deviation.date_time_invalid}
    return set()


def _valid_bases(action: str, direction: str, schema: dict[str, Any]) -> list[Any]:
    bases = schema_samples(schema, EXAMPLES, 0)
    for path in sorted(CORPUS.glob("*.json")):
        entry = json.loads(path.read_text(encoding="utf-8"))
        if entry["action"] == action and entry["direction"] == direction:
            bases.append(entry["payload"])
    return bases


def _cases() -> Iterator[Case]:
    documents = {d.file_name: d.content for d in load_schema_set([OFFICIAL_SCHEMAS], ERRATA).documents}
    for entry in table.ACTIONS.values():
        for direction, model, source in (
            ("request", entry.request, entry.request_schema),
            ("response", entry.response, entry.response_schema),
        ):
            schema = documents[source.file]
            view, reference = SchemaView(schema, source.file), reference_validator(schema)
            for base in _valid_bases(entry.name, direction, schema):
                if not reference.is_valid(base):
                    continue
                yield Case(entry.name, model, reference, "valid", json.dumps(base), False, ())
                where = {place.pointer: place for place in places(view, view.root, base)}
                for mutation in mutations(view, base):
                    place = where.get(mutation.pointer)
                    item = place is not None and bool(place.path) and isinstance(place.path[-1], int)
                    # An array's only item dropped leaves the array empty: the array's place counts.
                    pointer = (
                        mutation.pointer.rsplit("/", 1)[0] if item and mutation.kind == "drop" else mutation.pointer
                    )
                    optional = _optional(where, pointer)
                    enum = tuple(place.schema.get("enum", ())) if place is not None else ()
                    array = place is not None and place.schema.get("type") == "array"
                    wrapped = array and reference.is_valid(_wrapped(json.loads(mutation.text), place.path))
                    yield Case(
                        entry.name, model, reference, mutation.kind, mutation.text, optional, enum, item, array, wrapped
                    )


def _optional(where: dict[str, Place], pointer: str) -> bool:
    """Whether the place is a property its object may leave out."""
    place = where.get(pointer)
    parent = where.get(pointer.rsplit("/", 1)[0]) if pointer else None
    return bool(
        place is not None
        and parent is not None
        and isinstance(place.path[-1], str)
        and place.path[-1] not in parent.schema.get("required", ())
    )


def _wrapped(value: Any, path: tuple[str | int, ...]) -> Any:
    """The payload with the value at `path` put in an array of one."""
    if not path:
        return [value]
    head, rest = path[0], path[1:]
    if isinstance(value, dict) and head in value:
        return {**value, head: _wrapped(value[head], rest)}
    if isinstance(value, list) and isinstance(head, int) and 0 <= head < len(value):
        return [*value[:head], _wrapped(value[head], rest), *value[head + 1 :]]
    return value


@dataclass(frozen=True)
class Reading:
    """A text the reference rejects, and what the tolerance makes of it with every deviation on."""

    case: Case
    result: BaseModel | None
    reported: frozenset[Deviation]


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return list(_cases())


@pytest.fixture(scope="module")
def readings(cases: list[Case]) -> list[Reading]:
    rejected = [case for case in cases if not case.reference.is_valid(json.loads(case.text))]
    found = []
    for case in rejected:
        result, seen = _read(case, ALL)
        found.append(Reading(case, result, frozenset(event.deviation for event in seen)))
    return found


def _strict(case: Case) -> ValidationError | None:
    try:
        case.model.__pydantic_validator__.validate_json(case.text, by_alias=True, by_name=False)
    except ValidationError as error:
        return error
    return None


def _read(case: Case, deviations: set[Deviation]) -> tuple[BaseModel | None, list[ToleratedDeviation]]:
    error = _strict(case)
    assert error is not None
    seen: list[ToleratedDeviation] = []
    tolerance = Tolerance({case.action: deviations}, observer=seen.append)
    return tolerance.read(case.action, case.model, json.loads(case.text), error), seen


def _report(failures: list[str]) -> str:
    return f"{len(failures)} failure(s), the first: " + "\n".join(failures[:12])


def test_a_text_the_schema_accepts_never_needs_the_tolerance(cases: list[Case]) -> None:
    accepted = [case for case in cases if case.reference.is_valid(json.loads(case.text))]
    assert len(accepted) > 500
    failures = [f"{case.action} {case.kind}: {case.text}" for case in accepted if _strict(case) is not None]
    assert not failures, _report(failures)


def test_what_the_tolerance_reads_is_strict_and_only_the_deviations_of_the_mutation(
    readings: list[Reading],
) -> None:
    failures, read = [], 0
    for case, result, reported in ((r.case, r.result, r.reported) for r in readings):
        if result is None:
            continue
        read += 1
        if not case.reference.is_valid(result.model_dump(mode="json", by_alias=True, exclude_none=True)):
            failures.append(f"{case.action} {case.kind}: read as {result!r}, which the schema rejects")
        if not reported or not reported <= deviations_of(case):
            failures.append(f"{case.action} {case.kind}: reported {sorted(reported)}: {case.text}")
    assert read > 1000
    assert not failures, _report(failures)


def test_each_deviation_reported_is_needed(readings: list[Reading]) -> None:
    failures = []
    for reading in readings:
        for deviation in reading.reported:
            if _read(reading.case, ALL - {deviation})[0] is not None:
                case = reading.case
                failures.append(f"{case.action} {case.kind}: read without {deviation}: {case.text}")
    assert not failures, _report(failures)


def test_a_mutation_that_is_one_deviation_is_read_with_that_deviation_alone(readings: list[Reading]) -> None:
    failures, checked = [], 0
    for case in (reading.case for reading in readings):
        expected = deviations_of(case)
        if len(expected) != 1 or (expected <= LEAVING_OUT and not case.optional):
            continue
        if expected == {Deviation.object_for_array} and not case.wrapped:
            continue  # the one object is itself incomplete
        checked += 1
        if _read(case, expected)[0] is None:
            failures.append(f"{case.action} {case.kind} ({sorted(expected)}) refused: {case.text}")
    assert checked > 500
    assert not failures, _report(failures)


def test_a_deviation_the_model_cannot_hold_is_refused(readings: list[Reading]) -> None:
    failures, checked = [], 0
    for case, result in ((reading.case, reading.result) for reading in readings):
        expected = deviations_of(case)
        if not (expected and expected <= LEAVING_OUT and not case.optional):
            continue
        checked += 1
        if result is not None:
            failures.append(f"{case.action} {case.kind} at a required place read: {case.text}")
    assert checked > 100
    assert not failures, _report(failures)


def test_a_mutation_that_is_no_deviation_is_refused_with_every_deviation_on(readings: list[Reading]) -> None:
    failures, checked = [], 0
    for case, result in ((reading.case, reading.result) for reading in readings):
        if deviations_of(case):
            continue
        checked += 1
        if result is not None:
            failures.append(f"{case.action} {case.kind} read: {case.text}")
    assert checked > 1000
    assert not failures, _report(failures)
