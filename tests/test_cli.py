"""The command line: help on every command, the console script, exit codes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

Cli = Callable[..., tuple[int, str, str]]


@pytest.mark.parametrize(
    ("command", "expected"),
    [("generate", "--schemas"), ("check", "--diff"), ("verify", "--examples"), ("fetch-schemas", "--lock")],
)
def test_every_command_explains_itself(command: str, expected: str, run_cli: Cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli(command, "--help")
    assert exit_info.value.code == 0


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from generator.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert "generate" in text and "check" in text and "verify" in text and "fetch-schemas" in text


def test_the_console_script_and_python_m_are_the_same_command() -> None:
    script = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True, check=True)
    assert script.stdout.strip() == "ocpp-codegen 0.1.0"
    installed = subprocess.run(
        [sys.executable, "-c", "from importlib.metadata import entry_points; print(entry_points(group='console_scripts')['ocpp-codegen'].value)"],
        capture_output=True, text=True, check=True,
    )
    assert installed.stdout.strip() == "generator.cli:main"


def test_a_usage_error_exits_with_2(run_cli: Cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("generate", "--no-such-option")
    assert exit_info.value.code == 2


def test_the_wheel_carries_the_templates_and_the_protocol_data(tmp_path: Path) -> None:
    import zipfile

    from .conftest import REPO

    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPO)],
        check=True, capture_output=True,
    )
    names = zipfile.ZipFile(next(tmp_path.glob("*.whl"))).namelist()
    assert "generator/protocols/ocpp16.toml" in names
    assert "generator/templates/models/pydantic_v2/BaseModel.jinja2" in names
    assert "generator/templates/package/_base.py.jinja2" in names
