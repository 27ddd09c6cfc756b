"""The report verify prints: a line a message, the skipped corpus files, the first failures, the totals."""

from __future__ import annotations

from ocpp_codegen.verify import Failure, MessageReport, Report, Sample, Verdict


def _failure(number: int) -> Failure:
    sample = Sample(f'{{"count": {number}}}', f"hypothesis sample {number}", "/count")
    return Failure("Counter", "same verdict", sample, Verdict(False, "/count: too big"), Verdict(True), "disagree")


def _report(*messages: MessageReport, skipped: tuple[str, ...] = ()) -> Report:
    return Report(messages, skipped, 1.25)


def test_a_message_line_states_its_counts_and_ok() -> None:
    line = MessageReport("Counter", samples=3, corpus=1, checked=40, round_trips=7).line()
    assert line == f"  {'Counter':44}    3 samples   1 corpus     40 texts     7 round trips  ok"


def test_a_message_line_states_how_many_failures_it_has() -> None:
    assert MessageReport("Counter", failures=[_failure(1), _failure(2)]).line().endswith("  2 FAILURE(S)")


def test_a_failure_shows_the_check_pointer_sample_and_both_verdicts() -> None:
    assert str(_failure(11)).splitlines() == [
        "Counter: same verdict: disagree",
        "  pointer:    /count",
        '  sample:     {"count": 11}  (hypothesis sample 11)',
        "  jsonschema: rejected (/count: too big)",
        "  model:      accepted",
    ]


def test_the_summary_shows_a_message_s_first_five_failures_and_counts_the_rest() -> None:
    summary = _report(MessageReport("Counter", failures=[_failure(n) for n in range(1, 8)])).summary()
    shown = [line for line in summary.splitlines() if line.startswith("Counter: ")]
    assert shown == ["Counter: same verdict: disagree"] * 5 + ["Counter: ... and 2 more failure(s)"]


def test_the_summary_names_each_skipped_corpus_file() -> None:
    summary = _report(MessageReport("Counter"), skipped=("valid/a.json",)).summary()
    assert (
        "  corpus file skipped, the package has no model of its action and direction: valid/a.json"
        in summary.splitlines()
    )


def test_the_summary_ends_with_the_totals_over_every_message() -> None:
    first = MessageReport("A", samples=1, corpus=2, checked=3, round_trips=4, failures=[_failure(1)])
    second = MessageReport("B", samples=10, corpus=20, checked=30, round_trips=40)
    assert _report(first, second).summary().splitlines()[-1] == (
        "2 messages, 11 samples, 22 corpus messages, 33 texts checked, 44 round trips, 1 failure(s) in 1.2 s"
    )


def test_a_report_is_ok_when_no_message_failed() -> None:
    assert _report(MessageReport("A"), MessageReport("B")).ok


def test_a_report_is_not_ok_when_one_message_failed() -> None:
    assert not _report(MessageReport("A"), MessageReport("B", failures=[_failure(1)])).ok
