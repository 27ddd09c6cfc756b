"""Section 3's accounting: where a central system's CPU per call goes, piece by piece.

Two kinds of measurement, both made by the run:
- in this process, each piece of the work on one call of the traffic mix, timed alone
  (bench/timing.py, the mix's two calls averaged): websockets' framing (its sans-I/O protocol
  reading one masked client frame and writing the reply frame, which is what its asyncio
  connection runs per message), the floor's answer (`json.loads` of the frame and the constant
  reply), and our dispatcher's `Endpoint.receive` (frame text in, reply text out), with two of
  its parts timed alone: the request model's validation from JSON text (`from_wire`) and the
  response model's dump (`to_wire`);
- in the central system processes of section 3: user and kernel CPU per call (/proc/PID/stat)
  and the time the garbage collector ran (gc callbacks).
The view below puts them together: what a piece costs where it was timed, and the remainders
(what is left of a process's user CPU once the timed pieces are taken away).
"""

from __future__ import annotations

import asyncio
import importlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from websockets.client import ClientProtocol
from websockets.protocol import State
from websockets.server import ServerProtocol
from websockets.uri import parse_uri

from .bare_websockets import PAYLOAD_TEXTS, answer
from .contenders import BARE_WEBSOCKETS, OCPP_RPC, OURS, CentralSystem
from .end_to_end import EndToEndResult, EndToEndRow
from .servers import central_systems
from .syscalls import TRACED_CALLS, TRACED_CHARGE_POINTS, SyscallCounts, count, strace_missing
from .ours_central_system import PACKAGES, central_endpoint
from .timing import Loop, Settings, async_loop, measure, sync_loop
from .traffic import OCPP16, OCPP201, Traffic, traffic

# The untimed run strace counts system calls in: (charge points, calls in all).
TRACED = (TRACED_CHARGE_POINTS, TRACED_CALLS)
QUICK_TRACED = (10, 200)


@dataclass(frozen=True)
class PieceTimings:
    """Seconds per call of the traffic mix of one OCPP version, each piece timed alone."""

    subprotocol: str
    websockets_framing: float
    floor_answer: float
    ours_receive: float
    ours_request_validation: float
    ours_response_dump: float


@dataclass(frozen=True)
class CostBreakdownResult:
    pieces: tuple[PieceTimings, ...]
    syscalls: tuple[SyscallCounts, ...] = ()
    skipped: tuple[str, ...] = ()
    traced: tuple[int, int] = TRACED  # the strace run's charge points and calls in all


def _masked_client_frame(text: str) -> bytes:
    client = ClientProtocol(parse_uri("ws://127.0.0.1/ocpp/CP_1"), state=State.OPEN)
    client.send_text(text.encode())
    return b"".join(client.data_to_send())


def framing(frame: str, reply: str) -> Callable[[str], object]:
    """websockets' own work on one call, without asyncio: parse the client's masked frame,
    decode its text, frame the reply."""
    data = _masked_client_frame(frame)
    server = ServerProtocol(state=State.OPEN)
    encoded_reply = reply.encode()

    def one_call(_: str) -> object:
        server.receive_data(data)
        (event,) = server.events_received()
        event.data.decode()  # type: ignore[union-attr]
        server.send_text(encoded_reply)
        return server.data_to_send()

    return one_call


async def _nowhere(frame: str) -> None:
    raise RuntimeError("the accounting sends no CALL")


def _model(subprotocol: str, name: str) -> Any:
    return getattr(importlib.import_module(PACKAGES[subprotocol]), name)


def _loops(spoken: Traffic) -> dict[str, list[Loop]]:
    """For each piece, one loop per call of the mix."""
    subprotocol = spoken.subprotocol
    endpoint = central_endpoint(subprotocol)(_nowhere, "CP_1")
    loops: dict[str, list[Loop]] = {}
    for sample in spoken.mix:
        frame = sample.frame("19223201")
        reply = answer(frame, PAYLOAD_TEXTS[subprotocol])
        response = _model(subprotocol, f"{sample.action}Response").from_wire(
            json.dumps(spoken.reply_payload(sample.action))
        )
        request_model = _model(subprotocol, f"{sample.action}Request")
        for name, loop in (
            ("websockets_framing", sync_loop(framing(frame, reply), frame)),
            ("floor_answer", sync_loop(lambda text: answer(text, PAYLOAD_TEXTS[subprotocol]), frame)),
            ("ours_receive", async_loop(endpoint.receive, frame)),
            ("ours_request_validation", sync_loop(request_model.from_wire, sample.text)),
            ("ours_response_dump", sync_loop(lambda _: response.to_wire(), "")),
        ):
            loops.setdefault(name, []).append(loop)
    return loops


