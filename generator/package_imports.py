"""Which modules of a generated package can be imported here: the transport needs websockets and
the cluster redis, optional dependencies the user may not have installed. Read from the modules'
own import statements (not from a list kept by hand), so the trial import of the write stage and
the type check of verify leave out the same modules, for the same reason.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path


def modules_needing_missing_distributions(directory: Path, modules: list[str]) -> dict[str, str]:
    """Each module that imports (itself, or through the package's own modules) a top-level
    module that is not installed, with that module's name."""
    absolute: dict[str, set[str]] = {}
    relative: dict[str, set[str]] = {}
    for module in modules:
        try:
            tree = ast.parse((directory / f"{module}.py").read_bytes())
        except (SyntaxError, ValueError):  # mypy names the file and line
            tree = ast.Module(body=[], type_ignores=[])
        absolute[module], relative[module] = _imports(tree)
    left_out: dict[str, str] = {}
    for module in modules:
        missing = sorted(name for name in absolute[module] if importlib.util.find_spec(name) is None)
        if missing:
            left_out[module] = missing[0]
    changed = True
    while changed:  # a module importing a left-out module of the package is left out too
        changed = False
        for module in modules:
            reason = next((left_out[r] for r in sorted(relative[module]) if r in left_out), None)
            if module not in left_out and reason is not None:
                left_out[module] = reason
                changed = True
    return left_out


def _imports(tree: ast.Module) -> tuple[set[str], set[str]]:
    """The top-level names of the absolute imports, and the package's modules imported relatively."""
    absolute: set[str] = set()
    relative: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            absolute.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            absolute.add(node.module.partition(".")[0])
        elif isinstance(node, ast.ImportFrom) and node.level == 1:
            relative.update([node.module.partition(".")[0]] if node.module else [a.name for a in node.names])
    return absolute, relative
