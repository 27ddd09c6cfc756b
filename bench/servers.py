"""The central system processes of sections 3 and 5: which contenders there are, starting one,
asking it what it costs (CPU, memory, garbage collections), checking its answers, stopping it.

Each process speaks JSON lines on stdout (bench/central_system.py, bench/node/central_system.js):
{"port"} once it listens, {"peak_rss_bytes"} when SIGTERM stops it; the Python ones also
{"gc_collections"} on SIGUSR1.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from websockets.asyncio.client import connect
from websockets.typing import Subprotocol

from .contenders import BARE_WEBSOCKETS, BARE_WEBSOCKETS_SMALL_READS, OCPP_LIBRARY, OCPP_RPC, CentralSystem
from .ours import REPO, our_central_systems
from .payloads import Sample
from .processes import cpu_seconds, cpu_times, resident_bytes
from .replies import is_call_error
from .traffic import OCPP16, traffic

START_SECONDS = 60.0
CHECK_SECONDS = 30.0
NODE_FOLDER = REPO / "bench" / "node"
OCPP_RPC_SYSTEM = CentralSystem(OCPP_RPC, "bench/node/central_system.js", runtime="node")


def ocpp_rpc_missing() -> str | None:
    """Why the Node contender cannot run here, or None when it can."""
    if shutil.which("node") is None:
        return "`node` is not on PATH"
    if not (NODE_FOLDER / "node_modules" / "ocpp-rpc" / "package.json").is_file():
        return "bench/node/node_modules has no ocpp-rpc (`make bench` installs it with npm, which is missing)"
    return None


def central_systems(
    subprotocols: tuple[str, ...] = (OCPP16,), like_for_like_floor: bool = False
) -> tuple[tuple[CentralSystem, ...], tuple[str, ...]]:
    """The contenders of sections 3 and 5 serving a fleet that speaks `subprotocols`, and one
    line for each that cannot run here; with `like_for_like_floor`, also the floor reading in
    64 KiB chunks as ours does."""
    floors = [CentralSystem(BARE_WEBSOCKETS, "bench.bare_websockets:serve", validates=False)]
    if like_for_like_floor:
        floors.append(
            CentralSystem(BARE_WEBSOCKETS_SMALL_READS, "bench.bare_websockets:serve_small_reads", validates=False)
        )
    systems = [
        *our_central_systems(),
        *floors,
        CentralSystem(OCPP_LIBRARY, "bench.ocpp_library_central_system:serve"),
    ]
    skipped = []
    if (reason := ocpp_rpc_missing()) is None:
        systems.append(OCPP_RPC_SYSTEM)
    else:
        skipped.append(f"{OCPP_RPC}: skipped, {reason}.")
    return tuple(dataclasses.replace(system, subprotocols=subprotocols) for system in systems), tuple(skipped)


def replies_argument(subprotocols: tuple[str, ...] = (OCPP16,)) -> str:
    """The constant reply payloads, as the Node contender takes them (JSON, subprotocol ->
    action -> payload)."""
    return json.dumps({subprotocol: traffic(subprotocol).replies for subprotocol in subprotocols})


def command(system: CentralSystem) -> list[str]:
    if system.runtime == "node":
        return ["node", "--expose-gc", str(REPO / system.entry_point), replies_argument(system.subprotocols)]
    # A 1.6 fleet is served without naming it: the entry point's default (see CentralSystem).
    offered = [] if system.subprotocols == (OCPP16,) else [",".join(system.subprotocols)]
    return [sys.executable, "-m", "bench.central_system", system.entry_point, *offered]


class Messages:
    """Reads the JSON lines a child process tells, with a deadline for each."""

    def __init__(self) -> None:
        self._reader = ThreadPoolExecutor(max_workers=8)

    def read(self, process: subprocess.Popen[str], seconds: float) -> dict[str, Any]:
        stream: IO[str] = process.stdout  # type: ignore[assignment]
        line = self._reader.submit(stream.readline).result(timeout=seconds)
        if not line:
            raise RuntimeError(f"{' '.join(process.args)} exited ({process.wait()}) before telling anything")  # type: ignore[arg-type]
        message: dict[str, Any] = json.loads(line)
        return message

    def close(self) -> None:
        self._reader.shutdown(wait=False, cancel_futures=True)


def start(arguments: list[str]) -> subprocess.Popen[str]:
    return subprocess.Popen(arguments, cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


@contextmanager
def processes() -> Iterator[list[subprocess.Popen[str]]]:
    """Every process started is gone when the run is over, however it ends."""
    started: list[subprocess.Popen[str]] = []
    try:
        yield started
    finally:
        for process in started:
            if process.poll() is None:
                process.kill()
            process.wait()


class RunningServer:
    """One central system process, started and listening."""

    def __init__(self, system: CentralSystem, messages: Messages, started: list[subprocess.Popen[str]]) -> None:
        self.system = system
        self._messages = messages
        self.process = start(command(system))
        started.append(self.process)
        self.port: int = messages.read(self.process, START_SECONDS)["port"]

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/ocpp"

    def cpu_seconds(self) -> float:
        return cpu_seconds(self.process.pid)

    def cpu_times(self) -> tuple[float, float]:
        """User and system CPU seconds so far."""
        return cpu_times(self.process.pid)

    def resident_bytes(self) -> int:
        return resident_bytes(self.process.pid)

    def gc_collections(self) -> tuple[int, ...] | None:
        """The Python collector's runs per generation so far; None for a Node server."""
        collector = self.collector()
        return None if collector is None else collector[0]

    def collector(self) -> tuple[tuple[int, ...], float] | None:
        """The Python collector's runs per generation so far and the seconds spent in them;
        None for a Node server."""
        if self.system.runtime != "python":
            return None
        self.process.send_signal(signal.SIGUSR1)
        told = self._messages.read(self.process, START_SECONDS)
        return tuple(told["gc_collections"]), float(told["gc_seconds"])

    def stop(self) -> int:
        """Stops the process; returns its peak resident memory."""
        self.process.send_signal(signal.SIGTERM)
        peak: int = self._messages.read(self.process, START_SECONDS)["peak_rss_bytes"]
        if self.process.wait(timeout=START_SECONDS) != 0:
            raise RuntimeError(f"{self.system.name} failed")
        return peak


