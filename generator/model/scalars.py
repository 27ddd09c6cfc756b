"""Reading a string, number, integer, boolean or untyped schema node into a `Primitive`."""

from __future__ import annotations

from typing import Any

from ..ir import AliasType, Origin, Primitive, PrimitiveKind
from .findings import Findings
from .keywords import SUPPORTED_FORMATS, check_limits
from .location import Location


def read_primitive(node: dict[str, Any], location: Location, kind: str, findings: Findings) -> Primitive:
    """The primitive of a node whose declared kind (`keywords.declared_kind`) is not a structure."""
    if kind == "string":
        return _string(node, location, findings)
    if kind == "any":
        return Primitive("any")
    if kind in ("integer", "number"):
        return _numeric(node, location, kind)
    return Primitive("boolean")


def _string(node: dict[str, Any], location: Location, findings: Findings) -> Primitive:
    fmt = node.get("format")
    if fmt is not None and fmt not in SUPPORTED_FORMATS:
        findings.problem_at(
            location, location.at("format"), f"unsupported format {fmt!r} (supported: {', '.join(SUPPORTED_FORMATS)})"
        )
    string_kind: PrimitiveKind = SUPPORTED_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
    if string_kind != "string":  # a date-time or URI type checks its own text, no length
        for keyword in ("minLength", "maxLength"):
            if keyword in node:
                findings.problem_at(
                    location,
                    location.at(keyword),
                    f"unsupported keyword {keyword!r} on a {fmt} string: the generated model could not enforce it",
                )
    check_limits(node, location, ("minLength", "maxLength"), findings)
    return Primitive(string_kind, min_length=node.get("minLength"), max_length=node.get("maxLength"))


def _numeric(node: dict[str, Any], location: Location, kind: str) -> Primitive:
    minimum, maximum = node.get("minimum"), node.get("maximum")
    exclusive_minimum, exclusive_maximum = node.get("exclusiveMinimum"), node.get("exclusiveMaximum")
    if isinstance(exclusive_minimum, bool):  # draft-04: a flag on minimum
        minimum, exclusive_minimum = (None, minimum) if exclusive_minimum else (minimum, None)
    if isinstance(exclusive_maximum, bool):
        maximum, exclusive_maximum = (None, maximum) if exclusive_maximum else (maximum, None)
    numeric: PrimitiveKind = "number"
    if kind == "integer":  # draft-06 made 3.0 an integer too
        numeric = "integer" if location.document.draft == "draft-04" else "integral_number"
    return Primitive(
        numeric,
        minimum=minimum,
        maximum=maximum,
        exclusive_minimum=exclusive_minimum,
        exclusive_maximum=exclusive_maximum,
        multiple_of=node.get("multipleOf"),
    )


# The numeric kinds whose bounds an array's items keep only under a name of their own: the
# render stage writes `list[<type>]`, and an item type there carries no `Field(...)` bounds.
_BOUNDED_ITEM_NAMES: dict[PrimitiveKind, str] = {
    "integer": "Integer",
    "integral_number": "IntegralNumber",
    "number": "Number",
}
_BOUND_WORDS = {
    "minimum": "Min",
    "maximum": "Max",
    "exclusiveMinimum": "Above",
    "exclusiveMaximum": "Below",
    "multipleOf": "Step",
}


def bounded_item_type(primitive: Primitive, origin: Origin) -> AliasType | None:
    """A named type for a number an array holds with bounds (`IntegralNumberMin0`), or None
    when the item type has none. The name says the bounds, so every place with the same
    bounds shares the one type."""
    base = _BOUNDED_ITEM_NAMES.get(primitive.kind)
    constraints = primitive.constraints()
    if base is None or not constraints:
        return None
    words = "".join(_BOUND_WORDS[keyword] + _number_word(value) for keyword, value in constraints.items())
    description = "A number with " + ", ".join(f"{keyword} {value:g}" for keyword, value in constraints.items()) + "."
    return AliasType(base + words, primitive, description, (origin,))


def _number_word(value: float) -> str:
    """0 -> "0", -5 -> "Minus5", 0.5 -> "0_5": a number as part of a type name."""
    text = f"{abs(value):g}".replace(".", "_").replace("+", "")
    return ("Minus" if value < 0 else "") + text
