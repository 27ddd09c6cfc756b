"""Section 2: handling one inbound CALL, frame text in, reply frame text out, validation on.

The same frames, the same trivial handlers (bench/replies.py) for every contender; the floor is
json.loads + json.dumps of the same frame, the least any Python handler must do. Before anything
is timed, every contender's reply to every frame is checked to be the expected CALLRESULT, so an
error path is never what gets measured.

Each OCPP version's frames (an InboundSet) go to that version's contenders: for 1.6 our
`generated/ocpp16` endpoints and `ocpp.v16.ChargePoint`, for 2.0.1 our `generated/ocpp201`
endpoints and `ocpp.v201.ChargePoint`.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, cast

from . import ocpp_library, ocpp_library_v201, ours_v201, payloads, payloads_v201, replies
from .contenders import OCPP_LIBRARY, OURS, InboundContender
from .ours import our_inbound_contenders
from .payloads import Sample
from .replies import is_call_error
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


@dataclass(frozen=True)
class InboundSet:
    """One OCPP version's frames: its samples, the handlers answering them (ours when registered,
    then the ocpp library's), and the trivial reply payload per action."""

    samples: Callable[[], tuple[Sample, ...]]
    handlers: Callable[[], tuple[InboundContender, ...]]
    reply_payload: Callable[[str], dict[str, Any]]


def _handlers_16() -> tuple[InboundContender, ...]:
    return (*our_inbound_contenders(), InboundContender(OCPP_LIBRARY, ocpp_library.inbound_handler()))


def _handlers_201() -> tuple[InboundContender, ...]:
    return (
        InboundContender(OURS, ours_v201.inbound_handler(), ours=True),
        InboundContender(OCPP_LIBRARY, ocpp_library_v201.inbound_handler()),
    )


OCPP16 = InboundSet(payloads.samples, _handlers_16, replies.reply_payload)
OCPP201 = InboundSet(payloads_v201.samples, _handlers_201, payloads_v201.reply_payload)


def floor(frame: str) -> str:
    return json.dumps(json.loads(frame))


def contenders(messages: InboundSet = OCPP16) -> tuple[InboundContender, ...]:
    """Report order: ours (when registered), the ocpp library, the floor. Built inside the
    running event loop, as the library's ChargePoint expects."""
    return (*messages.handlers(), InboundContender(FLOOR, floor))


def is_expected_reply(frame: str, reply: str, messages: InboundSet = OCPP16) -> bool:
    """Whether `reply` is the CALLRESULT a trivial handler gives to the CALL `frame`."""
    _, unique_id, action, _ = json.loads(frame)
    return bool(json.loads(reply) == [3, unique_id, messages.reply_payload(action)])


async def reply_of(contender: InboundContender, frame: str) -> str:
    reply = contender.handle(frame)
    if inspect.isawaitable(reply):
        return await reply
    return reply


async def check_handler(contender: InboundContender, sample: Sample, messages: InboundSet = OCPP16) -> None:
    """A handler that answers wrongly, or does not validate, is not measured."""
    reply = await reply_of(contender, sample.frame())
    if not is_expected_reply(sample.frame(), reply, messages):
        raise RuntimeError(f"{contender.name} answers {sample.name} with {reply}")
    reply = await reply_of(contender, sample.invalid_frame())
    if not is_call_error(sample.invalid_frame(), reply):
        raise RuntimeError(f"{contender.name} answers {sample.name} with an unknown property with {reply}")


def _loop(contender: InboundContender, frame: str) -> Loop:
    if inspect.iscoroutinefunction(contender.handle):
        return async_loop(cast(Callable[[str], Awaitable[str]], contender.handle), frame)
    return sync_loop(cast(Callable[[str], str], contender.handle), frame)


async def run(settings: Settings, messages: InboundSet = OCPP16) -> InboundResult:
    rows: list[InboundRow] = []
    for sample in messages.samples():
        frame = sample.frame()
        competitors = contenders(messages)
        for contender in competitors:
            if contender.name != FLOOR:
                await check_handler(contender, sample, messages)
        timings = await measure({c.name: _loop(c, frame) for c in competitors}, settings)
        rows.extend(InboundRow(sample.name, name, timing) for name, timing in timings.items())
    return InboundResult(tuple(rows))
