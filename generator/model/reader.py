"""Reading schema nodes into types: objects and their fields, arrays, enums, named scalars.

Every object, enum and named scalar goes into the type table under its specification name,
and the node's place becomes a `Ref` to it. A node is read at most once on the way in, so a
`$ref` back to a node still being read (a recursive type) is a problem.
"""

from __future__ import annotations

from typing import Any

import pydantic

from .. import naming
from ..ir import AliasType, ArrayOf, Field, ObjectType, Origin, Primitive, Ref, TypeRef
from ..load import SchemaDocument
from ..protocol_data import ProtocolData
from .enums import read_enum
from .findings import Findings
from .keywords import check_limits, declared_kind, description_of
from .location import Location
from .references import References
from .scalars import bounded_item_type, read_primitive
from .type_names import TypeNamer
from .type_table import TypeTable

# Attribute names a generated model already has; a property that would shadow one gets a
# trailing underscore. The base model adds the `*_wire` methods.
RESERVED_ATTRIBUTES = frozenset(dir(pydantic.BaseModel)) | {"from_wire", "to_wire", "to_wire_dict"}


class SchemaReader:
    """Reads the nodes of one schema set into types, by the names of one protocol data file."""

    def __init__(
        self, data: ProtocolData, references: References, namer: TypeNamer, table: TypeTable, findings: Findings
    ) -> None:
        self.data = data
        self.references = references
        self.namer = namer
        self.table = table
        self.findings = findings
        self.building: list[Origin] = []  # the schema places being read, outermost first

    def message_body(self, document: SchemaDocument, name: str) -> ObjectType:
        """The object type of a whole message schema, named `name`."""
        location = Location(document, "", (name,))
        if declared_kind(document.content, location, self.findings) != "object":
            self.findings.problem(document.file_name, "", "a message schema must describe an object")
        self.building.append(location.origin)
        body = self._object(document.content, location, name)
        self.building.pop()
        return body

    def read_type(self, node: Any, location: Location) -> TypeRef:
        """The type of the node at `location`, following any `$ref`."""
        referrer = location
        node, location = self.references.follow(node, location)
        if node is None:
            return Primitive("string")
        if location.origin in self.building:
            self.findings.problem_at(
                referrer,
                referrer.at("$ref"),
                f"recursive $ref: {location.origin} contains itself, and the generated models have no recursive types",
            )
            return Primitive("string")
        self.building.append(location.origin)
        try:
            return self._read_resolved(node, location)
        finally:
            self.building.pop()

    def _read_resolved(self, node: dict[str, Any], location: Location) -> TypeRef:
        kind = declared_kind(node, location, self.findings)
        if kind == "array":
            return self._array(node, location)
        name = self.namer.name_for(location)
        if kind == "enum":
            enum = read_enum(
                node, location, name or self.namer.fallback(location), self.data.enum_member_names, self.findings
            )
            return self.table.register(enum)
        if kind == "object":
            return self.table.register(self._object(node, location, name or self.namer.fallback(location)))
        target = self._string_type(read_primitive(node, location, kind, self.findings), location)
        if name is None:
            return target
        return self.table.register(AliasType(name, target, description_of(node), (location.origin,)))

    def _string_type(self, primitive: Primitive, location: Location) -> Primitive | Ref:
        """A string that is only length-limited, at a length the specification names, is that named type."""
        name = self.data.string_types.get(primitive.max_length or -1)
        if primitive.kind != "string" or name is None or primitive.min_length is not None:
            return primitive
        return self.table.register(
            AliasType(name, Primitive("string", max_length=primitive.max_length), None, (location.origin,))
        )

    def _array(self, node: dict[str, Any], location: Location) -> ArrayOf:
        if node.get("uniqueItems"):
            self.findings.problem_at(
                location,
                location.at("uniqueItems"),
                "unsupported keyword 'uniqueItems': the generated model could not enforce it",
            )
        items = node.get("items")
        if not isinstance(items, dict):
            self.findings.problem_at(location, location.pointer, "an array needs one schema in 'items'")
            return ArrayOf(Primitive("string"))
        check_limits(node, location, ("minItems", "maxItems"), self.findings)
        item_type = self.read_type(items, location.items())
        bounded = bounded_item_type(item_type, location.items().origin) if isinstance(item_type, Primitive) else None
        if bounded is not None:
            item_type = self.table.register(bounded)
        return ArrayOf(item_type, node.get("minItems"), node.get("maxItems"))

    def _object(self, node: dict[str, Any], location: Location, name: str) -> ObjectType:
        if not naming.is_safe_identifier(name):
            self.findings.problem_at(location, location.pointer, f"type name {name!r} is not a Python identifier")
        if node.get("type", "object") != "object":
            self.findings.problem_at(location, location.pointer, f"{name} must be an object")
            return ObjectType(name, (), True)
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        for missing in sorted(required - set(properties)):
            self.findings.problem_at(
                location, location.at("required"), f"requires {missing!r}, which is not a property"
            )
        additional = node.get("additionalProperties", True)
        if not isinstance(additional, bool):
            self.findings.problem_at(
                location, location.at("additionalProperties"), "only true or false is supported here"
            )
        fields = [
            self._field(wire, schema, location.property(wire), wire in required) for wire, schema in properties.items()
        ]
        self._check_distinct_attributes(fields, location)
        return ObjectType(name, tuple(fields), additional is False, description_of(node), (location.origin,))

    def _check_distinct_attributes(self, fields: list[Field], location: Location) -> None:
        by_python_name: dict[str, str] = {}
        for item in fields:
            if item.python_name in by_python_name:
                self.findings.problem_at(
                    location,
                    location.at("properties", item.wire_name),
                    f"properties {by_python_name[item.python_name]!r} and {item.wire_name!r} both become {item.python_name!r}",
                )
            by_python_name[item.python_name] = item.wire_name

    def _field(self, wire_name: str, node: Any, location: Location, required: bool) -> Field:
        python_name = naming.attribute_name(wire_name, RESERVED_ATTRIBUTES)
        if python_name is None:
            self.findings.problem_at(location, location.pointer, f"property {wire_name!r} gives no Python identifier")
            python_name = "invalid"
        if not isinstance(node, dict):
            self.findings.problem_at(location, location.pointer, "a property schema must be an object")
            return Field(wire_name, python_name, Primitive("string"), required)
        return Field(wire_name, python_name, self.read_type(node, location), required, description_of(node))
