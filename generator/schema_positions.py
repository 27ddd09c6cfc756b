"""Which JSON pointers of a schema document address a schema (draft-04 to draft-07).

A `$ref` must land on one: `#/definitions/X` or `#/properties/a/items` is a schema,
`#/required` or `#/definitions` is not, even when what sits there happens to be an object.
"""

from __future__ import annotations

# Keywords whose value is a schema.
SCHEMA_VALUED = frozenset(
    {"items", "additionalItems", "additionalProperties", "not", "contains", "propertyNames", "if", "then", "else"}
)
# Keywords whose value maps names to schemas.
SCHEMA_MAPS = frozenset({"definitions", "$defs", "properties", "patternProperties", "dependencies"})
# Keywords whose value is a list of schemas (`items` too, in its list form).
SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf", "items", "additionalItems"})


def is_schema_position(pointer: str) -> bool:
    """Whether the RFC 6901 pointer (already unescaped of %-encoding) addresses a schema."""
    if pointer == "":
        return True
    if not pointer.startswith("/"):
        return False
    parts = pointer[1:].split("/")
    index = 0
    while index < len(parts):
        keyword = parts[index]
        following = parts[index + 1] if index + 1 < len(parts) else None
        if keyword in SCHEMA_LISTS and following is not None and following.isdigit():
            index += 2
        elif keyword in SCHEMA_VALUED:
            index += 1
        elif keyword in SCHEMA_MAPS and following is not None:
            index += 2
        else:
            return False
    return True
