"""`ocpp-codegen scaffold --set ocpp201|ocpp21`: a starter for each side of each 2.x version, with a
stub for every action that side answers, mypy-strict clean against the committed package."""

from __future__ import annotations

import ast
import asyncio
import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from ocpp_codegen import shipped
from ocpp_codegen.protocol_data import load_protocol_data

from .conftest import REPO

Cli = Callable[..., tuple[int, str, str]]
SETS = ("ocpp201", "ocpp21")
SIDES = {"charging-station": "ChargingStation", "csms": "Csms"}


@pytest.fixture(scope="module")
def starters(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], Path]:
    from ocpp_codegen.cli import main

    directory = tmp_path_factory.mktemp("starters_v2")
    paths = {}
    for name in SETS:
        for side in SIDES:
            path = directory / f"my_{name}_{side.replace('-', '_')}.py"
            schemas = REPO / shipped.SCHEMA_SETS[name].schemas
            assert main(["scaffold", "--set", name, "--schemas", str(schemas), "--side", side, "--out", str(path)]) == 0
            paths[name, side] = path
    return paths


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _stubs(path: Path) -> dict[str, ast.AsyncFunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {
        node.name: node
        for node in ast.walk(tree)
        if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("on_")
    }


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("side", SIDES)
def test_the_starter_has_a_stub_for_every_call_and_send_the_side_receives(
    name: str, side: str, starters: dict[tuple[str, str], Path]
) -> None:
    data = load_protocol_data(shipped.SCHEMA_SETS[name].protocol)
    peer = "Csms" if SIDES[side] == "ChargingStation" else "ChargingStation"
    received = {a.name for a in (*data.actions, *data.sends) if a.initiator in (peer, data.sides.either.name)}
    endpoint = getattr(_load(starters[name, side]), "My" + SIDES[side])
    assert set(_stubs(starters[name, side])) == {handler for _, handler in endpoint._incoming}
    assert len(_stubs(starters[name, side])) == len(received) and received


def test_the_2_1_csms_starter_receives_notify_periodic_event_stream_with_a_stub_that_returns_none(
    starters: dict[tuple[str, str], Path],
) -> None:
    stub = _stubs(starters["ocpp21", "csms"]).get("on_notify_periodic_event_stream")
    assert stub is not None
    assert isinstance(stub.returns, ast.Constant) and stub.returns.value is None


def test_the_2x_starters_are_mypy_strict_clean(starters: dict[tuple[str, str], Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, starters.values())],
        env={**os.environ, "MYPYPATH": str(REPO / "generated")},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("name", SETS)
def test_a_2x_csms_starter_answers_not_supported_until_a_stub_is_filled_in(
    name: str, starters: dict[tuple[str, str], Path]
) -> None:
    module = _load(starters[name, "csms"])

    async def send(frame: str) -> None:
        pass

    reply = asyncio.run(module.MyCsms(send, "CS_1").receive('[2, "id-1", "Heartbeat", {}]'))
    assert json.loads(reply)[:3] == [4, "id-1", "NotSupported"]


def test_a_2_1_csms_starter_sends_nothing_back_for_a_send_until_its_stub_is_filled_in(
    starters: dict[tuple[str, str], Path],
) -> None:
    module = _load(starters["ocpp21", "csms"])

    async def send(frame: str) -> None:
        raise AssertionError(f"a SEND is never answered, yet {frame} went out")

    frame = '[6, "s-1", "NotifyPeriodicEventStream", {"id": 1, "pending": 0, "basetime": "2026-11-25T12:00:00Z", "data": []}]'
    assert asyncio.run(module.MyCsms(send, "CS_1").receive(frame)) is None
