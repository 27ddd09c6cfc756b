"""Stage 5, verify: check the generated package against the schemas it was generated from.

For every request and response model, with jsonschema (the validator class of the schema's
draft, format checking on) as the reference:

- round trip: every text the reference accepts is accepted by the model from JSON text, and
  `to_wire()` gives back a JSON value equal to it (numbers compared as numbers, date-times as
  instants at the microsecond) that the reference accepts too;
- same verdict: every text, valid or not, is rejected by the model exactly when the reference
  rejects it;
- same code: every rejected payload gets from the dispatcher the CALLERROR code the reference's
  error implies (`verify_codes`).

The texts are schema samples (hypothesis-jsonschema with a fixed seed), the corpus of
realistic messages, and mutations of every valid one: each property dropped, an unknown
property, each JSON type at each place (null included, also where a property was absent),
strings at and over their maxLength, unknown enum values, malformed and unusual date-times
and URIs, numbers around their `multipleOf`, empty arrays, duplicate keys, NaN.

One deliberate refinement of the reference: `multipleOf` is decided on the decimal value of
the number (as the `ocpp` library does by parsing with Decimal), because jsonschema's float
division rejects 0.3 as a multiple of 0.1. The models decide it the same way.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import re
import sys
import time
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

import pydantic
from jsonschema import ValidationError as SchemaValidationError
from jsonschema import validators
from jsonschema.protocols import Validator

from .errors import GenerationError, pointer_join
from .ir import Message, Protocol
from .load import SchemaSet
from .naming import snake_case
from .verify_codes import CodeCheck

DEFAULT_EXAMPLES = 10
DEFAULT_SEED = 0
FAILURES_SHOWN = 5  # a message's first failures; one cause often fails many texts
ERROR_CODES = frozenset(
    {
        "NotImplemented",
        "NotSupported",
        "InternalError",
        "ProtocolError",
        "SecurityError",
        "FormationViolation",
        "PropertyConstraintViolation",
        "OccurenceConstraintViolation",
        "TypeConstraintViolation",
        "GenericError",
    }
)
Mode = Literal["json", "python"]


# --- verdicts: the reusable core ------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """Accepted, or rejected with the first reason (a JSON pointer and a message)."""

    accepted: bool
    reason: str = ""

    def __str__(self) -> str:
        return "accepted" if self.accepted else f"rejected ({self.reason})"


def reference_validator(schema: dict[str, Any]) -> Validator:
    """jsonschema's validator for the schema's draft, format checking on, `multipleOf` exact."""
    draft = validators.validator_for(schema, default=validators.Draft4Validator)
    reference = validators.extend(draft, {"multipleOf": _decimal_multiple_of})
    return reference(schema, format_checker=draft.FORMAT_CHECKER)


def _decimal_multiple_of(
    validator: Validator, step: Any, instance: Any, schema: dict[str, Any]
) -> Iterator[SchemaValidationError]:
    """`multipleOf` on the decimal values JSON text states (0.3 is a multiple of 0.1).

    jsonschema divides floats, and 0.3 / 0.1 is 2.9999999999999996 there; the JSON Schema
    specification speaks of numbers, not of their binary approximations.
    """
    if not validator.is_type(instance, "number"):
        return
    if not math.isfinite(instance) or (exact_number(instance) / exact_number(step)).denominator != 1:
        yield SchemaValidationError(f"{instance!r} is not a multiple of {step}")


def exact_number(number: int | float) -> Fraction:
    """The decimal value of a JSON number: a float's shortest repr is the text it was read from."""
    return Fraction(number) if isinstance(number, int) else Fraction(repr(number))


def parse_json(text: str | bytes) -> Any:
    """JSON as RFC 8259 defines it: Python's reader without its NaN and Infinity extensions."""
    return json.loads(text, parse_constant=_not_json)


def _not_json(literal: str) -> Any:
    raise ValueError(f"{literal} is not JSON")


def reference_verdict(validator: Validator, text: str | bytes) -> Verdict:
    """What the reference says of a payload as JSON text."""
    try:
        value = parse_json(text)
    except ValueError as not_json:
        return Verdict(False, f"not JSON: {not_json}")
    error = next(validator.iter_errors(value), None)
    if error is None:
        return Verdict(True)
    return Verdict(False, f"{pointer_join('', *error.absolute_path) or '/'}: {error.message}")


