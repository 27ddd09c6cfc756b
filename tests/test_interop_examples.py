"""The examples: `make demo` runs the example Central System and simulated Charge Point on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import GENERATED, REPO

EXAMPLES = REPO / "examples"


def test_the_demo_runs_a_full_session_and_prints_the_exchange() -> None:
    result = subprocess.run(
        [sys.executable, str(EXAMPLES / "demo.py")],
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(GENERATED.parent), str(EXAMPLES)])},
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    calls = {(line.split()[1], line.split('"')[3]) for line in result.stdout.splitlines() if " CALL " in line}
    for action in ("BootNotification", "StatusNotification", "Authorize", "StartTransaction", "MeterValues", "StopTransaction"):
        assert ("->", action) in calls
    for action in ("GetConfiguration", "RemoteStartTransaction", "SetChargingProfile"):
        assert ("<-", action) in calls
    assert "CALLERROR" not in result.stdout
    assert "transaction 1001 stopped at 12500 Wh" in result.stdout


def test_the_examples_are_mypy_strict_clean() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "central_system.py", "charge_point.py", "demo.py"],
        cwd=EXAMPLES, env={**os.environ, "MYPYPATH": str(GENERATED.parent)}, capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
