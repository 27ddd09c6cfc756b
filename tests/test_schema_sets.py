"""The OCPP 2.0.1 and 2.1 schema sets: pinned like 1.6, described by their protocol data, modelled.

Each set comes from the same wheel as the 1.6 set and has its own lock file. Its protocol data
(generator/protocols/ocpp201.toml, ocpp21.toml) names every action's initiator and functional
block; the schemas name every type in `definitions`, and the package keeps those names.
"""

from __future__ import annotations

import collections
import json
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.fetch import read_lock, verify_directory
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.pipeline import Inputs, generate, generate_files
from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY, ActionInfo, ProtocolData, load_protocol_data

from .conftest import REPO, SCHEMAS_21, SCHEMAS_201
from .helpers import import_package

LOCK_16 = REPO / "schemas" / "lock.json"
SETS = {
    "ocpp201": (REPO / "schemas" / "lock-ocpp201.json", SCHEMAS_201, PROTOCOLS_DIRECTORY / "ocpp201.toml"),
    "ocpp21": (REPO / "schemas" / "lock-ocpp21.json", SCHEMAS_21, PROTOCOLS_DIRECTORY / "ocpp21.toml"),
}
Cli = Callable[..., tuple[int, str, str]]
DIGEST = re.compile(r"[0-9a-f]{64}")


def _schemas(name: str) -> Path:
    directory = SETS[name][1]
    if not directory.is_dir():
        pytest.fail(f"the {name} schema set is missing: run `make test`, which fetches it")
    return directory


def _data(name: str) -> ProtocolData:
    return load_protocol_data(SETS[name][2])


def _initiators(actions: tuple[ActionInfo, ...]) -> dict[str, int]:
    return dict(collections.Counter(action.initiator for action in actions))


@pytest.mark.parametrize(
    ("name", "directory", "count"), [("ocpp201", "ocpp/v201/schemas", 128), ("ocpp21", "ocpp/v21/schemas", 181)]
)
def test_each_2_x_lock_pins_its_files_in_the_wheel_the_1_6_set_comes_from(
    name: str, directory: str, count: int
) -> None:
    lock, lock_16 = read_lock(SETS[name][0]), read_lock(LOCK_16)
    assert (lock.package, lock.version, lock.wheel_sha256) == (lock_16.package, lock_16.version, lock_16.wheel_sha256)
    assert lock.directory == directory and len(lock.files) == count


@pytest.mark.parametrize("name", SETS)
def test_the_fetched_2_x_sets_match_their_locks(name: str) -> None:
    verify_directory(read_lock(SETS[name][0]), _schemas(name))


def test_2_0_1_has_64_actions_24_sent_by_the_station_39_by_the_csms_1_by_either() -> None:
    data = _data("ocpp201")
    assert len(data.actions) == 64 and data.sends == ()
    assert _initiators(data.actions) == {"ChargingStation": 24, "Csms": 39, "Both": 1}


def test_2_1_has_90_call_actions_and_1_send() -> None:
    data = _data("ocpp21")
    assert len(data.actions) == 90
    assert _initiators(data.actions) == {"ChargingStation": 35, "Csms": 54, "Both": 1}
    assert [(a.name, a.initiator, a.kind) for a in data.sends] == [
        ("NotifyPeriodicEventStream", "ChargingStation", "send")
    ]


def test_2_1_keeps_every_2_0_1_action_with_its_initiator_and_block() -> None:
    newer = {a.name: a for a in _data("ocpp21").actions}
    assert all(newer[a.name] == a for a in _data("ocpp201").actions)


@pytest.mark.parametrize("name", SETS)
def test_every_schema_file_belongs_to_an_action_and_every_action_has_its_files(name: str) -> None:
    data = _data(name)
    expected = {data.request_file.format(action=a.name) for a in data.actions}
    expected |= {data.response_file.format(action=a.name) for a in data.actions}
    expected |= {data.send_file.format(action=a.name) for a in data.sends}
    assert expected == {p.name for p in _schemas(name).glob("*.json")}


@pytest.mark.parametrize("name", SETS)
def test_every_type_keeps_its_definitions_name_and_is_defined_once(name: str) -> None:
    """Besides the definitions, only the bounded item types of integer arrays (2.1's evseIds) are named."""
    data = _data(name)
    defined = {
        definition
        for path in _schemas(name).glob("*.json")
        for definition in json.loads(path.read_text(encoding="utf-8-sig")).get("definitions", {})
    }
    model = build_protocol(load_schema_set([_schemas(name)], None), data)
    names = [t.name for t in model.protocol.types]
    assert len(names) == len(set(names)) and set(names) - defined <= {"IntegralNumberMin0"} and defined <= set(names)


