"""Section 3's central system process: `python -m bench.central_system MODULE:FUNCTION`.

Runs the coroutine function named (see bench/contenders.py:CentralSystem) until SIGTERM, tells
the orchestrator {"port": ...} once it listens, {"gc_collections": [generation 0, 1, 2]} (the
cyclic garbage collector's runs so far) on each SIGUSR1, and {"peak_rss_bytes": ...} when it stops.
"""

from __future__ import annotations

import asyncio
import gc
import importlib
import signal
import sys
from collections.abc import Callable, Coroutine
from typing import Any

from .processes import peak_rss_bytes, raise_open_file_limit, tell

Serve = Callable[[Callable[[int], None]], Coroutine[Any, Any, None]]


def load(entry_point: str) -> Serve:
    module, _, function = entry_point.partition(":")
    serve: Serve = getattr(importlib.import_module(module), function)
    return serve


def tell_gc_collections() -> None:
    tell({"gc_collections": [generation["collections"] for generation in gc.get_stats()]})


def listening(port: int) -> None:
    # The start-up's garbage is collected before the orchestrator's first memory reading, so
    # that memory per connection counts what connections add.
    gc.collect()
    tell({"port": port})


async def serve_until_terminated(serve: Serve) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    asyncio.get_running_loop().add_signal_handler(signal.SIGUSR1, tell_gc_collections)
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
    asyncio.run(serve_until_terminated(load(sys.argv[1])))
    tell({"peak_rss_bytes": peak_rss_bytes()})


if __name__ == "__main__":
    main()
