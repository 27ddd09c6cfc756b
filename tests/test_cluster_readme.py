"""README's "More than one node" program runs as written against a real redis-server.

The README test cannot start a Redis, so the block is marked not run there and runs here, with
the documented ports (Redis 6379, the server 9100) replaced by this session's free ones.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

from .conftest import GENERATED, REPO
from .readme_snippets import Snippet, read_blocks, with_port

README_TEXT = (REPO / "README.md").read_text(encoding="utf-8")
RUNNER = Path(__file__).resolve().parent / "readme_runner.py"


def _cluster_block() -> Snippet:
    blocks, _ = read_blocks(README_TEXT)
    found = [b for b in blocks if "from ocpp16.cluster import Cluster" in b.text]
    assert len(found) == 1, "README has one cluster program"
    return Snippet(found)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_the_readme_cluster_program_runs_against_a_real_redis(redis_port: int, tmp_path: Path) -> None:
    program = with_port(with_port(_cluster_block().program(README_TEXT), (6379, redis_port)), (9100, _free_port()))
    path = tmp_path / "cluster_program.py"
    path.write_text(program, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(RUNNER), str(path), "README.md"],
        cwd=REPO,
        env=os.environ | {"PYTHONPATH": str(GENERATED.parent)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "Accepted"
