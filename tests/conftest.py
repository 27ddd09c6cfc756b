"""Shared fixtures: the official schema set, scratch copies of it, and the generator's CLI."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ocpp_codegen.cli import main

REPO = Path(__file__).resolve().parent.parent
OFFICIAL_SCHEMAS = REPO / "schemas" / "OCPP-1.6-JSON-Schemas"
SCHEMAS_201 = REPO / "schemas" / "OCPP-2.0.1-JSON-Schemas"
SCHEMAS_21 = REPO / "schemas" / "OCPP-2.1-JSON-Schemas"
ERRATA = REPO / "schemas" / "errata" / "ocpp16"
GENERATED = REPO / "generated" / "ocpp16"

# The committed package is what users vendor: the behaviour tests import exactly that.
sys.path.insert(0, str(GENERATED.parent))


@pytest.fixture(scope="session")
def official_schemas() -> Path:
    if not OFFICIAL_SCHEMAS.is_dir():
        pytest.fail("the schema set is missing: run `make test`, which fetches it")
    return OFFICIAL_SCHEMAS


@pytest.fixture(scope="session")
def schemas_201() -> Path:
    if not SCHEMAS_201.is_dir():
        pytest.fail("the OCPP 2.0.1 schema set is missing: run `make test`, which fetches it")
    return SCHEMAS_201


@pytest.fixture(scope="session")
def schemas_21() -> Path:
    if not SCHEMAS_21.is_dir():
        pytest.fail("the OCPP 2.1 schema set is missing: run `make test`, which fetches it")
    return SCHEMAS_21


@pytest.fixture
def schema_copy(official_schemas: Path, tmp_path: Path) -> Path:
    """A scratch copy of the official schema set, for tests that break it."""
    copy = tmp_path / "schemas"
    shutil.copytree(official_schemas, copy)
    return copy


def snapshot(directory: Path) -> dict[str, bytes]:
    """Every file below a directory with its bytes, to prove a failed run changed nothing."""
    if not directory.exists():
        return {}
    return {str(p.relative_to(directory)): p.read_bytes() for p in sorted(directory.rglob("*")) if p.is_file()}


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run `ocpp-codegen` in this process: (exit code, stdout, stderr)."""

    def run(*arguments: str | Path) -> tuple[int, str, str]:
        code = main([str(a) for a in arguments])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="session")
def built_wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The tool's wheel, built once from a copy of the repository's own files.

    Built in place, setuptools would reuse whatever an earlier build left in `build/`; a copy of
    the files git knows (tracked, or new and not ignored) is what a fresh clone would build."""
    source = tmp_path_factory.mktemp("wheel-source")
    listed = (
        subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        if (REPO / name).is_file():
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(REPO / name, source / name)
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(out),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    return next(out.glob("ocpp_codegen-*.whl"))


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    """A real redis-server of this session's own on 127.0.0.1, without persistence: its port."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    process = start_redis_server(tmp_path_factory.mktemp("redis"), port)
    try:
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)


def start_redis_server(directory: Path, port: int) -> subprocess.Popen[bytes]:
    """redis-server on 127.0.0.1:`port`, its files in `directory`, nothing saved; once it listens."""
    server = shutil.which("redis-server")
    if server is None:
        pytest.fail("redis-server is missing: run `make test`, which installs it")
    command = [
        server,
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--dir",
        str(directory),
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
    ]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"redis-server did not start on 127.0.0.1:{port}")
            time.sleep(0.05)
