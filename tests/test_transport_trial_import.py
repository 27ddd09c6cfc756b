"""Generating needs no websockets: the trial import of the staged package leaves out the
modules that need it (the transport and the reconnecting client) when it is not installed."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.trial_import import check_importable

from .conftest import GENERATED


def test_the_trial_import_passes_where_websockets_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    # Here and in the child interpreter, `import websockets` fails and find_spec finds nothing.
    (hidden / "sitecustomize.py").write_text("import sys\nsys.modules['websockets'] = None\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    monkeypatch.setitem(sys.modules, "websockets", None)
    check_importable(GENERATED, GENERATED)


def test_the_trial_import_still_imports_the_transport_where_websockets_is_installed(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    shutil.copytree(GENERATED, package, ignore=shutil.ignore_patterns("__pycache__"))
    with (package / "_transport_server.py").open("a", encoding="utf-8") as module:
        module.write("\nraise RuntimeError('the transport was imported')\n")
    with pytest.raises(GenerationError, match="the transport was imported"):
        check_importable(package, package)
