"""verify type-checks the package with `mypy --strict` first: exit 0 means it imports, type-checks and verifies."""

from __future__ import annotations

import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen.verify.typecheck import default_cache_directory, type_check

from .conftest import GENERATED, REPO

Cli = Callable[..., tuple[int, str, str]]
QUICK = ("--examples", "0", "--no-corpus")
TIMEOUT_INIT = "def __init__(self, action: str, unique_id: str, timeout: float) -> None:"


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of the committed 1.6 package, to edit."""
    copy = tmp_path / "ocpp16"
    shutil.copytree(GENERATED, copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _replace(path: Path, old: str, new: str) -> int:
    """Replace the one occurrence of `old` in the file; the line number it was on."""
    text = path.read_text()
    assert text.count(old) == 1
    path.write_text(text.replace(old, new))
    return text[: text.index(old)].count("\n") + 1


def _append(path: Path, line: str) -> int:
    """Add a line at the end of the file; its line number."""
    text = path.read_text()
    path.write_text(text + line + "\n")
    return text.count("\n") + 1


def test_verify_type_checks_the_committed_package(run_cli: Cli) -> None:
    code, out, err = run_cli("verify", "--out", GENERATED, *QUICK)
    assert code == 0, out + err
    modules = len(list(GENERATED.glob("*.py")))  # every module: websockets and redis are installed here
    assert f"mypy --strict: no errors in {modules} modules of {GENERATED} in " in out


def test_verify_exits_1_naming_the_file_and_line_of_a_wrong_annotation(package: Path, run_cli: Cli) -> None:
    line = _replace(package / "_errors.py", TIMEOUT_INIT, TIMEOUT_INIT.replace("-> None:", "-> str:"))
    code, out, err = run_cli("verify", "--out", package, *QUICK)
    assert code == 1
    assert f'  {package}/_errors.py:{line}: The return type of "__init__" must be None' in out
    assert f"  {package}/_errors.py:{line}: Missing return statement" in out
    assert f"{package} does not pass `mypy --strict`: 2 type error(s)." in err
    assert "Traceback" not in out + err


def test_verify_counts_every_type_error_and_names_each(package: Path, run_cli: Cli) -> None:
    first = _append(package / "enums.py", 'ANSWER: int = "forty-two"')
    second = _append(package / "table.py", "NAME: str = 42")
    code, out, err = run_cli("verify", "--out", package, *QUICK)
    assert code == 1
    assert f"  {package}/enums.py:{first}: Incompatible types in assignment" in out
    assert f"  {package}/table.py:{second}: Incompatible types in assignment" in out
    assert "2 type error(s)." in err


def test_a_package_that_does_not_type_check_is_not_verified_further(package: Path, run_cli: Cli) -> None:
    _append(package / "enums.py", 'ANSWER: int = "forty-two"')
    code, out, _ = run_cli("verify", "--out", package, *QUICK)
    assert code == 1
    assert "verifying " not in out and " round trips" not in out


def test_no_typecheck_skips_mypy_and_says_so(package: Path, run_cli: Cli) -> None:
    _append(package / "enums.py", 'ANSWER: int = "forty-two"')
    code, out, err = run_cli("verify", "--out", package, "--no-typecheck", *QUICK)
    assert code == 0, out + err
    assert f"warning: {package} was not type-checked (--no-typecheck)" in err
    assert "mypy --strict:" not in out


def test_verify_without_mypy_says_how_to_install_it(monkeypatch: pytest.MonkeyPatch, run_cli: Cli) -> None:
    monkeypatch.setitem(sys.modules, "mypy", None)  # as if it were not installed: `import mypy` fails
    code, out, err = run_cli("verify", "--out", GENERATED, *QUICK)
    assert code == 1
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["dependencies"]
    pinned = next(d for d in dependencies if d.startswith("mypy=="))
    assert "mypy is not installed" in err and f"-m pip install {pinned}`" in err and "--no-typecheck" in err
    assert "Traceback" not in out + err


def test_a_syntax_error_is_named_by_file_and_line_without_a_traceback(package: Path, run_cli: Cli) -> None:
    line = _append(package / "enums.py", "def broken(:")
    code, out, err = run_cli("verify", "--out", package, *QUICK)
    assert code == 1
    assert f"  {package}/enums.py:{line}: " in out and "[syntax]" in out
    assert "Traceback" not in out + err


def test_a_module_needing_a_missing_distribution_is_left_out_and_named_with_its_importers(package: Path) -> None:
    _append(package / "transport.py", "import ocpp_codegen_absent_distribution")
    checked = type_check(package)
    assert checked.ok, checked.summary()
    absent = "ocpp_codegen_absent_distribution"
    assert checked.left_out == {"transport": absent, "reconnect": absent}
    assert f"  not type-checked, {absent} is not installed: reconnect.py, transport.py" in checked.summary()


def test_a_staged_directory_is_checked_under_the_package_name_and_its_own_paths(tmp_path: Path) -> None:
    staged = tmp_path / ".ocpp16.new-1-0123456789ab"
    shutil.copytree(GENERATED, staged, ignore=shutil.ignore_patterns("__pycache__"))
    line = _append(staged / "enums.py", 'ANSWER: int = "forty-two"')
    checked = type_check(staged, name="ocpp16")
    assert [(p.path, p.line) for p in checked.problems] == [(str(staged / "enums.py"), line)]


def test_the_mypy_cache_stays_out_of_the_package_and_the_working_directory(
    package: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert type_check(package).ok
    assert not list(tmp_path.rglob(".mypy_cache"))


def test_the_mypy_cache_is_in_the_user_s_cache_directory_unless_mypy_cache_dir_says(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MYPY_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_directory() == tmp_path / "xdg" / "ocpp-codegen" / "mypy"
    monkeypatch.setenv("MYPY_CACHE_DIR", str(tmp_path / "mine"))
    assert default_cache_directory() == tmp_path / "mine"
