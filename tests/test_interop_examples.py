"""The examples: `make demo` runs one central system with a 1.6 charge point and a 2.0.1 charging station
on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from ocpp_codegen.verify import reference_validator

from .conftest import GENERATED, OFFICIAL_SCHEMAS, REPO, SCHEMAS_201

EXAMPLES = REPO / "examples"


def _demo() -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(EXAMPLES / "demo.py")],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(GENERATED.parent), str(EXAMPLES)])},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def _frames(stdout: str, identity: str) -> list[tuple[str, str]]:
    """(arrow, frame) of each frame the demo printed for one client, in order."""
    lines = [line.split(None, 3) for line in stdout.splitlines() if line.startswith(f"  {identity} ")]
    return [(arrow, frame) for _, arrow, _, frame in lines]


def _calls(stdout: str, identity: str) -> list[tuple[str, str]]:
    return [(arrow, json.loads(frame)[2]) for arrow, frame in _frames(stdout, identity) if json.loads(frame)[0] == 2]


def test_the_demo_runs_a_full_1_6_session_and_prints_the_exchange() -> None:
    result = _demo()
    assert result.returncode == 0, result.stderr
    calls = set(_calls(result.stdout, "CP_1"))
    for action in (
        "BootNotification",
        "StatusNotification",
        "Authorize",
        "StartTransaction",
        "MeterValues",
        "StopTransaction",
    ):
        assert ("->", action) in calls
    for action in ("GetConfiguration", "RemoteStartTransaction", "SetChargingProfile"):
        assert ("<-", action) in calls
    assert "CALLERROR" not in result.stdout
    assert "transaction 1001 stopped at 12500 Wh" in result.stdout


def test_the_demo_runs_a_2_0_1_transaction_event_session_on_the_same_server() -> None:
    result = _demo()
    assert result.returncode == 0, result.stderr
    calls = _calls(result.stdout, "CS_1")
    for action in ("BootNotification", "StatusNotification", "Heartbeat", "Authorize"):
        assert ("->", action) in calls
    for action in ("GetVariables", "SetVariables", "RequestStartTransaction", "SetChargingProfile"):
        assert ("<-", action) in calls
    events = [
        json.loads(frame)[3]["eventType"]
        for _, frame in _frames(result.stdout, "CS_1")
        if '"TransactionEvent"' in frame
    ]
    assert events == ["Started", "Updated", "Ended"]
    assert "connected at once: CP_1 (ocpp1.6), CS_1 (ocpp2.0.1)" in result.stdout


def _official_schema(directory: Path, file: str) -> dict[str, Any]:
    content: dict[str, Any] = json.loads((directory / file).read_text(encoding="utf-8-sig"))
    return content


def test_every_payload_the_examples_send_is_valid_under_the_official_schemas_without_errata() -> None:
    # A peer validating with the OCA's schemas as published must accept what the examples send:
    # they use no value that only an erratum allows (Hertz in StopTransaction, for one).
    result = _demo()
    assert result.returncode == 0, result.stderr
    invalid = []
    for identity, directory, suffix in (("CP_1", OFFICIAL_SCHEMAS, ""), ("CS_1", SCHEMAS_201, "Request")):
        frames = [json.loads(frame) for _, frame in _frames(result.stdout, identity)]
        actions = {frame[1]: frame[2] for frame in frames if frame[0] == 2}
        for frame in frames:
            file = f"{frame[2]}{suffix}.json" if frame[0] == 2 else f"{actions[frame[1]]}Response.json"
            payload = frame[3] if frame[0] == 2 else frame[2]
            validator = reference_validator(_official_schema(directory, file))
            invalid += [f"{identity} {file}: {error.message}" for error in validator.iter_errors(payload)]
        assert len(frames) > 20 and all(frame[0] in (2, 3) for frame in frames)
    assert invalid == []


def test_the_examples_are_mypy_strict_clean() -> None:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "mypy",
            "--strict",
            "--no-incremental",
            "central_system.py",
            "charge_point.py",
            "demo.py",
            "http_api.py",
            "csms.py",
            "charging_station.py",
        ],
        cwd=EXAMPLES,
        env={**os.environ, "MYPYPATH": str(GENERATED.parent)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def _readme_central_system() -> str:
    section = (REPO / "README.md").read_text().split("## A ten-line central system\n", 1)[1]
    return section.split("```python\n", 1)[1].split("```", 1)[0]


def test_the_readme_central_system_has_ten_lines_at_most() -> None:
    assert len([line for line in _readme_central_system().splitlines() if line.strip()]) <= 10


def test_the_readme_central_system_accepts_the_boot_of_the_ocpp_library_charge_point() -> None:
    import asyncio

    import websockets
    from ocpp.v16 import ChargePoint as LibraryChargePoint
    from ocpp.v16 import call

    from ocpp16 import transport

    code = _readme_central_system()
    *definitions, last = code.rstrip().splitlines()
    assert last == 'asyncio.run(serve_forever(MyCentralSystem, "127.0.0.1", 9000))'
    namespace: dict[str, object] = {}
    exec("\n".join(definitions), namespace)  # the README's code, without its last line that serves forever on 9000

    async def boot() -> object:
        async with transport.serve(namespace["MyCentralSystem"], "127.0.0.1", 0) as server:  # type: ignore[arg-type]
            port = server.sockets[0].getsockname()[1]
            async with websockets.connect(f"ws://127.0.0.1:{port}/ocpp/CP_1", subprotocols=["ocpp1.6"]) as websocket:  # type: ignore[list-item]
                library = LibraryChargePoint("CP_1", websocket)
                runner = asyncio.create_task(library.start())
                try:
                    return await library.call(
                        call.BootNotification(charge_point_vendor="Acme", charge_point_model="X1"), suppress=False
                    )
                finally:
                    runner.cancel()
                    await asyncio.wait([runner])

    response = asyncio.run(boot())
    assert getattr(response, "status") == "Accepted" and getattr(response, "interval") == 300
