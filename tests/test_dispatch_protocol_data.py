"""The dispatcher's protocol knowledge comes from the protocol data file (`[rpc]`), checked on load."""

from __future__ import annotations

import asyncio
import importlib
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL, load_protocol_data
from ocpp_codegen.render import render_package

from .conftest import ERRATA
from .helpers import import_package


def _protocol_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = DEFAULT_PROTOCOL.read_text()
    assert old in text
    path = tmp_path / "protocol.toml"
    path.write_text(text.replace(old, new))
    return path


def _problems(path: Path) -> list[str]:
    with pytest.raises(GenerationError) as caught:
        load_protocol_data(path)
    return [str(problem) for problem in caught.value.problems]


def test_protocol_data_without_the_rpc_table_is_refused_with_its_pointer(tmp_path: Path) -> None:
    text = DEFAULT_PROTOCOL.read_text()
    path = tmp_path / "protocol.toml"
    path.write_text(text[: text.index("[rpc]")])
    assert any(problem.startswith(f"{path}#/rpc: missing table") for problem in _problems(path))


def test_an_answer_must_name_one_of_the_error_codes(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'unknown_action = "NotImplemented"', 'unknown_action = "Teapot"')
    assert f"{path}#/rpc/answers/unknown_action: must name one of the codes in /rpc/error_codes" in _problems(path)


def test_every_problem_needs_an_answer(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'handler_failed = "InternalError"', "")
    assert f"{path}#/rpc/answers/handler_failed: must name one of the codes in /rpc/error_codes" in _problems(path)


def test_an_unknown_problem_is_refused(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, "[rpc.answers]\n", '[rpc.answers]\ncosmic_rays = "GenericError"\n')
    assert any("/rpc/answers/cosmic_rays: unknown problem" in problem for problem in _problems(path))


def test_the_generated_dispatcher_answers_with_the_codes_the_data_names(official_schemas: Path, tmp_path: Path) -> None:
    path = _protocol_copy(
        tmp_path, 'missing_property = "OccurenceConstraintViolation"', 'missing_property = "ProtocolError"'
    )
    protocol = build_protocol(load_schema_set([official_schemas], ERRATA), load_protocol_data(path)).protocol
    dispatch = render_package(protocol, "0" * 64)["dispatch.py"]
    assert "missing_property=ErrorCode.protocol_error," in dispatch
    assert "_UNIQUE_ID_MAX_LENGTH" not in dispatch and "UNIQUE_ID_MAX_LENGTH: Final = 36" in dispatch


def test_an_action_that_would_shadow_an_endpoint_method_stops_generation(
    official_schemas: Path, tmp_path: Path
) -> None:
    schemas = tmp_path / "schemas"
    shutil.copytree(official_schemas, schemas)
    for source, target, title in (
        ("Heartbeat.json", "Close.json", "CloseRequest"),
        ("HeartbeatResponse.json", "CloseResponse.json", "CloseResponse"),
    ):
        content = json.loads((schemas / source).read_text(encoding="utf-8-sig"))
        content["title"] = title
        (schemas / target).write_text(json.dumps(content))
    path = _protocol_copy(
        tmp_path, "[actions]\n", '[actions]\nClose = { initiator = "ChargePoint", profile = "Core" }\n'
    )
    protocol = build_protocol(load_schema_set([schemas], ERRATA), load_protocol_data(path)).protocol
    with pytest.raises(GenerationError, match="endpoint method .close. is already an attribute of"):
        render_package(protocol, "0" * 64)


def test_an_identity_pattern_that_is_not_a_regular_expression_is_refused(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, "identity_pattern = '", "identity_pattern = '(")
    assert any(
        problem.startswith(f"{path}#/rpc/identity_pattern: not a regular expression") for problem in _problems(path)
    )


def test_the_generated_transport_checks_identities_with_the_pattern_the_data_names(
    official_schemas: Path, tmp_path: Path
) -> None:
    path = _protocol_copy(tmp_path, "{1,48}'", "{1,20}'")
    protocol = build_protocol(load_schema_set([official_schemas], ERRATA), load_protocol_data(path)).protocol
    constants = render_package(protocol, "0" * 64)["_websocket.py"]
    line = next(line for line in constants.splitlines() if line.startswith("IDENTITY_PATTERN: Final = "))
    assert "[A-Za-z0-9*_=+@.|-]{1,20}" in line


def test_a_side_without_a_title_is_refused_with_its_pointer(tmp_path: Path) -> None:
    path = _protocol_copy(
        tmp_path, 'server = { name = "CentralSystem", title = "Central System" }', 'server = { name = "CentralSystem" }'
    )
    assert f"{path}#/sides/server: needs a name and a title" in _problems(path)


def test_an_initiator_that_names_no_side_is_refused(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'Heartbeat = { initiator = "ChargePoint"', 'Heartbeat = { initiator = "Meter"')
    assert any(
        problem.startswith(f"{path}#/actions/Heartbeat: needs initiator (one of ChargePoint, CentralSystem, Both)")
        for problem in _problems(path)
    )


