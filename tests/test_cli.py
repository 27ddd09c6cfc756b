"""The command line: help on every command, the console script, exit codes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen import shipped

from .conftest import REPO

Cli = Callable[..., tuple[int, str, str]]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("generate", "--schemas"),
        ("check", "--diff"),
        ("verify", "--examples"),
        ("fetch-schemas", "--lock"),
        ("init", "--out"),
        ("errata", "--no-shipped-errata"),
    ],
)
def test_every_command_explains_itself(command: str, expected: str, run_cli: Cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli(command, "--help")
    assert exit_info.value.code == 0


def test_help_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    from ocpp_codegen.cli import main

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert all(
        command in text for command in ["init", "generate", "check", "verify", "scaffold", "errata", "fetch-schemas"]
    )


def test_the_console_script_and_python_m_are_the_same_command() -> None:
    script = subprocess.run(
        [sys.executable, "-m", "ocpp_codegen", "--version"], capture_output=True, text=True, check=True
    )
    assert script.stdout.strip() == "ocpp-codegen 0.1.0"
    installed = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlib.metadata import entry_points; print(entry_points(group='console_scripts')['ocpp-codegen'].value)",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert installed.stdout.strip() == "ocpp_codegen.cli:main"


def test_a_usage_error_exits_with_2(run_cli: Cli) -> None:
    with pytest.raises(SystemExit) as exit_info:
        run_cli("generate", "--no-such-option")
    assert exit_info.value.code == 2


def test_the_wheel_carries_the_templates_and_the_protocol_data(built_wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(built_wheel).namelist()
    assert "ocpp_codegen/protocols/ocpp16.toml" in names
    assert "ocpp_codegen/templates/models/pydantic_v2/BaseModel.jinja2" in names
    assert "ocpp_codegen/templates/package/dispatch.py.jinja2" in names
    assert "ocpp_codegen/runtime/_base.py" in names
    assert "ocpp_codegen/runtime/_scalars.py" in names
    assert "ocpp_codegen/schemas/lock.json" in names
    assert {"ocpp_codegen/schemas/lock-ocpp201.json", "ocpp_codegen/schemas/lock-ocpp21.json"} <= set(names)
    assert {"ocpp_codegen/protocols/ocpp201.toml", "ocpp_codegen/protocols/ocpp21.toml"} <= set(names)
    assert "ocpp_codegen/schemas/errata/ocpp16/001-metervalues-sampledvalue-minitems.json" in names
    assert "ocpp_codegen/corpus/valid/01-boot-notification.json" in names
    assert {
        "ocpp_codegen/corpus_ocpp201/valid/01-boot-notification.json",
        "ocpp_codegen/corpus_ocpp21/valid/01-boot-notification.json",
    } <= set(names)
    assert {"ocpp_codegen/schemas/errata/ocpp201/README.md", "ocpp_codegen/schemas/errata/ocpp21/README.md"} <= set(
        names
    )
    assert not any(name.startswith("ocpp_codegen/schemas/OCPP-") for name in names)


def test_the_wheel_installs_one_top_level_package_named_ocpp_codegen(built_wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(built_wheel).namelist()
    assert {name.split("/")[0] for name in names if ".dist-info/" not in name} == {"ocpp_codegen"}


def test_set_picks_the_schemas_protocol_errata_and_output_of_its_version(
    run_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run_cli("check", "--set", "ocpp201", "--docs", "docs/ocpp201-catalogue.md")
    assert code == 0, err
    assert out.strip() == "generated/ocpp201 and docs/ocpp201-catalogue.md are up to date"


def test_without_set_the_shipped_protocol_data_given_names_the_set(
    run_cli: Callable[..., tuple[int, str, str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    code, out, err = run_cli(
        "check", "--protocol", shipped.SCHEMA_SETS["ocpp21"].protocol, "--docs", "docs/ocpp21-catalogue.md"
    )
    assert code == 0, err
    assert out.strip() == "generated/ocpp21 and docs/ocpp21-catalogue.md are up to date"
