"""Verify compares CALLERROR codes, not only verdicts: the code the dispatcher would send for a
rejected payload is the code the reference's error implies."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import pytest
from pydantic import Field

from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL, load_protocol_data
from ocpp_codegen.verify import reference_validator
from ocpp_codegen.verify.codes import CodeCheck

from .conftest import ERRATA, GENERATED
from .helpers import import_package

# An optional string with a maxLength and no specification name, as an erratum or a 2.0.1 schema makes one.
NOTE_SCHEMA = {
    "$schema": "http://json-schema.org/draft-04/schema#",
    "type": "object",
    "properties": {"note": {"type": "string", "maxLength": 3}, "count": {"type": "integer"}},
    "additionalProperties": False,
}


@pytest.fixture(scope="module")
def rpc(official_schemas: Path) -> Any:
    return build_protocol(
        load_schema_set([official_schemas], ERRATA), load_protocol_data(DEFAULT_PROTOCOL)
    ).protocol.rpc


def _note_model(package: ModuleType) -> Any:
    class Note(package._base.OcppModel):  # type: ignore[name-defined,misc]
        # What the generator writes for NOTE_SCHEMA's optional string.
        note: Annotated[package._base.Omittable[str], Field(max_length=3)] = None  # type: ignore[name-defined]
        count: package._base.Omittable[int] = None  # type: ignore[name-defined]

    return Note


def _package_copy(
    tmp_path: Path, name: str, change: tuple[str, str] | None = None, module: str = "dispatch.py"
) -> ModuleType:
    directory = tmp_path / name
    shutil.copytree(GENERATED, directory)
    if change is not None:
        dispatch = directory / module
        text = dispatch.read_text()
        assert change[0] in text
        dispatch.write_text(text.replace(change[0], change[1]))
    return import_package(directory, name)


def test_a_too_long_optional_string_gets_the_code_the_reference_implies(tmp_path: Path, rpc: Any) -> None:
    package = _package_copy(tmp_path, "codes_as_generated")
    check = CodeCheck.of(package, rpc)
    assert check.mismatch(_note_model(package), reference_validator(NOTE_SCHEMA), '{"note": "abcdef"}') is None


def test_a_dispatcher_answering_a_strings_length_as_a_cardinality_is_caught(tmp_path: Path, rpc: Any) -> None:
    # A dispatcher that took a string over its maxLength for an array with too many items.
    regression = ('"string_too_long": "invalid_value"', '"string_too_long": "wrong_cardinality"')
    package = _package_copy(tmp_path, "codes_regressed", regression, "_problems.py")
    mismatch = CodeCheck.of(package, rpc).mismatch(
        _note_model(package), reference_validator(NOTE_SCHEMA), '{"note": "abcdef"}'
    )
    assert mismatch is not None
    assert (mismatch.expected, mismatch.sent, mismatch.reference_error) == (
        "PropertyConstraintViolation",
        "OccurenceConstraintViolation",
        "maxLength",
    )


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ('{"count": "3"}', "TypeConstraintViolation"),
        ('{"count": 1, "other": 1}', "FormationViolation"),
        ('{"note": "abcdef", "other": 1}', "FormationViolation"),
    ],
    ids=["wrong-type", "unknown-property", "unknown-property-outranks"],
)
def test_the_expected_code_follows_the_reference_error_and_the_data(rpc: Any, text: str, code: str) -> None:
    expected = CodeCheck(dict(rpc.answers), lambda error: ("unused", "", {})).expected(
        reference_validator(NOTE_SCHEMA), json.loads(text)
    )
    assert expected is not None and expected[0] == code


def test_a_payload_that_is_not_an_object_is_left_to_the_frame_checks(tmp_path: Path, rpc: Any) -> None:
    package = _package_copy(tmp_path, "codes_not_objects")
    check = CodeCheck.of(package, rpc)
    for text in ("[]", "3", '"x"', "NaN"):
        assert check.mismatch(_note_model(package), reference_validator(NOTE_SCHEMA), text) is None