async def measure_pieces(spokens: Sequence[Traffic], settings: Settings) -> tuple[PieceTimings, ...]:
    """Every piece of every version timed side by side (interleaved, as bench/timing.py does),
    so that a busy spell of the machine hits all alike."""
    loops = {spoken.subprotocol: _loops(spoken) for spoken in spokens}
    named = {
        f"{subprotocol} {name} {index}": loop
        for subprotocol, pieces in loops.items()
        for name, each in pieces.items()
        for index, loop in enumerate(each)
    }
    timings = await measure(named, settings)
    return tuple(
        PieceTimings(
            subprotocol=subprotocol,
            **{
                name: sum(timings[f"{subprotocol} {name} {index}"].median for index in range(len(each))) / len(each)
                for name, each in pieces.items()
            },
        )
        for subprotocol, pieces in loops.items()
    )


def traced_systems(subprotocol: str) -> tuple[CentralSystem, ...]:
    """The central systems whose system calls are counted: ours, the floor, ocpp-rpc."""
    systems, _ = central_systems((subprotocol,))
    return tuple(system for system in systems if system.name in (OURS, BARE_WEBSOCKETS, OCPP_RPC))


def run(
    settings: Settings,
    subprotocols: Sequence[str] = (OCPP16, OCPP201),
    trace: bool = True,
    traced: tuple[int, int] = TRACED,
) -> CostBreakdownResult:
    """The pieces timed alone, then (with `trace`) each central system's system calls counted
    while `traced` = (charge points, calls in all) run."""
    pieces = asyncio.run(measure_pieces([traffic(s) for s in subprotocols], settings))
    if not trace:
        return CostBreakdownResult(pieces)
    if (reason := strace_missing()) is not None:
        return CostBreakdownResult(pieces, skipped=(f"System calls: not counted, {reason}.",))
    counted = tuple(count(system, *traced) for s in subprotocols for system in traced_systems(s))
    return CostBreakdownResult(pieces, counted, traced=traced)


def syscall_view(breakdown: CostBreakdownResult | None) -> list[dict[str, str]]:
    """A row per central system and version: system calls per call, in all and the most made."""
    if breakdown is None:
        return []
    return [
        {
            "contender": f"**{counts.contender}**" if counts.contender == OURS else counts.contender,
            "subprotocols": ", ".join(counts.subprotocols),
            "total": f"{counts.total:.2f}",
            "most": ", ".join(f"{name} {per_call:.2f}" for name, per_call in list(counts.per_call.items())[:6]),
        }
        for counts in breakdown.syscalls
    ]


@dataclass(frozen=True)
class CostLine:
    """One line of the accounting: a piece's µs per call in each central system ('' where it
    has no such piece), and how it was measured."""

    piece: str
    floor: str
    ours: str
    ocpp_rpc: str
    how: str


def _row(rows: Sequence[EndToEndRow], contender: str, charge_points: int) -> EndToEndRow | None:
    return next((r for r in rows if r.contender == contender and r.charge_points == charge_points), None)


def _us(seconds: float | None) -> str:
    return "" if seconds is None else f"{seconds * 1e6:.1f}"


