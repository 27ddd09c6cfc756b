"""Reading a string enum into an `EnumType`: a Python name for every value, none clashing."""

from __future__ import annotations

import enum
from typing import Any

from .. import naming
from ..ir import EnumMember, EnumType
from .findings import Findings
from .keywords import description_of
from .location import Location

# Attribute names an enum class already has; a value that would shadow one gets a trailing
# underscore. The metaclass's names too (`mro`).
RESERVED_MEMBERS = frozenset(dir(enum.StrEnum)) | frozenset(dir(type(enum.StrEnum)))


def read_enum(
    node: dict[str, Any], location: Location, name: str, member_names: dict[str, str], findings: Findings
) -> EnumType:
    """The enum named `name`; `member_names` overrides the snake_case of a value."""
    members: list[EnumMember] = []
    for index, value in enumerate(node["enum"]):
        pointer = location.at("enum", index)
        if not isinstance(value, str):
            findings.problem_at(location, pointer, f"enum value {value!r} is not a string")
            continue
        python_name = naming.enum_member_name(value, member_names, RESERVED_MEMBERS)
        if python_name is None:
            findings.problem_at(
                location, pointer, f"enum value {value!r} gives no Python identifier; name it in enum_member_names"
            )
            continue
        clash = next((m for m in members if m.python_name == python_name), None)
        if clash is not None:
            findings.problem_at(
                location, pointer, f"enum values {clash.value!r} and {value!r} both become {python_name!r}"
            )
            continue
        members.append(EnumMember(python_name, value))
    return EnumType(name, tuple(members), description_of(node), (location.origin,))
