"""Python names from schema text: snake_case attributes, enum members, safety checks.

Every name that ends up in generated code comes through here, so a schema cannot put
anything but a plain ASCII identifier where the code expects one.
"""

from __future__ import annotations

import keyword
import re

from .runtime._base import wire_name

_IDENTIFIER = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_ACRONYM_THEN_WORD = re.compile(r"([A-Z]+)([A-Z][a-z])")
_LOWER_THEN_UPPER = re.compile(r"([a-z0-9])([A-Z])")
_NOT_WORD = re.compile(r"[^A-Za-z0-9]+")


def is_safe_identifier(name: str) -> bool:
    """ASCII letters, digits and underscores, starting with a letter, and not a Python keyword.

    Soft keywords (`match`, `case`, `type`) are ordinary identifiers, so they pass on every
    Python; `_` and any name with a leading underscore do not, because pydantic does not make
    a field of such an attribute and an enum reserves such names for itself.
    """
    return bool(_IDENTIFIER.match(name)) and not keyword.iskeyword(name)


def snake_case(name: str) -> str:
    """`connectorId` → `connector_id`, `EVDisconnected` → `ev_disconnected`, `L1-N` → `l1_n`."""
    words = _ACRONYM_THEN_WORD.sub(r"\1_\2", name)
    words = _LOWER_THEN_UPPER.sub(r"\1_\2", words)
    return _NOT_WORD.sub("_", words).strip("_").lower()


def camel_case(snake: str) -> str:
    """The inverse the generated base model applies: `connector_id` → `connectorId`."""
    return wire_name(snake)


def attribute_name(wire_name: str, reserved: frozenset[str]) -> str | None:
    """The snake_case attribute for a property, or None when no safe identifier comes out.

    A name the model class already uses (or a keyword) gets a trailing underscore, PEP 8's way.
    """
    name = snake_case(wire_name)
    if name in reserved or keyword.iskeyword(name):
        name += "_"
    return name if is_safe_identifier(name) else None


def enum_member_name(value: str, overrides: dict[str, str], reserved: frozenset[str]) -> str | None:
    """The Python name of an enum member, or None when the value yields no safe identifier."""
    name = overrides.get(value) or snake_case(value)
    if name in reserved or keyword.iskeyword(name):
        name += "_"
    return name if is_safe_identifier(name) else None


def pascal_case(words: list[str]) -> str:
    """`["BootNotificationResponse", "status"]` → `BootNotificationResponseStatus`."""
    return "".join(part[:1].upper() + part[1:] for word in words for part in snake_case(word).split("_"))
