"""Section 3's central system process: `python -m bench.central_system MODULE:FUNCTION [SUBPROTOCOLS]`.

Runs the coroutine function named (see bench/contenders.py:CentralSystem) until SIGTERM, given
SUBPROTOCOLS (comma-separated, in the server's order of preference) when there are any; tells
the orchestrator {"port": ...} once it listens, {"gc_collections": [generation 0, 1, 2],
"gc_seconds": ...} (the cyclic garbage collector's runs so far, and the time spent in them, timed
by a gc callback) on each SIGUSR1, and {"peak_rss_bytes": ...} when it stops.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import functools
import signal
import sys
import time
from collections.abc import Callable, Coroutine
from typing import Any

from .processes import peak_rss_bytes, raise_open_file_limit, tell

Serve = Callable[[Callable[[int], None]], Coroutine[Any, Any, None]]


def load(entry_point: str) -> Serve:
    module, _, function = entry_point.partition(":")
    serve: Serve = getattr(importlib.import_module(module), function)
    return serve


class CollectorClock:
    """The time the cyclic garbage collector has spent collecting, from its start/stop callbacks."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self._started = 0.0

    def __call__(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            self._started = time.perf_counter()
        else:
            self.seconds += time.perf_counter() - self._started


def tell_gc_collections(clock: CollectorClock) -> None:
    tell({"gc_collections": [generation["collections"] for generation in gc.get_stats()], "gc_seconds": clock.seconds})


def listening(port: int) -> None:
    # The start-up's garbage is collected before the orchestrator's first memory reading, so
    # that memory per connection counts what connections add.
    gc.collect()
    tell({"port": port})


async def serve_until_terminated(serve: Serve) -> None:
    stop = asyncio.Event()
    clock = CollectorClock()
    gc.callbacks.append(clock)
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, tell_gc_collections, clock)
    server = asyncio.create_task(serve(listening))
    stopping = asyncio.create_task(stop.wait())
    await asyncio.wait({server, stopping}, return_when=asyncio.FIRST_COMPLETED)
    if server.done():
        server.result()  # a central system that stops by itself has failed: let its error out
        raise RuntimeError("the central system stopped before it was told to")
    server.cancel()
    await asyncio.gather(server, return_exceptions=True)


def main() -> None:
    raise_open_file_limit()
    serve = load(sys.argv[1])
    if len(sys.argv) > 2:
        serve = functools.partial(serve, subprotocols=tuple(sys.argv[2].split(",")))  # type: ignore[call-arg]
    asyncio.run(serve_until_terminated(serve))
    tell({"peak_rss_bytes": peak_rss_bytes()})


if __name__ == "__main__":
    main()
