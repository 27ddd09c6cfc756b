"""README.md runs as written: every code block is run, or marked as not meant to run.

The convention (a block's markers are HTML comments on the lines right above its fence,
invisible on the rendered page):

- A ```python block is a program. It runs with the command the README gives users,
  `PYTHONPATH=generated .venv/bin/python` (PYTHON_COMMAND, which the README must state), from
  the repository's root after `make generate`; it must exit 0 in time.
  A comment after an expression statement states its value: `repr(value)` as the prompt
  shows it, or `Class.member` for an enum member; after `print(x)`, the printed `str(x)`;
  `…` stands for any text (readme_runner.py checks them).
- A ```sh (or bash, shell) block is commands, one a line (`\\` continues a line, `#` starts a
  comment). A command `make TARGET` is dry-run (`make -n TARGET`): the target must exist and
  its recipe expand; running it is the suite's job. Every other command runs as written and
  must exit 0 in time. The shell is a user's outside the virtual environment: the tool's own
  commands (pyproject's [project.scripts]) are on PATH, as after the recommended install, but
  the venv's `python` is not.
- Every block runs in a scratch copy of the repository (the fetched schemas and generated/
  included, `.venv` linked), so a command may write files.
- `<!-- readme: not run: REASON -->` marks a block that is not meant to run (a synopsis, a
  file format, a sample of output). Any other block of a language that is not run is a failure.
- `<!-- readme: continues -->`: this python block runs in one program with the python block
  before it (it uses its names).
- `<!-- readme: server on port N -->` on one block and `<!-- readme: client -->` on the next:
  the server starts, the test waits until 127.0.0.1:N accepts connections, the client runs to
  completion (exit 0), then the server is stopped. N is replaced by a free port in both blocks.
- `<!-- readme: certificates -->`: the working directory holds `ca.pem` (a test certificate
  authority), `central-system.pem` (a certificate for 127.0.0.1 and localhost issued by it,
  with its private key) and `charge-point.pem` (a client certificate whose subject's common
  name is `CP_1`, with its private key), made with trustme.

Markers combine with commas: `<!-- readme: server on port 9443, certificates -->`. A marker that
is not right above a fence, or that this list does not name, is a failure.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
import trustme

from .readme_snippets import PYTHON_COMMAND, Case, Snippet, plan

REPO = Path(__file__).resolve().parent.parent
README = REPO / "README.md"
RUNNER = Path(__file__).resolve().parent / "readme_runner.py"
README_TEXT = README.read_text(encoding="utf-8")
CASES, PROBLEMS = plan(README_TEXT)

RUN_TIMEOUT = 120.0  # seconds a snippet or command may take before it counts as hung
SERVER_START_TIMEOUT = 30.0
NOT_COPIED = shutil.ignore_patterns(".git", "__pycache__", ".pytest_cache", ".mypy_cache", ".hypothesis")


def user_environment(tools: Path) -> dict[str, str]:
    """A user's shell after `make generate`: no virtual environment active, the tool on PATH."""
    environment = {
        name: value
        for name, value in os.environ.items()
        if name not in {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "MAKEFLAGS", "MAKELEVEL", "MFLAGS"}
    }
    outside_venvs = [
        p for p in environment.get("PATH", "").split(os.pathsep) if not (Path(p).parent / "pyvenv.cfg").exists()
    ]
    environment["PATH"] = os.pathsep.join([str(tools), *outside_venvs])
    return environment


def tool_commands(directory: Path) -> Path:
    """A directory with only the project's commands, as a tool install (pipx) puts on PATH."""
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text())["project"].get("scripts", {})
    directory.mkdir()
    for name in scripts:
        installed = Path(sys.executable).parent / name
        assert installed.exists(), f"the command {name} is not installed beside {sys.executable}"
        (directory / name).symlink_to(installed)
    return directory


