"""Interoperability with the `ocpp` library (PyPI, pinned) over real websockets on 127.0.0.1.

Two sessions, each run once per module:
- the library's `ocpp.v16.ChargePoint` as the charge point, against our generated `CentralSystem`
  served by our transport;
- our generated `ChargePoint` through our transport's client, against a central system built
  with the library.
In each, every action crosses the wire in the direction the specification allows, with the
sample payloads of `dispatch_samples`, and each side answers one CALL with a CALLERROR.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
import websockets
from ocpp.charge_point import camel_to_snake_case, snake_to_camel_case
from ocpp.exceptions import OCPPError
from ocpp.routing import on
from ocpp.v16 import ChargePoint as LibraryEndpoint
from ocpp.v16 import call as library_call
from ocpp.v16 import call_result as library_result

import ocpp16
from ocpp16 import table, transport
from ocpp16.dispatch import CallError, CentralSystem, ChargePoint, ErrorCode, OcppError

from .dispatch_samples import SAMPLES

CP_ACTIONS = sorted(name for name, entry in table.ACTIONS.items() if entry.sent_by(table.Initiator.charge_point))
CS_ACTIONS = sorted(name for name, entry in table.ACTIONS.items() if entry.sent_by(table.Initiator.central_system))
CORE_PROFILES = {
    "Core",
    "FirmwareManagement",
    "LocalAuthListManagement",
    "Reservation",
    "SmartCharging",
    "RemoteTrigger",
}
REFUSED_TAG = "REFUSED"  # our central system answers an Authorize of this tag with a CALLERROR
FAILING_VENDOR = "com.example.fail"  # the library's handlers answer a DataTransfer of this vendor with a CALLERROR


def _method(action: str) -> str:
    from ocpp_codegen.naming import snake_case

    return snake_case(action)


def _model(action: str, index: int, payload: dict[str, Any]) -> ocpp16.OcppModel:
    entry = table.ACTIONS[action]
    model = entry.request if index == 0 else entry.response
    return model.from_wire(json.dumps(payload))


def _sample(action: str, index: int) -> ocpp16.OcppModel:
    return _model(action, index, SAMPLES[action][index])


def _library_payload(module: Any, action: str, payload: dict[str, Any]) -> Any:
    """The library's dataclass for a wire payload."""
    return getattr(module, action)(**camel_to_snake_case(payload))


def _as_wire(library_value: Any) -> dict[str, Any]:
    """What the library received or returned, back in wire form (its snake_case keys to camelCase)."""
    value = dataclasses.asdict(library_value) if dataclasses.is_dataclass(library_value) else library_value
    wire = snake_to_camel_case({k: v for k, v in value.items() if v is not None})
    return json.loads(json.dumps(wire, default=float))  # the library reads some numbers as Decimal


def _library_class(base: type[LibraryEndpoint], actions: list[str], name: str) -> type[LibraryEndpoint]:
    """A library endpoint with an @on handler per action: it records the request and answers with the sample."""
    namespace: dict[str, Any] = {}
    for action in actions:

        def handler(self: Any, _action: str = action, **kwargs: Any) -> Any:
            if kwargs.get("vendor_id") == FAILING_VENDOR:
                raise _refusal()
            self.received.setdefault(_action, []).append(kwargs)
            return _library_payload(library_result, _action, SAMPLES[_action][1])

        handler.__name__ = f"on_{_method(action)}"
        namespace[handler.__name__] = on(action)(handler)
    namespace["received"] = None
    return type(name, (base,), namespace)


def _refusal() -> OCPPError:
    from ocpp.exceptions import NotSupportedError

    return NotSupportedError(description="no vendor extension here", details={"vendor": FAILING_VENDOR})


def _our_class(base: type[CentralSystem] | type[ChargePoint], received: dict[str, list[Any]]) -> Any:
    """Our endpoint with every handler overridden: it records the request and answers with the sample."""

    def handler(action: str) -> Any:
        async def on_action(self: Any, request: Any) -> Any:
            if action == "Authorize" and request.id_tag == REFUSED_TAG:
                raise OcppError(ErrorCode.security_error, "tag refused", {"idTag": REFUSED_TAG})
            received.setdefault(action, []).append(request)
            return _sample(action, 1)

        return on_action

    methods = {method: handler(entry.name) for entry, method in base._incoming}
    return type(f"Answering{base.__name__}", (base,), methods)


# --- session 1: the library's charge point against our central system ----------------------


