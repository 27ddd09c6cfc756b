"""The benchmark's OCPP 2.0.1 parts and its section 4 for every version: the 2.0.1 messages, the
checks every contender passes before it is timed, and the report's rows and targets. (The
benchmarks themselves run with `make bench`, never here.)"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from pathlib import Path

import pytest
from jsonschema import Draft6Validator, FormatChecker

from bench import inbound, report, results, startup, startup_versions, validation
from bench.contenders import OCPP_LIBRARY, OURS, InboundContender
from bench.machine import Machine
from bench.payloads_v201 import handled_actions, reply_payload, samples, transaction_updated
from bench.startup import ImportRow, Runs, StartupSettings
from bench.startup_versions import SetGeneration, VersionsStartupResult
from bench.timing import Settings, Timing

TINY = Settings(warmup_seconds=0.001, repetition_seconds=0.0005, repetitions=3)


def _validator(schemas_201: Path, file_name: str) -> Draft6Validator:
    schema = json.loads((schemas_201 / file_name).read_text(encoding="utf-8-sig"))
    return Draft6Validator(schema, format_checker=FormatChecker())


def test_every_2_0_1_sample_payload_is_valid_against_its_schema(schemas_201: Path) -> None:
    for sample in samples():
        _validator(schemas_201, f"{sample.action}Request.json").validate(json.loads(sample.text))


def test_every_2_0_1_sample_with_an_unknown_property_is_invalid(schemas_201: Path) -> None:
    for sample in samples():
        assert not _validator(schemas_201, f"{sample.action}Request.json").is_valid(json.loads(sample.invalid_text()))


def test_every_2_0_1_trivial_reply_is_a_valid_response(schemas_201: Path) -> None:
    for action in handled_actions():
        _validator(schemas_201, f"{action}Response.json").validate(reply_payload(action))


def test_a_transaction_event_holds_the_number_of_sampled_values_asked_for_in_readings_of_five() -> None:
    for count in (5, 50):
        payload = transaction_updated(count)
        assert len(payload["meterValue"]) == count // 5
        assert sum(len(reading["sampledValue"]) for reading in payload["meterValue"]) == count


def test_every_2_0_1_sample_name_says_its_version() -> None:
    assert all(sample.name.startswith("2.0.1 ") for sample in samples())


def test_every_2_0_1_handler_answers_each_sample_trivially_and_an_invalid_one_with_a_call_error() -> None:
    async def check_all() -> list[str]:
        checked = []
        for contender in inbound.contenders(inbound.OCPP201):
            if contender.name == inbound.FLOOR:
                continue
            for sample in samples():
                await inbound.check_handler(contender, sample, inbound.OCPP201)
            checked.append(contender.name)
        return checked

    assert asyncio.run(check_all()) == [OURS, OCPP_LIBRARY]


def test_a_2_0_1_handler_that_answers_with_another_payload_is_not_measured() -> None:
    def wrong(frame: str) -> str:
        _, unique_id, _, _ = json.loads(frame)
        return json.dumps([3, unique_id, {"status": "Rejected"}])

    sample = next(s for s in samples() if s.action == "SetChargingProfile")
    with pytest.raises(RuntimeError, match="answers 2.0.1 SetChargingProfile with"):
        asyncio.run(inbound.check_handler(InboundContender("wrong", wrong), sample, inbound.OCPP201))


def test_the_2_0_1_inbound_section_times_ours_the_library_and_the_floor_on_every_sample() -> None:
    result = asyncio.run(inbound.run(TINY, inbound.OCPP201))
    measured = {(row.message, row.contender) for row in result.rows}
    assert measured == {(s.name, c) for s in samples() for c in (OURS, OCPP_LIBRARY, inbound.FLOOR)}


def test_the_2_0_1_validation_section_times_every_validator_and_finds_which_check_date_time(
    schemas_201: Path,
) -> None:
    result = asyncio.run(validation.run(schemas_201, TINY, validation.OCPP201))
    contenders = list(validation.contenders(validation.OCPP201))
    assert {(row.message, row.contender) for row in result.rows} == {(s.name, c) for s in samples() for c in contenders}
    checks = {trait.contender: trait.checks_date_time for trait in result.traits}
    assert checks[OURS] is True
    assert checks[validation.JSONSCHEMA] is False  # built as the ocpp library builds it: no format checker


def test_every_2_x_import_probe_imports_its_module_and_validates_a_first_boot_notification() -> None:
    for name, probe in startup_versions.import_probes().items():
        imported, used = startup.import_seconds(probe)
        assert 0 < imported <= used, name


def _timing(microseconds: float) -> Timing:
    seconds = microseconds / 1e6
    return Timing(seconds, seconds * 0.9, seconds * 1.1, 5, 1000)


def _run_result(generation: tuple[float, float, float] = (1.0, 2.0, 3.0)) -> results.RunResult:
    machine = Machine("Test CPU", 2, 8 * 2**30, "CPython 3.11.7", "Linux", {}, (0.5, 0.4, 0.3), "2026-11-25", "abc1234")
    message = "2.0.1 TransactionEvent (50 sampled values)"
    validated = validation.ValidationResult(
        rows=(
            validation.ValidationRow(message, OURS, _timing(90.0)),
            validation.ValidationRow(message, validation.JSONSCHEMA_RS, _timing(50.0)),
            validation.ValidationRow(message, validation.FLOOR, _timing(40.0)),
        ),
        traits=(validation.ValidatorTraits(OURS, True),),
    )
    handled = inbound.InboundResult(
        rows=(
            inbound.InboundRow(message, OURS, _timing(100.0)),
            inbound.InboundRow(message, OCPP_LIBRARY, _timing(6_000.0)),
            inbound.InboundRow(message, inbound.FLOOR, _timing(110.0)),
        )
    )
    versions = VersionsStartupResult(
        settings=StartupSettings(2, 2),
        generation=tuple(
            SetGeneration(name, Runs((seconds, seconds))) for name, seconds in zip(startup_versions.SETS, generation)
        ),
        imports=(
            ImportRow(f"{OURS} ocpp201", "ocpp201", Runs((0.08, 0.08)), Runs((0.09, 0.09))),
            ImportRow(f"{OCPP_LIBRARY} ocpp.v201", "ocpp.v201", Runs((0.10, 0.10)), Runs((0.11, 0.11))),
            ImportRow(f"{OURS} ocpp21", "ocpp21", Runs((0.12, 0.12)), Runs((0.13, 0.13))),
            ImportRow(f"{OCPP_LIBRARY} ocpp.v21", "ocpp.v21", Runs((0.11, 0.11)), Runs((0.12, 0.12))),
        ),
    )
    return results.RunResult(
        machine,
        42.0,
        (0.6, 0.5, 0.4),
        Settings(),
        validation_v201=validated,
        inbound_v201=handled,
        startup_versions=versions,
    )


def test_the_report_judges_the_2_0_1_and_every_version_targets_from_the_numbers() -> None:
    statuses = {target.goal: target.status for target in report.targets(_run_result())}
    assert statuses["Validation faster than every validator listed (OCPP 2.0.1)"] == report.MISSED
    assert statuses["Validation within 2× of json.loads (OCPP 2.0.1)"] == report.MISSED
    assert statuses["Inbound handling at least 20× faster than the ocpp library (OCPP 2.0.1)"] == report.MET
    assert statuses["Inbound handling within 3× of the floor (json.loads + json.dumps) (OCPP 2.0.1)"] == report.MET
    assert statuses["Import of ocpp201 no slower than `import ocpp.v201`"] == report.MET
    assert statuses["Import of ocpp21 no slower than `import ocpp.v21`"] == report.MISSED
    assert statuses["Generation of all three sets (ocpp16, ocpp201, ocpp21) well under 10 s"] == report.MET


def test_generation_of_all_three_sets_misses_its_target_at_ten_seconds_in_all() -> None:
    targets = report.targets(_run_result(generation=(2.0, 3.0, 5.0)))
    generation = next(target for target in targets if target.goal.startswith("Generation of all three sets"))
    assert generation.status == report.MISSED
    assert generation.measured == "10.00 s in all (alone: ocpp16 2.00 s, ocpp201 3.00 s, ocpp21 5.00 s)"


def test_generation_of_all_three_sets_is_judged_on_make_generate_s_one_run_when_measured() -> None:
    result = _run_result(generation=(2.0, 3.0, 5.0))
    assert result.startup_versions is not None
    versions = dataclasses.replace(result.startup_versions, together=Runs((6.0, 7.0, 8.0)))
    targets = report.targets(dataclasses.replace(result, startup_versions=versions))
    generation = next(target for target in targets if target.goal.startswith("Generation of all three sets"))
    assert generation.status == report.MET
    assert generation.measured.startswith("7.00 s in one run, as `make generate` runs them (alone: ocpp16 2.00 s")


def test_make_generate_s_one_run_is_timed_as_make_generate_runs_it() -> None:
    command = startup_versions.generate_together_command(startup_versions.SETS)
    assert command[command.index("generate") :] == [
        "generate",
        "--set",
        "ocpp16",
        "--set",
        "ocpp201",
        "--set",
        "ocpp21",
        "--docs",
        "docs/{set}-catalogue.md",
    ]


def test_the_report_shows_the_2_0_1_rows_with_their_ratios_and_the_generation_of_each_set() -> None:
    text = report.render(_run_result())
    assert "| 2.0.1 TransactionEvent (50 sampled values) | jsonschema-rs | 50.0 | 45.0 – 55.0 | 1.25× | 0.56× |" in text
    assert (
        f"| 2.0.1 TransactionEvent (50 sampled values) | {OCPP_LIBRARY} | 6,000 | 5,400 – 6,600 | 54.5× | 60.0× |"
        in text
    )
    assert "| `python -m ocpp_codegen generate --set ocpp201` (fresh process) | 2 | 2.00 s | 2.00 – 2.00 s |" in text
    assert "| all three sets, each alone (the sum of the medians) |  | 6.00 s |  |" in text
    assert "| `import ocpp.v21` (ocpp 2.1.0 ocpp.v21) | 2 | 110.0 ms | 110.0 – 110.0 ms |" in text


def test_a_run_without_the_2_0_1_sections_says_they_were_not_measured() -> None:
    result = dataclasses.replace(_run_result(), validation_v201=None, inbound_v201=None, startup_versions=None)
    statuses = {target.goal: target.status for target in report.targets(result)}
    assert statuses["Import of ocpp201 no slower than `import ocpp.v201`"] == report.NOT_MEASURED
    assert statuses["Inbound handling at least 20× faster than the ocpp library (OCPP 2.0.1)"] == report.NOT_MEASURED


def test_a_run_with_the_2_0_1_and_every_version_results_reads_back_as_it_was_saved(tmp_path: Path) -> None:
    result = _run_result()
    results.save(result, tmp_path / "results.json")
    assert results.load(tmp_path / "results.json") == result


def test_a_run_saved_before_the_2_0_1_sections_existed_reads_back_without_them(tmp_path: Path) -> None:
    result = _run_result()
    saved = dataclasses.asdict(
        dataclasses.replace(result, validation_v201=None, inbound_v201=None, startup_versions=None)
    )
    for field in ("validation_v201", "inbound_v201", "startup_versions"):
        del saved[field]
    (tmp_path / "results.json").write_text(json.dumps(saved), encoding="utf-8")
    loaded = results.load(tmp_path / "results.json")
    assert (loaded.validation_v201, loaded.inbound_v201, loaded.startup_versions) == (None, None, None)
    assert loaded.machine == result.machine
