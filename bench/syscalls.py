"""Section 3's kernel side: the system calls a central system makes per call, counted by
`strace -c` attached to its process during a short untimed run of section 3's setting.

strace slows the traced process, so this run measures nothing else; the counts of reads and
writes per call hold, while readiness waits (epoll_wait) may be fewer than untraced, as more
connections are ready at each wake. Skipped, with a line saying why, where strace is missing
or may not attach.
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .contenders import CentralSystem
from .end_to_end import BOOT_SECONDS, RUN_SECONDS, split
from .servers import Messages, RunningServer, processes, start

TRACED_CHARGE_POINTS = 100
TRACED_CALLS = 2_000
STRACE_SECONDS = 30.0


@dataclass(frozen=True)
class SyscallCounts:
    """System calls per call of one central system serving one fleet, by name, most first."""

    contender: str
    subprotocols: tuple[str, ...]
    per_call: dict[str, float]

    @property
    def total(self) -> float:
        return sum(self.per_call.values())


def strace_missing() -> str | None:
    if shutil.which("strace") is None:
        return "`strace` is not on PATH"
    return None


def parse_summary(text: str) -> dict[str, int]:
    """Calls by syscall name from `strace -c`'s table (the total line left out)."""
    counts = {}
    for line in text.splitlines():
        tokens = line.split()
        if len(tokens) >= 5 and tokens[-1] != "total":
            try:
                float(tokens[0])
                counts[tokens[-1]] = int(tokens[3])
            except ValueError:
                continue
    return counts


def count(system: CentralSystem, charge_points: int = TRACED_CHARGE_POINTS, calls: int = TRACED_CALLS) -> SyscallCounts:
    """Traces the central system while `charge_points` charge points send `calls` calls in all."""
    per_charge_point = max(1, calls // charge_points)
    messages = Messages()
    with tempfile.TemporaryDirectory() as folder, processes() as started:
        try:
            summary = Path(folder) / "strace.txt"
            server = RunningServer(system, messages, started)
            loads = [
                start(
                    [
                        sys.executable,
                        "-m",
                        "bench.load_generator",
                        server.url,
                        str(first),
                        str(size),
                        str(per_charge_point),
                        str(per_charge_point),
                        system.subprotocols[index % len(system.subprotocols)],
                    ]
                )
                for index, (first, size) in enumerate(split(charge_points, 2 * len(system.subprotocols)))
            ]
            started.extend(loads)
            for load in loads:
                messages.read(load, BOOT_SECONDS)
            tracer = subprocess.Popen(
                ["strace", "-c", "-f", "-qq", "-o", str(summary), "-p", str(server.process.pid)],
                stderr=subprocess.DEVNULL,
            )
            started.append(tracer)
            _wait_attached(server.process.pid)
            for load in loads:
                assert load.stdin is not None
                load.stdin.write("go\n")
                load.stdin.flush()
            traced_calls = sum(len(messages.read(load, RUN_SECONDS)["latencies_ns"]) for load in loads)
            tracer.send_signal(signal.SIGINT)
            tracer.wait(timeout=STRACE_SECONDS)
            server.stop()
            counts = parse_summary(summary.read_text())
        finally:
            messages.close()
    if not counts:
        raise RuntimeError(f"strace counted no system calls of {system.name}")
    ordered = sorted(counts.items(), key=lambda item: -item[1])
    return SyscallCounts(system.name, system.subprotocols, {name: n / traced_calls for name, n in ordered})


def _wait_attached(pid: int) -> None:
    """Until the tracer has attached (the process's TracerPid is set)."""
    deadline = time.monotonic() + STRACE_SECONDS
    while time.monotonic() < deadline:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("TracerPid:") and line.split()[1] != "0":
                return
        time.sleep(0.01)
    raise RuntimeError("strace did not attach")
