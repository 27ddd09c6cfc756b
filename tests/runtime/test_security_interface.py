"""Each profile is what the transport takes: `ServerSecurity` or `ClientSecurity`, checked by mypy."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..conftest import GENERATED, REPO

USES = """
from ocpp16.security import (
    ClientProfile1, ClientProfile2, ClientProfile3, ClientSecurity, PasswordTable,
    ServerProfile1, ServerProfile2, ServerProfile3, ServerSecurity,
)

servers: list[ServerSecurity] = [
    ServerProfile1(PasswordTable({})),
    ServerProfile2(PasswordTable({}), "chain.pem", "key.pem"),
    ServerProfile3("chain.pem", "key.pem", client_ca="ca.pem"),
]
clients: list[ClientSecurity] = [
    ClientProfile1(b"password"),
    ClientProfile2(b"password", server_ca="ca.pem"),
    ClientProfile3("cp.pem", "cp-key.pem", server_ca="ca.pem"),
]
"""


def test_every_profile_has_the_interface_the_transport_takes(tmp_path: Path) -> None:
    program = tmp_path / "uses.py"
    program.write_text(USES, encoding="utf-8")
    command = [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "--config-file", "/dev/null", str(program)]
    environment = {"MYPYPATH": str(GENERATED.parent), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(command, cwd=REPO, env=environment, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
