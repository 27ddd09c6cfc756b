"""The model stage is not tied to the 1.6 core files' shape: OCPP 2.0.1's schema set generates too.

OCPP 2.0.1 names every type in `definitions`, repeats shared ones (CustomDataType) in every file,
has an open object (CustomDataType), descriptions everywhere and an untyped `data`. The `ocpp`
test dependency ships those schemas. The protocol data here is only what the generator needs to
pair files into actions; its initiators and profiles are placeholders, not protocol facts, and
so is its `[rpc]` table (OCPP 1.6's, which the dispatcher needs).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL

from .helpers import import_package

SCHEMAS_201 = Path(importlib.util.find_spec("ocpp").submodule_search_locations[0]) / "v201" / "schemas"  # type: ignore[index, union-attr]


@pytest.fixture(scope="module")
def package_201(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ocpp201")
    actions = sorted(p.name.removesuffix("Request.json") for p in SCHEMAS_201.glob("*Request.json"))
    protocol = root / "ocpp201.toml"
    protocol.write_text(
        '[protocol]\nname = "OCPP 2.0.1"\nsubprotocol = "ocpp2.0.1"\n'
        'request_file = "{action}Request.json"\nresponse_file = "{action}Response.json"\n\n'
        '[sides]\nclient = { name = "ChargingStation", title = "Charging Station" }\n'
        'server = { name = "Csms", title = "CSMS" }\neither = { name = "Both", title = "either side" }\n\n[actions]\n'
        + "".join(f'{action} = {{ initiator = "Both", profile = "Placeholder" }}\n' for action in actions)
        + "\n[rpc]" + DEFAULT_PROTOCOL.read_text().split("\n[rpc]", 1)[1]
    )
    out = root / "ocpp201"
    generated = generate(Inputs((SCHEMAS_201,), None, protocol), out)
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
    assert '"""Identifies the vendor (not necessarily in a unique manner)."""' in (package_201 / "datatypes.py").read_text()


def test_the_2_0_1_package_is_mypy_strict_clean(package_201: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package_201.name],
        cwd=package_201.parent, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout
