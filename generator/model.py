"""Stage 2, model: turn the loaded schemas and the protocol data into the intermediate representation.

It pairs files into actions, gives every inline object, enum and named string its
specification name, defines each named type once, and stops with every problem it finds:
unknown keywords, names that are not identifiers, and two schema places that define one
specification type differently (the consistency lint).
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any
from urllib.parse import unquote, urljoin

import pydantic
import referencing
import referencing.exceptions
import referencing.jsonschema

from . import naming
from .errors import GenerationError, Problem, pointer_join
from .ir import (
    Action,
    Direction,
    AliasType,
    ArrayOf,
    EnumMember,
    EnumType,
    Field,
    Message,
    NamedType,
    ObjectType,
    Origin,
    Primitive,
    PrimitiveKind,
    Protocol,
    Ref,
    TypeRef,
)
from .load import SchemaDocument, SchemaSet
from .protocol_data import ProtocolData
from .schema_positions import is_schema_position

# Attribute names a generated model or enum already has; a property or value that would
# shadow one gets a trailing underscore. The base model adds the `*_wire` methods.
RESERVED_ATTRIBUTES = frozenset(dir(pydantic.BaseModel)) | {"from_wire", "to_wire", "to_wire_dict"}
RESERVED_MEMBERS = frozenset(dir(enum.StrEnum)) | frozenset(dir(type(enum.StrEnum)))  # `mro` too

# Keywords that apply to one JSON type only; on a schema of another type validators ignore them.
TYPE_SPECIFIC = {
    "object": {"properties", "required", "additionalProperties", "patternProperties", "minProperties", "maxProperties", "dependencies", "propertyNames"},
    "array": {"items", "additionalItems", "minItems", "maxItems", "uniqueItems", "contains"},
    "string": {"maxLength", "minLength", "pattern", "format"},
    "numeric": {"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf"},
}
# Keywords that apply to any type. With the type-specific ones, these are every keyword that
# constrains an instance; any other keyword (title, description, javaType, comment...) only annotates.
GENERIC_VALIDATION = {"enum", "const", "allOf", "anyOf", "oneOf", "not", "if", "then", "else", "dependentRequired", "dependentSchemas", "unevaluatedProperties", "unevaluatedItems"}
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
SPECIFICATIONS = {
    "draft-04": referencing.jsonschema.DRAFT4,
    "draft-06": referencing.jsonschema.DRAFT6,
    "draft-07": referencing.jsonschema.DRAFT7,
}


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

    def property(self, name: str) -> Location:
        return Location(self.document, pointer_join(self.pointer, "properties", name), (*self.path, name))

    def items(self) -> Location:
        return Location(self.document, pointer_join(self.pointer, "items"), (*self.path[:-1], self.path[-1] + "[]"))


@dataclass(frozen=True)
class ModelResult:
    protocol: Protocol
    warnings: tuple[str, ...]


def build_protocol(schema_set: SchemaSet, data: ProtocolData) -> ModelResult:
    """The intermediate representation of a schema set, or a GenerationError listing every problem."""
    return _Builder(schema_set, data).build()


class _Builder:
    def __init__(self, schema_set: SchemaSet, data: ProtocolData) -> None:
        self.schema_set = schema_set
        self.data = data
        self.types: dict[str, NamedType] = {}
        self.problems: list[Problem] = []
        self.warnings: list[str] = []
        self.rules = [(tuple(key.split(".")), name, key) for key, name in data.type_names.items()]
        self.used_rules: set[str] = set()
        self.registry = _registry(schema_set)
        self.building: list[Origin] = []  # the schema places being turned into types, outermost first

    def build(self) -> ModelResult:
        actions = list(self._actions())
        self._check_unique_names(actions)
        for key in sorted(set(self.data.type_names) - self.used_rules):
            self.warnings.append(f"{self.data.path}#/type_names/{key}: matches no place in these schemas")
        if self.problems:
            raise GenerationError(self.problems)
        protocol = Protocol(
            name=self.data.name,
            subprotocol=self.data.subprotocol,
            actions=tuple(actions),
            types=tuple(sorted(self.types.values(), key=lambda t: t.name)),
            rpc=self.data.rpc,
        )
        return ModelResult(protocol, tuple(self.warnings))

    # --- files to actions -------------------------------------------------------------

    def _actions(self) -> Iterator[Action]:
        claimed: set[str] = set()
        for info in self.data.actions:
            request_file = self.data.request_file.format(action=info.name)
            response_file = self.data.response_file.format(action=info.name)
            request = self.schema_set.document(request_file)
            response = self.schema_set.document(response_file)
            claimed.update(d.file_name for d in (request, response) if d is not None)
            if request is None and response is None:
                continue
            if request is None or response is None:
                present, missing = (request, response_file) if request else (response, request_file)
                assert present is not None
                self._problem(present.file_name, "", f"{info.name} has no {missing}: a request and its response come in pairs")
                continue
            yield Action(
                info.name,
                info.initiator,
                info.profile,
                self._message(request, info.name, "request"),
                self._message(response, info.name, "response"),
            )
        claimed.update(self._set_aside_sends())
        for document in self.schema_set.documents:
            if document.file_name not in claimed:
                self._problem(
                    document.file_name,
                    "",
                    f"belongs to no action of {self.data.name}; add the action to {self.data.path.name}",
                )

    def _set_aside_sends(self) -> Iterator[str]:
        """The schema files of SEND actions: known to the protocol, not generated yet (a warning each)."""
        for info in self.data.sends:
            document = self.schema_set.document(self.data.send_file.format(action=info.name))
            if document is not None:
                self.warnings.append(f"{document.file_name}: {info.name} is a SEND message; no model is generated for it yet")
                yield document.file_name

    def _message(self, document: SchemaDocument, action: str, direction: Direction) -> Message:
        name = action + direction.capitalize()
        title = document.content.get("title")
        if title is not None and title != name:
            self._problem(document.file_name, "/title", f"title {title!r} does not match the file name, which makes it {name}")
        location = Location(document, "", (name,))
        if self._kind(document.content, location) != "object":
            self._problem(document.file_name, "", "a message schema must describe an object")
        self.building.append(location.origin)
        body = self._object(document.content, location, name)
        self.building.pop()
        return Message(
            name=name,
            action=action,
            direction=direction,
            file=document.file_name,
            draft=document.draft,
            sha256=document.sha256,
            schema_text=document.text,
            body=body,
        )

    def _check_unique_names(self, actions: list[Action]) -> None:
        for action in actions:
            for message in (action.request, action.response):
                if message.name in self.types:
                    clash = self.types[message.name]
                    where = ", ".join(str(o) for o in clash.origins)
                    self._problem(message.file, "", f"message {message.name} has the name of a type defined at {where}")

    # --- schema nodes to types ---------------------------------------------------------

    def _type(self, node: Any, location: Location) -> TypeRef:
        referrer = location
        node, location = self._follow_ref(node, location)
        if node is None:
            return Primitive("string")
        if location.origin in self.building:
            self._problem(
                str(referrer.document.path), pointer_join(referrer.pointer, "$ref"),
                f"recursive $ref: {location.origin} contains itself, and the generated models have no recursive types",
            )
            return Primitive("string")
        self.building.append(location.origin)
        try:
            return self._type_of(node, location)
        finally:
            self.building.pop()

    def _type_of(self, node: dict[str, Any], location: Location) -> TypeRef:
        kind = self._kind(node, location)
        if kind == "array":
            return self._array(node, location)
        name = self._name_for(location)
        if kind == "enum":
            return self._register(self._enum(node, location, name or self._fallback(location)))
        if kind == "object":
            return self._register(self._object(node, location, name or self._fallback(location)))
        primitive = self._primitive(node, location, kind)
        target = self._string_type(primitive, location)
        if name is None:
            return target
        return self._register(AliasType(name, target, _description(node), (location.origin,)))

    def _follow_ref(self, node: Any, location: Location) -> tuple[Any, Location]:
        """Resolve `$ref` chains; a reference into `definitions` names the type after its key."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            reference = node["$ref"]
            if reference in seen:
                self._problem(str(location.document.path), location.pointer, f"$ref cycle through {reference!r}")
                return None, location
            seen.add(reference)
            resolved = self._resolve(reference, location)
            if resolved is None:
                return None, location
            node, location = resolved
        return node, location

    def _resolve(self, reference: str, location: Location) -> tuple[Any, Location] | None:
        base = _document_uri(location.document)
        try:
            resolved = self.registry.resolver(base_uri=base).lookup(reference)
        except referencing.exceptions.Unresolvable:
            self._problem(str(location.document.path), pointer_join(location.pointer, "$ref"), f"unresolvable $ref {reference!r}")
            return None
        uri, _, fragment = urljoin(base, reference).partition("#")
        document = next(d for d in self.schema_set.documents if _document_uri(d) == uri)
        pointer = unquote(fragment)
        if not isinstance(resolved.contents, dict) or not is_schema_position(pointer):
            self._problem(str(location.document.path), pointer_join(location.pointer, "$ref"), f"$ref {reference!r} points at no schema")
            return None
        parts = pointer.split("/")
        path = (parts[-1],) if len(parts) == 3 and parts[1] == "definitions" else location.path
        return resolved.contents, Location(document, pointer, path)

    def _kind(self, node: Any, location: Location) -> str:
        """The node's declared type ("enum" for a string enum); any keyword we cannot enforce is a problem."""
        declared = node.get("type")
        if declared is None and "enum" in node:
            declared = "string"
        if declared is None and not VALIDATION.intersection(node):
            return "any"  # no constraint at all: any JSON value
        if not isinstance(declared, str) or declared not in SUPPORTED:
            self._problem(str(location.document.path), location.pointer, f"unsupported type {declared!r}: give one of {', '.join(SUPPORTED)}")
            return "string"
        for key in node:
            if key not in VALIDATION or key in SUPPORTED[declared]:
                continue
            if any(key in keys for group, keys in TYPE_SPECIFIC.items() if group not in (declared, _group(declared))):
                continue  # validators ignore a keyword of another type
            self._problem(str(location.document.path), pointer_join(location.pointer, key), f"unsupported keyword {key!r}: the generated model could not enforce it")
        return "enum" if declared == "string" and "enum" in node else declared

    def _primitive(self, node: dict[str, Any], location: Location, kind: str) -> Primitive:
        if kind == "string":
            fmt = node.get("format")
            if fmt is not None and fmt not in SUPPORTED_FORMATS:
                self._problem(str(location.document.path), pointer_join(location.pointer, "format"), f"unsupported format {fmt!r} (supported: {', '.join(SUPPORTED_FORMATS)})")
            string_kind: PrimitiveKind = SUPPORTED_FORMATS.get(fmt, "string") if isinstance(fmt, str) else "string"
            self._check_limits(node, location, ("minLength", "maxLength"))
            return Primitive(string_kind, min_length=node.get("minLength"), max_length=node.get("maxLength"))
        if kind == "any":
            return Primitive("any")
        if kind in ("integer", "number"):
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
        return Primitive("boolean")

    def _string_type(self, primitive: Primitive, location: Location) -> Primitive | Ref:
        """A string that is only length-limited, at a length the specification names, is that named type."""
        name = self.data.string_types.get(primitive.max_length or -1)
        if primitive.kind != "string" or name is None or primitive.min_length is not None:
            return primitive
        return self._register(AliasType(name, Primitive("string", max_length=primitive.max_length), None, (location.origin,)))

    def _array(self, node: dict[str, Any], location: Location) -> ArrayOf:
        if node.get("uniqueItems"):
            self._problem(str(location.document.path), pointer_join(location.pointer, "uniqueItems"), "unsupported keyword 'uniqueItems': the generated model could not enforce it")
        items = node.get("items")
        if not isinstance(items, dict):
            self._problem(str(location.document.path), location.pointer, "an array needs one schema in 'items'")
            return ArrayOf(Primitive("string"))
        self._check_limits(node, location, ("minItems", "maxItems"))
        return ArrayOf(self._type(items, location.items()), node.get("minItems"), node.get("maxItems"))

    def _check_limits(self, node: dict[str, Any], location: Location, keywords: tuple[str, ...]) -> None:
        for keyword in keywords:
            if node.get(keyword, 0) > SIZE_CEILINGS[keyword]:
                self._problem(
                    str(location.document.path), pointer_join(location.pointer, keyword),
                    f"{keyword} {node[keyword]} is over {SIZE_CEILINGS[keyword]:,}, the largest supported",
                )

    def _enum(self, node: dict[str, Any], location: Location, name: str) -> EnumType:
        members: list[EnumMember] = []
        for index, value in enumerate(node["enum"]):
            pointer = pointer_join(location.pointer, "enum", index)
            if not isinstance(value, str):
                self._problem(str(location.document.path), pointer, f"enum value {value!r} is not a string")
                continue
            python_name = naming.enum_member_name(value, self.data.enum_member_names, RESERVED_MEMBERS)
            if python_name is None:
                self._problem(str(location.document.path), pointer, f"enum value {value!r} gives no Python identifier; name it in enum_member_names")
                continue
            clash = next((m for m in members if m.python_name == python_name), None)
            if clash is not None:
                self._problem(str(location.document.path), pointer, f"enum values {clash.value!r} and {value!r} both become {python_name!r}")
                continue
            members.append(EnumMember(python_name, value))
        return EnumType(name, tuple(members), _description(node), (location.origin,))

    def _object(self, node: dict[str, Any], location: Location, name: str) -> ObjectType:
        if not naming.is_safe_identifier(name):
            self._problem(str(location.document.path), location.pointer, f"type name {name!r} is not a Python identifier")
        if node.get("type", "object") != "object":
            self._problem(str(location.document.path), location.pointer, f"{name} must be an object")
            return ObjectType(name, (), True)
        properties = node.get("properties", {})
        required = set(node.get("required", []))
        for missing in sorted(required - set(properties)):
            self._problem(str(location.document.path), pointer_join(location.pointer, "required"), f"requires {missing!r}, which is not a property")
        additional = node.get("additionalProperties", True)
        if not isinstance(additional, bool):
            self._problem(str(location.document.path), pointer_join(location.pointer, "additionalProperties"), "only true or false is supported here")
        fields = [self._field(wire, schema, location.property(wire), wire in required) for wire, schema in properties.items()]
        by_python_name: dict[str, str] = {}
        for item in fields:
            if item.python_name in by_python_name:
                self._problem(str(location.document.path), pointer_join(location.pointer, "properties", item.wire_name),
                              f"properties {by_python_name[item.python_name]!r} and {item.wire_name!r} both become {item.python_name!r}")
            by_python_name[item.python_name] = item.wire_name
        return ObjectType(name, tuple(fields), additional is False, _description(node), (location.origin,))

    def _field(self, wire_name: str, node: Any, location: Location, required: bool) -> Field:
        python_name = naming.attribute_name(wire_name, RESERVED_ATTRIBUTES)
        if python_name is None:
            self._problem(str(location.document.path), location.pointer, f"property {wire_name!r} gives no Python identifier")
            python_name = "invalid"
        if not isinstance(node, dict):
            self._problem(str(location.document.path), location.pointer, "a property schema must be an object")
            return Field(wire_name, python_name, Primitive("string"), required)
        return Field(wire_name, python_name, self._type(node, location), required, _description(node))

    # --- names and the consistency lint ------------------------------------------------

    def _name_for(self, location: Location) -> str | None:
        """The longest type-name rule matching the path wins; a definition keeps its key otherwise."""
        matches = [(len(segments), name, key) for segments, name, key in self.rules if location.path[-len(segments):] == segments]
        if matches:
            longest = max(length for length, _, _ in matches)
            best = {(name, key) for length, name, key in matches if length == longest}
            self.used_rules.update(key for _, key in best)
            if len({name for name, _ in best}) > 1:
                keys = ", ".join(sorted(key for _, key in best))
                self._problem(str(location.document.path), location.pointer, f"type-name rules {keys} match equally and disagree")
            return min(name for name, _ in best)
        if location.pointer.startswith("/definitions/") and location.pointer.count("/") == 2:
            return location.path[-1]
        return None

    def _fallback(self, location: Location) -> str:
        name = naming.pascal_case([p.replace("[]", "") for p in location.path])
        self.warnings.append(
            f"{location.origin}: no specification name for this type; calling it {name} "
            f"(name it under [type_names] in {self.data.path.name})"
        )
        return name

    def _register(self, named: NamedType) -> Ref:
        if not naming.is_safe_identifier(named.name):
            origin = named.origins[0]
            self._problem(origin.file, origin.pointer, f"type name {named.name!r} is not a Python identifier")
            return Ref(named.name)
        known = self.types.get(named.name)
        if known is None:
            self.types[named.name] = named
            return Ref(named.name)
        differences = _differences(known, named)
        if differences:
            here, there = named.origins[0], known.origins[0]
            self._problem(
                here.file,
                here.pointer,
                f"defines {named.name} unlike {there}: {'; '.join(differences)}. "
                "Make them equal with an erratum in the errata directory.",
            )
        elif named.origins[0] not in known.origins:
            self.types[named.name] = replace(known, origins=known.origins + named.origins)
        return Ref(named.name)

    def _problem(self, source: str, pointer: str, message: str) -> None:
        """Record a problem; `source` is a path, or a file name of the schema set."""
        document = self.schema_set.document(source)
        self.problems.append(Problem(str(document.path) if document else source, pointer, message))


