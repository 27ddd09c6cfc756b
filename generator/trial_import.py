"""Write stage, before the swap: the staged package is imported, and every model built, in a
child interpreter. A package that fails there is never swapped in.

The render stage's checks name the schema place of every problem they know of; this one is
the net under them, for the problems nobody foresaw. It runs in a child process, with a time
limit, so the package's code never runs inside the generator and cannot hang it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .errors import GenerationError, Problem
from .package_imports import modules_needing_missing_distributions

TIME_LIMIT_SECONDS = 120
# The name the package is imported under: its own imports are relative, so any name will do.
TRIAL_NAME = "_ocpp_codegen_trial"

# Imports the package at argv[1] under the name argv[2], then each of its modules but those named
# in argv[3] (comma-separated: they need a distribution not installed here, such as websockets),
# then builds every pydantic model's validator (the models defer that to their first use).
_PROGRAM = """
import importlib, importlib.util, inspect, sys
from pathlib import Path
import pydantic
directory, name, left_out = Path(sys.argv[1]), sys.argv[2], set(sys.argv[3].split(","))
spec = importlib.util.spec_from_file_location(name, directory / "__init__.py", submodule_search_locations=[str(directory)])
package = importlib.util.module_from_spec(spec)
sys.modules[name] = package
spec.loader.exec_module(package)
for path in sorted(directory.glob("*.py")):
    if path.stem in left_out:
        continue
    module = importlib.import_module(f"{name}.{path.stem}")
    for value in vars(module).values():
        if inspect.isclass(value) and issubclass(value, pydantic.BaseModel) and value.__module__ == module.__name__:
            value.model_rebuild(force=True)
"""


def check_importable(directory: Path, out: Path) -> None:
    """Stop, naming `out`, when the package staged in `directory` fails to import or to build a model."""
    check_all_importable([(directory, out)])


def check_all_importable(staged: list[tuple[Path, Path]]) -> None:
    """`check_importable` for several staged packages, each in its own child interpreter, all at
    once; every failure is named."""
    # -P: the working directory is not on the path (a module there cannot stand in for pydantic);
    # -B: no __pycache__ is left in the package.
    children = [
        (
            subprocess.Popen(
                [sys.executable, "-P", "-B", "-c", _PROGRAM, str(directory), TRIAL_NAME, _left_out(directory)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                text=True,
                start_new_session=True,
            ),
            out,
        )
        for directory, out in staged
    ]
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    problems = [problem for child, out in children for problem in _outcome(child, out, deadline)]
    if problems:
        raise GenerationError(problems)


def _left_out(directory: Path) -> str:
    """The modules the trial import skips, as the child takes them: those needing an optional
    dependency that is not installed (the package's own import of them is what proves them)."""
    modules = sorted(path.stem for path in directory.glob("*.py"))
    return ",".join(sorted(modules_needing_missing_distributions(directory, modules)))


def _outcome(child: subprocess.Popen[str], out: Path, deadline: float) -> list[Problem]:
    try:
        _, stderr = child.communicate(timeout=max(0.0, deadline - time.monotonic()))
    except subprocess.TimeoutExpired:
        child.kill()
        child.communicate()
        return [Problem(str(out), "", f"importing the generated package took over {TIME_LIMIT_SECONDS} s")]
    if child.returncode == 0:
        return []
    lines = stderr.strip().splitlines() or [f"exit status {child.returncode}"]
    return [
        Problem(
            str(out),
            "",
            f"the generated package fails on import ({lines[-1]}); nothing was swapped in. "
            "The schemas passed every check, so this is a defect of the generator: please report it",
        )
    ]
