"""Interoperability of a generated OCPP 2.x package with the `ocpp` library's ChargePoint of the
same version, over real websockets on 127.0.0.1: the two sessions `test_interop_v201` and
`test_interop_v21` run, each once per module.

- the library's ChargePoint as the Charging Station, against our generated `Csms` served by our
  transport;
- our generated `ChargingStation` through our transport's client, against a CSMS built with the
  library.

In each, every CALL action crosses the wire in the direction the specification allows, with a
payload made from its schema (every required property, the first enum value, a date-time, one
array item), and each side answers one CALL with a CALLERROR.
"""

from __future__ import annotations

import asyncio
import dataclasses
import importlib
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import websockets
from ocpp.charge_point import camel_to_snake_case, snake_to_camel_case
from ocpp.exceptions import NotSupportedError, OCPPError
from ocpp.routing import on

from ocpp_codegen.naming import snake_case

REFUSED_TOKEN = "REFUSED"  # our CSMS answers an Authorize of this idToken with a CALLERROR
FAILING_VENDOR = "com.example.fail"  # the library's handlers answer a DataTransfer of this vendor with a CALLERROR
DATE_TIME = "2026-11-25T08:00:00Z"


@dataclasses.dataclass(frozen=True)
class Version:
    """One OCPP 2.x version on both sides: our package and the library's modules."""

    package: ModuleType  # ocpp201 or ocpp21
    library: ModuleType  # ocpp.v201 or ocpp.v21
    schemas: Path
    subprotocol: str

    @property
    def table(self) -> Any:
        return importlib.import_module(self.package.__name__ + ".table")

    @property
    def dispatch(self) -> Any:
        return importlib.import_module(self.package.__name__ + ".dispatch")

    @property
    def transport(self) -> Any:
        return importlib.import_module(self.package.__name__ + ".transport")

    def actions(self, sender: str) -> list[str]:
        side = getattr(self.table.Initiator, sender)
        return sorted(name for name, entry in self.table.ACTIONS.items() if entry.sent_by(side))

    def payload(self, action: str, index: int) -> dict[str, Any]:
        """The minimal valid payload of the action's request (0) or response (1), from its schema."""
        name = f"{action}{'Request' if index == 0 else 'Response'}.json"
        schema = json.loads((self.schemas / name).read_text(encoding="utf-8-sig"))
        value = minimal_value(schema, schema)
        if action == "DataTransfer" and index == 0:
            value["data"] = {"count": 2, "unit": ["kWh"]}  # an untyped property crosses as it is
        return value

    def model(self, action: str, index: int, payload: dict[str, Any]) -> Any:
        entry = self.table.ACTIONS[action]
        return (entry.request if index == 0 else entry.response).from_wire(json.dumps(payload))

    def sample(self, action: str, index: int) -> Any:
        return self.model(action, index, self.payload(action, index))

    def library_payload(self, kind: str, action: str, payload: dict[str, Any]) -> Any:
        """The library's dataclass (`call` or `call_result`) for a wire payload. Its field names
        are matched by letters and digits alone: the library spells some of them its own way
        (`iso15118_schema_version`)."""
        library_class = getattr(getattr(self.library, kind), action)
        fields = {_letters(f.name): f.name for f in dataclasses.fields(library_class)}
        return library_class(**{fields[_letters(key)]: value for key, value in camel_to_snake_case(payload).items()})


def minimal_value(node: dict[str, Any], root: dict[str, Any]) -> Any:
    """The plainest value a schema node accepts: required properties only, the first enum value."""
    if "$ref" in node:
        return minimal_value(root["definitions"][node["$ref"].rsplit("/", 1)[-1]], root)
    if "enum" in node:
        return node["enum"][0]
    kind = node.get("type")
    if kind == "object":
        return {name: minimal_value(node["properties"][name], root) for name in node.get("required", [])}
    if kind == "array":
        return [minimal_value(node["items"], root)] * max(1, node.get("minItems", 1))
    if kind == "string":
        return DATE_TIME if node.get("format") == "date-time" else "x" * max(1, node.get("minLength", 1))
    if kind == "integer":
        return int(node.get("minimum", 1))
    if kind == "number":
        return float(node.get("minimum", 1.5))
    if kind == "boolean":
        return True
    return {"any": "value"}


def _letters(name: str) -> str:
    return name.replace("_", "").lower()


