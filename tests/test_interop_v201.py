"""Interoperability of `generated/ocpp201` with the `ocpp` library's `ocpp.v201.ChargePoint`, both
ways, over real websockets on 127.0.0.1 (the sessions are in `interop_v2`)."""

from __future__ import annotations

import asyncio
from typing import Any

import ocpp.v201
import pytest

import ocpp201

from .conftest import SCHEMAS_201
from .interop_v2 import (
    FAILING_VENDOR,
    REFUSED_TOKEN,
    Session,
    Version,
    as_wire,
    carries,
    charging_station_session,
    csms_session,
)

VERSION = Version(ocpp201, ocpp.v201, SCHEMAS_201, "ocpp2.0.1")
STATION_ACTIONS, CSMS_ACTIONS = VERSION.actions("charging_station"), VERSION.actions("csms")


@pytest.fixture(scope="module")
def csms() -> Session:
    return asyncio.run(csms_session(VERSION))


@pytest.fixture(scope="module")
def station() -> Session:
    return asyncio.run(charging_station_session(VERSION))


def test_every_action_of_the_version_crosses_in_one_direction_or_both() -> None:
    assert len(set(STATION_ACTIONS) | set(CSMS_ACTIONS)) == len(VERSION.table.ACTIONS) == 64


def test_a_payload_that_lost_or_changed_a_value_does_not_carry_what_was_sent() -> None:
    sent = {"idToken": {"idToken": "x", "type": "Central"}, "count": 1, "flag": False}
    assert carries({"id_token": {"idtoken": "x", "type": "Central", "extra": 1}, "count": 1.0, "flag": False}, sent)
    assert not carries({"idToken": {"idToken": "y", "type": "Central"}, "count": 1, "flag": False}, sent)
    assert not carries({"idToken": {"type": "Central"}, "count": 1, "flag": False}, sent)
    assert not carries({"idToken": {"idToken": "x", "type": "Central"}, "count": 1, "flag": 0}, sent)


def test_our_csms_takes_the_identity_from_the_url_path_and_speaks_the_version(csms: Session) -> None:
    assert (csms.identity, csms.subprotocol) == ("CS-1", "ocpp2.0.1")


@pytest.mark.parametrize("action", STATION_ACTIONS)
def test_the_library_station_sends_each_action_to_our_csms(action: str, csms: Session) -> None:
    [received] = csms.received_by_us[action]
    assert carries(received.to_wire_dict(), VERSION.payload(action, 0))
    assert carries(as_wire(csms.answers_to_library[action]), VERSION.payload(action, 1))


@pytest.mark.parametrize("action", CSMS_ACTIONS)
def test_our_csms_sends_each_action_to_the_library_station(action: str, csms: Session) -> None:
    [received] = csms.received_by_library[action]
    assert carries(as_wire(received), VERSION.payload(action, 0))
    assert carries(csms.answers_to_us[action].to_wire_dict(), VERSION.payload(action, 1))


def test_our_csms_answers_a_handler_refusal_with_a_callerror_the_library_understands(csms: Session) -> None:
    error: Any = csms.refusal_from_us
    assert (error.code, error.description, error.details) == (
        "SecurityError",
        "token refused",
        {"idToken": REFUSED_TOKEN},
    )


def test_our_csms_answers_an_invalid_payload_with_a_callerror_the_library_understands(csms: Session) -> None:
    error: Any = csms.invalid_from_library
    assert (error.code, error.details) == ("PropertyConstraintViolation", {"pointer": "/idToken/idToken"})


def test_a_callerror_of_the_library_station_reaches_our_caller_typed(csms: Session) -> None:
    error: Any = csms.refusal_from_library
    assert isinstance(error, VERSION.dispatch.CallError)
    assert (error.code, error.details, error.action) == ("NotSupported", {"vendor": FAILING_VENDOR}, "DataTransfer")


@pytest.mark.parametrize("action", STATION_ACTIONS)
def test_our_station_sends_each_action_to_the_library_csms(action: str, station: Session) -> None:
    [received] = station.received_by_library[action]
    assert carries(as_wire(received), VERSION.payload(action, 0))
    assert carries(station.answers_to_us[action].to_wire_dict(), VERSION.payload(action, 1))


@pytest.mark.parametrize("action", CSMS_ACTIONS)
def test_the_library_csms_sends_each_action_to_our_station(action: str, station: Session) -> None:
    [received] = station.received_by_us[action]
    assert carries(received.to_wire_dict(), VERSION.payload(action, 0))
    assert carries(as_wire(station.answers_to_library[action]), VERSION.payload(action, 1))


def test_our_station_answers_an_invalid_payload_with_a_callerror_the_library_understands(station: Session) -> None:
    error: Any = station.invalid_from_library
    assert (error.code, error.details) == ("PropertyConstraintViolation", {"pointer": "/reportBase"})


def test_a_callerror_of_the_library_csms_reaches_our_caller_typed(station: Session) -> None:
    error: Any = station.refusal_from_library
    assert isinstance(error, VERSION.dispatch.CallError)
    assert (error.code, error.details) == ("NotSupported", {"vendor": FAILING_VENDOR})
