"""Several OCPP versions on one port: the server picks the subprotocol from the client's offer in
its own order of preference and hands the connection to that version's factory. The transport
module is the same in every package, so a server made with one package's transport hosts the
endpoints of another's. Real generated packages: the committed 1.6 one, and 2.0.1 and 2.1,
generated here."""

from __future__ import annotations

import asyncio
from datetime import datetime, timezone
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import websockets

import ocpp16
from ocpp16 import transport
from ocpp16.dispatch import CentralSystem, ChargePoint
from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY

from .conftest import GENERATED, SCHEMAS_21, SCHEMAS_201
from .helpers import import_package

NOW = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def ocpp201(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The OCPP 2.0.1 package, generated once for these tests."""
    if not SCHEMAS_201.is_dir():
        pytest.fail("the OCPP 2.0.1 schema set is missing: run `make test`, which fetches it")
    out = tmp_path_factory.mktemp("versions") / "ocpp201"
    generate(Inputs((SCHEMAS_201,), None, PROTOCOLS_DIRECTORY / "ocpp201.toml"), out)
    package = import_package(out, "transport_ocpp201")
    for module in ("dispatch", "table", "transport"):
        __import__(f"transport_ocpp201.{module}")
    return package


@pytest.fixture(scope="session")
def ocpp21(tmp_path_factory: pytest.TempPathFactory) -> ModuleType:
    """The OCPP 2.1 package, generated once for these tests."""
    if not SCHEMAS_21.is_dir():
        pytest.fail("the OCPP 2.1 schema set is missing: run `make test`, which fetches it")
    out = tmp_path_factory.mktemp("versions") / "ocpp21"
    generate(Inputs((SCHEMAS_21,), None, PROTOCOLS_DIRECTORY / "ocpp21.toml"), out)
    package = import_package(out, "transport_ocpp21")
    for module in ("dispatch", "table", "transport"):
        __import__(f"transport_ocpp21.{module}")
    return package


def _url(server: transport.Server[Any], identity: str) -> str:
    return f"ws://127.0.0.1:{server.sockets[0].getsockname()[1]}/ocpp/{identity}"


async def _until(condition: Any) -> None:
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)


class CachingChargePoint(ChargePoint):
    async def on_clear_cache(self, request: ocpp16.ClearCacheRequest) -> ocpp16.ClearCacheResponse:
        return ocpp16.ClearCacheResponse(status=ocpp16.ClearCacheStatus.accepted)


def _station_class(ocpp201: ModuleType) -> type[Any]:
    class CachingStation(ocpp201.dispatch.ChargingStation):  # type: ignore[name-defined,misc]
        async def on_clear_cache(self, request: Any) -> Any:
            return ocpp201.ClearCacheResponse(status=ocpp201.ClearCacheStatusEnumType.accepted)

    return CachingStation


def _csms_class(ocpp201: ModuleType) -> type[Any]:
    class BootingCsms(ocpp201.dispatch.Csms):  # type: ignore[name-defined,misc]
        async def on_heartbeat(self, request: Any) -> Any:
            return ocpp201.HeartbeatResponse(current_time=NOW)

    return BootingCsms


class HeartbeatCentralSystem(CentralSystem):
    async def on_heartbeat(self, request: ocpp16.HeartbeatRequest) -> ocpp16.HeartbeatResponse:
        return ocpp16.HeartbeatResponse(current_time=NOW)


def test_every_package_carries_the_same_transport_module(ocpp201: ModuleType) -> None:
    ours = (GENERATED / "transport.py").read_text(encoding="utf-8").split("\n\n", 1)[1]
    theirs = Path(ocpp201.__file__).with_name("transport.py").read_text(encoding="utf-8").split("\n\n", 1)[1]
    assert ours == theirs


def test_one_server_serves_a_1_6_and_a_2_0_1_client_each_with_its_version_endpoint(ocpp201: ModuleType) -> None:
    async def scenario() -> dict[str, Any]:
        factories = {"ocpp2.0.1": _csms_class(ocpp201), "ocpp1.6": HeartbeatCentralSystem}
        async with transport.serve(factories, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CP_16"), CachingChargePoint) as old:
                async with ocpp201.transport.connect(_url(server, "CS_201"), _station_class(ocpp201)) as new:
                    await _until(lambda: len(server.connections) == 2)
                    return {
                        "subprotocols": {i: c.subprotocol for i, c in server.connections.items()},
                        "endpoints": {i: type(server.endpoint(i)).__mro__[1].__module__ for i in server.connections},
                        "1.6 heartbeat": (await old.heartbeat(ocpp16.HeartbeatRequest())).current_time,
                        "2.0.1 heartbeat": (await new.heartbeat(ocpp201.HeartbeatRequest())).current_time,
                        "1.6 call": (
                            await server.call("CP_16", ocpp16.table.CLEAR_CACHE, ocpp16.ClearCacheRequest())
                        ).status,
                        "2.0.1 call": (
                            await server.call("CS_201", ocpp201.table.CLEAR_CACHE, ocpp201.ClearCacheRequest())
                        ).status,
                    }

    result = asyncio.run(scenario())
    assert result["subprotocols"] == {"CP_16": "ocpp1.6", "CS_201": "ocpp2.0.1"}
    assert result["endpoints"] == {"CP_16": "ocpp16.dispatch", "CS_201": "transport_ocpp201.dispatch"}
    assert result["1.6 heartbeat"] == NOW and result["2.0.1 heartbeat"] == NOW
    assert result["1.6 call"] == "Accepted" and result["2.0.1 call"] == "Accepted"


def test_one_server_serves_1_6_2_0_1_and_2_1_clients_at_once(ocpp201: ModuleType, ocpp21: ModuleType) -> None:
    async def scenario() -> dict[str, tuple[str, Any]]:
        factories = {
            "ocpp2.1": _csms_class(ocpp21),
            "ocpp2.0.1": _csms_class(ocpp201),
            "ocpp1.6": HeartbeatCentralSystem,
        }
        async with transport.serve(factories, "127.0.0.1", 0) as server:
            async with (
                transport.connect(_url(server, "CP_16"), CachingChargePoint),
                ocpp201.transport.connect(_url(server, "CS_201"), _station_class(ocpp201)),
                ocpp21.transport.connect(_url(server, "CS_21"), _station_class(ocpp21)),
            ):
                await _until(lambda: len(server.connections) == 3)
                calls = {
                    "CP_16": (ocpp16.table.CLEAR_CACHE, ocpp16.ClearCacheRequest()),
                    "CS_201": (ocpp201.table.CLEAR_CACHE, ocpp201.ClearCacheRequest()),
                    "CS_21": (ocpp21.table.CLEAR_CACHE, ocpp21.ClearCacheRequest()),
                }
                return {
                    identity: (server.connections[identity].subprotocol, (await server.call(identity, *call)).status)
                    for identity, call in calls.items()
                }

    assert asyncio.run(scenario()) == {
        "CP_16": ("ocpp1.6", "Accepted"),
        "CS_201": ("ocpp2.0.1", "Accepted"),
        "CS_21": ("ocpp2.1", "Accepted"),
    }


@pytest.mark.parametrize(
    ("preference", "offered", "chosen"),
    [
        (["ocpp2.0.1", "ocpp1.6"], ["ocpp1.6", "ocpp2.0.1"], "ocpp2.0.1"),
        (["ocpp1.6", "ocpp2.0.1"], ["ocpp2.0.1", "ocpp1.6"], "ocpp1.6"),
        (["ocpp2.0.1", "ocpp1.6"], ["ocpp1.6"], "ocpp1.6"),
    ],
    ids=["server-prefers-2.0.1", "server-prefers-1.6", "only-1.6-offered"],
)
def test_the_server_picks_from_the_offer_in_its_own_order_of_preference(
    ocpp201: ModuleType, preference: list[str], offered: list[Any], chosen: str
) -> None:
    classes = {"ocpp2.0.1": _csms_class(ocpp201), "ocpp1.6": HeartbeatCentralSystem}

    async def scenario() -> str | None:
        async with transport.serve({p: classes[p] for p in preference}, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=offered) as websocket:
                return websocket.subprotocol

    assert asyncio.run(scenario()) == chosen


def test_a_client_offering_no_version_the_server_serves_is_closed_with_1002(ocpp201: ModuleType) -> None:
    async def scenario() -> int | None:
        async with transport.serve({"ocpp2.0.1": _csms_class(ocpp201)}, "127.0.0.1", 0) as server:
            async with websockets.connect(_url(server, "CP_1"), subprotocols=["ocpp1.6"]) as websocket:  # type: ignore[list-item]
                await websocket.wait_closed()
                return websocket.close_code

    assert asyncio.run(scenario()) == 1002


def test_a_client_configured_with_several_versions_runs_the_one_the_server_picks(ocpp201: ModuleType) -> None:
    async def scenario() -> tuple[str, Any]:
        station = _station_class(ocpp201)
        async with transport.serve({"ocpp2.0.1": _csms_class(ocpp201)}, "127.0.0.1", 0) as server:
            async with transport.connect(
                _url(server, "CS_1"), {"ocpp1.6": CachingChargePoint, "ocpp2.0.1": station}
            ) as endpoint:
                response = await endpoint.heartbeat(ocpp201.HeartbeatRequest())
                return type(endpoint).__name__, response.current_time

    assert asyncio.run(scenario()) == ("CachingStation", NOW)


def test_a_server_of_one_version_is_refused_by_a_client_of_another(ocpp201: ModuleType) -> None:
    async def scenario() -> None:
        async with transport.serve({"ocpp2.0.1": _csms_class(ocpp201)}, "127.0.0.1", 0) as server:
            async with transport.connect(_url(server, "CP_1"), CachingChargePoint):
                pass

    with pytest.raises(ConnectionError, match="did not agree on a subprotocol of ocpp1.6"):
        asyncio.run(scenario())


def test_an_empty_mapping_of_versions_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one subprotocol"):
        transport.serve({}, "127.0.0.1", 0)
