"""The package verify checks, imported from any directory under a private name and forgotten after."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.verify import imported_package
from ocpp_codegen.verify.package_import import private_name

from .conftest import GENERATED


def _package(tmp_path: Path, text: str) -> Path:
    directory = tmp_path / "package"
    directory.mkdir(parents=True)
    (directory / "__init__.py").write_text(text, encoding="utf-8")
    return directory


def test_the_package_is_imported_under_its_private_name(tmp_path: Path) -> None:
    directory = _package(tmp_path, "ANSWER = 42\n")
    with imported_package(directory) as package:
        assert (package.__name__, package.ANSWER) == (private_name(directory), 42)


def test_the_package_is_forgotten_after_the_with(tmp_path: Path) -> None:
    directory = shutil.copytree(GENERATED, tmp_path / "ocpp16")
    with imported_package(directory) as package:
        assert package.AuthorizeRequest.from_wire('{"idTag": "T"}')
    assert not [name for name in sys.modules if name.startswith(private_name(directory))]


def test_the_private_name_is_the_same_for_the_same_files(tmp_path: Path) -> None:
    assert private_name(_package(tmp_path / "a", "A = 1\n")) == private_name(_package(tmp_path / "b", "A = 1\n"))


def test_the_private_name_differs_for_other_files(tmp_path: Path) -> None:
    assert private_name(_package(tmp_path / "a", "A = 1\n")) != private_name(_package(tmp_path / "b", "A = 2\n"))


def test_a_package_that_does_not_import_is_an_error_naming_its_init(tmp_path: Path) -> None:
    directory = _package(tmp_path, "raise ImportError('no pydantic')\n")
    with pytest.raises(GenerationError, match="__init__.py.*does not import: ImportError\\('no pydantic'\\)"):
        with imported_package(directory):
            pass
