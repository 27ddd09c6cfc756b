"""The machine a run measured on, described from the run itself."""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

LIBRARIES = (
    "pydantic",
    "pydantic-core",
    "jsonschema",
    "fastjsonschema",
    "jsonschema-rs",
    "ocpp",
    "websockets",
    "datamodel-code-generator",
    "black",
    "matplotlib",
)


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_bytes: int
    python: str
    system: str
    libraries: dict[str, str]
    load_average_before: tuple[float, float, float]
    date: str
    commit: str


def _cpu_model() -> str:
    """The model name, with family and model number (a virtual machine's name may be vague)."""
    cpuinfo = Path("/proc/cpuinfo")
    if not cpuinfo.is_file():
        return platform.processor() or platform.machine()
    fields: dict[str, str] = {}
    for line in cpuinfo.read_text().splitlines():
        key, _, value = line.partition(":")
        fields.setdefault(key.strip(), value.strip())
    virtual = ", virtual machine" if "hypervisor" in fields.get("flags", "").split() else ""
    return f"{fields.get('model name', platform.machine())} (family {fields.get('cpu family', '?')}, model {fields.get('model', '?')}{virtual})"


def _memory_bytes() -> int:
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) * 1024
    return 0


def _system() -> str:
    release = Path("/etc/os-release")
    name = ""
    if release.is_file():
        for line in release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                name = line.split("=", 1)[1].strip('"') + ", "
    return f"{name}{platform.system()} {platform.release()} {platform.machine()}"


def _version(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


def _node_versions(repository: Path) -> dict[str, str]:
    """Node and the ocpp-rpc installed for the bench (bench/node), as found."""
    node = shutil.which("node")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip() if node else ""
    package = repository / "bench" / "node" / "node_modules" / "ocpp-rpc" / "package.json"
    installed = json.loads(package.read_text(encoding="utf-8"))["version"] if package.is_file() else ""
    return {"node": version or "not installed", "ocpp-rpc": installed or "not installed"}


def _commit(repository: Path) -> str:
    def git(*arguments: str) -> str:
        return subprocess.run(["git", *arguments], cwd=repository, capture_output=True, text=True).stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    return commit + (" (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else "")


def describe(repository: Path) -> Machine:
    load = os.getloadavg()
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_bytes=_memory_bytes(),
        python=f"{platform.python_implementation()} {platform.python_version()}",
        system=_system(),
        libraries={**{name: _version(name) for name in LIBRARIES}, **_node_versions(repository)},
        load_average_before=(load[0], load[1], load[2]),
        date=datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        commit=_commit(repository),
    )
