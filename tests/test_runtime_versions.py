"""The releases of pydantic and websockets the package works with: one range, checked at import.

`make test-runtimes` runs the package against the floor and the newest release of each range,
and imports it with a real release outside it; these tests pin down the check itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

from generator.runtime_versions import RuntimeDependency, load_runtime_dependencies, requirements
from ocpp16 import _releases, _requirements

from .conftest import GENERATED, REPO

DEPENDENCIES = {dependency.name: dependency for dependency in load_runtime_dependencies()}
RELEASES = [
    "2.10.6",
    "2.11.10",
    "2.12.0",
    "2.12.5",
    "2.13.0",
    "2.13.5",
    "2.14.0",
    "2.14.1",
    "2.14.2",
    "2.14.4",
    "2.15.0b1",
    "3.0.0",
    "12.0",
    "13.1",
    "14.0",
    "17.0",
    "17.1",
    "17.4",
    "18.0",
]


def test_the_package_checks_the_ranges_of_runtime_toml() -> None:
    assert _releases.SUPPORTED == {name: dependency.supported for name, dependency in DEPENDENCIES.items()}


@pytest.mark.parametrize("name", ["pydantic", "websockets"])
def test_the_check_agrees_with_pep_440(name: str) -> None:
    supported = DEPENDENCIES[name].supported
    specifier = SpecifierSet(supported, prereleases=True)
    for release in RELEASES:
        assert _requirements.satisfies(release, supported) == (release in specifier), release


@pytest.mark.parametrize("name", ["pydantic", "websockets"])
def test_the_floor_and_the_newest_release_are_supported(name: str) -> None:
    dependency = DEPENDENCIES[name]
    assert _requirements.satisfies(dependency.floor, dependency.supported)
    assert _requirements.satisfies(dependency.newest, dependency.supported)
    assert not _requirements.satisfies(dependency.refused, dependency.supported)


@pytest.mark.parametrize("found", ["2.11.10", "2.13.0", "2.14.1", "3.0.0"])
def test_an_unsupported_pydantic_is_an_import_error_naming_it_and_the_range(found: str) -> None:
    with pytest.raises(ImportError) as refused:
        _requirements.require("pydantic", found, _releases.SUPPORTED["pydantic"])
    assert str(refused.value) == (
        f"ocpp16 needs pydantic>=2.12.0,!=2.13.*,!=2.14.0,!=2.14.1,<3, but pydantic {found} is installed:"
        " pip install 'pydantic>=2.12.0,!=2.13.*,!=2.14.0,!=2.14.1,<3'"
    )


def _stand_in(directory: Path, package: str, version_line: str) -> Path:
    """A package that has nothing but its version module, as a release without what we need."""
    (directory / package).mkdir(parents=True)
    (directory / package / "__init__.py").write_text("")
    (directory / package / "version.py").write_text(version_line + "\n")
    return directory


def _import(module: str, *path: Path) -> subprocess.CompletedProcess[str]:
    environment = dict(os.environ, PYTHONPATH=os.pathsep.join(str(p) for p in path))
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True, text=True, env=environment)


def test_importing_the_package_refuses_an_unsupported_pydantic_before_using_it(tmp_path: Path) -> None:
    stand_in = _stand_in(tmp_path, "pydantic", 'VERSION = "2.13.0"')
    result = _import("ocpp16", stand_in, GENERATED.parent)
    assert result.returncode == 1
    assert (
        "ImportError: ocpp16 needs pydantic>=2.12.0,!=2.13.*,!=2.14.0,!=2.14.1,<3, but pydantic 2.13.0 is installed"
        in result.stderr
    )


def test_importing_the_transport_refuses_a_websockets_without_asyncio(tmp_path: Path) -> None:
    stand_in = _stand_in(tmp_path, "websockets", 'version = "12.0"')
    result = _import("ocpp16.transport", stand_in, GENERATED.parent)
    assert result.returncode == 1
    assert "ImportError: ocpp16 needs websockets>=17.1, but websockets 12.0 is installed" in result.stderr


def test_the_package_root_imports_without_websockets_whatever_its_release(tmp_path: Path) -> None:
    stand_in = _stand_in(tmp_path, "websockets", 'version = "12.0"')
    assert _import("ocpp16", stand_in, GENERATED.parent).returncode == 0


def test_ci_installs_the_floor_the_newest_and_one_refused_dependency_at_a_time() -> None:
    dependencies = tuple(DEPENDENCIES.values())
    assert requirements("floor", dependencies) == [f"{d.name}=={d.floor}" for d in dependencies]
    assert requirements("refused", dependencies, "websockets") == [
        f"pydantic=={DEPENDENCIES['pydantic'].newest}",
        f"websockets=={DEPENDENCIES['websockets'].refused}",
    ]


@pytest.mark.parametrize(
    ("supported", "problem"),
    [
        (">=2.12,<3.*", "'<3.*'"),
        ("~=2.12", "'~=2.12'"),
        ("<3", "exactly one >= clause"),
        (">=2.12,>=2.13", "exactly one >= clause"),
    ],
)
def test_a_range_the_generated_check_cannot_read_is_refused(tmp_path: Path, supported: str, problem: str) -> None:
    path = tmp_path / "runtime.toml"
    path.write_text(f'[pydantic]\nsupported = "{supported}"\nnewest = "2.14.4"\nrefused = "2.11.10"\n')
    with pytest.raises(ValueError, match=problem):
        load_runtime_dependencies(path)


def test_the_readme_states_each_supported_range() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for dependency in DEPENDENCIES.values():
        assert f"`{dependency.name}{dependency.supported}`" in readme


def test_a_runtime_dependency_floor_is_its_greater_or_equal_clause() -> None:
    assert RuntimeDependency("x", "!=2.13.*,>=2.12.0,<3", "2.14.4", "2.11.10").floor == "2.12.0"