def _group(declared: str) -> str:
    return "numeric" if declared in ("integer", "number") else declared


def _description(node: dict[str, Any]) -> str | None:
    text = node.get("description")
    return text if isinstance(text, str) and text.strip() else None


def _document_uri(document: SchemaDocument) -> str:
    return f"file:///schemas/{document.file_name}"


def _registry(schema_set: SchemaSet) -> referencing.Registry[Any]:
    resources = [
        (
            _document_uri(d),
            SPECIFICATIONS[d.draft].create_resource({k: v for k, v in d.content.items() if k not in ("$id", "id")}),
        )
        for d in schema_set.documents
    ]
    return referencing.Registry().with_resources(resources)


# --- describing how two definitions of one type differ ----------------------------------


def _differences(first: NamedType, second: NamedType) -> list[str]:
    """What the second definition of a type says differently from the first; empty when the same."""
    if type(first) is not type(second):
        return [f"{_kind_name(second)} here, {_kind_name(first)} there"]
    if isinstance(first, EnumType) and isinstance(second, EnumType):
        return _enum_differences(first, second)
    if isinstance(first, ObjectType) and isinstance(second, ObjectType):
        return _object_differences(first, second)
    assert isinstance(first, AliasType) and isinstance(second, AliasType)
    if first.target != second.target:
        return [f"{describe_type(second.target)} here, {describe_type(first.target)} there"]
    return []