@dataclasses.dataclass
class CentralSystemSession:
    received_by_us: dict[str, list[Any]]
    answers_to_library: dict[str, Any]
    received_by_library: dict[str, list[Any]]
    answers_to_us: dict[str, Any]
    refusal_from_us: OCPPError
    invalid_from_library: OCPPError
    refusal_from_library: CallError
    charge_point_id: str
    subprotocol: str | None


async def _central_system_session() -> CentralSystemSession:
    received_by_us: dict[str, list[Any]] = {}
    endpoints: list[CentralSystem] = []
    our_class = _our_class(CentralSystem, received_by_us)

    identities: list[str] = []

    def factory(connection: transport.Connection) -> CentralSystem:
        endpoint: CentralSystem = our_class(connection.send, connection.identity, response_timeout=10)
        endpoints.append(endpoint)
        identities.append(connection.identity)
        return endpoint

    library_class = _library_class(LibraryEndpoint, CS_ACTIONS, "LibraryChargePoint")
    async with transport.serve(factory, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with websockets.connect(f"ws://127.0.0.1:{port}/ocpp/CP%2D1", subprotocols=["ocpp1.6"]) as websocket:
            library = library_class("CP-1", websocket, response_timeout=10)
            library.received = {}
            runner = asyncio.create_task(library.start())
            try:
                answers_to_library = {}
                for action in CP_ACTIONS:
                    request = _library_payload(library_call, action, SAMPLES[action][0])
                    answers_to_library[action] = await library.call(request, suppress=False)
                with pytest.raises(OCPPError) as refusal:
                    await library.call(library_call.Authorize(id_tag=REFUSED_TAG), suppress=False)
                with pytest.raises(OCPPError) as invalid:
                    await library.call(
                        library_call.Authorize(id_tag="x" * 21), suppress=False, skip_schema_validation=True
                    )
                central = endpoints[0]
                answers_to_us = {}
                for action in CS_ACTIONS:
                    answers_to_us[action] = await getattr(central, _method(action))(_sample(action, 0))
                with pytest.raises(CallError) as refused:
                    await central.data_transfer(ocpp16.DataTransferRequest(vendor_id=FAILING_VENDOR))
            finally:
                runner.cancel()
                await asyncio.wait([runner])
    return CentralSystemSession(
        received_by_us,
        answers_to_library,
        library.received,
        answers_to_us,
        refusal.value,
        invalid.value,
        refused.value,
        identities[0],
        websocket.subprotocol,
    )


@pytest.fixture(scope="module")
def cs_session() -> CentralSystemSession:
    return asyncio.run(_central_system_session())


def test_every_profile_of_the_specification_is_covered() -> None:
    assert {entry.profile for entry in table.ACTIONS.values()} >= CORE_PROFILES
    assert len([a for a in table.ACTIONS.values() if a.profile in CORE_PROFILES]) == 28


def test_our_server_takes_the_charge_point_identity_from_the_url_path(cs_session: CentralSystemSession) -> None:
    assert cs_session.charge_point_id == "CP-1"
    assert cs_session.subprotocol == "ocpp1.6"


@pytest.mark.parametrize("action", CP_ACTIONS)
def test_the_library_charge_point_sends_each_action_to_our_central_system(
    action: str, cs_session: CentralSystemSession
) -> None:
    assert cs_session.received_by_us[action] == [_sample(action, 0)]
    assert _model(action, 1, _as_wire(cs_session.answers_to_library[action])) == _sample(action, 1)


@pytest.mark.parametrize("action", CS_ACTIONS)
def test_our_central_system_sends_each_action_to_the_library_charge_point(
    action: str, cs_session: CentralSystemSession
) -> None:
    [received] = cs_session.received_by_library[action]
    assert _model(action, 0, _as_wire(received)) == _sample(action, 0)
    assert cs_session.answers_to_us[action] == _sample(action, 1)


def test_our_central_system_answers_a_handler_refusal_with_a_callerror_the_library_understands(
    cs_session: CentralSystemSession,
) -> None:
    error = cs_session.refusal_from_us
    assert (error.code, error.description, error.details) == ("SecurityError", "tag refused", {"idTag": REFUSED_TAG})


def test_our_central_system_answers_an_invalid_payload_with_a_callerror_the_library_understands(
    cs_session: CentralSystemSession,
) -> None:
    error = cs_session.invalid_from_library
    assert error.code == "PropertyConstraintViolation"
    assert error.details == {"pointer": "/idTag"}


def test_a_callerror_of_the_library_charge_point_reaches_our_caller_typed(cs_session: CentralSystemSession) -> None:
    error = cs_session.refusal_from_library
    assert (error.code, error.description, error.details) == (
        "NotSupported",
        "no vendor extension here",
        {"vendor": FAILING_VENDOR},
    )
    assert error.action == "DataTransfer"


# --- session 2: our charge point against the library's central system ----------------------


@dataclasses.dataclass
class ChargePointSession:
    received_by_library: dict[str, list[Any]]
    answers_to_us: dict[str, Any]
    received_by_us: dict[str, list[Any]]
    answers_to_library: dict[str, Any]
    refusal_from_us: OCPPError
    refusal_from_library: CallError
    charge_point_id: str


@asynccontextmanager
async def _library_central_system(
    library_class: type[LibraryEndpoint],
) -> AsyncIterator[tuple[str, asyncio.Queue[Any]]]:
    connected: asyncio.Queue[Any] = asyncio.Queue()

    async def handle(websocket: Any) -> None:
        library = library_class(websocket.request.path.rsplit("/", 1)[-1], websocket, response_timeout=10)
        library.received = {}
        connected.put_nowait(library)
        try:
            await library.start()
        except websockets.ConnectionClosed:
            pass

    async with websockets.serve(handle, "127.0.0.1", 0, subprotocols=["ocpp1.6"]) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ocpp/CP_2", connected


async def _charge_point_session() -> ChargePointSession:
    received_by_us: dict[str, list[Any]] = {}
    our_class = _our_class(ChargePoint, received_by_us)
    library_class = _library_class(LibraryEndpoint, CP_ACTIONS, "LibraryCentralSystem")
    async with _library_central_system(library_class) as (uri, connected):
        async with transport.connect(
            uri, lambda connection: our_class(connection.send, connection.identity, response_timeout=10)
        ) as ours:
            library = await connected.get()
            answers_to_us = {}
            for action in CP_ACTIONS:
                answers_to_us[action] = await getattr(ours, _method(action))(_sample(action, 0))
            with pytest.raises(CallError) as refused:
                await ours.data_transfer(ocpp16.DataTransferRequest(vendor_id=FAILING_VENDOR))
            answers_to_library = {}
            for action in CS_ACTIONS:
                request = _library_payload(library_call, action, SAMPLES[action][0])
                answers_to_library[action] = await library.call(request, suppress=False)
            with pytest.raises(OCPPError) as refusal:
                await library.call(
                    library_call.GetConfiguration(key=["x" * 51]), suppress=False, skip_schema_validation=True
                )
            charge_point_id = library.id
    return ChargePointSession(
        library.received,
        answers_to_us,
        received_by_us,
        answers_to_library,
        refusal.value,
        refused.value,
        charge_point_id,
    )


@pytest.fixture(scope="module")
def cp_session() -> ChargePointSession:
    return asyncio.run(_charge_point_session())


def test_our_client_offers_the_subprotocol_and_its_identity(cp_session: ChargePointSession) -> None:
    assert cp_session.charge_point_id == "CP_2"


@pytest.mark.parametrize("action", CP_ACTIONS)
def test_our_charge_point_sends_each_action_to_the_library_central_system(
    action: str, cp_session: ChargePointSession
) -> None:
    [received] = cp_session.received_by_library[action]
    assert _model(action, 0, _as_wire(received)) == _sample(action, 0)
    assert cp_session.answers_to_us[action] == _sample(action, 1)


@pytest.mark.parametrize("action", CS_ACTIONS)
def test_the_library_central_system_sends_each_action_to_our_charge_point(
    action: str, cp_session: ChargePointSession
) -> None:
    assert cp_session.received_by_us[action] == [_sample(action, 0)]
    assert _model(action, 1, _as_wire(cp_session.answers_to_library[action])) == _sample(action, 1)


def test_our_charge_point_answers_an_invalid_payload_with_a_callerror_the_library_understands(
    cp_session: ChargePointSession,
) -> None:
    error = cp_session.refusal_from_us
    assert error.code == "PropertyConstraintViolation"
    assert error.details == {"pointer": "/key/0"}


def test_a_callerror_of_the_library_central_system_reaches_our_caller_typed(cp_session: ChargePointSession) -> None:
    error = cp_session.refusal_from_library
    assert (error.code, error.details) == ("NotSupported", {"vendor": FAILING_VENDOR})