def carries(received: Any, sent: Any) -> bool:
    """Whether what arrived carries everything that was sent, value for value. Names are compared
    by their letters and digits (the library's case conversion loses some capitals: `soC` comes
    back as `soc`), and what arrived may hold more: the library fills in the defaults its
    dataclasses give (`offline: false`)."""
    if isinstance(sent, dict):
        arrived = {_letters(key): value for key, value in received.items()} if isinstance(received, dict) else {}
        return all(_letters(key) in arrived and carries(arrived[_letters(key)], value) for key, value in sent.items())
    if isinstance(sent, list):
        return isinstance(received, list) and len(received) == len(sent) and all(map(carries, received, sent))
    if isinstance(sent, bool) or isinstance(received, bool):
        return received is sent
    return bool(received == sent)


def as_wire(library_value: Any) -> dict[str, Any]:
    """What the library received or returned, back in wire form (its snake_case keys to camelCase)."""
    value = dataclasses.asdict(library_value) if dataclasses.is_dataclass(library_value) else library_value
    wire = snake_to_camel_case({k: v for k, v in value.items() if v is not None})
    return json.loads(json.dumps(wire, default=float))  # the library reads some numbers as Decimal


def library_class(version: Version, actions: list[str], name: str) -> type[Any]:
    """A library endpoint with an @on handler per action: it records the request and answers minimally."""
    namespace: dict[str, Any] = {"received": None}
    for action in actions:

        def handler(self: Any, _action: str = action, **kwargs: Any) -> Any:
            if kwargs.get("vendor_id") == FAILING_VENDOR:
                raise NotSupportedError(description="no vendor extension here", details={"vendor": FAILING_VENDOR})
            self.received.setdefault(_action, []).append(kwargs)
            return version.library_payload("call_result", _action, version.payload(_action, 1))

        handler.__name__ = f"on_{snake_case(action)}"
        namespace[handler.__name__] = on(action)(handler)
    return type(name, (version.library.ChargePoint,), namespace)


def our_class(version: Version, base: type[Any], received: dict[str, list[Any]]) -> Any:
    """Our endpoint with every handler overridden: it records the request and answers minimally."""
    dispatch = version.dispatch

    def handler(action: str) -> Any:
        async def on_action(self: Any, request: Any) -> Any:
            if action == "Authorize" and request.id_token.id_token == REFUSED_TOKEN:
                raise dispatch.OcppError(dispatch.ErrorCode.security_error, "token refused", {"idToken": REFUSED_TOKEN})
            received.setdefault(action, []).append(request)
            return version.sample(action, 1)

        return on_action

    methods = {method: handler(entry.name) for entry, method in base._incoming}
    return type(f"Answering{base.__name__}", (base,), methods)


@dataclasses.dataclass
class Session:
    """What crossed the wire in one session, both ways."""

    received_by_us: dict[str, list[Any]]
    answers_to_library: dict[str, Any]
    received_by_library: dict[str, list[Any]]
    answers_to_us: dict[str, Any]
    refusal_from_us: Exception | None  # our CSMS handler's CALLERROR, as the library raised it
    invalid_from_library: OCPPError  # our dispatcher's CALLERROR for an invalid payload
    refusal_from_library: Exception  # the library's CALLERROR, as our caller got it
    identity: str
    subprotocol: str | None  # what our server agreed to (the CSMS session)


