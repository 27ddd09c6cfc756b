"""The scalar types every OCPP package shares: RFC 3339 date-times, URIs, integral numbers, steps.

Each type accepts on the wire exactly what the JSON Schema reference validator (`jsonschema`
with format checking) accepts, and the checks run inside pydantic-core where they can. The
protocol's own named scalars (`CiString<N>Type`, ...) are built on these in `primitives.py`.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Annotated, Any, TypeAlias

from pydantic import AwareDatetime, GetCoreSchemaHandler, JsonValue
from pydantic_core import CoreSchema, PydanticCustomError, core_schema

# RFC 3339 `date-time` as the reference checks it (rfc3339-validator after upper-casing):
# "T" and "Z" in either case, any number of fraction digits, offsets up to 23:59. Like
# Python's `$` there, one final newline is tolerated; it is not part of the value.
_RFC3339_DATE_TIME = (
    r"^[0-9]{4}-(?:0[1-9]|1[0-2])-[0-9]{2}[Tt](?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.[0-9]+)?(?:[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\n?$"
)


class _Rfc3339OnTheWire:
    """On the wire: an RFC 3339 string, then parsed (the day of the month and year 0 are
    checked by the parser). In Python: a timezone-aware `datetime`."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        wire = core_schema.chain_schema(
            [
                _matching(
                    _RFC3339_DATE_TIME, "RFC 3339 date-time with timezone offset"
                ),
                core_schema.str_schema(strip_whitespace=True),
                core_schema.datetime_schema(tz_constraint="aware", strict=False),
            ]
        )
        return core_schema.json_or_python_schema(
            json_schema=wire, python_schema=handler(source)
        )


DateTime: TypeAlias = Annotated[AwareDatetime, _Rfc3339OnTheWire()]
"""A date-time with its UTC offset, as RFC 3339 writes it. Sub-microsecond digits are dropped."""

# RFC 3986 `URI` (section 3, appendix A), composed as the reference checks it (rfc3987,
# rule "URI"). ASCII only: an IRI with non-ASCII characters must be percent-encoded.
_HEXDIG = "[0-9A-Fa-f]"
_UNRESERVED = "[A-Za-z0-9._~-]"
_PCT_ENCODED = f"%{_HEXDIG}{_HEXDIG}"
_SUB_DELIMS = "[!$&'()*+,;=]"
_PCHAR = f"(?:{_UNRESERVED}|{_PCT_ENCODED}|{_SUB_DELIMS}|[:@])"
_SEGMENT = f"{_PCHAR}*"
_SEGMENT_NZ = f"{_PCHAR}+"
_DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|[01]?[0-9][0-9]?)"
_IPV4_ADDRESS = rf"(?:{_DEC_OCTET}\.){{3}}{_DEC_OCTET}"
_H16 = f"{_HEXDIG}{{1,4}}"
_LS32 = f"(?:{_H16}:{_H16}|{_IPV4_ADDRESS})"
_IPV6_ADDRESS = (
    "(?:"
    + "|".join(
        [
            f"(?:{_H16}:){{6}}{_LS32}",
            f"::(?:{_H16}:){{5}}{_LS32}",
            f"(?:{_H16})?::(?:{_H16}:){{4}}{_LS32}",
            f"(?:(?:{_H16}:)?{_H16})?::(?:{_H16}:){{3}}{_LS32}",
            f"(?:(?:{_H16}:){{0,2}}{_H16})?::(?:{_H16}:){{2}}{_LS32}",
            f"(?:(?:{_H16}:){{0,3}}{_H16})?::{_H16}:{_LS32}",
            f"(?:(?:{_H16}:){{0,4}}{_H16})?::{_LS32}",
            f"(?:(?:{_H16}:){{0,5}}{_H16})?::{_H16}",
            f"(?:(?:{_H16}:){{0,6}}{_H16})?::",
        ]
    )
    + ")"
)
_IP_FUTURE = rf"v{_HEXDIG}+\.(?:{_UNRESERVED}|{_SUB_DELIMS}|:)+"
_HOST = rf"(?:\[(?:{_IPV6_ADDRESS}|{_IP_FUTURE})\]|{_IPV4_ADDRESS}|(?:{_UNRESERVED}|{_PCT_ENCODED}|{_SUB_DELIMS})*)"
_AUTHORITY = (
    f"(?:(?:{_UNRESERVED}|{_PCT_ENCODED}|{_SUB_DELIMS}|:)*@)?{_HOST}(?::[0-9]*)?"
)
_HIER_PART = f"(?://{_AUTHORITY}(?:/{_SEGMENT})*|/(?:{_SEGMENT_NZ}(?:/{_SEGMENT})*)?|{_SEGMENT_NZ}(?:/{_SEGMENT})*|)"
_QUERY_OR_FRAGMENT = f"(?:{_PCHAR}|[/?])*"
_URI = rf"^[A-Za-z][A-Za-z0-9+.-]*:{_HIER_PART}(?:\?{_QUERY_OR_FRAGMENT})?(?:#{_QUERY_OR_FRAGMENT})?\n?$"


