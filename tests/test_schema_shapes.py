"""The model stage is not tied to the 1.6 core files' shape: OCPP 2.0.1's schema set generates too.

OCPP 2.0.1 names every type in `definitions`, repeats shared ones (CustomDataType) in every file,
has an open object (CustomDataType), descriptions everywhere and an untyped `data`. The pinned
2.0.1 schema set generates with its protocol data, generator/protocols/ocpp201.toml.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY

from .helpers import import_package


@pytest.fixture(scope="module")
def package_201(schemas_201: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("ocpp201") / "ocpp201"
    generated = generate(Inputs((schemas_201,), None, PROTOCOLS_DIRECTORY / "ocpp201.toml"), out)
    assert generated.warnings == ()
    return out


def test_a_2_0_1_schema_set_generates_every_action(package_201: Path) -> None:
    module = import_package(package_201, "ocpp201_shapes")
    assert len([n for n in module.__all__ if n.endswith("Request")]) == 64


def test_types_repeated_in_every_file_are_defined_once(package_201: Path) -> None:
    assert (package_201 / "datatypes.py").read_text().count("class CustomDataType(") == 1


def test_an_open_object_keeps_properties_it_does_not_list(package_201: Path) -> None:
    module = import_package(package_201, "ocpp201_open")
    text = '{"reason": "PowerUp", "chargingStation": {"model": "M", "vendorName": "V", "customData": {"vendorId": "acme", "x": 1}}}'
    assert '"x":1' in module.BootNotificationRequest.from_wire(text).to_wire()


def test_an_untyped_property_takes_any_json_value(package_201: Path) -> None:
    module = import_package(package_201, "ocpp201_any")
    request = module.DataTransferRequest.from_wire('{"vendorId": "acme", "data": {"list": [1, "two", null]}}')
    assert request.data == {"list": [1, "two", None]}


def test_descriptions_become_docstrings(package_201: Path) -> None:
    assert (
        '"""Identifies the vendor (not necessarily in a unique manner)."""'
        in (package_201 / "datatypes.py").read_text()
    )


def test_the_2_0_1_package_is_mypy_strict_clean(package_201: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package_201.name],
        cwd=package_201.parent,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout
