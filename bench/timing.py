"""Side-by-side timing of several contenders doing the same job.

Each contender is a loop function: given n, it does its job n times and returns the elapsed
nanoseconds (time.perf_counter_ns). Every contender is warmed up, then its loop count is
calibrated so one repetition lasts about `repetition_seconds`; then the repetitions of all
contenders are interleaved (round 1: A B C, round 2: A B C, ...) so that a slow spell of the
machine hits every contender alike. The result per contender is the median time per call over
the repetitions, with the quartiles. The garbage collector stays on, as in a real server.
"""

from __future__ import annotations

import inspect
import statistics
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass

Loop = Callable[[int], int] | Callable[[int], Awaitable[int]]


@dataclass(frozen=True)
class Settings:
    # Many short repetitions: on a shared machine most of them escape being interrupted, so the
    # median stays close to the undisturbed time.
    warmup_seconds: float = 0.1
    repetition_seconds: float = 0.005
    repetitions: int = 60


QUICK = Settings(warmup_seconds=0.01, repetition_seconds=0.002, repetitions=5)


@dataclass(frozen=True)
class Timing:
    """Seconds per call: the median over the repetitions, and the first and third quartiles."""

    median: float
    q1: float
    q3: float
    repetitions: int
    calls_per_repetition: int


def sync_loop(call: Callable[[str], object], argument: str) -> Callable[[int], int]:
    def loop(n: int) -> int:
        started = time.perf_counter_ns()
        for _ in range(n):
            call(argument)
        return time.perf_counter_ns() - started

    return loop


def async_loop(call: Callable[[str], Awaitable[object]], argument: str) -> Callable[[int], Awaitable[int]]:
    async def loop(n: int) -> int:
        started = time.perf_counter_ns()
        for _ in range(n):
            await call(argument)
        return time.perf_counter_ns() - started

    return loop


async def _run(loop: Loop, n: int) -> int:
    result = loop(n)
    if inspect.isawaitable(result):
        return await result
    return result


async def _calibrate(loop: Loop, settings: Settings) -> int:
    """Warm up, then find the loop count for one repetition of about `repetition_seconds`."""
    n = 1
    warmup_ns = settings.warmup_seconds * 1e9
    spent = 0
    while True:
        elapsed = await _run(loop, n)
        spent += elapsed
        if spent >= warmup_ns:
            break
        if elapsed < warmup_ns / 10:
            n *= 2
    per_call_ns = max(elapsed / n, 1.0)
    return max(1, round(settings.repetition_seconds * 1e9 / per_call_ns))


async def measure(loops: Mapping[str, Loop], settings: Settings) -> dict[str, Timing]:
    """Time every contender side by side; the result maps contender name to its timing."""
    counts = {name: await _calibrate(loop, settings) for name, loop in loops.items()}
    per_call: dict[str, list[float]] = {name: [] for name in loops}
    for _ in range(settings.repetitions):
        for name, loop in loops.items():
            per_call[name].append(await _run(loop, counts[name]) / counts[name] / 1e9)
    return {name: summarize(times, counts[name]) for name, times in per_call.items()}


def summarize(seconds_per_call: list[float], calls_per_repetition: int) -> Timing:
    ordered = sorted(seconds_per_call)
    if len(ordered) >= 2:
        q1, _, q3 = statistics.quantiles(ordered, n=4, method="inclusive")
    else:
        q1 = q3 = ordered[0]
    return Timing(statistics.median(ordered), q1, q3, len(ordered), calls_per_repetition)
