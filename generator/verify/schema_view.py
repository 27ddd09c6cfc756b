"""Walking a schema alongside a value: local `$ref`s resolved, every place the schema describes."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..errors import GenerationError, pointer_join


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


MISSING = object()  # the value of a place the schema describes and the payload leaves out


@dataclass(frozen=True)
class Place:
    """A place in a payload: its pointer, its schema, and its value (`MISSING` if absent)."""

    pointer: str
    schema: dict[str, Any]
    value: Any
    path: tuple[str | int, ...]

    @property
    def present(self) -> bool:
        return self.value is not MISSING


def places(view: SchemaView, node: Any, value: Any, path: tuple[str | int, ...] = ()) -> Iterator[Place]:
    """Every place the schema describes, present or absent, depth first.

    Of an array's items only the first: the others are the same place of the schema again.
    """
    schema = view.resolve(node)
    yield Place(pointer_join("", *path), schema, value, path)
    if value is MISSING:
        return
    if isinstance(value, dict):
        for name, child in (schema.get("properties") or {}).items():
            yield from places(view, child, value.get(name, MISSING), (*path, name))
    elif isinstance(value, list) and value and isinstance(schema.get("items"), dict):
        yield from places(view, schema["items"], value[0], (*path, 0))
