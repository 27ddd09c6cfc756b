"""Knowledge is data: no OCPP version's names in the generator's code, only in its protocol files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY

from .conftest import REPO

GENERATOR = REPO / "generator"
# OCPP 1.6's role names and its own spellings of CALLERROR codes.
VOCABULARY_1_6 = (
    "CentralSystem",
    "ChargePoint",
    "Central System",
    "Charge Point",
    "charge_point",
    "FormationViolation",
    "OccurenceConstraintViolation",
    "PropertyConstraintViolation",
    "TypeConstraintViolation",
    "GenericError",
    "NotImplemented",
    "NotSupported",
    "ProtocolError",
    "SecurityError",
    "InternalError",
)
# OCPP 2.x's role names and its own error codes.
VOCABULARY_2_X = (
    "Csms",
    "CSMS",
    "ChargingStation",
    "Charging Station",
    "charging_station",
    "FormatViolation",
    "OccurrenceConstraintViolation",
    "MessageTypeNotSupported",
    "RpcFrameworkError",
)
# The template of the dispatcher: what varies per protocol comes from the data, never its text.
DISPATCH_TEMPLATE = REPO / "templates" / "package" / "dispatch.py.jinja2"


def _code_files() -> list[Path]:
    return sorted(
        p
        for p in GENERATOR.rglob("*")
        if p.is_file() and p.suffix in {".py", ".toml", ".jinja2"} and PROTOCOLS_DIRECTORY not in p.parents
    )


def _hits(text: str, vocabulary: tuple[str, ...] = VOCABULARY_1_6) -> list[str]:
    """The words of the vocabulary in the text, as whole words (`NotImplementedError` is Python's)."""
    return [word for word in vocabulary if re.search(rf"(?<![A-Za-z]){re.escape(word)}(?![A-Za-z])", text)]


def test_the_generator_code_names_no_ocpp_1_6_role_or_error_code() -> None:
    found = {str(p.relative_to(REPO)): _hits(p.read_text(encoding="utf-8")) for p in _code_files()}
    assert {path: words for path, words in found.items() if words} == {}


def test_the_generator_code_names_no_ocpp_2_role_or_error_code() -> None:
    found = {str(p.relative_to(REPO)): _hits(p.read_text(encoding="utf-8"), VOCABULARY_2_X) for p in _code_files()}
    assert {path: words for path, words in found.items() if words} == {}


def test_the_dispatcher_template_names_no_role_or_error_code_of_any_version() -> None:
    assert _hits(DISPATCH_TEMPLATE.read_text(encoding="utf-8"), VOCABULARY_1_6 + VOCABULARY_2_X) == []


@pytest.mark.parametrize(
    "text",
    [
        "SERVER, CLIENT = 'CentralSystem', 'ChargePoint'",
        "# the Charge Point's id",
        "self.charge_point_id = x",
        "code = 'FormationViolation'",
    ],
)
def test_the_vocabulary_check_finds_a_role_or_code_name(text: str) -> None:
    assert _hits(text)


def test_the_vocabulary_check_leaves_python_s_own_names_alone() -> None:
    assert _hits("raise NotImplementedError") == []


def test_the_protocol_data_holds_the_vocabulary() -> None:
    assert _hits((PROTOCOLS_DIRECTORY / "ocpp16.toml").read_text(encoding="utf-8"))
    for name in ("ocpp201.toml", "ocpp21.toml"):
        assert _hits((PROTOCOLS_DIRECTORY / name).read_text(encoding="utf-8"), VOCABULARY_2_X)
