"""Building the IR from a few schemas written on the spot, with protocol data made to measure."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

from ocpp_codegen.ir import ObjectType
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import ModelResult, build_protocol
from ocpp_codegen.protocol_data import ActionInfo, load_protocol_data

EMPTY = {"type": "object", "properties": {}}


def obj(properties: dict[str, Any], required: list[str] | None = None, **more: Any) -> dict[str, Any]:
    """An object schema with these properties."""
    return {"type": "object", "properties": properties, **({"required": required} if required else {}), **more}


def write_set(directory: Path, files: dict[str, dict[str, Any]]) -> Path:
    """Each schema as `<name>.json` in a fresh directory."""
    directory.mkdir(parents=True)
    for name, content in files.items():
        (directory / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    return directory


def build(
    directory: Path,
    files: dict[str, dict[str, Any]],
    *,
    actions: tuple[str, ...] = ("Ping",),
    type_names: dict[str, str] | None = None,
    string_types: dict[int, str] | None = None,
) -> ModelResult:
    """The model of a schema set whose actions' files are `<Action>.json` and `<Action>Response.json`.

    An action given a request and no response gets an empty one, so a test writes only what it is about.
    """
    files = {f"{a}Response": EMPTY for a in actions if a in files} | files
    schema_set = load_schema_set([write_set(directory / "schemas", files)], None)
    data = replace(
        load_protocol_data(),
        path=directory / "tiny.toml",
        name="Tiny",
        request_file="{action}.json",
        response_file="{action}Response.json",
        actions=tuple(ActionInfo(a, "Both", "Core") for a in actions),
        type_names=type_names or {},
        string_types=string_types or {},
        enum_member_names={},
    )
    return build_protocol(schema_set, data)


def request_body(result: ModelResult, action: str = "Ping") -> ObjectType:
    return next(a.request.body for a in result.protocol.actions if a.name == action)