def model_verdict(model: Any, text: str | bytes, mode: Mode = "json") -> Verdict:
    """What a generated model says of a payload as JSON text.

    "json" validates the text itself (`from_wire`); "python" validates what `json.loads`
    makes of it (`model_validate(..., by_alias=True, by_name=False)`).
    """
    try:
        if mode == "json":
            model.from_wire(text)
        else:
            model.model_validate(parse_json(text), by_alias=True, by_name=False)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = pointer_join("", *first["loc"]) or "/"
        return Verdict(False, f"{where}: {first['msg']} [{first['type']}]")
    except ValueError as error:
        return Verdict(False, f"not JSON: {error}")
    return Verdict(True)


# --- the report -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sample:
    """One payload text and where it came from; `pointer` is the place a mutation changed."""

    text: str
    origin: str
    pointer: str = ""


@dataclass(frozen=True)
class Failure:
    message: str
    check: str
    sample: Sample
    reference: Verdict
    model: Verdict
    problem: str

    def __str__(self) -> str:
        return "\n".join(
            [
                f"{self.message}: {self.check}: {self.problem}",
                f"  pointer:    {self.sample.pointer or '/'}",
                f"  sample:     {_shorten(self.sample.text)}  ({self.sample.origin})",
                f"  jsonschema: {self.reference}",
                f"  model:      {self.model}",
            ]
        )


def _shorten(text: str, limit: int = 600) -> str:
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"


@dataclass
class MessageReport:
    message: str
    samples: int = 0
    corpus: int = 0
    checked: int = 0
    round_trips: int = 0
    failures: list[Failure] = field(default_factory=list)

    def line(self) -> str:
        verdict = "ok" if not self.failures else f"{len(self.failures)} FAILURE(S)"
        return (
            f"  {self.message:44} {self.samples:4} samples {self.corpus:3} corpus "
            f"{self.checked:6} texts {self.round_trips:5} round trips  {verdict}"
        )


@dataclass(frozen=True)
class Report:
    messages: tuple[MessageReport, ...]
    skipped_corpus: tuple[str, ...]
    seconds: float

    @property
    def failures(self) -> list[Failure]:
        return [f for m in self.messages for f in m.failures]

    @property
    def ok(self) -> bool:
        return not self.failures

    def summary(self) -> str:
        totals = (
            f"{len(self.messages)} messages, {sum(m.samples for m in self.messages)} samples, "
            f"{sum(m.corpus for m in self.messages)} corpus messages, {sum(m.checked for m in self.messages)} texts "
            f"checked, {sum(m.round_trips for m in self.messages)} round trips, {len(self.failures)} failure(s) "
            f"in {self.seconds:.1f} s"
        )
        lines = [m.line() for m in self.messages]
        lines += [f"  corpus file skipped, its action is not in the schema set: {name}" for name in self.skipped_corpus]
        for message in self.messages:
            lines += [str(f) for f in message.failures[:FAILURES_SHOWN]]
            if len(message.failures) > FAILURES_SHOWN:
                lines.append(f"{message.message}: ... and {len(message.failures) - FAILURES_SHOWN} more failure(s)")
        return "\n".join([*lines, totals])


# --- the stage ------------------------------------------------------------------------------


def verify_package(
    schema_set: SchemaSet,
    protocol: Protocol,
    package_directory: Path,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = DEFAULT_SEED,
    corpus_directory: Path | None = None,
) -> Report:
    """Check every request and response model of the package against its schema."""
    started = time.perf_counter()
    corpus = load_corpus(corpus_directory) if corpus_directory is not None else []
    by_message: dict[tuple[str, str], str] = {(m.action, m.direction): m.name for m in protocol.messages}
    skipped = tuple(sorted(e.name for e in corpus if e.frame is None and (e.action, e.direction) not in by_message))
    with imported_package(package_directory) as package:
        codes = CodeCheck.of(package, protocol.rpc)
        reports = []
        for message in protocol.messages:
            document = schema_set.document(message.file)
            if document is None:
                raise GenerationError.single(
                    message.file, "", "schema file of a message is missing from the schema set"
                )
            entries = [e for e in corpus if e.frame is None and by_message.get((e.action, e.direction)) == message.name]
            reports.append(
                _verify_message(
                    message, document.content, getattr(package, message.name, None), entries, examples, seed, codes
                )
            )
    return Report(tuple(reports), skipped, time.perf_counter() - started)


