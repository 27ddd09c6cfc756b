"""The generated package's copy of the security profiles imports and works on its own."""

from __future__ import annotations

import asyncio
import subprocess
import sys

from ocpp16 import security
from websockets.exceptions import InvalidStatus

from ..conftest import GENERATED
from .security_peers import GREETING, greeting, serving

PASSWORD = security.authorization_key("0123456789abcdef0123456789abcdef01234567")


def test_the_packages_copy_lets_the_right_password_in_and_keeps_a_wrong_one_out() -> None:
    profile = security.ServerProfile1(security.PasswordTable({"CP_1": PASSWORD}))

    async def scenario() -> tuple[str, int]:
        async with serving(profile) as served:
            welcomed = await greeting(served, "/ocpp/CP_1", None, security.ClientProfile1(PASSWORD).headers("CP_1"))
            try:
                await greeting(served, "/ocpp/CP_1", None, security.ClientProfile1(b"x" * 20).headers("CP_1"))
            except InvalidStatus as refusal:
                return welcomed, refusal.response.status_code
            raise AssertionError("a wrong password connected")

    assert security.__file__ == str(GENERATED / "security.py")
    assert asyncio.run(scenario()) == (GREETING, 401)


def test_the_package_root_does_not_import_the_security_profiles() -> None:
    program = "import sys, ocpp16; assert 'ocpp16.security' not in sys.modules and 'websockets' not in sys.modules"
    result = subprocess.run(
        [sys.executable, "-c", program], cwd=GENERATED.parent, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
