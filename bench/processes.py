"""What the processes of section 3 share: the file-descriptor limit and line-based JSON messages."""

from __future__ import annotations

import json
import os
import resource
import sys
from pathlib import Path
from typing import Any


def raise_open_file_limit() -> None:
    """A thousand connections need a thousand sockets on each side: lift the soft limit to the hard one."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard == resource.RLIM_INFINITY or soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def tell(message: dict[str, Any]) -> None:
    """One JSON line to the orchestrating process."""
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def peak_rss_bytes() -> int:
    """This process's peak resident set size (Linux reports kibibytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def cpu_times(pid: int) -> tuple[float, float]:
    """User and system CPU time a running process has used so far (Linux: /proc/PID/stat)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    # Fields after the command name, which is in parentheses and may hold spaces: state is
    # field 3, utime field 14, stime field 15.
    fields = stat[stat.rindex(")") + 2 :].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return int(fields[11]) / ticks, int(fields[12]) / ticks


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used so far."""
    user, system = cpu_times(pid)
    return user + system


def resident_bytes(pid: int) -> int:
    """A running process's resident set size now (Linux: VmRSS in /proc/PID/status, kibibytes)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"process {pid} reports no VmRSS")