def test_the_2_1_send_action_is_modelled_with_its_one_message_and_no_warning() -> None:
    model = build_protocol(load_schema_set([_schemas("ocpp21")], None), _data("ocpp21"))
    [send] = model.protocol.sends
    assert model.warnings == ()
    assert (send.name, send.initiator, send.request.name, send.request.file) == (
        "NotifyPeriodicEventStream",
        "ChargingStation",
        "NotifyPeriodicEventStream",
        "NotifyPeriodicEventStream.json",
    )
    assert [f.wire_name for f in send.request.body.fields] == ["data", "id", "pending", "basetime", "customData"]
    assert "NotifyPeriodicEventStream" not in {a.name for a in model.protocol.actions}


def test_the_2_1_package_imports_and_is_mypy_strict_clean(tmp_path: Path) -> None:
    out = tmp_path / "ocpp21"
    generated = generate(Inputs((_schemas("ocpp21"),), None, SETS["ocpp21"][2]), out)
    assert (generated.action_count, generated.type_count) == (90, 233)
    module = import_package(out, "ocpp21_sets")
    assert module.NotifyDERStartStopRequest.from_wire(
        '{"controlId": "c1", "started": true, "timestamp": "2025-01-01T00:00:00Z"}'
    ).started
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", out.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_fetch_schemas_set_checks_that_set_in_its_default_directory(
    run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.copytree(_schemas("ocpp21"), tmp_path / "schemas" / "OCPP-2.1-JSON-Schemas")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run_cli("fetch-schemas", "--set", "ocpp21")
    assert (code, out) == (0, f"schemas/OCPP-2.1-JSON-Schemas: 181 schema files match {SETS['ocpp21'][0]}\n")


def test_fetch_schemas_set_refuses_a_directory_holding_another_set(run_cli: Cli, tmp_path: Path) -> None:
    shutil.copytree(_schemas("ocpp201"), tmp_path / "schemas")
    code, _, err = run_cli("fetch-schemas", "--set", "ocpp21", "--out", tmp_path / "schemas")
    assert (
        code == 1 and "NotifyPeriodicEventStream.json: missing; " in err and "CostUpdatedRequest.json: SHA-256 " in err
    )


def _as_the_oca_publishes_it(source: Path, target: Path) -> None:
    """The OCA's own downloads: an `$id` per file, a byte order mark, CRLF line endings."""
    target.mkdir()
    for path in source.glob("*.json"):
        content = json.loads(path.read_text(encoding="utf-8"))
        content = {"$schema": content.pop("$schema"), "$id": f"urn:OCPP:Cp:2:2020:3:{path.stem}", **content}
        text = json.dumps(content, indent=2, ensure_ascii=False).replace("\n", "\r\n")
        (target / path.name).write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))


def test_the_oca_download_form_generates_the_same_package_but_for_the_schema_digests(tmp_path: Path) -> None:
    oca = tmp_path / "oca"
    _as_the_oca_publishes_it(_schemas("ocpp201"), oca)
    assert (oca / "HeartbeatRequest.json").read_bytes().startswith(b'\xef\xbb\xbf{\r\n  "$schema"')
    pinned = generate_files(Inputs((_schemas("ocpp201"),), None, SETS["ocpp201"][2]))
    downloaded = generate_files(Inputs((oca,), None, SETS["ocpp201"][2]))
    assert downloaded.warnings == ()
    assert {n: DIGEST.sub("<sha256>", t) for n, t in downloaded.files.items()} == {
        n: DIGEST.sub("<sha256>", t) for n, t in pinned.files.items()
    }
    assert pinned.files["table.py"] != downloaded.files["table.py"]  # the digests record what was read


def _protocol_copy(tmp_path: Path, old: str, new: str) -> Path:
    text = SETS["ocpp21"][2].read_text()
    assert old in text
    path = tmp_path / "protocol.toml"
    path.write_text(text.replace(old, new))
    return path


def test_an_unknown_action_kind_is_refused_with_its_pointer(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'kind = "send"', 'kind = "broadcast"')
    with pytest.raises(GenerationError) as caught:
        load_protocol_data(path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}#/actions/NotifyPeriodicEventStream/kind: must be one of call, send"
    ]


def test_send_actions_need_the_send_file_pattern(tmp_path: Path) -> None:
    path = _protocol_copy(tmp_path, 'send_file = "{action}.json"\n', "")
    with pytest.raises(GenerationError) as caught:
        load_protocol_data(path)
    assert [str(p) for p in caught.value.problems] == [f"{path}#/protocol/send_file: must be a non-empty string"]


def test_without_its_send_action_the_2_1_send_file_belongs_to_no_action(tmp_path: Path) -> None:
    path = _protocol_copy(
        tmp_path,
        'NotifyPeriodicEventStream = { initiator = "ChargingStation", profile = "Diagnostics", kind = "send" }\n',
        "",
    )
    with pytest.raises(GenerationError, match="NotifyPeriodicEventStream.json: belongs to no action of OCPP 2.1"):
        build_protocol(load_schema_set([_schemas("ocpp21")], None), load_protocol_data(path))