def _verify_message(
    message: Message,
    schema: dict[str, Any],
    model: Any,
    corpus: list[CorpusEntry],
    examples: int,
    seed: int,
    codes: CodeCheck | None = None,
) -> MessageReport:
    report = MessageReport(message.name)
    if model is None:
        missing = Sample("", "the generated package")
        report.failures.append(
            Failure(message.name, "model", missing, Verdict(True), Verdict(False), "no model of this name")
        )
        return report
    checker = _Checker(message.name, model, reference_validator(schema), SchemaView(schema, message.file), report, codes)
    valid: list[tuple[Any, str]] = []
    for number, value in enumerate(schema_samples(schema, examples, seed), 1):
        report.samples += 1
        if checker.check(Sample(_dumps(value), f"hypothesis sample {number}")):
            valid.append((value, f"hypothesis sample {number}"))
    for entry in corpus:
        report.corpus += 1
        sample = Sample(_dumps(entry.payload), f"corpus {entry.name}")
        if entry.valid:
            if checker.check(sample, expect_valid=True):
                valid.append((entry.payload, f"corpus {entry.name}"))
        else:
            checker.check(sample, expect_invalid=True)
    for value, origin in valid:
        for mutation in mutations(checker.view, value):
            checker.check(Sample(mutation.text, f"{mutation.kind} of {origin}", mutation.pointer))
    return report


@dataclass
class _Checker:
    """Runs both checks on a text and records failures in the message's report."""

    message: str
    model: Any
    reference: Validator
    view: SchemaView
    report: MessageReport
    codes: CodeCheck | None = None
    seen: dict[str, bool] = field(default_factory=dict)

    def check(self, sample: Sample, expect_valid: bool = False, expect_invalid: bool = False) -> bool:
        """Same verdict (and the round trip when valid); True when the reference accepts."""
        if sample.text in self.seen and not (expect_valid or expect_invalid):
            return self.seen[sample.text]
        self.report.checked += 1
        reference = reference_verdict(self.reference, sample.text)
        try:
            model = model_verdict(self.model, sample.text)
        except Exception as error:  # a model that raises anything but a ValidationError is broken
            self._fail("same verdict", sample, reference, Verdict(False, f"raised {error!r}"), "the model raised")
            return reference.accepted
        if reference.accepted != model.accepted:
            self._fail("same verdict", sample, reference, model, "the model and jsonschema disagree")
        elif expect_valid and not reference.accepted:
            self._fail("corpus", sample, reference, model, "a valid corpus message is rejected")
        elif expect_invalid and reference.accepted:
            self._fail("corpus", sample, reference, model, "an invalid corpus message is accepted")
        if not reference.accepted and not model.accepted and self.codes is not None:
            mismatch = self.codes.mismatch(self.model, self.reference, sample.text)
            if mismatch is not None:
                self._fail("same code", sample, reference, model, str(mismatch))
        if reference.accepted and model.accepted:
            self.report.round_trips += 1
            problem = round_trip(self.model, self.reference, self.view, sample.text)
            if problem is not None:
                self._fail("round trip", sample, reference, model, problem)
        self.seen[sample.text] = reference.accepted
        return reference.accepted

    def _fail(self, check: str, sample: Sample, reference: Verdict, model: Verdict, problem: str) -> None:
        self.report.failures.append(Failure(self.message, check, sample, reference, model, problem))


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
        return f"to_wire() is not JSON ({error}): {_shorten(written)}"
    difference = json_difference(view, view.root, sent, back, "")
    if difference is not None:
        return f"to_wire() differs at {difference}: {_shorten(written)}"
    if written_dict != back:
        return f"to_wire_dict() differs from to_wire(): {_shorten(written)}"
    verdict = reference_verdict(reference, written)
    if not verdict.accepted:
        return f"jsonschema rejects to_wire() ({verdict.reason}): {_shorten(written)}"
    return None


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