def checked_frames(subprotocol: str = OCPP16) -> tuple[Sample, ...]:
    """What a central system is asked before it is measured: every CALL a charge point sends it."""
    return traffic(subprotocol).checked


async def wrong_answers(url: str, validates: bool, subprotocol: str = OCPP16) -> list[str]:
    """Over a connection in `subprotocol`, each checked CALL must get its trivial CALLRESULT;
    with `validates`, the same CALL with an unknown property must get a CALLERROR. Returns
    what went wrong."""
    wrong = []
    spoken = traffic(subprotocol)

    def is_trivial_reply(frame: str, reply: str) -> bool:
        _, unique_id, action, _ = json.loads(frame)
        return bool(json.loads(reply) == [3, unique_id, spoken.reply_payload(action)])

    async with connect(
        f"{url}/CP_CHECK", subprotocols=[Subprotocol(subprotocol)], open_timeout=CHECK_SECONDS
    ) as websocket:
        if websocket.subprotocol != subprotocol:
            return [f"the server chose {websocket.subprotocol!r} when offered {subprotocol!r}"]
        for sample in spoken.checked:
            frames = [(sample.frame(), is_trivial_reply)] + (
                [(sample.invalid_frame(), is_call_error)] if validates else []
            )
            for frame, is_right in frames:
                await websocket.send(frame)
                reply = str(await asyncio.wait_for(websocket.recv(), CHECK_SECONDS))
                if not is_right(frame, reply):
                    wrong.append(f"{subprotocol} {frame[:60]}... was answered with {reply[:120]}")
    return wrong


def check_answers(system: CentralSystem) -> None:
    """Raises unless the central system gives the right answer to every checked CALL, in every
    subprotocol it serves."""
    messages = Messages()
    try:
        with processes() as started:
            server = RunningServer(system, messages, started)
            wrong = [
                line
                for subprotocol in system.subprotocols
                for line in asyncio.run(wrong_answers(server.url, system.validates, subprotocol))
            ]
            server.stop()
    finally:
        messages.close()
    if wrong:
        raise RuntimeError(f"{system.name} is not measured: " + "; ".join(wrong))
