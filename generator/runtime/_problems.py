"""What is wrong with a frame or a payload, as a problem; the protocol names each one's code.

The problems are the same in every OCPP version; the CALLERROR code each one gets (and its
spelling) is the protocol's data, given as a `ProblemCodes`. A payload's validation error
becomes a problem by its pydantic error type.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Final, Mapping

from pydantic import ValidationError


@dataclass(frozen=True, slots=True)
class ProblemCodes:
    """The error code (the protocol's `ErrorCode` member) that answers each problem."""

    malformed_frame: (
        StrEnum  # not JSON, not an OCPP-J array, elements of the wrong kind
    )
    incomplete_frame: StrEnum  # a CALL array lacking elements
    unknown_message_type: StrEnum  # a message type the protocol does not have
    unknown_action: StrEnum  # an action the protocol does not have
    unsupported_action: StrEnum  # an action this side does not receive or handle
    missing_property: StrEnum  # a required property is absent
    unknown_property: StrEnum  # a property the message does not define
    wrong_cardinality: StrEnum  # an array with fewer or more items than allowed
    wrong_type: StrEnum  # a value of the wrong JSON type
    invalid_value: StrEnum  # right type, but a constraint fails
    handler_failed: StrEnum  # the handler raised, or answered with something invalid


# How a payload's validation error is classified, by pydantic error type. Types not listed:
# `*_type` is a wrong type, anything else an invalid value.
PROBLEM_OF_PYDANTIC_ERROR: Final[Mapping[str, str]] = MappingProxyType(
    {
        "json_invalid": "malformed_frame",
        "json_type": "malformed_frame",
        "missing": "missing_property",
        "extra_forbidden": "unknown_property",
        "too_short": "wrong_cardinality",
        "too_long": "wrong_cardinality",
        "string_type": "wrong_type",
        "int_type": "wrong_type",
        "int_from_float": "wrong_type",
        "float_type": "wrong_type",
        "bool_type": "wrong_type",
        "list_type": "wrong_type",
        "dict_type": "wrong_type",
        "model_type": "wrong_type",
        "model_attributes_type": "wrong_type",
        "datetime_type": "wrong_type",
        "is_instance_of": "wrong_type",
        "string_too_short": "invalid_value",
        "string_too_long": "invalid_value",
        "string_pattern_mismatch": "invalid_value",
        "enum": "invalid_value",
        "literal_error": "invalid_value",
        "greater_than": "invalid_value",
        "greater_than_equal": "invalid_value",
        "less_than": "invalid_value",
        "less_than_equal": "invalid_value",
        "multiple_of": "invalid_value",
        "finite_number": "invalid_value",
        "datetime_parsing": "invalid_value",
        "datetime_from_date_parsing": "invalid_value",
        "timezone_aware": "invalid_value",
        "timezone_naive": "invalid_value",
        "url_parsing": "invalid_value",
        "url_scheme": "invalid_value",
        "url_syntax_violation": "invalid_value",
        "url_too_long": "invalid_value",
        "value_error": "invalid_value",
        "assertion_error": "invalid_value",
    }
)
# Value checks that pydantic also reports for a value that is not a string at all; the
# schemas declare these values strings, so a non-string is a wrong type.
_STRING_VALUE_CHECKS: Final = frozenset({"enum", "literal_error"})
# Cardinality checks that pydantic also applies to a string (a length constraint outside
# `Omittable[...]`): on a string they are a value's length, counted in characters.
_LENGTH_CHECKS: Final[Mapping[str, tuple[str, str]]] = MappingProxyType(
    {"too_short": ("at least", "min_length"), "too_long": ("at most", "max_length")}
)
_DESCRIPTION_MAX_LENGTH: Final = 255


def problem_of(error: Any) -> str:
    """The problem one of a ValidationError's errors (`errors()` item) is."""
    kind = error["type"]
    if kind in _STRING_VALUE_CHECKS and not isinstance(error.get("input"), str):
        return "wrong_type"
    if kind in _LENGTH_CHECKS and isinstance(error.get("input"), str):
        return "invalid_value"
    default = "wrong_type" if kind.endswith("_type") else "invalid_value"
    return PROBLEM_OF_PYDANTIC_ERROR.get(kind, default)


def describe_validation_error(
    error: ValidationError, codes: ProblemCodes
) -> tuple[StrEnum, str, dict[str, Any]]:
    """The code, description (JSON pointer and reason) and details for a payload's error.

    The first error decides, except that a payload not of the message's structure (an unknown
    property) is that problem whatever else is wrong with it: the other codes all say the
    payload is "syntactically correct".
    """
    errors = error.errors(include_url=False)
    problems = [problem_of(e) for e in errors]
    index = problems.index("unknown_property") if "unknown_property" in problems else 0
    chosen = errors[index]
    pointer = "".join(
        "/" + str(part).replace("~", "~0").replace("/", "~1") for part in chosen["loc"]
    )
    # JSON that `json` reads but pydantic-core does not: a lone surrogate
    if chosen["type"] == "json_invalid":
        description = "the payload is not valid JSON text"
    else:
        description = f"{pointer or '/'}: {_reason(chosen)}"
    if len(errors) > 1:
        description += f" (and {len(errors) - 1} more)"
    code: StrEnum = getattr(codes, problems[index])
    return code, short(description), {"pointer": pointer}


def _reason(error: Any) -> str:
    """Pydantic's message, except that a string's length is counted in characters."""
    kind = error["type"]
    if kind in _LENGTH_CHECKS and isinstance(error.get("input"), str):
        bound, key = _LENGTH_CHECKS[kind]
        return f"String should have {bound} {error['ctx'][key]} characters"
    return str(error["msg"])


def short(text: str, limit: int = _DESCRIPTION_MAX_LENGTH) -> str:
    """The text, cut to the limit (a CALLERROR's description has at most 255 characters)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."
