"""Section 2 for several copies of a generated package side by side: `python -m bench.compare_inbound DIR...`.

Each DIR is a generated package directory (e.g. a copy of another branch's `generated/ocpp16` as
`/tmp/before/ocpp16_before`); it is imported under its directory's name. With `--ocpp201`, each
is a copy of `generated/ocpp201` and the frames are section 2's OCPP 2.0.1 ones. Every copy handles the
same frames with the same trivial handlers as section 2, in the same run, interleaved; the table
gives each one's time per frame and its ratio to the json.loads + json.dumps floor, so runs on a
shared machine compare by ratio.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from . import ours_v201
from .inbound import FLOOR, OCPP16, OCPP201, InboundSet, floor, is_expected_reply
from .replies import reply_payload
from .timing import Settings, async_loop, measure, sync_loop


def _import(package_directory: Path) -> Any:
    sys.path.insert(0, str(package_directory.parent))
    return importlib.import_module(package_directory.name)


def _handler_201(package_directory: Path) -> Callable[[str], Awaitable[str]]:
    """Frame in, reply out, through `Endpoint.receive` of the 2.0.1 package in that directory."""
    return ours_v201.inbound_handler(_import(package_directory))


def _handler(package_directory: Path) -> Callable[[str], Awaitable[str]]:
    """Frame in, reply out, through `Endpoint.receive` of the package in that directory."""
    package = _import(package_directory)
    dispatch = importlib.import_module(package_directory.name + ".dispatch")

    def reply(action: str) -> Any:
        model = getattr(package, f"{action}Response").from_wire(json.dumps(reply_payload(action)))

        async def handler(self: Any, request: Any) -> Any:
            return model

        return handler

    actions = ("Heartbeat", "BootNotification", "StartTransaction", "MeterValues")
    central_class = type(
        "TrivialCentralSystem",
        (dispatch.CentralSystem,),
        {f"on_{''.join('_' + c.lower() if c.isupper() else c for c in a).lstrip('_')}": reply(a) for a in actions},
    )
    charge_point_class = type(
        "TrivialChargePoint", (dispatch.ChargePoint,), {"on_set_charging_profile": reply("SetChargingProfile")}
    )

    async def nowhere(frame: str) -> None:
        raise RuntimeError("no CALL goes out here")

    central, charge_point = central_class(nowhere, "CP_1"), charge_point_class(nowhere, "CP_1")

    async def handle(frame: str) -> str:
        endpoint = charge_point if '"SetChargingProfile"' in frame[:64] else central
        answer: str = await endpoint.receive(frame)
        return answer

    return handle


async def _compare(directories: list[Path], settings: Settings, messages: InboundSet) -> None:
    make_handler = _handler_201 if messages is OCPP201 else _handler
    handlers = {directory.name: make_handler(directory) for directory in directories}
    print(f"{'message':42} " + " ".join(f"{name:>22}" for name in [*handlers, FLOOR[:22]]))
    for sample in messages.samples():
        frame = sample.frame()
        for name, handle in handlers.items():
            if not is_expected_reply(frame, await handle(frame), messages):
                raise RuntimeError(f"{name} does not answer {sample.name} as expected")
        loops: dict[str, Any] = {name: async_loop(handle, frame) for name, handle in handlers.items()}
        loops[FLOOR] = sync_loop(floor, frame)
        timings = await measure(loops, settings)
        base = timings[FLOOR].median
        cells = [f"{timings[n].median * 1e6:8.2f} µs {timings[n].median / base:5.2f}×" for n in handlers]
        print(f"{sample.name:42} " + " ".join(f"{c:>22}" for c in cells) + f" {base * 1e6:>19.2f} µs")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directories", nargs="+", type=Path)
    parser.add_argument("--repetitions", type=int, default=60)
    parser.add_argument("--ocpp201", action="store_true", help="copies of generated/ocpp201, the 2.0.1 frames")
    arguments = parser.parse_args(argv)
    messages = OCPP201 if arguments.ocpp201 else OCPP16
    directories = [d.resolve() for d in arguments.directories]
    asyncio.run(_compare(directories, Settings(repetitions=arguments.repetitions), messages))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
