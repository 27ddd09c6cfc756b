"""What every generated model shares: strict types, wire names, and the two wire methods.

- Attributes are snake_case; on the wire each field has its camelCase name (`wire_name`).
  Python code may construct a model by either name; `from_wire` accepts wire names only.
- Types are strict, as the schemas are: no "1" for an integer, no 1.0 for a draft-04
  integer, no naive date-time, no unknown property, no NaN or infinity for a number (JSON
  has none, and a model must be able to send back what it read).
- An optional field is `Omittable[...]`: absent on the wire, None in Python. The schemas
  never allow null, so a null on the wire is rejected, not read as "absent".
- An untyped property (`JsonAny`: any JSON value, null included) is not `Omittable`: it is
  sent when it was read or given, None as null, and left out when it was not.
- The keys an open object (customData) does not list are kept as they came, null values too.

Both nulls are written back by the model's own serializer, so that they survive
`exclude_none`, which every writer uses to leave out the optional fields that are None.
"""

from __future__ import annotations

from typing import Annotated, Any, Self, TypeAlias, TypeVar

from pydantic import (
    AliasGenerator,
    BaseModel,
    ConfigDict,
    GetCoreSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
)
from pydantic_core import CoreSchema, core_schema

from ._scalars import UNTYPED


def wire_name(attribute: str) -> str:
    """The name an attribute has on the wire: `connector_id` -> `connectorId`."""
    first, *rest = attribute.split("_")
    return first + "".join(word[:1].upper() + word[1:] for word in rest)


class OcppModel(BaseModel):
    """Base of every request, response and datatype model."""

    model_config = ConfigDict(
        strict=True,
        allow_inf_nan=False,
        extra="forbid",
        alias_generator=AliasGenerator(
            validation_alias=wire_name, serialization_alias=wire_name
        ),
        validate_by_name=True,
        validate_by_alias=True,
        serialize_by_alias=True,
        # Each model's validator is built at its first use, not at import: a program pays
        # only for the messages it handles (benchmarked with `make bench`).
        defer_build=True,
    )

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: type[BaseModel], handler: GetCoreSchemaHandler, /
    ) -> CoreSchema:
        schema = handler(source)
        _reject_null_on_the_wire(schema)
        _write_nulls_back(schema, cls.model_config.get("extra") == "allow")
        return schema

    @classmethod
    def from_wire(cls, payload: str | bytes | bytearray) -> Self:
        """Validate a payload as it travels: JSON text, wire names, every schema constraint."""
        return cls.model_validate_json(payload, by_alias=True, by_name=False)

    def to_wire(self) -> str:
        """The payload as JSON text: wire names, optional fields that are None left out."""
        return self.model_dump_json(by_alias=True, exclude_none=True)

    def to_wire_dict(self) -> dict[str, Any]:
        """The payload as a JSON-compatible dict, for code that builds JSON itself."""
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)


class OpenOcppModel(OcppModel):
    """Base of a model whose schema allows properties it does not list; they are kept."""

    model_config = ConfigDict(extra="allow")


_NULL_REJECTED_ON_THE_WIRE = "ocpp_null_rejected_on_the_wire"


class _NullRejectedOnTheWire:
    """Marks an optional field to reject null in JSON while Python code may still pass None.

    The field's schema stays `nullable` here, so that pydantic puts the constraints given
    after it (`Annotated[Omittable[str], Field(max_length=20)]`) into the inner schema, where
    pydantic-core checks them and None never meets them. The model then makes the field
    refuse null in JSON (`_reject_null_on_the_wire`)."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        schema = handler(source)
        if schema["type"] != "nullable":
            return schema
        return core_schema.nullable_schema(
            schema["schema"],
            strict=schema.get("strict"),
            ref=schema.get("ref"),
            metadata={**schema.get("metadata", {}), _NULL_REJECTED_ON_THE_WIRE: True},
            serialization=schema.get("serialization"),
        )


def _reject_null_on_the_wire(schema: Any) -> None:
    """Each marked field of the model's schema: null refused in JSON, None taken in Python."""
    while schema["type"] in ("definitions", "model"):
        schema = schema["schema"]
    if schema["type"] != "model-fields":
        return
    for field in schema["fields"].values():
        holder = field
        while holder["schema"]["type"] == "default":
            holder = holder["schema"]
        inner = holder["schema"]
        if inner.get("metadata", {}).get(_NULL_REJECTED_ON_THE_WIRE):
            holder["schema"] = core_schema.json_or_python_schema(
                json_schema=inner["schema"], python_schema=inner
            )


_T = TypeVar("_T")

Omittable: TypeAlias = Annotated[_T | None, _NullRejectedOnTheWire()]
"""An optional field: may be absent on the wire (None in Python), never null on the wire."""


def _write_nulls_back(schema: Any, open_model: bool) -> None:
    """Give the model a serializer that writes back, after `exclude_none` left them out, the
    nulls the schemas allow: an open model's extra keys, and an untyped property given null.
    A model with neither keeps pydantic-core's serializer alone."""
    while schema["type"] == "definitions":
        schema = schema["schema"]
    if schema["type"] != "model" or schema["schema"]["type"] != "model-fields":
        return
    fields = schema["schema"]["fields"]
    untyped = tuple(
        (name, field.get("serialization_alias") or name)
        for name, field in fields.items()
        if _is_untyped(field["schema"])
    )
    if untyped or open_model:
        schema["serialization"] = core_schema.wrap_serializer_function_ser_schema(
            _NullsWrittenBack(untyped, open_model), info_arg=True
        )


def _is_untyped(schema: Any) -> bool:
    while schema["type"] in ("default", "nullable"):
        schema = schema["schema"]
    return bool(schema.get("metadata", {}).get(UNTYPED))


class _NullsWrittenBack:
    """The model's serializer: pydantic-core's, then the nulls it left out put back."""

    def __init__(self, untyped: tuple[tuple[str, str], ...], open_model: bool) -> None:
        self.untyped = untyped  # (attribute, wire name) of each untyped property
        self.open_model = open_model

    def __call__(
        self,
        model: BaseModel,
        handler: SerializerFunctionWrapHandler,
        info: SerializationInfo,
    ) -> Any:
        data = handler(model)
        if not isinstance(data, dict):
            return data
        by_alias = info.by_alias is not False
        for attribute, wire in self.untyped:
            if (
                attribute in model.model_fields_set
                and getattr(model, attribute) is None
            ):
                data[wire if by_alias else attribute] = None
        if self.open_model and model.model_extra:
            data.update(model.model_extra)  # as they came: nulls inside them too
        return data