# --- importing the generated package ----------------------------------------------------------


@contextmanager
def imported_package(directory: Path) -> Iterator[ModuleType]:
    """The package in a directory, imported under a private name (from its content's digest)
    for the duration of a `with`, so that any output directory can be verified."""
    directory = directory.resolve()
    init = directory / "__init__.py"
    if not init.is_file():
        raise GenerationError.single(directory, "", "no generated package here (no __init__.py): run generate first")
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    name = f"_ocpp_codegen_verified_{digest.hexdigest()[:16]}"
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(directory)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            raise GenerationError.single(init, "", f"the generated package does not import: {error!r}") from error
        yield module
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


# --- walking a schema alongside a value --------------------------------------------------------


class SchemaView:
    """One schema document: resolves its local `$ref`s."""

    def __init__(self, root: dict[str, Any], source: str = "schema") -> None:
        self.root = root
        self.source = source

    def resolve(self, node: Any) -> dict[str, Any]:
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            reference = node["$ref"]
            if not isinstance(reference, str) or not reference.startswith("#") or reference in seen:
                raise GenerationError.single(
                    self.source, "", f"cannot follow $ref {reference!r}: verify follows local references only"
                )
            seen.add(reference)
            node = self.root
            for part in reference[1:].split("/")[1:]:
                node = node[part.replace("~1", "/").replace("~0", "~")]
        return node if isinstance(node, dict) else {}


_MISSING = object()


@dataclass(frozen=True)
class Place:
    """A place in a payload: its pointer, its schema, and its value (`_MISSING` if absent)."""

    pointer: str
    schema: dict[str, Any]
    value: Any
    path: tuple[str | int, ...]

    @property
    def present(self) -> bool:
        return self.value is not _MISSING


def places(view: SchemaView, node: Any, value: Any, path: tuple[str | int, ...] = ()) -> Iterator[Place]:
    """Every place the schema describes, present or absent, depth first.

    Of an array's items only the first: the others are the same place of the schema again.
    """
    schema = view.resolve(node)
    yield Place(pointer_join("", *path), schema, value, path)
    if value is _MISSING:
        return
    if isinstance(value, dict):
        for name, child in (schema.get("properties") or {}).items():
            yield from places(view, child, value.get(name, _MISSING), (*path, name))
    elif isinstance(value, list) and value and isinstance(schema.get("items"), dict):
        yield from places(view, schema["items"], value[0], (*path, 0))


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


# --- schema samples ------------------------------------------------------------------------


