"""Section 4: what it costs to make the package and to load it.

- `make generate` for the OCPP 1.6 set, set-up excluded (virtualenv present, schemas fetched):
  the two commands it runs, `python -m ocpp_codegen generate` (writing to a scratch directory) and
  `python -m ocpp_codegen verify` at its default depth, each in a fresh process each time; also
  the generation pipeline alone, called in one warm process.
- Cold import: a fresh interpreter per run imports the generated package or `ocpp.v16`, timing
  the import statement alone (perf_counter_ns around it), so interpreter start-up is not in it.
  The first run of each compiles and caches the bytecode and is not counted, as it would not be
  on a deployed system.

Runs of the contenders alternate; the result is the median of the runs.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .contenders import OCPP_LIBRARY, OURS
from .ours import GENERATED, PACKAGE, REPO

# Prints two times from the interpreter's start of the import: the import alone, and the import
# followed by validating a first BootNotification (what a server does at its first message).
IMPORT_PROBE = """\
import time
started = time.perf_counter_ns()
import {module}
imported = time.perf_counter_ns()
{first_use}
used = time.perf_counter_ns()
print(imported - started, used - started)
"""
FIRST_BOOT_NOTIFICATION = '{"chargePointVendor": "Acme Charging", "chargePointModel": "AC22-Duo"}'


@dataclass(frozen=True)
class StartupSettings:
    generate_runs: int = 5
    import_runs: int = 20
    verify_runs: int = 2


QUICK_STARTUP = StartupSettings(generate_runs=2, import_runs=3, verify_runs=1)


@dataclass(frozen=True)
class Runs:
    """Seconds of each run, and their median."""

    seconds: tuple[float, ...]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass(frozen=True)
class ImportProbe:
    """A module to import, and the statement that validates a first BootNotification with it."""

    module: str
    first_use: str


@dataclass(frozen=True)
class ImportRow:
    contender: str
    module: str
    runs: Runs
    with_first_use: Runs


@dataclass(frozen=True)
class StartupResult:
    settings: StartupSettings
    generate_command: Runs
    generate_pipeline: Runs
    verify_command: Runs
    imports: tuple[ImportRow, ...]


def generate_command(schemas: Path, errata: Path, out: Path) -> list[str]:
    return [
        sys.executable,
        "-m",
        "ocpp_codegen",
        "generate",
        "--schemas",
        str(schemas),
        "--errata",
        str(errata),
        "--out",
        str(out),
    ]


def time_generate_command(schemas: Path, errata: Path, runs: int) -> Runs:
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-generate-") as scratch:
        for run in range(runs):
            out = Path(scratch) / f"run{run}" / PACKAGE
            started = time.perf_counter()
            subprocess.run(generate_command(schemas, errata, out), cwd=REPO, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
    return Runs(tuple(seconds))


def time_verify_command(schemas: Path, errata: Path, runs: int) -> Runs:
    """`python -m ocpp_codegen verify` of the committed package, default depth, a fresh process each run."""
    command = [
        sys.executable,
        "-m",
        "ocpp_codegen",
        "verify",
        "--schemas",
        str(schemas),
        "--errata",
        str(errata),
        "--out",
        str(GENERATED / PACKAGE),
    ]
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(command, cwd=REPO, check=True, capture_output=True)
        seconds.append(time.perf_counter() - started)
    return Runs(tuple(seconds))


def time_generate_pipeline(schemas: Path, errata: Path, runs: int) -> Runs:
    from ocpp_codegen.pipeline import Inputs, generate

    inputs = Inputs((schemas,), errata)
    seconds = []
    with tempfile.TemporaryDirectory(prefix="bench-pipeline-") as scratch:
        generate(inputs, Path(scratch) / "warm-up" / PACKAGE)
        for run in range(runs):
            started = time.perf_counter()
            generate(inputs, Path(scratch) / f"run{run}" / PACKAGE)
            seconds.append(time.perf_counter() - started)
    return Runs(tuple(seconds))


def import_seconds(probe: ImportProbe) -> tuple[float, float]:
    """One cold import in a fresh interpreter: (import alone, import and first validation). The
    generated package is found where users put it, on the path."""
    environment = {**os.environ, "PYTHONPATH": str(GENERATED)}
    code = IMPORT_PROBE.format(module=probe.module, first_use=probe.first_use)
    completed = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, env=environment, check=True, capture_output=True, text=True
    )
    imported, used = completed.stdout.split()
    return int(imported) / 1e9, int(used) / 1e9


def library_first_use(version: str, boot_notification: str) -> str:
    """What the `ocpp` library does at its first inbound CALL: load the schema, build the validator."""
    return (
        f"import json; from ocpp.messages import get_validator; "
        f"get_validator(2, 'BootNotification', {version!r}).validate(json.loads({boot_notification!r}))"
    )


def import_probes() -> dict[str, ImportProbe]:
    boot = FIRST_BOOT_NOTIFICATION
    return {
        OURS: ImportProbe(PACKAGE, f"{PACKAGE}.BootNotificationRequest.from_wire({boot!r})"),
        OCPP_LIBRARY: ImportProbe("ocpp.v16", library_first_use("1.6", boot)),
    }


def time_imports(runs: int, probes: dict[str, ImportProbe] | None = None) -> tuple[ImportRow, ...]:
    """Cold imports of each probe's module, the runs of the probes alternating; `probes` maps a
    row's contender name to its probe (default: the 1.6 package and `ocpp.v16`)."""
    probes = import_probes() if probes is None else probes
    for probe in probes.values():
        import_seconds(probe)  # compiles and caches the bytecode
    imported: dict[str, list[float]] = {name: [] for name in probes}
    used: dict[str, list[float]] = {name: [] for name in probes}
    for _ in range(runs):
        for name, probe in probes.items():
            seconds = import_seconds(probe)
            imported[name].append(seconds[0])
            used[name].append(seconds[1])
    return tuple(
        ImportRow(name, probe.module, Runs(tuple(imported[name])), Runs(tuple(used[name])))
        for name, probe in probes.items()
    )


def run(schemas: Path, errata: Path, settings: StartupSettings) -> StartupResult:
    return StartupResult(
        settings=settings,
        generate_command=time_generate_command(schemas, errata, settings.generate_runs),
        generate_pipeline=time_generate_pipeline(schemas, errata, settings.generate_runs),
        verify_command=time_verify_command(schemas, errata, settings.verify_runs),
        imports=time_imports(settings.import_runs),
    )