class _UriOnTheWire:
    """A string that is an absolute URI with an optional fragment, in pydantic-core."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return _matching(_URI, "URI (RFC 3986)")


Uri: TypeAlias = Annotated[str, _UriOnTheWire()]
"""A URI (RFC 3986): a scheme, a colon, then what the scheme allows; kept as sent."""


def _matching(pattern: str, name: str) -> CoreSchema:
    """A string matching the pattern; a mismatch names what was expected, not the pattern."""
    return core_schema.chain_schema(
        [
            core_schema.str_schema(strict=True),
            core_schema.custom_error_schema(
                core_schema.str_schema(pattern=pattern),
                custom_error_type="string_pattern_mismatch",
                custom_error_context={"pattern": name},
            ),
        ]
    )


class _IntegralNumber:
    """JSON Schema draft-06 and later define "integer" as any number with no fractional
    part: 3, 3.0 and 3e0 are all the integer 3. JSON integers stay in pydantic-core."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        whole_float = core_schema.no_info_after_validator_function(
            _integral_float, core_schema.float_schema(strict=True, allow_inf_nan=False)
        )
        return core_schema.union_schema(
            [core_schema.int_schema(strict=True), whole_float],
            mode="left_to_right",
            custom_error_type="int_type",
        )


def _integral_float(value: float) -> int:
    if not value.is_integer():
        raise PydanticCustomError(
            "int_from_float",
            "Input should be a valid integer, got a number with a fractional part",
        )
    return int(value)


IntegralNumber: TypeAlias = Annotated[int, _IntegralNumber()]
"""An integer of a draft-06 (or later) schema: `3.0` on the wire is read as `3`."""


class MultipleOf:
    """`multipleOf` as JSON Schema defines it: the number divided by the step is an integer,
    computed on the decimal values (0.3 is a multiple of 0.1), not with float division or a
    tolerance (pydantic's own `multiple_of` takes 0.30000000001 as a multiple of 0.1).
    """

    # Below this many steps a value's decimal is a multiple of 1/denominator exactly when
    # rounding value * denominator and dividing back gives the same float: no two decimals
    # with that few digits round to one float. Larger values take the exact, slower path.
    _FAST_LIMIT = 2.0**40

    def __init__(self, step: float) -> None:
        self.step = step
        self._step = _exact(step)

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            self._check, handler(source)
        )

    def _check(self, value: float) -> float:
        if not self._is_multiple(value):
            raise PydanticCustomError(
                "multiple_of",
                "Input should be a multiple of {multiple_of}",
                {"multiple_of": self.step},
            )
        return value

    def _is_multiple(self, value: float) -> bool:
        denominator = self._step.denominator
        scaled = value * denominator
        if abs(scaled) < self._FAST_LIMIT:
            whole = round(scaled)
            return whole / denominator == value and whole % self._step.numerator == 0
        return (_exact(value) / self._step).denominator == 1


def _exact(number: float) -> Fraction:
    """The decimal value a JSON number states: a float's shortest repr is its JSON text."""
    return Fraction(number) if isinstance(number, int) else Fraction(repr(number))


def _finite(value: JsonValue) -> JsonValue:
    """The value, if no number in it is NaN or infinite (JSON has none; 1e400 reads as one)."""
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, float) and not math.isfinite(item):
            raise PydanticCustomError(
                "finite_number", "Input should be a finite number"
            )
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return value


UNTYPED = "ocpp_untyped"
"""The schema metadata key that marks an untyped property, whose null `_base` writes back."""


class _FiniteUntyped:
    """Any JSON value with finite numbers, its schema marked as an untyped property's."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(
            _finite, handler(source), metadata={UNTYPED: True}
        )


JsonAny: TypeAlias = Annotated[JsonValue, _FiniteUntyped()]
"""Any JSON value, null included, for a property the schema leaves untyped; no NaN or infinity,
as for every number."""
