"""Errata patch the schemas before anything reads them; the consistency lint says when one is needed."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen.errata import apply_errata, load_errata
from ocpp_codegen.load import load_schema_set

from .conftest import ERRATA, REPO

Cli = Callable[..., tuple[int, str, str]]


def _write_erratum(directory: Path, name: str, target: str, patch: list[dict[str, object]]) -> Path:
    directory.mkdir(exist_ok=True)
    path = directory / name
    path.write_text(json.dumps({"file": target, "reason": "test", "source": "test", "patch": patch}))
    return path


def test_without_errata_the_lint_names_both_definitions_of_meter_value_and_how_they_differ(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    code, _, err = run_cli("generate", "--schemas", official_schemas, "--no-errata", "--out", tmp_path / "out")
    assert code == 1
    assert (
        "StopTransaction.json#/properties/transactionData/items: defines MeterValue unlike "
        "MeterValues.json#/properties/meterValue/items: property 'sampledValue' is array of SampledValue here, "
        "array of SampledValue (minItems 1) there"
    ) in err
    assert (
        "defines UnitOfMeasure unlike MeterValues.json#/properties/meterValue/items/properties/sampledValue/items/properties/unit: values ['Hertz'] only there"
        in err
    )
    assert not (tmp_path / "out").exists()


def test_the_shipped_errata_make_stop_transaction_and_meter_values_carry_the_same_looser_meter_value(
    official_schemas: Path,
) -> None:
    schema_set = load_schema_set([official_schemas], ERRATA)
    stop, meter_values = schema_set.document("StopTransaction.json"), schema_set.document("MeterValues.json")
    assert stop is not None and meter_values is not None
    sampled_value = stop.content["properties"]["transactionData"]["items"]["properties"]["sampledValue"]
    assert sampled_value == meter_values.content["properties"]["meterValue"]["items"]["properties"]["sampledValue"]
    assert "minItems" not in sampled_value  # StopTransaction.json's, the looser of the two
    assert sampled_value["items"]["properties"]["unit"]["enum"][-1] == "Hertz"
    assert {"Celcius", "Celsius"} <= set(sampled_value["items"]["properties"]["unit"]["enum"])
    assert "minItems" not in stop.content["properties"]["transactionData"]  # 0..* in the specification
    assert meter_values.errata == ("001-metervalues-sampledvalue-minitems",)
    assert stop.errata == ("002-stoptransaction-unit-hertz",)


def test_every_shipped_erratum_says_what_it_patches_why_and_on_what_authority() -> None:
    for erratum in load_errata(ERRATA):
        assert erratum.target_file.endswith(".json")
        assert len(erratum.reason) > 40 and len(erratum.source) > 10


def test_errata_apply_in_file_name_order(tmp_path: Path) -> None:
    errata = tmp_path / "errata"
    _write_erratum(errata, "002-second.json", "X.json", [{"op": "replace", "path": "/title", "value": "B"}])
    _write_erratum(
        errata,
        "001-first.json",
        "X.json",
        [{"op": "test", "path": "/title", "value": "start"}, {"op": "replace", "path": "/title", "value": "A"}],
    )
    loaded = load_errata(errata)
    assert [e.name for e in loaded] == ["001-first", "002-second"]
    assert apply_errata({"title": "start"}, loaded) == {"title": "B"}


def test_a_patch_that_does_not_apply_names_the_erratum_and_the_operation(
    schema_copy: Path, tmp_path: Path, run_cli: Cli
) -> None:
    errata = tmp_path / "errata"
    operation = {"op": "test", "path": "/title", "value": "SomethingElse"}
    path = _write_erratum(
        errata, "001-wrong.json", "Heartbeat.json", [{"op": "add", "path": "/x-note", "value": 1}, operation]
    )
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", errata, "--out", tmp_path / "out")
    assert code == 1
    assert f"{path}#/patch/1: does not apply to Heartbeat.json: {json.dumps(operation)}" in err


def test_an_erratum_for_a_file_not_in_the_set_is_an_error(schema_copy: Path, tmp_path: Path, run_cli: Cli) -> None:
    errata = tmp_path / "errata"
    path = _write_erratum(errata, "001-gone.json", "Gone.json", [{"op": "add", "path": "/x", "value": 1}])
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", errata, "--out", tmp_path / "out")
    assert code == 1 and f"{path}#/file: names Gone.json, which is not in the schema directory" in err


@pytest.mark.parametrize("missing", ["reason", "source", "patch", "file"])
def test_an_erratum_must_name_its_file_reason_source_and_patch(
    tmp_path: Path, missing: str, run_cli: Cli, schema_copy: Path
) -> None:
    errata = tmp_path / "errata"
    errata.mkdir()
    erratum = {
        "file": "Heartbeat.json",
        "reason": "r",
        "source": "s",
        "patch": [{"op": "add", "path": "/x", "value": 1}],
    }
    del erratum[missing]
    (errata / "001.json").write_text(json.dumps(erratum))
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--errata", errata, "--out", tmp_path / "out")
    assert code == 1 and f"001.json: erratum lacks {missing}" in err


def test_an_erratum_can_make_two_definitions_equal(schema_copy: Path, tmp_path: Path, run_cli: Cli) -> None:
    def drop_hertz(schema: dict) -> None:
        schema["properties"]["meterValue"]["items"]["properties"]["sampledValue"]["items"]["properties"]["unit"][
            "enum"
        ].remove("Hertz")

    from .helpers import edit_schema

    edit_schema(schema_copy / "MeterValues.json", drop_hertz)
    errata = tmp_path / "errata"
    _write_erratum(
        errata,
        "001.json",
        "StopTransaction.json",
        [{"op": "add", "path": "/properties/transactionData/items/properties/sampledValue/minItems", "value": 1}],
    )
    code, out, err = run_cli(
        "generate", "--schemas", schema_copy, "--errata", errata, "--no-shipped-errata", "--out", tmp_path / "out"
    )
    assert code == 0, err
    assert "39 actions" in out


def test_the_errata_root_of_several_sets_is_refused_naming_its_set_directories(run_cli: Cli) -> None:
    code, _, err = run_cli("errata", "--errata", REPO / "schemas" / "errata", "--no-shipped-errata")
    assert code == 1
    assert "holds no erratum itself; its directories do (ocpp16): name one of them" in err
