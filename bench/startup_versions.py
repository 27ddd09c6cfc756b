"""Section 4 for every OCPP version: generating each shipped schema set, and cold imports of the
2.x packages against the `ocpp` library's `ocpp.v201` and `ocpp.v21`.

- Generation: `python -m ocpp_codegen generate --set NAME --out SCRATCH` for ocpp16, ocpp201 and
  ocpp21, a fresh process each run (what `make generate` runs per set, without the catalogue and
  the verify step), the sets' runs alternating; each set's median, and their sum. Then what
  `make generate` runs: all three sets in one `generate --set ocpp16 --set ocpp201 --set ocpp21`
  (a fresh process each run, in a scratch working directory).
- Cold import: as for 1.6 (bench/startup.py), the import statement alone timed in a fresh
  interpreter, and the import followed by validating a first BootNotification.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .contenders import OCPP_LIBRARY, OURS
from .ours import REPO
from .startup import ImportProbe, ImportRow, Runs, StartupSettings, library_first_use, time_imports

SETS = ("ocpp16", "ocpp201", "ocpp21")
# The 2.x BootNotification a station sends first: the same in 2.0.1 and 2.1.
FIRST_BOOT_NOTIFICATION = (
    '{"reason": "PowerUp", "chargingStation": {"model": "AC22-Duo", "vendorName": "Acme Charging"}}'
)
# Per 2.x package: the `ocpp` library's module and version string for the same OCPP version.
LIBRARY_MODULES = {"ocpp201": ("ocpp.v201", "2.0.1"), "ocpp21": ("ocpp.v21", "2.1")}


@dataclass(frozen=True)
class SetGeneration:
    schema_set: str
    runs: Runs


@dataclass(frozen=True)
class VersionsStartupResult:
    settings: StartupSettings
    generation: tuple[SetGeneration, ...]
    imports: tuple[ImportRow, ...]
    # `make generate`'s one run of every set (absent from results saved before it was measured).
    together: Runs | None = None

    @property
    def generation_total(self) -> float:
        """Seconds to generate every set: `make generate`'s one run, else the sum of each set's median."""
        if self.together is not None:
            return self.together.median
        return sum(row.runs.median for row in self.generation)


def generate_set_command(schema_set: str, out: Path) -> list[str]:
    return [sys.executable, "-m", "ocpp_codegen", "generate", "--set", schema_set, "--out", str(out)]


def time_generation(runs: int, sets: tuple[str, ...] = SETS) -> tuple[SetGeneration, ...]:
    seconds: dict[str, list[float]] = {name: [] for name in sets}
    with tempfile.TemporaryDirectory(prefix="bench-generate-sets-") as scratch:
        for run in range(runs):
            for name in sets:
                out = Path(scratch) / f"run{run}" / name
                started = time.perf_counter()
                subprocess.run(generate_set_command(name, out), cwd=REPO, check=True, capture_output=True)
                seconds[name].append(time.perf_counter() - started)
    return tuple(SetGeneration(name, Runs(tuple(seconds[name]))) for name in sets)


def generate_together_command(sets: tuple[str, ...]) -> list[str]:
    every_set = [argument for name in sets for argument in ("--set", name)]
    return [sys.executable, "-m", "ocpp_codegen", "generate", *every_set, "--docs", "docs/{set}-catalogue.md"]


def time_generation_together(runs: int, sets: tuple[str, ...] = SETS) -> Runs:
    """`make generate`'s command, in a scratch working directory that finds the fetched schemas."""
    seconds = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-generate-together-") as scratch:
            (Path(scratch) / "schemas").symlink_to(REPO / "schemas", target_is_directory=True)
            started = time.perf_counter()
            subprocess.run(generate_together_command(sets), cwd=scratch, check=True, capture_output=True)
            seconds.append(time.perf_counter() - started)
    return Runs(tuple(seconds))


def import_probes() -> dict[str, ImportProbe]:
    """Each 2.x package and the library's module for its version, in pairs; the row names say both."""
    boot = FIRST_BOOT_NOTIFICATION
    probes = {}
    for package, (module, version) in LIBRARY_MODULES.items():
        probes[f"{OURS} {package}"] = ImportProbe(package, f"{package}.BootNotificationRequest.from_wire({boot!r})")
        probes[f"{OCPP_LIBRARY} {module}"] = ImportProbe(module, library_first_use(version, boot))
    return probes


def run(settings: StartupSettings) -> VersionsStartupResult:
    return VersionsStartupResult(
        settings=settings,
        generation=time_generation(settings.generate_runs),
        imports=time_imports(settings.import_runs, import_probes()),
        together=time_generation_together(settings.generate_runs),
    )
