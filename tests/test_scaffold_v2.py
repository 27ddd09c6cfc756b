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


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("side", SIDES)
def test_the_starter_has_a_stub_for_every_action_the_side_answers(
    name: str, side: str, starters: dict[tuple[str, str], Path]
) -> None:
    data = load_protocol_data(shipped.SCHEMA_SETS[name].protocol)
    peer = "Csms" if SIDES[side] == "ChargingStation" else "ChargingStation"
    answered = {a.name for a in data.actions if a.initiator in (peer, data.sides.either.name)}
    tree = ast.parse(starters[name, side].read_text(encoding="utf-8"))
    stubs = {
        node.name for node in ast.walk(tree) if isinstance(node, ast.AsyncFunctionDef) and node.name.startswith("on_")
    }
    assert len(stubs) == len(answered) and answered


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
