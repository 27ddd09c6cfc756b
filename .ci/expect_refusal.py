"""Prove a generated package refuses, at import, the installed release of a dependency.

usage: python .ci/expect_refusal.py PACKAGE_DIR MODULE DISTRIBUTION

Imports PACKAGE_DIR (plus `.MODULE` unless MODULE is empty) and exits 0 only when that raises
ImportError naming the installed release of DISTRIBUTION and its supported range from
generator/runtime.toml. Standard library only: it runs in a venv holding just that release.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import sys
import tomllib
from pathlib import Path

RUNTIME_FILE = Path(__file__).resolve().parent.parent / "generator" / "runtime.toml"


def main(package_dir: str, module: str, distribution: str) -> int:
    package = Path(package_dir).resolve()
    sys.path.insert(0, str(package.parent))
    name = package.name + (f".{module}" if module else "")
    found = importlib.metadata.version(distribution)
    supported = tomllib.loads(RUNTIME_FILE.read_text(encoding="utf-8"))[distribution]["supported"]
    try:
        importlib.import_module(name)
    except ImportError as error:
        message = str(error)
        if f"{distribution} {found} is installed" in message and f"{distribution}{supported}" in message:
            print(f"import {name} with {distribution} {found}: refused as it should be: {message}")
            return 0
        print(f"import {name} with {distribution} {found}: an unclear ImportError: {message}", file=sys.stderr)
        return 1
    print(
        f"import {name} with {distribution} {found}: accepted, but {distribution}{supported} is supported",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