def accounting(result: EndToEndResult, pieces: PieceTimings, charge_points: int) -> list[CostLine]:
    """The accounting at one N, or no lines when ours or the floor was not measured there."""
    floor, ours = _row(result.rows, BARE_WEBSOCKETS, charge_points), _row(result.rows, OURS, charge_points)
    if floor is None or ours is None:
        return []
    rpc = _row(result.rows, OCPP_RPC, charge_points)
    floor_gc, ours_gc = floor.gc_seconds_per_call or 0.0, ours.gc_seconds_per_call or 0.0
    # What asyncio and websockets' asyncio connection cost the floor beyond the framing: the
    # same code runs under ours, so the same cost is counted there.
    floor_loop = floor.server_user_seconds_per_call - pieces.websockets_framing - pieces.floor_answer - floor_gc
    dispatch_rest = pieces.ours_receive - pieces.ours_request_validation - pieces.ours_response_dump
    ours_glue = (
        ours.server_user_seconds_per_call - pieces.websockets_framing - floor_loop - pieces.ours_receive - ours_gc
    )
    total = "server CPU per call (user + kernel)"
    return [
        CostLine(
            "kernel: sockets, epoll (system CPU)",
            _us(floor.server_system_seconds_per_call),
            _us(ours.server_system_seconds_per_call),
            _us(rpc.server_system_seconds_per_call if rpc else None),
            "system time in /proc/PID/stat over the timed window",
        ),
        CostLine(
            "websockets framing (sans-I/O: read a masked frame, write the reply frame)",
            _us(pieces.websockets_framing),
            _us(pieces.websockets_framing),
            "",
            "timed alone, websockets' ServerProtocol",
        ),
        CostLine(
            "asyncio event loop + websockets' asyncio connection",
            _us(floor_loop),
            _us(floor_loop),
            "",
            "the floor's user CPU less framing, its answer and gc; the same counted for ours",
        ),
        CostLine(
            "the floor's answer (json.loads of the frame, constant reply)",
            _us(pieces.floor_answer),
            "",
            "",
            "timed alone",
        ),
        CostLine(
            "request validation (pydantic, from JSON text)",
            "",
            _us(pieces.ours_request_validation),
            "",
            "timed alone: the request model's from_wire of the payload",
        ),
        CostLine(
            "response dump (pydantic, to JSON text)",
            "",
            _us(pieces.ours_response_dump),
            "",
            "timed alone: the response model's to_wire",
        ),
        CostLine(
            "dispatch: frame head, routing, handler call, reply frame",
            "",
            _us(dispatch_rest),
            "",
            "Endpoint.receive timed alone, less the two pieces above",
        ),
        CostLine(
            "our transport's glue (connection task, handing frames to the endpoint)",
            "",
            _us(ours_glue),
            "",
            "ours' user CPU less every piece above and gc",
        ),
        CostLine(
            "cyclic garbage collector",
            _us(floor_gc),
            _us(ours_gc),
            "",
            "gc callbacks in the server process over the timed window",
        ),
        CostLine(
            "user space in all (Node: ws, JSON, ajv validation, V8's GC)",
            _us(floor.server_user_seconds_per_call),
            _us(ours.server_user_seconds_per_call),
            _us(rpc.server_user_seconds_per_call if rpc else None),
            "user time in /proc/PID/stat over the timed window",
        ),
        CostLine(
            total,
            _us(floor.server_cpu_seconds_per_call),
            _us(ours.server_cpu_seconds_per_call),
            _us(rpc.server_cpu_seconds_per_call if rpc else None),
            "section 3's headline",
        ),
    ]


def accounting_view(
    result: EndToEndResult | None, breakdown: CostBreakdownResult | None, subprotocol: str
) -> dict[str, Any] | None:
    """One table for one version: a line per piece, a column per central system and N; and a
    sentence per N saying the same in words. None when there is nothing to account."""
    pieces = next((p for p in breakdown.pieces if p.subprotocol == subprotocol), None) if breakdown else None
    if result is None or pieces is None:
        return None
    by_n = {n: lines for n in result.settings.charge_point_counts if (lines := accounting(result, pieces, n))}
    if not by_n:
        return None
    first = next(iter(by_n.values()))
    rows = [
        {
            "piece": line.piece,
            "cells": [cell for lines in by_n.values() for cell in (lines[i].floor, lines[i].ours, lines[i].ocpp_rpc)],
            "how": line.how,
        }
        for i, line in enumerate(first)
    ]
    return {
        "subprotocol": subprotocol,
        "counts": [f"{n:,}" for n in by_n],
        "rows": rows,
        "sentences": [_sentence(n, lines) for n, lines in by_n.items()],
    }


def _sentence(charge_points: int, lines: list[CostLine]) -> str:
    kernel, framing, loop, _, validation, dump, dispatch, glue, collector, user, total = lines
    ours_websockets = float(framing.ours) + float(loop.ours)
    floor_vs_rpc = (
        f" The floor's {total.floor} µs against ocpp-rpc's {total.ocpp_rpc}: user space {user.floor} vs "
        f"{user.ocpp_rpc}, kernel {kernel.floor} vs {kernel.ocpp_rpc}."
        if total.ocpp_rpc
        else ""
    )
    return (
        f"At {charge_points:,} charge points, of ours' {total.ours} µs per call: {kernel.ours} the kernel, "
        f"{ours_websockets:.1f} websockets and asyncio (framing {framing.ours}, event loop and connection "
        f"{loop.ours}, as measured under the floor), {validation.ours} request validation, {dump.ours} response "
        f"dump, {dispatch.ours} dispatch, {glue.ours} our transport's glue, {collector.ours} the garbage "
        f"collector (the floor's: {collector.floor}).{floor_vs_rpc}"
    )