def schema_samples(schema: dict[str, Any], count: int, seed: int) -> list[Any]:
    """Up to `count` values hypothesis-jsonschema draws from the schema, the same for the same seed.

    Not all of them are valid for the reference: it draws year 0000, for one. Those are checked
    for the same verdict like any other text.
    """
    if count <= 0:
        return []
    # Imported on use: hypothesis-jsonschema builds strategies (and caches Unicode data on
    # disk) when imported, which `generate` and `check` have no need of.
    import hypothesis
    from hypothesis import HealthCheck, Phase, Verbosity
    from hypothesis_jsonschema import from_schema

    from .sampling import source_independent_draws

    sampled = _with_short_arrays({k: v for k, v in schema.items() if k not in ("$id", "id")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overriding the "uri" format is intended
        strategy = from_schema(sampled, custom_formats=_custom_formats())
    found: list[Any] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @hypothesis.given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    try:
        with source_independent_draws():
            collect()
    except hypothesis.errors.Unsatisfiable:
        pass
    return found


SAMPLE_MAX_ITEMS = 3


def _with_short_arrays(node: Any) -> Any:
    """A copy of the schema whose arrays hold at most SAMPLE_MAX_ITEMS items (or their minItems).

    Every sample is still valid for the real schema; longer arrays check nothing new and make
    every one of the many texts near a sample slower to validate.
    """
    if isinstance(node, list):
        return [_with_short_arrays(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: _with_short_arrays(value) for key, value in node.items()}
    if copied.get("type") == "array":
        longest = max(copied.get("minItems", 0), SAMPLE_MAX_ITEMS)
        copied["maxItems"] = min(copied.get("maxItems", longest), longest)
    return copied


def _custom_formats() -> dict[str, Any]:
    """URIs drawn from the reference's own grammar (rfc3987), not only https://<domain>."""
    from hypothesis import strategies

    try:
        import rfc3987
    except ImportError:
        return {}
    return {"uri": strategies.from_regex(rfc3987.get_compiled_pattern("%(URI)s").pattern, fullmatch=True)}


# --- mutations -----------------------------------------------------------------------------


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
            yield Mutation(kind, place.pointer, _dumps(_replaced(value, place.path, replacement)))
    yield from _text_mutations(value)


def _replacements(place: Place) -> Iterator[tuple[str, Any]]:
    schema, current = place.schema, place.value
    for probe in TYPE_PROBES:
        yield f"value {_dumps(probe)}", probe
    if place.path and place.present:
        yield "drop", _MISSING
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
        yield f"number {_dumps(form)}", form
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
    """A copy of the value with the place at `path` replaced (or removed, for `_MISSING`)."""
    if not path:
        return replacement
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        result = dict(value)
        assert isinstance(head, str)
        if rest:
            result[head] = _replaced(value[head], rest, replacement)
        elif replacement is _MISSING:
            result.pop(head, None)
        else:
            result[head] = replacement
        return result
    items = list(value)
    assert isinstance(head, int)
    if rest:
        items[head] = _replaced(items[head], rest, replacement)
    elif replacement is _MISSING:
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
    return "{" + ", ".join(f"{_dumps(name)}: {_dumps(member)}" for name, member in members) + "}"


# --- the corpus ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CorpusEntry:
    """One corpus file: a message as a charger or back end sends it, valid or not."""

    name: str
    description: str
    action: str
    direction: str
    payload: Any
    frame: str | None
    expected_error: str | None

    @property
    def valid(self) -> bool:
        return self.expected_error is None


def load_corpus(directory: Path) -> list[CorpusEntry]:
    """Every `valid/*.json` and `invalid/*.json` below the directory, checked for form."""
    entries = []
    for kind in ("valid", "invalid"):
        for path in sorted((directory / kind).glob("*.json")):
            entries.append(_corpus_entry(path, f"{kind}/{path.name}", kind == "valid"))
    if not entries:
        raise GenerationError.single(directory, "", "no corpus files (valid/*.json, invalid/*.json)")
    return entries


def _corpus_entry(path: Path, name: str, valid: bool) -> CorpusEntry:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise GenerationError.single(path, "", f"not a JSON corpus file: {error}") from None
    allowed = {"description", "action", "direction", "payload"} | (set() if valid else {"expected_error", "frame"})
    problems: list[tuple[str, str]] = []
    if not isinstance(content, dict):
        raise GenerationError.single(path, "", "a corpus file holds a JSON object")
    problems += [(f"/{key}", "unknown key") for key in content if key not in allowed]
    require: list[tuple[str, type]] = [("description", str)]
    if "frame" in content:
        require.append(("frame", str))
        problems += [("/payload", "a frame entry has no payload")] if "payload" in content else []
    else:
        require += [("action", str)]
        problems += [] if "payload" in content else [("/payload", "missing")]
        if content.get("direction") not in ("request", "response"):
            problems.append(("/direction", 'must be "request" or "response"'))
    if not valid:
        require.append(("expected_error", str))
        if content.get("expected_error") not in ERROR_CODES:
            problems.append(("/expected_error", f"must be one of {', '.join(sorted(ERROR_CODES))}"))
    problems += [
        (f"/{key}", f"missing or not a {kind.__name__}")
        for key, kind in require
        if not isinstance(content.get(key), kind)
    ]
    if problems:
        raise GenerationError([GenerationError.single(path, p, m).problems[0] for p, m in problems])
    return CorpusEntry(
        name=name,
        description=content["description"],
        action=content.get("action", ""),
        direction=content.get("direction", ""),
        payload=content.get("payload"),
        frame=content.get("frame"),
        expected_error=content.get("expected_error"),
    )
