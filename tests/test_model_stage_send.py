"""The model stage on a SEND action (OCPP-J 2.1): one schema file, one message, no response."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import ModelResult, build_protocol
from ocpp_codegen.protocol_data import ActionInfo, load_protocol_data

from .model_stage_helpers import EMPTY, obj, write_set


def _build(directory: Path, reading: dict[str, Any]) -> ModelResult:
    files = {"PingRequest": EMPTY, "PingResponse": EMPTY, "Reading": reading}
    data = replace(
        load_protocol_data(),
        path=directory / "tiny.toml",
        name="Tiny",
        request_file="{action}Request.json",
        response_file="{action}Response.json",
        send_file="{action}.json",
        actions=(ActionInfo("Ping", "Both", "Core"),),
        sends=(ActionInfo("Reading", "ChargePoint", "Core", "send"),),
        type_names={},
        string_types={},
        enum_member_names={},
    )
    return build_protocol(load_schema_set([write_set(directory / "schemas", files)], None), data)


def test_a_send_action_is_one_message_named_after_its_file_with_no_response(tmp_path: Path) -> None:
    result = _build(tmp_path, obj({"value": {"type": "number"}}, ["value"]))
    [send] = result.protocol.sends
    assert (send.name, send.initiator, send.request.name, send.request.file) == (
        "Reading",
        "ChargePoint",
        "Reading",
        "Reading.json",
    )
    assert [(f.wire_name, f.required) for f in send.request.body.fields] == [("value", True)]
    assert [a.name for a in result.protocol.actions] == ["Ping"] and result.warnings == ()
    assert [m.name for m in result.protocol.messages] == ["PingRequest", "PingResponse", "Reading"]


def test_a_send_whose_message_has_a_type_s_name_is_a_problem_naming_its_file(tmp_path: Path) -> None:
    clash = obj({"inner": {"$ref": "#/definitions/Reading"}}, definitions={"Reading": obj({})})
    with pytest.raises(GenerationError, match=r"Reading.json: message Reading has the name of a type"):
        _build(tmp_path, clash)
