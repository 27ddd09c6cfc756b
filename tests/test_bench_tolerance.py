"""The benchmark's section 6: a deviating payload read or refused, beside its conformant twin."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path

import pytest

from bench import report, results
from bench.machine import Machine
from bench.timing import Settings, Timing
from bench.tolerance import REFUSED, STRICT, TOLERATED, ToleranceResult, ToleranceRow, check, deviating_samples, run

TINY = Settings(warmup_seconds=0.001, repetition_seconds=0.0005, repetitions=3)


def _timing(microseconds: float) -> Timing:
    seconds = microseconds / 1e6
    return Timing(seconds, seconds * 0.9, seconds * 1.1, 3, 100)


def _run_result() -> results.RunResult:
    machine = Machine(
        "Test CPU", 2, 8 * 2**30, "CPython 3.11.7", "Linux", {}, (0.5, 0.4, 0.3), "2026-11-25 08:00 UTC", "abc1234"
    )
    tolerance = ToleranceResult(
        rows=(
            ToleranceRow("StartTransaction, date_time_without_offset", STRICT, _timing(1.5)),
            ToleranceRow("StartTransaction, date_time_without_offset", TOLERATED, _timing(24.0)),
            ToleranceRow("StartTransaction, date_time_without_offset", REFUSED, _timing(6.0)),
        )
    )
    return results.RunResult(machine, 1.0, (0.6, 0.5, 0.4), Settings(), tolerance=tolerance)


@pytest.mark.parametrize("deviating", deviating_samples(), ids=lambda d: d.name)
def test_every_deviating_sample_is_read_with_its_deviation_on_and_refused_with_it_off(deviating: object) -> None:
    check(deviating)  # type: ignore[arg-type]


def test_a_deviating_sample_its_deviation_does_not_read_is_not_measured() -> None:
    wrong = dataclasses.replace(deviating_samples()[0], deviation="null_for_field")
    with pytest.raises(RuntimeError, match="not read with its deviation on"):
        check(wrong)


def test_the_section_times_the_conformant_read_and_refused_paths_of_every_sample() -> None:
    result = asyncio.run(run(TINY))
    assert {(row.message, row.path) for row in result.rows} == {
        (deviating.name, path) for deviating in deviating_samples() for path in (STRICT, TOLERATED, REFUSED)
    }


def test_the_report_shows_each_path_with_its_ratio_to_the_conformant_payload() -> None:
    text = report.render(_run_result())
    assert f"| StartTransaction, date_time_without_offset | {TOLERATED} | 24.0 | 21.6 – 26.4 | 16.0× |" in text
    assert f"| StartTransaction, date_time_without_offset | {STRICT} | 1.50 | 1.35 – 1.65 | 1.00× |" in text


def test_a_run_with_the_tolerance_section_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = _run_result()
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result