@pytest.fixture
def scratch_repo(tmp_path: Path) -> Path:
    """A copy of the repository as a user has it after `make generate`, its venvs linked."""
    copy = tmp_path / "repo"
    venvs = {p.name for p in REPO.iterdir() if (p / "pyvenv.cfg").exists()}
    shutil.copytree(
        REPO, copy, symlinks=True, ignore=lambda d, names: NOT_COPIED(d, names) | (venvs if d == str(REPO) else set())
    )
    for name in venvs - {".venv"}:
        (copy / name).symlink_to(REPO / name)
    # The README's `.venv` is the venv `make` made for the user's Python; the suite may run in the
    # one made for another (`.venv-3.12` under `make test PYTHON=...`): that one stands for it.
    (copy / ".venv").symlink_to(Path(sys.prefix))
    return copy


@pytest.fixture
def environment(tmp_path: Path) -> dict[str, str]:
    return user_environment(tool_commands(tmp_path / "tools"))


def command_of(snippet: Snippet, directory: Path, port: tuple[int, int] | None) -> list[str]:
    """The shell command lines that run a snippet (a python program is first written out)."""
    if snippet.language == "sh":
        return snippet.commands(port)
    program = directory.parent / f"program-{snippet.blocks[0].first_line}.py"
    program.write_text(snippet.program(README_TEXT, port), encoding="utf-8")
    return [f"{PYTHON_COMMAND} {RUNNER} {program} README.md"]


def run(command: str, directory: Path, environment: dict[str, str], where: str) -> None:
    """Run one command line to completion; a hung one is killed with all it started."""
    process = subprocess.Popen(
        ["sh", "-c", command],
        cwd=directory,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        output, errors = process.communicate(timeout=RUN_TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        output, errors = process.communicate()
        pytest.fail(f"{where}: `{command}` did not finish in {RUN_TIMEOUT:.0f} s\n{output}\n{errors}")
    if process.returncode != 0:
        pytest.fail(f"{where}: `{command}` exited {process.returncode}\n{output}\n{errors}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def running_server(command: str, directory: Path, environment: dict[str, str], case: Case, port: int) -> Iterator[None]:
    log = directory.parent / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            ["sh", "-c", command], cwd=directory, env=environment, stdout=output, stderr=output, start_new_session=True
        )
    try:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while not accepts_connections(port):
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"{case.where}: the server did not listen on port {port}\n{log.read_text()}")
            time.sleep(0.1)
        yield
    except BaseException:
        print(f"server output:\n{log.read_text()}")
        raise
    finally:
        with suppress(ProcessLookupError):  # a server that died has no process group left
            os.killpg(server.pid, signal.SIGKILL)  # the shell and the server it started
        server.wait()


def accepts_connections(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def write_certificates(directory: Path) -> None:
    authority = trustme.CA()
    authority.cert_pem.write_to_path(str(directory / "ca.pem"))
    certificate = authority.issue_cert("127.0.0.1", "localhost")
    certificate.private_key_and_cert_chain_pem.write_to_path(str(directory / "central-system.pem"))
    charge_point = authority.issue_cert("charge-point.example", common_name="CP_1")
    charge_point.private_key_and_cert_chain_pem.write_to_path(str(directory / "charge-point.pem"))


def test_every_readme_code_block_is_run_or_marked_not_run() -> None:
    assert not PROBLEMS, "\n".join(PROBLEMS)


def test_readme_tells_how_to_run_its_python() -> None:
    assert f"`{PYTHON_COMMAND}" in README_TEXT


@pytest.mark.parametrize("case", CASES, ids=[case.where for case in CASES])
def test_readme_snippet_runs(case: Case, scratch_repo: Path, environment: dict[str, str]) -> None:
    if case.needs_certificates:
        write_certificates(scratch_repo)
    if case.client is None:
        for command in command_of(case.snippet, scratch_repo, None):
            run(command, scratch_repo, environment, case.where)
        return
    assert case.port is not None
    port = free_port()
    (server_command,) = command_of(case.snippet, scratch_repo, (case.port, port))
    with running_server(server_command, scratch_repo, environment, case, port):
        for command in command_of(case.client, scratch_repo, (case.port, port)):
            run(command, scratch_repo, environment, case.client.where)
