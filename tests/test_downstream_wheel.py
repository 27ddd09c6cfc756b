"""The built wheel in a fresh virtualenv, used from an empty repository as a team would use it.

The wheel and the virtualenv are made once per session (pip's cache makes the install cheap);
the repository is set up and generated once per module, and a test that changes it works on a copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ERRATA, GENERATED, REPO

OUT = "src/myapp/ocpp16"
USER_CODE = """\
from datetime import datetime, timezone

from myapp.ocpp16 import BootNotificationRequest, BootNotificationResponse, RegistrationStatus, table
from myapp.ocpp16.dispatch import CentralSystem


class Backend(CentralSystem):
    async def on_boot_notification(self, request: BootNotificationRequest) -> BootNotificationResponse:
        return BootNotificationResponse(
            status=RegistrationStatus.accepted, current_time=datetime.now(timezone.utc), interval=300
        )


def vendor(text: str) -> str:
    return BootNotificationRequest.from_wire(text).charge_point_vendor


def initiator() -> str:
    return table.ACTIONS["BootNotification"].initiator.value
"""


@dataclass(frozen=True)
class Tool:
    """The wheel installed in its own virtualenv; `run` runs a command with that venv first on PATH."""

    venv: Path

    def run(self, *command: str | Path, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
        # Nothing of this repository's environment: not its venv, nor the flags of a `make test` around us.
        inherited = ("VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MAKEFLAGS", "MFLAGS", "MAKELEVEL")
        environment = {k: v for k, v in os.environ.items() if k not in inherited}
        environment["PATH"] = f"{self.venv / 'bin'}{os.pathsep}{environment.get('PATH', '')}"
        result = subprocess.run(
            [str(c) for c in command],
            cwd=cwd,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
            timeout=600,
        )
        if check and result.returncode != 0:
            pytest.fail(f"{' '.join(map(str, command))} exited {result.returncode}:\n{result.stdout}\n{result.stderr}")
        return result


@pytest.fixture(scope="session")
def tool(built_wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Tool:
    wheel = built_wheel
    venv = tmp_path_factory.mktemp("tool") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
    # The wheel with its own dependencies, plus what the users of this test's package need:
    # mypy for their type check, websockets for the transport, redis for the cluster. All at the repository's pins.
    install = [
        str(venv / "bin" / "python"),
        "-m",
        "pip",
        "install",
        "--quiet",
        "--disable-pip-version-check",
        "--no-compile",
        str(wheel),
        "mypy",
        "websockets",
        "redis",
        "-c",
        str(REPO / "requirements" / "dev.txt"),
    ]
    result = subprocess.run(install, capture_output=True, text=True, check=False, timeout=900)
    assert result.returncode == 0, result.stderr
    return Tool(venv)


@pytest.fixture(scope="module")
def repository(tool: Tool, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An empty directory after `ocpp-codegen init --out src/myapp/ocpp16` and `make generate`;
    with the output of `make generate`."""
    root = tmp_path_factory.mktemp("downstream") / "myapp-repository"
    root.mkdir()
    tool.run("ocpp-codegen", "init", "--out", OUT, cwd=root)
    (root / "src" / "myapp").mkdir(parents=True)
    (root / "src" / "myapp" / "__init__.py").write_text("")
    generated = tool.run("make", "generate", cwd=root)
    return root, generated.stdout


def _totals(verify_output: str) -> list[str]:
    """Every line of verify's report with the counts of texts checked, without the time it took."""
    return [re.sub(r" in [0-9.]+ s$", "", line) for line in verify_output.splitlines() if " texts" in line]


def test_the_installed_tool_has_one_top_level_name_and_runs_as_python_m(tool: Tool, tmp_path: Path) -> None:
    python = tool.venv / "bin" / "python"
    assert tool.run(python, "-m", "ocpp_codegen", "--version", cwd=tmp_path).stdout.strip() == "ocpp-codegen 0.1.0"
    assert tool.run(python, "-c", "import generator", cwd=tmp_path, check=False).returncode == 1


