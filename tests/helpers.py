"""Small tools the tests share: editing schema files in place, importing a generated package."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType
from typing import Any


def edit_schema(path: Path, change: Any) -> None:
    """Load a schema file, let `change` mutate the parsed JSON, write it back."""
    content = json.loads(path.read_text(encoding="utf-8-sig"))
    change(content)
    path.write_text(json.dumps(content, indent=2), encoding="utf-8")


def import_package(directory: Path, name: str) -> ModuleType:
    """Import a generated package from any directory under a name of the test's choosing."""
    spec = importlib.util.spec_from_file_location(
        name, directory / "__init__.py", submodule_search_locations=[str(directory)]
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module
