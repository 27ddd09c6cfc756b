"""The smallest valid schema sets generate a package that imports, type-checks and verifies.

A set need not have a nested object type or an enumeration: the modules that would hold them are
then empty, and nothing imports from them names they do not define.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL

from .helpers import import_package

SCALARS_ONLY = {
    "Ping": {
        "type": "object",
        "properties": {"note": {"type": "string", "maxLength": 20}, "count": {"type": "integer"}},
        "required": ["note"],
        "additionalProperties": False,
    },
    "PingResponse": {"type": "object", "properties": {"ok": {"type": "boolean"}}, "additionalProperties": False},
}

ENUM_WITHOUT_NESTED_OBJECT = {
    "Ping": {
        "type": "object",
        "properties": {"mood": {"type": "string", "enum": ["Calm", "Busy"]}},
        "required": ["mood"],
        "additionalProperties": False,
    },
    "PingResponse": {"type": "object", "properties": {}, "additionalProperties": False},
}


def _protocol_file(path: Path) -> Path:
    """Protocol data for one action, Ping; its `[rpc]` table is OCPP 1.6's, which the dispatcher needs."""
    path.write_text(
        '[protocol]\nname = "Tiny"\nsubprotocol = "tiny"\n'
        'request_file = "{action}.json"\nresponse_file = "{action}Response.json"\n\n'
        '[sides]\nclient = { name = "ChargePoint", title = "Charge Point" }\n'
        'server = { name = "CentralSystem", title = "Central System" }\neither = { name = "Both", title = "either side" }\n\n'
        '[actions]\nPing = { initiator = "Both", profile = "Core" }\n'
        + "\n[rpc]"
        + DEFAULT_PROTOCOL.read_text().split("\n[rpc]", 1)[1]
    )
    return path


def _cli(*arguments: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "ocpp_codegen", *map(str, arguments)]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)


def _generate_and_verify(root: Path, files: dict[str, dict[str, Any]]) -> Path:
    """The package `tiny` generated from these schemas and verified against them, both exiting 0."""
    schemas = root / "schemas"
    schemas.mkdir()
    for name, content in files.items():
        (schemas / f"{name}.json").write_text(json.dumps(content), encoding="utf-8")
    source = (
        "--schemas",
        schemas,
        "--no-errata",
        "--protocol",
        _protocol_file(root / "tiny.toml"),
        "--out",
        root / "tiny",
    )
    generated = _cli("generate", *source, cwd=root)
    assert generated.returncode == 0, generated.stderr
    verified = _cli("verify", *source, cwd=root)
    assert verified.returncode == 0, verified.stdout + verified.stderr
    return root / "tiny"


def _mypy_strict(package: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package.name]
    return subprocess.run(command, cwd=package.parent, capture_output=True, text=True, check=False)


@pytest.fixture(scope="module")
def scalars_only(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate_and_verify(tmp_path_factory.mktemp("scalars_only"), SCALARS_ONLY)


@pytest.fixture(scope="module")
def enum_without_nested_object(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _generate_and_verify(tmp_path_factory.mktemp("enum_only"), ENUM_WITHOUT_NESTED_OBJECT)


def test_a_set_of_scalar_fields_and_no_enum_generates_an_importable_package(scalars_only: Path) -> None:
    module = import_package(scalars_only, "tiny_scalars_only")
    assert module.PingRequest.from_wire('{"note": "hi", "count": 2}').count == 2


def test_a_set_of_scalar_fields_and_no_enum_is_mypy_strict_clean(scalars_only: Path) -> None:
    checked = _mypy_strict(scalars_only)
    assert checked.returncode == 0, checked.stdout


def test_a_set_with_an_enum_and_no_nested_object_generates_an_importable_package(
    enum_without_nested_object: Path,
) -> None:
    module = import_package(enum_without_nested_object, "tiny_enum_only")
    assert module.PingRequest.from_wire('{"mood": "Busy"}').mood == module.PingRequestMood.busy


def test_a_set_with_an_enum_and_no_nested_object_is_mypy_strict_clean(enum_without_nested_object: Path) -> None:
    checked = _mypy_strict(enum_without_nested_object)
    assert checked.returncode == 0, checked.stdout
