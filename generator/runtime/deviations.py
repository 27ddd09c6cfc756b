"""The catalogue of deviations: the ways peers in the field break the schemas, by name.

Each deviation names one kind of departure from the schemas, what it accepts, how it is read
into the strict model, and when it cannot be. `tolerance.Tolerance` turns them on one by one;
docs/deviations.md gives the catalogue with the reports it comes from. The kinds are the same
for every protocol version: which enum member or field they land on comes from the models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Final


class Deviation(StrEnum):
    """A named way in which peers in the field break the schemas."""

    string_too_long = "string_too_long"
    enum_wrong_case = "enum_wrong_case"
    enum_empty = "enum_empty"
    enum_unknown = "enum_unknown"
    unit_symbol = "unit_symbol"
    number_for_string = "number_for_string"
    date_time_without_offset = "date_time_without_offset"
    date_time_offset_without_colon = "date_time_offset_without_colon"
    date_time_invalid = "date_time_invalid"
    empty_array = "empty_array"
    null_for_field = "null_for_field"
    object_for_array = "object_for_array"
    string_for_boolean = "string_for_boolean"
    property_name_case = "property_name_case"


@dataclass(frozen=True)
class DeviationKind:
    """What a deviation accepts, how it is read into the strict model, and when it is not."""

    accepts: str
    reading: str
    refused: str = ""


_OPTIONAL_ONLY = "refused where the field is required: the model has nothing to hold"

CATALOGUE: Final[Mapping[Deviation, DeviationKind]] = MappingProxyType(
    {
        Deviation.string_too_long: DeviationKind(
            "a string longer than its maxLength",
            "cut to maxLength characters (a strict model cannot hold it whole)",
        ),
        Deviation.enum_wrong_case: DeviationKind(
            "an enum value in another case than the member's",
            "the member whose value it equals ignoring case",
            "refused when it equals more than one member ignoring case",
        ),
        Deviation.enum_empty: DeviationKind(
            'an empty string "" for an enum',
            "the optional field left out",
            _OPTIONAL_ONLY,
        ),
        Deviation.enum_unknown: DeviationKind(
            "a string for an enum that no member is, in any case or as a unit symbol",
            "the optional field left out",
            _OPTIONAL_ONLY,
        ),
        Deviation.unit_symbol: DeviationKind(
            "a unit symbol (Hz, C, F, %, ...) for an enum of unit names",
            "the member that names the unit",
            "not applied when the enum has no member naming the unit",
        ),
        Deviation.number_for_string: DeviationKind(
            "a JSON number where a string is required",
            "the number as JSON writes it (12.5 -> '12.5', 12.50 -> '12.5'), then checked",
            "a number beyond the double range (JSON writes no infinity)",
        ),
        Deviation.date_time_without_offset: DeviationKind(
            "an RFC 3339 date-time without its offset (2026-11-25T08:00:00)",
            "taken as UTC",
        ),
        Deviation.date_time_offset_without_colon: DeviationKind(
            "a date-time whose offset has no colon (+0000, -0130) or no minutes (+02)",
            "the same offset",
        ),
        Deviation.date_time_invalid: DeviationKind(
            "a string for a date-time that is not an RFC 3339 date-time",
            "the optional field left out",
            _OPTIONAL_ONLY,
        ),
        Deviation.empty_array: DeviationKind(
            "an empty array where at least one item is required",
            "the optional field left out",
            _OPTIONAL_ONLY,
        ),
        Deviation.null_for_field: DeviationKind(
            "null for a property",
            "the optional field left out",
            _OPTIONAL_ONLY + "; null as an array item is refused",
        ),
        Deviation.object_for_array: DeviationKind(
            "a single object where an array is required",
            "an array of that one object",
        ),
        Deviation.string_for_boolean: DeviationKind(
            'the string "true" or "false", in any case, for a boolean',
            "the boolean",
        ),
        Deviation.property_name_case: DeviationKind(
            "a property name in another case than the schema's (IdTag for idTag)",
            "the property under its name",
            "refused when the payload also has the property under its name",
        ),
    }
)


# Unit symbols -> the names an enum of units spells them with, in order of preference.
UNIT_NAMES: Final[Mapping[str, tuple[str, ...]]] = MappingProxyType(
    {
        "Hz": ("Hertz",),
        "C": ("Celsius", "Celcius"),
        "\u00b0C": ("Celsius", "Celcius"),
        "degC": ("Celsius", "Celcius"),
        "F": ("Fahrenheit",),
        "\u00b0F": ("Fahrenheit",),
        "%": ("Percent",),
    }
)
