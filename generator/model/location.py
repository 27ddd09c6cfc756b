"""Where a schema node sits, for its error messages and for the type-name rules."""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import pointer_join
from ..ir import Origin
from ..load import SchemaDocument


@dataclass(frozen=True)
class Location:
    """Where a schema node sits: its document, its JSON pointer, and its naming path.

    The naming path is what the type-name rules match: the message (or definition) name, then
    property names, with "[]" after an array property for its items.
    """

    document: SchemaDocument
    pointer: str
    path: tuple[str, ...]

    @property
    def origin(self) -> Origin:
        return Origin(self.document.file_name, self.pointer)

    @property
    def source(self) -> str:
        """The document's path, as error messages name it."""
        return str(self.document.path)

    def at(self, *keywords: str | int) -> str:
        """The JSON pointer of something inside the node: `at("enum", 2)`."""
        return pointer_join(self.pointer, *keywords)

    def property(self, name: str) -> Location:
        return Location(self.document, self.at("properties", name), (*self.path, name))

    def items(self) -> Location:
        return Location(self.document, self.at("items"), (*self.path[:-1], self.path[-1] + "[]"))
