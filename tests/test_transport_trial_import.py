"""Generating needs no websockets: the trial import of the staged package leaves out the
modules that need it (the transport and the reconnecting client) when it is not installed."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocpp_codegen.trial_import import check_importable

from .conftest import GENERATED


def test_the_trial_import_passes_where_websockets_is_not_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hidden = tmp_path / "hidden"
    hidden.mkdir()
    # In the child interpreter, `import websockets` fails and find_spec finds nothing.
    (hidden / "sitecustomize.py").write_text("import sys\nsys.modules['websockets'] = None\n", encoding="utf-8")
    monkeypatch.setenv("PYTHONPATH", str(hidden))
    check_importable(GENERATED, GENERATED)
