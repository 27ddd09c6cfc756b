"""Which JSON Schema keywords the generated models enforce, and a node's declared kind.

A keyword that constrains an instance and that the models could not enforce is a problem:
the models would accept what the schema rejects.
"""

from __future__ import annotations

from typing import Any

from ..ir import PrimitiveKind
from .findings import Findings
from .location import Location

# Keywords that apply to one JSON type only; on a schema of another type validators ignore them.
TYPE_SPECIFIC = {
    "object": {
        "properties",
        "required",
        "additionalProperties",
        "patternProperties",
        "minProperties",
        "maxProperties",
        "dependencies",
        "propertyNames",
    },
    "array": {"items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains"},
    "string": {"maxLength", "minLength", "pattern", "format"},
    "numeric": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
}
# Keywords that apply to any type. With the type-specific ones, these are every keyword that
# constrains an instance; any other keyword (title, description, javaType, comment...) only annotates.
GENERIC_VALIDATION = {
    "enum",
    "const",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
    "if",
    "then",
    "else",
    "dependentRequired",
    "dependentSchemas",
    "unevaluatedProperties",
    "unevaluatedItems",
}
VALIDATION = GENERIC_VALIDATION.union(*TYPE_SPECIFIC.values())
# What the generated models enforce, by declared type.
SUPPORTED = {
    "object": {"properties", "required", "additionalProperties"},
    "array": {"items", "additionalItems", "minItems", "maxItems", "uniqueItems"},
    "string": {"maxLength", "minLength", "format", "enum"},
    "integer": TYPE_SPECIFIC["numeric"],
    "number": TYPE_SPECIFIC["numeric"],
    "boolean": set(),
}
# The largest length or item count a schema may give, so that `verify` can check the model:
# it builds values at each maximum, and its sampler (Hypothesis) draws no collection of more
# than 8,192 items, so no larger minimum. The official schemas stay under 10,000 and 1.
SIZE_CEILINGS = {"maxLength": 1_000_000, "maxItems": 1_000_000, "minLength": 8_192, "minItems": 8_192}
SUPPORTED_FORMATS: dict[str, PrimitiveKind] = {"date-time": "datetime", "uri": "uri"}


def declared_kind(node: dict[str, Any], location: Location, findings: Findings) -> str:
    """The node's declared type ("enum" for a string enum, "any" for no constraint at all);
    any keyword the models cannot enforce is a problem."""
    declared = node.get("type")
    if declared is None and "enum" in node:
        declared = "string"
    if declared is None and not VALIDATION.intersection(node):
        return "any"  # no constraint at all: any JSON value
    if not isinstance(declared, str) or declared not in SUPPORTED:
        findings.problem_at(
            location, location.pointer, f"unsupported type {declared!r}: give one of {', '.join(SUPPORTED)}"
        )
        return "string"
    for key in node:
        if key not in VALIDATION or key in SUPPORTED[declared]:
            continue
        if any(key in keys for group, keys in TYPE_SPECIFIC.items() if group not in (declared, _group(declared))):
            continue  # validators ignore a keyword of another type
        findings.problem_at(
            location, location.at(key), f"unsupported keyword {key!r}: the generated model could not enforce it"
        )
    return "enum" if declared == "string" and "enum" in node else declared


def check_limits(node: dict[str, Any], location: Location, keywords: tuple[str, ...], findings: Findings) -> None:
    """A length or item count over what `verify` can check is a problem."""
    for keyword in keywords:
        if node.get(keyword, 0) > SIZE_CEILINGS[keyword]:
            findings.problem_at(
                location,
                location.at(keyword),
                f"{keyword} {node[keyword]} is over {SIZE_CEILINGS[keyword]:,}, the largest supported",
            )


def description_of(node: dict[str, Any]) -> str | None:
    """The node's description, when it says anything."""
    text = node.get("description")
    return text if isinstance(text, str) and text.strip() else None


def _group(declared: str) -> str:
    return "numeric" if declared in ("integer", "number") else declared
