"""The transport's per-protocol constants: the stubs the runtime modules type-check against
name exactly what the generated modules define."""

from __future__ import annotations

import ast

import pytest

from ocpp_codegen.runtime import RUNTIME_DIRECTORY

from ..conftest import GENERATED


def _names(source: str) -> set[str]:
    tree = ast.parse(source)
    return {
        node.target.id for node in tree.body if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
    }


@pytest.mark.parametrize("module", ["_websocket", "_releases"])
def test_a_stub_names_what_the_generated_module_defines(module: str) -> None:
    stub = (RUNTIME_DIRECTORY / f"{module}.pyi").read_text(encoding="utf-8")
    generated = (GENERATED / f"{module}.py").read_text(encoding="utf-8")
    assert _names(stub) == _names(generated) and _names(stub)


def test_the_1_6_package_speaks_ocpp16_and_names_its_sides() -> None:
    namespace: dict[str, object] = {}
    exec((GENERATED / "_websocket.py").read_text(encoding="utf-8"), namespace)
    assert (namespace["SUBPROTOCOL"], namespace["SERVER_TITLE"], namespace["CLIENT_TITLE"]) == (
        "ocpp1.6",
        "Central System",
        "Charge Point",
    )
