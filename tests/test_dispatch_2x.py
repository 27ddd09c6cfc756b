"""OCPP-J 2.0.1 and 2.1 in the generated dispatchers: their codes, their message types, CALLRESULTERROR.

Each package is generated from its pinned schema set and protocol data; the endpoints get frames
as text, as in the 1.6 dispatcher tests.
"""

from __future__ import annotations

import asyncio
import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY, load_protocol_data
from ocpp_codegen.render import render_package

from .helpers import import_package


def _dispatch(schemas: Path, protocol: str, out: Path) -> ModuleType:
    """The dispatch module of the package as rendered (not formatted: the same code, quicker)."""
    data = load_protocol_data(PROTOCOLS_DIRECTORY / f"{protocol}.toml")
    model = build_protocol(load_schema_set([schemas], None), data)
    for path, text in render_package(model.protocol, "0" * 64).items():
        (out / path).write_text(text, encoding="utf-8")
    name = f"{protocol}_dispatch_2x"
    import_package(out, name)
    return importlib.import_module(f"{name}.dispatch")


@pytest.fixture(scope="module")
def ocpp201(schemas_201: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _dispatch(schemas_201, "ocpp201", tmp_path_factory.mktemp("ocpp201"))


@pytest.fixture(scope="module")
def ocpp21(schemas_21: Path, tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    return _dispatch(schemas_21, "ocpp21", tmp_path_factory.mktemp("ocpp21"))


async def _nowhere(frame: str) -> None:
    pass


def _reply(endpoint: Any, frame: str) -> list[Any] | None:
    reply = asyncio.run(endpoint.receive(frame))
    return None if reply is None else json.loads(reply)


def test_2_0_1_answers_an_unknown_message_type_with_message_type_not_supported(ocpp201: ModuleType) -> None:
    assert _reply(ocpp201.Csms(_nowhere, "CS-1"), '[5, "x-1", "BootNotification", {}]') == [
        4,
        "-1",
        "MessageTypeNotSupported",
        "the message type is not 2, 3 or 4",
        {},
    ]


def test_2_1_ignores_an_unknown_message_type(ocpp21: ModuleType) -> None:
    assert _reply(ocpp21.Csms(_nowhere, "CS-1"), '[7, "x-1", "BootNotification", {}]') is None


def test_2_x_spells_its_own_codes(ocpp201: ModuleType) -> None:
    csms = ocpp201.Csms(_nowhere, "CS-1")
    assert _reply(csms, '[2, "c-1", "BootNotification", {"reason": "PowerUp", "x": 1}]')[2] == "ProtocolError"  # type: ignore[index]
    assert _reply(csms, '[2, "c-2", "BootNotification"]')[2] == "RpcFrameworkError"  # type: ignore[index]
    assert _reply(csms, '[2, "c-3", "BootNotification", {"reason": "PowerUp"}]')[2] == "OccurrenceConstraintViolation"  # type: ignore[index]


def test_2_1_has_callresulterror_and_send_2_0_1_has_neither(ocpp201: ModuleType, ocpp21: ModuleType) -> None:
    assert (ocpp21.RULES.call_result_error, ocpp21.RULES.send) == (5, 6)
    assert (ocpp201.RULES.call_result_error, ocpp201.RULES.send) == (None, None)


def _invalid_result(dispatch: ModuleType) -> tuple[Any, str | None]:
    """A CSMS's GetVariables CALL answered with a CALLRESULT that does not validate."""

    async def scenario() -> tuple[Any, str | None]:
        csms = dispatch.Csms(_nowhere, "CS-1", unique_ids=lambda: "g-1")
        request = dispatch.GetVariablesRequest.from_wire(
            '{"getVariableData": [{"component": {"name": "OCPPCommCtrlr"}, "variable": {"name": "HeartbeatInterval"}}]}'
        )
        call = asyncio.create_task(csms.get_variables(request))
        await asyncio.sleep(0)
        back = csms.receive_frame('[3, "g-1", {"getVariableResult": "none"}]')
        return (await asyncio.gather(call, return_exceptions=True))[0], back

    return asyncio.run(scenario())


def test_2_1_answers_an_invalid_callresult_with_a_callresulterror(ocpp21: ModuleType) -> None:
    error, back = _invalid_result(ocpp21)
    assert isinstance(error, ocpp21.InvalidResponseError) and error.code == "TypeConstraintViolation"
    assert back is not None and json.loads(back)[:3] == [5, "g-1", "TypeConstraintViolation"]


def test_2_0_1_sends_nothing_back_for_an_invalid_callresult(ocpp201: ModuleType) -> None:
    error, back = _invalid_result(ocpp201)
    assert isinstance(error, ocpp201.InvalidResponseError) and back is None


def test_2_1_never_answers_a_send(ocpp21: ModuleType) -> None:
    frame = '[6, "s-1", "NotifyPeriodicEventStream", {"id": 1, "pending": 0, "basetime": "2026-11-25T12:00:00Z", "data": []}]'
    assert _reply(ocpp21.Csms(_nowhere, "CS-1"), frame) is None
