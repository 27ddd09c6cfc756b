"""The consistency lint's words: how two definitions of one specification type differ."""

from __future__ import annotations

from typing import Any

from ..ir import AliasType, ArrayOf, EnumType, NamedType, ObjectType, Ref, TypeRef


def differences(first: NamedType, second: NamedType) -> list[str]:
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


def describe_type(type_ref: TypeRef) -> str:
    """A short human description: `string (maxLength 20)`, `array of SampledValue (minItems 1)`."""
    if isinstance(type_ref, Ref):
        return type_ref.name
    if isinstance(type_ref, ArrayOf):
        return f"array of {describe_type(type_ref.items)}{_limits(type_ref.constraints())}"
    return f"{type_ref.kind}{_limits(type_ref.constraints())}"


def _kind_name(named: NamedType) -> str:
    return {ObjectType: "an object", EnumType: "an enum", AliasType: "a scalar"}[type(named)]


def _enum_differences(first: EnumType, second: EnumType) -> list[str]:
    first_values = [m.value for m in first.members]
    second_values = [m.value for m in second.members]
    found = []
    if only_here := [v for v in second_values if v not in first_values]:
        found.append(f"values {only_here} only here")
    if only_there := [v for v in first_values if v not in second_values]:
        found.append(f"values {only_there} only there")
    return found


def _object_differences(first: ObjectType, second: ObjectType) -> list[str]:
    found = []
    first_fields = {f.wire_name: f for f in first.fields}
    second_fields = {f.wire_name: f for f in second.fields}
    for wire_name in second_fields.keys() - first_fields.keys():
        found.append(f"property {wire_name!r} only here")
    for wire_name in first_fields.keys() - second_fields.keys():
        found.append(f"property {wire_name!r} only there")
    for wire_name in first_fields.keys() & second_fields.keys():
        here, there = second_fields[wire_name], first_fields[wire_name]
        if here.type != there.type:
            found.append(
                f"property {wire_name!r} is {describe_type(here.type)} here, {describe_type(there.type)} there"
            )
        if here.required != there.required:
            found.append(f"property {wire_name!r} is {'required' if here.required else 'optional'} here only")
    if first.closed != second.closed:
        found.append(f"additionalProperties {not second.closed} here, {not first.closed} there")
    return sorted(found)


def _limits(constraints: dict[str, Any]) -> str:
    given = ", ".join(f"{keyword} {value}" for keyword, value in constraints.items())
    return f" ({given})" if given else ""
