"""The one mapping from the IR's primitives to Python types, for every module the render stage writes.

A primitive is written as a builtin (`str`, `int`, `float`, `bool`) or as a type the package's
`primitives.py` (or pydantic) defines. Two kinds of number get a type of their own because
pydantic reads them unlike JSON Schema: a draft-06 "integer" (`IntegralNumber`: 3.0 is an
integer there) and a number with a `multipleOf` (`NumberMultipleOf0_1`: decided on decimal
values, without tolerance). Both the named-scalar annotations (`alias_annotation`) and the
schema datamodel-code-generator reads (`model_schema`) come from `python_type`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from .ir import Primitive, PrimitiveKind


@dataclass(frozen=True)
class PythonType:
    """How a primitive is written in the generated code."""

    name: str  # what an annotation says: `str`, `IntegralNumber`, `DateTime`
    home: str | None = None  # where it is imported from: `.primitives` (the package's), `pydantic`; None: a builtin
    # The JSON type that carries its constraints to datamodel-code-generator; None: the library
    # is told only the name, and imports it.
    json_type: str | None = None


PRIMITIVE_TYPES: dict[PrimitiveKind, PythonType] = {
    "string": PythonType("str", json_type="string"),
    "integer": PythonType("int", json_type="integer"),
    "number": PythonType("float", json_type="number"),
    "boolean": PythonType("bool", json_type="boolean"),
    "integral_number": PythonType("IntegralNumber", ".primitives", json_type="integer"),
    "datetime": PythonType("DateTime", ".primitives"),
    "uri": PythonType("Uri", ".primitives"),
    "any": PythonType("JsonAny", ".primitives"),
}


def python_type(primitive: Primitive) -> tuple[PythonType, Primitive]:
    """The Python type of a primitive, and the primitive with the constraints left to `Field(...)`."""
    if primitive.kind == "number" and primitive.multiple_of is not None:
        step = PythonType(number_step_name(primitive.multiple_of), ".primitives", json_type="number")
        return step, replace(primitive, multiple_of=None)
    return PRIMITIVE_TYPES[primitive.kind], primitive


def number_step_name(step: float) -> str:
    """`NumberMultipleOf0_1` for 0.1: the step's decimal digits, "_" for the point."""
    digits = format(Decimal(repr(step)), "f").replace(".", "_")
    return f"NumberMultipleOf{digits}"


def primitive_annotation(primitive: Primitive) -> str:
    """`str`, or `Annotated[str, Field(max_length=20)]` (the constraints are numbers: `repr` is their literal)."""
    python, rest = python_type(primitive)
    arguments = {
        "min_length": rest.min_length,
        "max_length": rest.max_length,
        "ge": rest.minimum,
        "le": rest.maximum,
        "gt": rest.exclusive_minimum,
        "lt": rest.exclusive_maximum,
        "multiple_of": rest.multiple_of,
    }
    constraints = ", ".join(f"{key}={value!r}" for key, value in arguments.items() if value is not None)
    return f"Annotated[{python.name}, Field({constraints})]" if constraints else python.name


def model_schema(primitive: Primitive, package: str) -> dict[str, Any]:
    """The primitive as datamodel-code-generator reads it; `package` is the import path that
    stands for the generated package."""
    python, rest = python_type(primitive)
    if python.json_type is None:
        return {"$ref": f"#/definitions/{python.name}"}
    schema: dict[str, Any] = {"type": python.json_type, **rest.constraints()}
    if python.home is not None:
        schema["x-python-type"] = import_path(python, package)
    return schema


def named_imports(package: str) -> dict[str, str]:
    """The types datamodel-code-generator is told only by name, and where it imports each from."""
    return {
        t.name: import_path(t, package) for t in PRIMITIVE_TYPES.values() if t.home is not None and t.json_type is None
    }


def package_types() -> list[str]:
    """The types of the package's `primitives.py` that carry constraints (besides the number steps)."""
    return [t.name for t in PRIMITIVE_TYPES.values() if t.home == ".primitives" and t.json_type is not None]


def import_path(python: PythonType, package: str) -> str:
    """`<package>.primitives.DateTime` for a type of the package, `pydantic.JsonValue` for a library's."""
    assert python.home is not None
    module = package + python.home if python.home.startswith(".") else python.home
    return f"{module}.{python.name}"
