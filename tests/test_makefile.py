"""`make` keeps one venv per Python, and never reuses one another interpreter made."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO

WHO_AM_I = "import os, sys; print(os.path.realpath(sys.executable), sys.version.split()[0])"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """The files the venv rule reads, in a scratch directory (make only dry-runs there)."""
    for name in ("Makefile", "pyproject.toml", "requirements/dev.txt"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    return tmp_path


def _dry_run(project: Path, *arguments: str) -> str:
    environment = {key: value for key, value in os.environ.items() if key not in ("PYTHON", "VENV", "MAKEFLAGS")}
    result = subprocess.run(["make", "-n", *arguments], cwd=project, capture_output=True, text=True, env=environment)
    assert result.returncode == 0, result.stderr
    return result.stdout


def _made_by(project: Path, venv: str, interpreter: str) -> None:
    (project / venv).mkdir()
    (project / venv / ".interpreter").write_text(interpreter + "\n")
    (project / venv / ".installed").touch()


def test_another_python_gets_a_venv_of_its_own(project: Path) -> None:
    _made_by(project, ".venv", "/somewhere/python3.11 3.11.7")
    minor = "%d.%d" % sys.version_info[:2]
    commands = _dry_run(project, "venv", f"PYTHON={sys.executable}")
    assert f"{sys.executable} -m venv .venv-{minor}\n" in commands
    assert "rm -rf .venv\n" not in commands and "rm -rf .venv;" not in commands


def test_a_venv_made_by_another_interpreter_is_made_anew(project: Path) -> None:
    _made_by(project, ".venv", "/somewhere/python3.9 3.9.0")
    commands = _dry_run(project, "venv")
    assert "making it anew" in commands and "python3 -m venv .venv\n" in commands


def test_a_venv_made_by_the_same_interpreter_is_kept(project: Path) -> None:
    interpreter = subprocess.run(["python3", "-c", WHO_AM_I], capture_output=True, text=True, check=True).stdout.strip()
    _made_by(project, ".venv", interpreter)
    assert "Nothing to be done for 'venv'" in _dry_run(project, "venv")


def test_generate_writes_every_set_with_its_catalogue_in_one_run_then_verifies_each_at_its_depth(project: Path) -> None:
    commands = _dry_run(project, "generate").splitlines()
    written = [c for c in commands if " -m ocpp_codegen generate " in c]
    verified = [c for c in commands if " -m ocpp_codegen verify " in c]
    assert [c.split(" -m ocpp_codegen ")[1] for c in written] == [
        "generate --set ocpp16 --set ocpp201 --set ocpp21 --docs 'docs/{set}-catalogue.md'"
    ]
    assert [c.split(" -m ocpp_codegen ")[1] for c in verified] == [
        "verify --set ocpp16 --examples 10",
        "verify --set ocpp201 --examples 2",
        "verify --set ocpp21 --examples 1",
    ]
    assert commands.index(written[-1]) < commands.index(verified[0])


def test_generate_of_one_set_writes_that_set_with_its_catalogue(project: Path) -> None:
    assert "-m ocpp_codegen generate --set ocpp201 --docs docs/ocpp201-catalogue.md\n" in _dry_run(
        project, "generate-ocpp201"
    )


def test_check_compares_every_set_and_verifies_each(project: Path) -> None:
    commands = _dry_run(project, "check")
    for name in ("ocpp16", "ocpp201", "ocpp21"):
        assert f"-m ocpp_codegen check --set {name} --docs docs/{name}-catalogue.md" in commands
        assert f"-m ocpp_codegen verify --set {name} --examples" in commands


def test_a_deeper_verify_is_one_variable_away(project: Path) -> None:
    commands = _dry_run(project, "verify", "VERIFY_EXAMPLES=10")
    assert commands.count("--examples 10") == 3
