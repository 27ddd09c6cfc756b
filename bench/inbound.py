"""Section 2: handling one inbound CALL, frame text in, reply frame text out, validation on.

The same frames, the same trivial handlers (bench/replies.py) for every contender; the floor is
json.loads + json.dumps of the same frame, the least any Python handler must do. Before anything
is timed, every contender's reply to every frame is checked to be the expected CALLRESULT, so an
error path is never what gets measured.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from . import ocpp_library
from .contenders import OCPP_LIBRARY, InboundContender
from .ours import our_inbound_contenders
from .payloads import Sample, samples
from .replies import is_call_error, is_trivial_reply
from .timing import Loop, Settings, Timing, async_loop, measure, sync_loop

FLOOR = "json.loads + json.dumps (floor)"


@dataclass(frozen=True)
class InboundRow:
    message: str
    contender: str
    timing: Timing


@dataclass(frozen=True)
class InboundResult:
    rows: tuple[InboundRow, ...]


def floor(frame: str) -> str:
    return json.dumps(json.loads(frame))


def contenders() -> tuple[InboundContender, ...]:
    """Report order: ours (when registered), the ocpp library, the floor. Built inside the
    running event loop, as the library's ChargePoint expects."""
    return (
        *our_inbound_contenders(),
        InboundContender(OCPP_LIBRARY, ocpp_library.inbound_handler()),
        InboundContender(FLOOR, floor),
    )


async def reply_of(contender: InboundContender, frame: str) -> str:
    reply = contender.handle(frame)
    if inspect.isawaitable(reply):
        return await reply
    return reply


async def check_handler(contender: InboundContender, sample: Sample) -> None:
    """A handler that answers wrongly, or does not validate, is not measured."""
    reply = await reply_of(contender, sample.frame())
    if not is_trivial_reply(sample.frame(), reply):
        raise RuntimeError(f"{contender.name} answers {sample.name} with {reply}")
    reply = await reply_of(contender, sample.invalid_frame())
    if not is_call_error(sample.invalid_frame(), reply):
        raise RuntimeError(f"{contender.name} answers {sample.name} with an unknown property with {reply}")


def _loop(contender: InboundContender, frame: str) -> Loop:
    if inspect.iscoroutinefunction(contender.handle):
        return async_loop(cast(Callable[[str], Awaitable[str]], contender.handle), frame)
    return sync_loop(cast(Callable[[str], str], contender.handle), frame)


async def run(settings: Settings) -> InboundResult:
    rows: list[InboundRow] = []
    for sample in samples():
        frame = sample.frame()
        competitors = contenders()
        for contender in competitors:
            if contender.name != FLOOR:
                await check_handler(contender, sample)
        timings = await measure({c.name: _loop(c, frame) for c in competitors}, settings)
        rows.extend(InboundRow(sample.name, name, timing) for name, timing in timings.items())
    return InboundResult(tuple(rows))
