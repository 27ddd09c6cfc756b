"""A shipped erratum may fix what only annotates and may loosen: it never makes a schema reject
what the official set accepts. Checked two ways for every set: by the form of each operation,
and by the verdicts of the official and the patched schema on samples of the official one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import FormatChecker, validators

from ocpp_codegen import shipped
from ocpp_codegen.errata import Erratum, apply_errata, load_errata, tightening_operations
from ocpp_codegen.jsonfile import read_json_file
from ocpp_codegen.verify import schema_samples

from .conftest import REPO

SHIPPED = [
    pytest.param(schema_set, erratum, id=f"{schema_set.name}/{erratum.name}")
    for schema_set in shipped.SCHEMA_SETS.values()
    for erratum in load_errata(schema_set.errata)
]


def _erratum(*operations: dict[str, Any]) -> Erratum:
    return Erratum("x", Path("x.json"), "X.json", "why", "where", operations)


def test_every_set_has_its_shipped_errata_directory() -> None:
    for schema_set in shipped.SCHEMA_SETS.values():
        assert schema_set.errata.is_dir()


@pytest.mark.parametrize(("schema_set", "erratum"), SHIPPED)
def test_no_shipped_erratum_has_an_operation_that_may_tighten(
    schema_set: shipped.SchemaSetFiles, erratum: Erratum
) -> None:
    assert tightening_operations(erratum) == []


@pytest.mark.parametrize(("schema_set", "erratum"), SHIPPED)
def test_the_patched_schema_accepts_every_sample_the_official_one_accepts(
    schema_set: shipped.SchemaSetFiles, erratum: Erratum
) -> None:
    official = read_json_file(REPO / schema_set.schemas / erratum.target_file)
    patched = apply_errata(official, [erratum])
    official_validator = validators.validator_for(official)(official, format_checker=FormatChecker())
    patched_validator = validators.validator_for(patched)(patched, format_checker=FormatChecker())
    accepted = [value for value in schema_samples(official, 40, 0) if official_validator.is_valid(value)]
    assert accepted
    assert [value for value in accepted if not patched_validator.is_valid(value)] == []


def test_adding_a_bound_is_a_tightening() -> None:
    erratum = _erratum({"op": "add", "path": "/properties/a/minItems", "value": 1})
    assert [p.pointer for p in tightening_operations(erratum)] == ["/patch/0"]


def test_removing_a_property_or_replacing_a_value_is_a_tightening() -> None:
    erratum = _erratum(
        {"op": "remove", "path": "/properties/a"},
        {"op": "replace", "path": "/properties/b/maxLength", "value": 5},
        {"op": "move", "from": "/a", "path": "/b"},
    )
    assert [p.pointer for p in tightening_operations(erratum)] == ["/patch/0", "/patch/1", "/patch/2"]


def test_removing_a_bound_or_a_required_entry_adding_an_enum_value_and_annotating_loosen_only() -> None:
    erratum = _erratum(
        {"op": "test", "path": "/properties/a/minItems", "value": 1},
        {"op": "remove", "path": "/properties/a/minItems"},
        {"op": "remove", "path": "/required/0"},
        {"op": "add", "path": "/properties/u/enum/-", "value": "Hertz"},
        {"op": "replace", "path": "/properties/u/description", "value": "fixed typo"},
    )
    assert tightening_operations(erratum) == []


def test_the_stop_transaction_and_meter_values_meter_value_is_the_looser_one() -> None:
    errata = load_errata(shipped.SCHEMA_SETS["ocpp16"].errata)
    meter_values = read_json_file(REPO / "schemas" / "OCPP-1.6-JSON-Schemas" / "MeterValues.json")
    patched = apply_errata(meter_values, [e for e in errata if e.target_file == "MeterValues.json"])
    sampled_value = patched["properties"]["meterValue"]["items"]["properties"]["sampledValue"]
    assert "minItems" not in sampled_value
    assert json.dumps(sampled_value["items"]) == json.dumps(
        meter_values["properties"]["meterValue"]["items"]["properties"]["sampledValue"]["items"]
    )
