"""The verify stage: the package accepts exactly what the schemas accept, and a broken one is caught."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen import render
from ocpp_codegen.errors import GenerationError
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL, load_protocol_data
from ocpp_codegen.verify import load_corpus, schema_samples

from .conftest import ERRATA, GENERATED, REPO, snapshot
from .test_determinism import oca_style_copy

Cli = Callable[..., tuple[int, str, str]]
CORPUS = REPO / "tests" / "corpus"
ERROR_CODES = load_protocol_data(DEFAULT_PROTOCOL).rpc.codes


def test_verify_passes_on_the_committed_package_with_the_corpus(official_schemas: Path, run_cli: Cli) -> None:
    code, out, err = run_cli(
        "verify", "--schemas", official_schemas, "--errata", ERRATA, "--out", GENERATED, "--corpus", CORPUS
    )
    assert code == 0, out + err
    assert "  BootNotificationRequest " in out and "  SignedUpdateFirmwareResponse " in out
    assert out.count(" ok\n") == 78
    assert ", 0 failure(s) in " in out
    assert "118 corpus messages" in out


def test_verify_passes_on_a_package_generated_from_the_oca_distribution_style(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    oca = oca_style_copy(official_schemas, tmp_path / "oca")
    out = tmp_path / "ocpp16"
    assert run_cli("generate", "--schemas", oca, "--errata", ERRATA, "--out", out)[0] == 0
    code, stdout, stderr = run_cli(
        "verify", "--schemas", oca, "--errata", ERRATA, "--out", out, "--examples", "3", "--corpus", CORPUS
    )
    assert code == 0, stdout + stderr
    assert ", 0 failure(s) in " in stdout


def _broken_runtime(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, file_name: str, *changes: tuple[str, str]) -> None:
    """Render from a copy of the runtime modules in which one module has pieces of text replaced."""
    runtime = tmp_path / "runtime"
    shutil.copytree(render.RUNTIME_DIRECTORY, runtime, ignore=shutil.ignore_patterns("__pycache__"))
    module = runtime / file_name
    text = module.read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new)
    module.write_text(text)
    monkeypatch.setattr(render, "RUNTIME_DIRECTORY", runtime)


def _generate_and_verify(official_schemas: Path, out: Path, run_cli: Cli) -> tuple[int, str, str]:
    assert run_cli("generate", "--schemas", official_schemas, "--errata", ERRATA, "--out", out)[0] == 0
    return run_cli(
        "verify", "--schemas", official_schemas, "--errata", ERRATA, "--out", out, "--examples", "2", "--no-corpus"
    )


def test_a_runtime_base_whose_optional_fields_take_null_fails_verification(
    official_schemas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Cli
) -> None:
    _broken_runtime(
        tmp_path,
        monkeypatch,
        "_base.py",
        ('if schema["type"] != "nullable":', "if True:  # null passes on the wire too"),
    )
    code, out, err = _generate_and_verify(official_schemas, tmp_path / "ocpp16", run_cli)
    assert code == 1
    assert "does not accept exactly what the schemas accept" in err
    assert (
        "AuthorizeResponse: same verdict: the model and jsonschema disagree\n  pointer:    /idTagInfo/expiryDate\n"
        in out
    )
    assert (
        '  sample:     {"idTagInfo": {"status": "Blocked", "expiryDate": null}}  (value null of hypothesis sample 1)'
        in out
    )
    assert "  jsonschema: rejected (/idTagInfo/expiryDate: None is not of type 'string')\n  model:      accepted" in out


def test_runtime_scalars_whose_date_times_take_naive_values_fail_verification(
    official_schemas: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli: Cli
) -> None:
    _broken_runtime(
        tmp_path,
        monkeypatch,
        "_scalars.py",
        (r'[0-5][0-9])\n?$"', r'[0-5][0-9])?\n?$"'),  # the offset becomes optional
        ('tz_constraint="aware", ', ""),
    )
    code, out, _ = _generate_and_verify(official_schemas, tmp_path / "ocpp16", run_cli)
    assert code == 1
    assert "HeartbeatResponse: same verdict: the model and jsonschema disagree\n  pointer:    /currentTime\n" in out
    assert "(date-time '2026-11-25T08:00:00' of hypothesis sample 1)" in out
    assert (
        "  jsonschema: rejected (/currentTime: '2026-11-25T08:00:00' is not a 'date-time')\n  model:      accepted"
        in out
    )


def test_verify_leaves_the_package_untouched(official_schemas: Path, run_cli: Cli) -> None:
    before = snapshot(GENERATED)
    run_cli(
        "verify",
        "--schemas",
        official_schemas,
        "--errata",
        ERRATA,
        "--out",
        GENERATED,
        "--examples",
        "0",
        "--no-corpus",
    )
    assert snapshot(GENERATED) == before


def test_verify_of_a_directory_without_a_package_names_it(official_schemas: Path, tmp_path: Path, run_cli: Cli) -> None:
    code, _, err = run_cli("verify", "--schemas", official_schemas, "--out", tmp_path / "nothing", "--no-corpus")
    assert code == 1
    assert f"{tmp_path / 'nothing'}: no generated package here" in err


def test_the_samples_are_the_same_for_the_same_seed_and_differ_for_another(official_schemas: Path) -> None:
    schema = load_schema_set([official_schemas], ERRATA).document("SetChargingProfile.json")
    assert schema is not None
    first = schema_samples(schema.content, 5, seed=0)
    assert len(first) == 5
    assert schema_samples(schema.content, 5, seed=0) == first
    assert schema_samples(schema.content, 5, seed=1) != first


# --- the corpus ----------------------------------------------------------------------------


def test_every_corpus_message_names_an_action_and_direction_of_the_schema_set(official_schemas: Path) -> None:
    protocol = build_protocol(
        load_schema_set([official_schemas], ERRATA), load_protocol_data(DEFAULT_PROTOCOL)
    ).protocol
    known = {(m.action, m.direction) for m in protocol.messages}
    entries = load_corpus(CORPUS, ERROR_CODES)
    assert {(e.action, e.direction) for e in entries if e.frame is None} <= known
    assert all(e.description.strip() for e in entries)
    assert {e.expected_error for e in entries if not e.valid} <= set(ERROR_CODES)


def test_the_corpus_has_three_phase_meter_values_with_every_measurand() -> None:
    entry = next(
        e
        for e in load_corpus(CORPUS, ERROR_CODES)
        if e.name == "valid/10-meter-values-three-phase-every-measurand.json"
    )
    sampled = entry.payload["meterValue"][0]["sampledValue"]
    measurands = {s["measurand"] for s in sampled}
    assert len(measurands) == 22
    assert {s["phase"] for s in sampled if s["measurand"] == "Current.Import"} >= {"L1", "L2", "L3"}


def test_the_corpus_has_recurring_absolute_and_relative_charging_profiles() -> None:
    profiles = [
        e.payload["csChargingProfiles"]
        for e in load_corpus(CORPUS, ERROR_CODES)
        if e.action == "SetChargingProfile" and e.valid and e.direction == "request"
    ]
    kinds = {(p["chargingProfileKind"], p.get("recurrencyKind")) for p in profiles}
    assert kinds == {("Recurring", "Daily"), ("Recurring", "Weekly"), ("Absolute", None), ("Relative", None)}


def test_the_corpus_covers_every_security_whitepaper_action(official_schemas: Path) -> None:
    protocol = build_protocol(
        load_schema_set([official_schemas], ERRATA), load_protocol_data(DEFAULT_PROTOCOL)
    ).protocol
    security = {a.name for a in protocol.actions if a.profile == "Security"}
    assert security <= {e.action for e in load_corpus(CORPUS, ERROR_CODES) if e.valid}


def test_a_corpus_file_of_the_wrong_form_is_named_with_its_pointer(tmp_path: Path) -> None:
    (tmp_path / "invalid").mkdir()
    (tmp_path / "invalid" / "x.json").write_text(
        '{"description": "d", "action": "Heartbeat", "direction": "sideways", "payload": {}}'
    )
    with pytest.raises(GenerationError) as error:
        load_corpus(tmp_path, ERROR_CODES)
    message = str(error.value)
    assert f"{tmp_path / 'invalid' / 'x.json'}#/direction: must be" in message
    assert f"{tmp_path / 'invalid' / 'x.json'}#/expected_error: must be one of" in message
