"""`generate` takes several sets in one run: each set with its own defaults, as separate runs write them."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen import cli, pipeline

from .conftest import REPO, snapshot

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A working directory with the fetched schema sets where the sets' defaults look for them."""
    (tmp_path / "schemas").symlink_to(REPO / "schemas", target_is_directory=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_generate_with_several_sets_writes_each_package_and_catalogue_as_single_runs_do(
    project: Path, run_cli: Cli
) -> None:
    code, out, err = run_cli("generate", "--set", "ocpp16", "--set", "ocpp201", "--docs", "docs/{set}-catalogue.md")
    assert code == 0, err
    assert out.splitlines()[1::2] == ["wrote docs/ocpp16-catalogue.md", "wrote docs/ocpp201-catalogue.md"]
    for name in ("ocpp16", "ocpp201"):
        written = {
            path: text for path, text in snapshot(project / "generated" / name).items() if "__pycache__" not in path
        }
        committed = {
            path: text for path, text in snapshot(REPO / "generated" / name).items() if "__pycache__" not in path
        }
        assert written == committed
        assert (project / "docs" / f"{name}-catalogue.md").read_bytes() == (
            REPO / "docs" / f"{name}-catalogue.md"
        ).read_bytes()


@pytest.mark.parametrize(
    "option", [["--out", "somewhere"], ["--protocol", "ocpp16.toml"], ["--schemas", "schemas"], ["--errata", "errata"]]
)
def test_several_sets_refuse_an_option_that_names_one_sets_files(
    option: list[str], project: Path, run_cli: Cli
) -> None:
    code, _, err = run_cli("generate", "--set", "ocpp16", "--set", "ocpp201", *option)
    assert code == 1
    assert f"error: {option[0]}: names one set's files" in err
    assert not (project / "generated").exists()


def test_several_sets_need_the_set_in_the_catalogue_file_name(project: Path, run_cli: Cli) -> None:
    code, _, err = run_cli("generate", "--set", "ocpp16", "--set", "ocpp201", "--docs", "docs/catalogue.md")
    assert code == 1
    assert "error: --docs: with several --set, the file name must hold {set}" in err
    assert not (project / "generated").exists()


def test_a_set_given_twice_is_refused(project: Path, run_cli: Cli) -> None:
    code, _, err = run_cli("generate", "--set", "ocpp16", "--set", "ocpp201", "--set", "ocpp16")
    assert code == 1
    assert "error: --set: ocpp16 given more than once" in err
    assert not (project / "generated").exists()


def test_when_one_set_fails_on_import_no_set_is_written(
    project: Path, run_cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_generate_sets = pipeline.generate_sets

    def second_set_broken(every_inputs: list[pipeline.Inputs]) -> list[pipeline.Generated]:
        every_generated = real_generate_sets(every_inputs)
        every_generated[1].files["table.py"] += "\nraise RuntimeError('a defect the checks did not foresee')\n"
        return every_generated

    monkeypatch.setattr(cli, "generate_sets", second_set_broken)
    code, out, err = run_cli("generate", "--set", "ocpp16", "--set", "ocpp201", "--docs", "docs/{set}-catalogue.md")
    assert code == 1 and "Traceback" not in err
    assert "generated/ocpp201: the generated package fails on import (RuntimeError" in err
    assert "1 problem(s); nothing was written." in err
    assert list((project / "generated").iterdir()) == [] and not (project / "docs").exists()
    assert "wrote" not in out