def _kind_name(named: NamedType) -> str:
    return {ObjectType: "an object", EnumType: "an enum", AliasType: "a scalar"}[type(named)]


def _enum_differences(first: EnumType, second: EnumType) -> list[str]:
    first_values = [m.value for m in first.members]
    second_values = [m.value for m in second.members]
    differences = []
    if only_here := [v for v in second_values if v not in first_values]:
        differences.append(f"values {only_here} only here")
    if only_there := [v for v in first_values if v not in second_values]:
        differences.append(f"values {only_there} only there")
    return differences


def _object_differences(first: ObjectType, second: ObjectType) -> list[str]:
    differences = []
    first_fields = {f.wire_name: f for f in first.fields}
    second_fields = {f.wire_name: f for f in second.fields}
    for wire_name in second_fields.keys() - first_fields.keys():
        differences.append(f"property {wire_name!r} only here")
    for wire_name in first_fields.keys() - second_fields.keys():
        differences.append(f"property {wire_name!r} only there")
    for wire_name in first_fields.keys() & second_fields.keys():
        here, there = second_fields[wire_name], first_fields[wire_name]
        if here.type != there.type:
            differences.append(f"property {wire_name!r} is {describe_type(here.type)} here, {describe_type(there.type)} there")
        if here.required != there.required:
            differences.append(f"property {wire_name!r} is {'required' if here.required else 'optional'} here only")
    if first.closed != second.closed:
        differences.append(f"additionalProperties {not second.closed} here, {not first.closed} there")
    return sorted(differences)


def describe_type(type_ref: TypeRef) -> str:
    """A short human description: `string (maxLength 20)`, `array of SampledValue (minItems 1)`."""
    if isinstance(type_ref, Ref):
        return type_ref.name
    if isinstance(type_ref, ArrayOf):
        return f"array of {describe_type(type_ref.items)}{_limits(type_ref.constraints())}"
    return f"{type_ref.kind}{_limits(type_ref.constraints())}"


def _limits(constraints: dict[str, Any]) -> str:
    given = ", ".join(f"{keyword} {value}" for keyword, value in constraints.items())
    return f" ({given})" if given else ""
