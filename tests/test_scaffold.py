"""`ocpp-codegen scaffold`: a starter handler module per side, never written over an existing file."""

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

from ocpp_codegen.pipeline import Inputs, scaffold
from ocpp_codegen.write import is_generated
from ocpp16 import dispatch

from .conftest import ERRATA, GENERATED

Cli = Callable[..., tuple[int, str, str]]
SIDES = {"central-system": dispatch.CentralSystem, "charge-point": dispatch.ChargePoint}


@pytest.fixture(scope="module")
def starters(official_schemas: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    directory = tmp_path_factory.mktemp("starters")
    paths = {side: directory / f"my_{side.replace('-', '_')}.py" for side in SIDES}
    for side, path in paths.items():
        scaffold(Inputs((official_schemas,), ERRATA), side, "ocpp16", path)
    return paths


def _load(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("side", SIDES)
def test_the_starter_has_a_stub_for_every_action_the_side_answers(side: str, starters: dict[str, Path]) -> None:
    tree = ast.parse(starters[side].read_text())
    [starter] = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    stubs = {node.name for node in starter.body if isinstance(node, ast.AsyncFunctionDef)}
    assert stubs == {method for _, method in SIDES[side]._incoming}
    assert [base.id for base in starter.bases if isinstance(base, ast.Name)] == [SIDES[side].__name__]


def test_the_starters_are_mypy_strict_clean(starters: dict[str, Path]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", *map(str, starters.values())],
        env={**os.environ, "MYPYPATH": str(GENERATED.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_starter_answers_not_supported_until_a_stub_is_filled_in(starters: dict[str, Path]) -> None:
    module = _load(starters["central-system"])

    async def send(frame: str) -> None:
        pass

    reply = asyncio.run(module.MyCentralSystem(send, "CP_1").receive('[2, "id-1", "Heartbeat", {}]'))
    assert json.loads(reply)[:3] == [4, "id-1", "NotSupported"]


def test_a_starter_is_the_users_code_without_the_generated_header(starters: dict[str, Path]) -> None:
    assert not any(is_generated(path) for path in starters.values())


def test_scaffold_never_overwrites_an_existing_file(official_schemas: Path, tmp_path: Path, run_cli: Cli) -> None:
    target = tmp_path / "handlers.py"
    target.write_text("# my handlers\n")
    code, _, err = run_cli("scaffold", "--side", "charge-point", "--out", target, "--schemas", official_schemas)
    assert code == 1 and "exists" in err
    assert target.read_text() == "# my handlers\n"
    assert [p.name for p in tmp_path.iterdir()] == ["handlers.py"]


def test_scaffold_imports_the_package_under_the_name_given(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    target = tmp_path / "handlers.py"
    code, out, _ = run_cli(
        "scaffold",
        "--side",
        "central-system",
        "--out",
        target,
        "--package",
        "myapp.ocpp16",
        "--schemas",
        official_schemas,
    )
    assert code == 0 and "handlers.py" in out
    assert "from myapp.ocpp16.dispatch import CentralSystem" in target.read_text()


def test_scaffold_refuses_a_package_name_that_is_not_importable(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    target = tmp_path / "handlers.py"
    code, _, err = run_cli(
        "scaffold",
        "--side",
        "central-system",
        "--out",
        target,
        "--package",
        "os; import x",
        "--schemas",
        official_schemas,
    )
    assert code == 1 and "not an importable package name" in err
    assert not target.exists()


def test_scaffold_knows_only_the_two_sides_of_the_protocol_data(
    official_schemas: Path, run_cli: Cli, tmp_path: Path
) -> None:
    code, _, err = run_cli("scaffold", "--side", "meter", "--out", tmp_path / "x.py", "--schemas", official_schemas)
    assert code == 1 and "--side: must be one of charge-point, central-system" in err
    assert not (tmp_path / "x.py").exists()


def test_scaffold_explains_itself(run_cli: Cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("scaffold", "--help")
    assert exit_info.value.code == 0
