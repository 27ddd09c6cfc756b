"""The reference: jsonschema's validator for a schema's draft, with `multipleOf` decided exactly.

One deliberate refinement of jsonschema: `multipleOf` is decided on the decimal value of the
number (as the `ocpp` library does by parsing with Decimal), because jsonschema's float division
rejects 0.3 as a multiple of 0.1. The generated models decide it the same way.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from fractions import Fraction
from typing import Any

from jsonschema import ValidationError as SchemaValidationError
from jsonschema import validators
from jsonschema.protocols import Validator


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