def test_the_sides_names_become_the_handler_classes(official_schemas: Path, tmp_path: Path) -> None:
    text = (
        DEFAULT_PROTOCOL.read_text()
        .replace('"CentralSystem"', '"Backend"')
        .replace('title = "Central System"', 'title = "Back End"')
    )
    path = tmp_path / "protocol.toml"
    path.write_text(text)
    protocol = build_protocol(load_schema_set([official_schemas], ERRATA), load_protocol_data(path)).protocol
    dispatch = render_package(protocol, "0" * 64)["dispatch.py"]
    assert "class Backend(Endpoint):" in dispatch and "The Back End's end of one connection" in dispatch
    assert "class CentralSystem" not in dispatch


def _generated_dispatch(official_schemas: Path, tmp_path: Path, path: Path, name: str) -> Any:
    """The dispatch module of a package generated from the official schemas and this protocol data."""
    out = tmp_path / name
    generate(Inputs((official_schemas,), ERRATA, path), out)
    import_package(out, name)
    return importlib.import_module(f"{name}.dispatch")


def test_message_types_that_are_not_small_distinct_integers_are_refused(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, "call_result = 3\n", "call_result = 2\n")
    assert f"{path}#/rpc/message_types: each message type needs a number of its own" in _problems(path)
    path = _protocol_copy(tmp_path, "call_error = 4\n", 'call_error = "4"\n')
    assert f"{path}#/rpc/message_types/call_error: must be an integer from 0 to 9" in _problems(path)


def test_an_unknown_message_type_policy_is_refused(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'unknown_message_type = "answer"', 'unknown_message_type = "shrug"')
    assert f"{path}#/rpc/unknown_message_type: must be one of answer, ignore" in _problems(path)


def test_a_dispatcher_told_to_ignore_unknown_message_types_drops_them(official_schemas: Path, tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'unknown_message_type = "answer"', 'unknown_message_type = "ignore"')
    dispatch = _generated_dispatch(official_schemas, tmp_path, path, "ignoring_ocpp16")

    async def _nowhere(frame: str) -> None:
        pass

    endpoint = dispatch.CentralSystem(_nowhere, "CP_1")
    assert asyncio.run(endpoint.receive('[6,"id-1","Heartbeat",{}]')) is None
    assert json.loads(asyncio.run(endpoint.receive('[2,"id-2","Heartbeat",{"x":1}]')))[2] == "FormationViolation"


def test_the_dispatcher_reads_frames_by_the_message_type_numbers_of_the_data(
    official_schemas: Path, tmp_path: Path
) -> None:
    path = _protocol_copy(tmp_path, "call = 2\n", "call = 7\n")
    dispatch = _generated_dispatch(official_schemas, tmp_path, path, "renumbered_ocpp16")

    async def _nowhere(frame: str) -> None:
        pass

    endpoint = dispatch.CentralSystem(_nowhere, "CP_1")
    assert json.loads(asyncio.run(endpoint.receive('[7,"id-1","Heartbeat",{}]'))) == [
        4,
        "id-1",
        "NotSupported",
        "this Central System does not support Heartbeat",
        {},
    ]
    assert json.loads(asyncio.run(endpoint.receive('[2,"id-2","Heartbeat",{}]')))[1:3] == ["-1", "FormationViolation"]


def test_callresulterror_and_send_are_optional_message_types_of_the_data(
    official_schemas: Path, tmp_path: Path
) -> None:
    path = _protocol_copy(tmp_path, "call_error = 4\n", "call_error = 4\ncall_result_error = 5\nsend = 6\n")
    protocol = build_protocol(load_schema_set([official_schemas], ERRATA), load_protocol_data(path)).protocol
    dispatch = render_package(protocol, "0" * 64)["dispatch.py"]
    assert "call_result_error=5," in dispatch and "send=6," in dispatch
    assert "call_result_error=" not in render_package(_default_protocol(official_schemas), "0" * 64)["dispatch.py"]


def _default_protocol(official_schemas: Path) -> Any:
    return build_protocol(load_schema_set([official_schemas], ERRATA), load_protocol_data(DEFAULT_PROTOCOL)).protocol


def test_an_optional_message_type_must_be_a_small_integer_of_its_own(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, "call_error = 4\n", 'call_error = 4\nsend = "6"\n')
    assert f"{path}#/rpc/message_types/send: must be an integer from 0 to 9" in _problems(path)
    path = _protocol_copy(tmp_path, "call_error = 4\n", "call_error = 4\ncall_result_error = 3\n")
    assert f"{path}#/rpc/message_types: each message type needs a number of its own" in _problems(path)
    path = _protocol_copy(tmp_path, "call_error = 4\n", "call_error = 4\nheartbeat = 9\n")
    assert any("/rpc/message_types/heartbeat: not a message type the dispatcher has" in p for p in _problems(path))