async def csms_session(version: Version) -> Session:
    """The library's Charging Station against our CSMS."""
    dispatch, transport = version.dispatch, version.transport
    received_by_us: dict[str, list[Any]] = {}
    endpoints: list[Any] = []
    ours = our_class(version, dispatch.Csms, received_by_us)

    def factory(connection: Any) -> Any:
        endpoint = ours(connection.send, connection.identity, response_timeout=10)
        endpoints.append(endpoint)
        return endpoint

    station_actions, csms_actions = version.actions("charging_station"), version.actions("csms")
    library = library_class(version, csms_actions, "LibraryChargingStation")

    def library_request(action: str) -> Any:
        return version.library_payload("call", action, version.payload(action, 0))

    async with transport.serve(factory, "127.0.0.1", 0) as server:
        port = server.sockets[0].getsockname()[1]
        async with websockets.connect(
            f"ws://127.0.0.1:{port}/ocpp/CS%2D1", subprotocols=[version.subprotocol]
        ) as websocket:
            station = library("CS-1", websocket, response_timeout=10)
            station.received = {}
            runner = asyncio.create_task(station.start())
            try:
                answers_to_library = {}
                for action in station_actions:
                    answers_to_library[action] = await _answer(
                        lambda a=action: station.call(library_request(a), suppress=False)
                    )
                refused_token = {"idToken": {"idToken": REFUSED_TOKEN, "type": "Central"}}
                refusal = await _raised(
                    station.call(version.library_payload("call", "Authorize", refused_token), suppress=False)
                )
                too_long = {"idToken": {"idToken": "x" * 256, "type": "Central"}}
                invalid = await _raised(
                    station.call(
                        version.library_payload("call", "Authorize", too_long),
                        suppress=False,
                        skip_schema_validation=True,
                    )
                )
                csms = endpoints[0]
                answers_to_us = {}
                for action in csms_actions:
                    answers_to_us[action] = await _answer(
                        lambda a=action: getattr(csms, snake_case(a))(version.sample(a, 0))
                    )
                refused = await _raised(
                    csms.data_transfer(version.package.DataTransferRequest(vendor_id=FAILING_VENDOR))
                )
            finally:
                runner.cancel()
                await asyncio.wait([runner])
    return Session(
        received_by_us,
        answers_to_library,
        station.received,
        answers_to_us,
        refusal,
        invalid,
        refused,
        csms.identity,
        websocket.subprotocol,
    )


@asynccontextmanager
async def _library_csms(version: Version, library: type[Any]) -> AsyncIterator[tuple[str, asyncio.Queue[Any]]]:
    connected: asyncio.Queue[Any] = asyncio.Queue()

    async def handle(websocket: Any) -> None:
        endpoint = library(websocket.request.path.rsplit("/", 1)[-1], websocket, response_timeout=10)
        endpoint.received = {}
        connected.put_nowait(endpoint)
        try:
            await endpoint.start()
        except websockets.ConnectionClosed:
            pass

    async with websockets.serve(handle, "127.0.0.1", 0, subprotocols=[version.subprotocol]) as server:
        port = server.sockets[0].getsockname()[1]
        yield f"ws://127.0.0.1:{port}/ocpp/CS_2", connected


async def charging_station_session(version: Version) -> Session:
    """Our Charging Station against the library's CSMS."""
    dispatch, transport = version.dispatch, version.transport
    received_by_us: dict[str, list[Any]] = {}
    ours = our_class(version, dispatch.ChargingStation, received_by_us)
    station_actions, csms_actions = version.actions("charging_station"), version.actions("csms")
    library = library_class(version, station_actions, "LibraryCsms")

    def library_request(action: str) -> Any:
        return version.library_payload("call", action, version.payload(action, 0))

    async with _library_csms(version, library) as (uri, connected):
        async with transport.connect(
            uri, lambda connection: ours(connection.send, connection.identity, response_timeout=10)
        ) as station:
            csms = await connected.get()
            answers_to_us = {}
            for action in station_actions:
                answers_to_us[action] = await _answer(
                    lambda a=action: getattr(station, snake_case(a))(version.sample(a, 0))
                )
            refused = await _raised(
                station.data_transfer(version.package.DataTransferRequest(vendor_id=FAILING_VENDOR))
            )
            answers_to_library = {}
            for action in csms_actions:
                answers_to_library[action] = await _answer(
                    lambda a=action: csms.call(library_request(a), suppress=False)
                )
            too_long = {"requestId": 1, "reportBase": "x" * 30}
            invalid = await _raised(
                csms.call(
                    version.library_payload("call", "GetBaseReport", too_long),
                    suppress=False,
                    skip_schema_validation=True,
                )
            )
    return Session(
        received_by_us, answers_to_library, csms.received, answers_to_us, None, invalid, refused, csms.id, None
    )


async def _answer(call: Callable[[], Awaitable[Any]]) -> Any:
    """The answer to one CALL, or the exception that stood for it (the library may fail to build
    or send a request): one action's failure is that action's test's failure, and the session
    goes on with the next."""
    try:
        return await call()
    except Exception as error:  # the action's test compares the answer, and fails on this
        return error


async def _raised(awaitable: Any) -> Exception:
    """The exception the awaitable raised; it must raise one."""
    try:
        await awaitable
    except Exception as error:  # the test asserts what it is
        return error
    raise AssertionError("the call was answered, not refused")
