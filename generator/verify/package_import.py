"""Importing a generated package from any directory, under a private name, for one `with`."""

from __future__ import annotations

import hashlib
import importlib.util
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

from ..errors import GenerationError


@contextmanager
def imported_package(directory: Path) -> Iterator[ModuleType]:
    """The package in a directory, imported under a private name (from its content's digest)
    for the duration of a `with`, so that any output directory can be verified."""
    directory = directory.resolve()
    init = directory / "__init__.py"
    if not init.is_file():
        raise GenerationError.single(directory, "", "no generated package here (no __init__.py): run generate first")
    name = private_name(directory)
    spec = importlib.util.spec_from_file_location(name, init, submodule_search_locations=[str(directory)])
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        try:
            spec.loader.exec_module(module)
        except Exception as error:
            raise GenerationError.single(init, "", f"the generated package does not import: {error!r}") from error
        yield module
    finally:
        for loaded in [n for n in sys.modules if n == name or n.startswith(name + ".")]:
            del sys.modules[loaded]


def private_name(directory: Path) -> str:
    """A module name no one else uses, the same for the same module files."""
    digest = hashlib.sha256()
    for path in sorted(directory.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return f"_ocpp_codegen_verified_{digest.hexdigest()[:16]}"