def test_init_and_make_generate_write_the_package_and_verify_it_with_nothing_copied(
    repository: tuple[Path, str],
) -> None:
    root, output = repository
    assert (root / OUT / "messages.py").read_text() == (GENERATED / "messages.py").read_text()
    assert "0 failure(s)" in output and "118 corpus messages" in output
    assert sorted(p.name for p in root.iterdir()) == [
        ".gitignore",
        "Makefile",
        "ocpp-codegen.mk",
        "ocpp-errata",
        "schemas",
        "src",
    ]


def test_verify_checks_the_same_texts_installed_as_in_the_source_checkout(repository: tuple[Path, str]) -> None:
    _, output = repository
    in_checkout = subprocess.run(
        [
            sys.executable,
            "-m",
            "ocpp_codegen",
            "verify",
            "--schemas",
            REPO / "schemas" / "OCPP-1.6-JSON-Schemas",
            "--errata",
            ERRATA,
            "--out",
            GENERATED,
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    assert _totals(output) == _totals(in_checkout.stdout)


def test_make_check_passes_on_the_fresh_package(tool: Tool, repository: tuple[Path, str]) -> None:
    root, _ = repository
    result = tool.run("make", "check", cwd=root)
    assert f"{OUT} is up to date" in result.stdout


def test_scaffold_import_and_mypy_strict_on_the_user_s_code(
    tool: Tool, repository: tuple[Path, str], tmp_path: Path
) -> None:
    root = tmp_path / "repository"
    shutil.copytree(repository[0], root)
    tool.run(
        "ocpp-codegen",
        "scaffold",
        "--side",
        "central-system",
        "--out",
        "src/myapp/central_system.py",
        "--package",
        "myapp.ocpp16",
        cwd=root,
    )
    (root / "src" / "myapp" / "backend.py").write_text(USER_CODE)
    python = tool.venv / "bin" / "python"
    imported = tool.run(
        python,
        "-c",
        "from myapp import backend, central_system; print(backend.initiator(), "
        'backend.vendor(\'{"chargePointVendor": "Acme", "chargePointModel": "X1"}\'))',
        cwd=root / "src",
    )
    assert imported.stdout.split() == ["ChargePoint", "Acme"]
    checked = tool.run(
        python, "-m", "mypy", "--strict", "--no-incremental", "-p", "myapp", cwd=root / "src", check=False
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr


def test_an_erratum_of_the_repository_shows_in_check_diff_and_generate_applies_it(
    tool: Tool, repository: tuple[Path, str], tmp_path: Path
) -> None:
    root = tmp_path / "repository"
    shutil.copytree(repository[0], root)
    (root / "ocpp-errata" / "010-heartbeat-interval-minimum.json").write_text(
        '{"file": "BootNotificationResponse.json", "reason": "an interval below 10 s floods the back end",'
        ' "source": "our operations manual",'
        ' "patch": [{"op": "add", "path": "/properties/interval/minimum", "value": 10}]}'
    )
    differs = tool.run(
        "ocpp-codegen",
        "check",
        "--schemas",
        "schemas/OCPP-1.6-JSON-Schemas",
        "--errata",
        "ocpp-errata",
        "--out",
        OUT,
        "--diff",
        cwd=root,
        check=False,
    )
    assert differs.returncode == 1
    assert "  changed  messages.py" in differs.stderr and "  changed  table.py" in differs.stderr
    assert re.search(r"^\+\s+interval: .*\bge=10\b", differs.stderr, re.MULTILINE), differs.stderr
    assert (
        f"Run `ocpp-codegen generate --schemas schemas/OCPP-1.6-JSON-Schemas --errata ocpp-errata --out {OUT}`"
        in differs.stderr
    )
    tool.run("ocpp-codegen", "generate", "--errata", "ocpp-errata", "--out", OUT, cwd=root)
    tool.run("ocpp-codegen", "check", "--errata", "ocpp-errata", "--out", OUT, cwd=root)
    listed = tool.run("ocpp-codegen", "errata", "--errata", "ocpp-errata", cwd=root).stdout
    assert "010-heartbeat-interval-minimum (yours," in listed and "002-stoptransaction-unit-hertz (shipped," in listed
