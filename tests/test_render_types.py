"""One mapping from primitives to Python types: the named scalars' annotations and the schema
datamodel-code-generator reads for the models say the same type."""

from __future__ import annotations

import pytest

from ocpp_codegen.ir import AliasType, Primitive, PrimitiveKind
from ocpp_codegen.render import alias_annotation
from ocpp_codegen.render_types import PRIMITIVE_TYPES, model_schema, python_type

PACKAGE = "pkg"


@pytest.mark.parametrize("kind", list(PRIMITIVE_TYPES))
def test_every_primitive_kind_has_a_python_type(kind: PrimitiveKind) -> None:
    assert python_type(Primitive(kind))[0] is PRIMITIVE_TYPES[kind]


def test_a_builtin_is_given_to_the_models_as_its_json_type_with_its_constraints() -> None:
    assert model_schema(Primitive("string", max_length=20), PACKAGE) == {"type": "string", "maxLength": 20}


def test_a_draft_06_integer_is_the_package_s_integral_number_in_models_and_aliases() -> None:
    primitive = Primitive("integral_number", minimum=1)
    assert model_schema(primitive, PACKAGE) == {
        "type": "integer",
        "minimum": 1,
        "x-python-type": "pkg.primitives.IntegralNumber",
    }
    assert alias_annotation(AliasType("Count", primitive)) == "Annotated[IntegralNumber, Field(ge=1)]"


def test_a_number_with_a_step_is_the_step_s_type_which_takes_the_multiple_of() -> None:
    primitive = Primitive("number", maximum=5, multiple_of=0.1)
    assert model_schema(primitive, PACKAGE) == {
        "type": "number",
        "maximum": 5,
        "x-python-type": "pkg.primitives.NumberMultipleOf0_1",
    }
    assert alias_annotation(AliasType("Rate", primitive)) == "Annotated[NumberMultipleOf0_1, Field(le=5)]"


@pytest.mark.parametrize(("kind", "name"), [("datetime", "DateTime"), ("uri", "Uri"), ("any", "JsonAny")])
def test_a_type_imported_by_name_is_the_same_name_in_models_and_aliases(kind: PrimitiveKind, name: str) -> None:
    assert model_schema(Primitive(kind), PACKAGE) == {"$ref": f"#/definitions/{name}"}
    assert alias_annotation(AliasType("X", Primitive(kind))) == name
