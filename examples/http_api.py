"""A Central System with an HTTP API beside it (aiohttp): which charge points are connected, and
a remote start of a transaction on one of them, sent from the HTTP request's task.

    PYTHONPATH=generated .venv/bin/python examples/http_api.py --port 9000 --http-port 8080
    curl http://127.0.0.1:8080/charge-points
    curl -X POST http://127.0.0.1:8080/charge-points/CP_1/remote-start -d '{"idTag": "DRIVER-042", "connectorId": 1}'

The body of the POST is the RemoteStartTransaction request as it goes on the wire; the answer is
the charge point's response (200), or an error: 400 for a request the schema refuses, 404 when
the charge point is not connected, 502 when it answers with a CALLERROR, 504 when it does not
answer in time.
"""

from __future__ import annotations

import argparse
import asyncio
from datetime import datetime, timezone

import pydantic
from aiohttp import web

from ocpp16 import (
    BootNotificationRequest,
    BootNotificationResponse,
    HeartbeatRequest,
    HeartbeatResponse,
    RegistrationStatus,
    RemoteStartTransactionRequest,
    table,
)
from ocpp16.dispatch import CallError, CallTimeoutError, CentralSystem
from ocpp16.transport import NotConnectedError, Server, serve


class AcceptingCentralSystem(CentralSystem):
    """Accepts every charge point that boots."""

    async def on_boot_notification(self, request: BootNotificationRequest) -> BootNotificationResponse:
        return BootNotificationResponse(
            status=RegistrationStatus.accepted, current_time=datetime.now(timezone.utc), interval=300
        )

    async def on_heartbeat(self, request: HeartbeatRequest) -> HeartbeatResponse:
        return HeartbeatResponse(current_time=datetime.now(timezone.utc))


OCPP_SERVER = web.AppKey("ocpp_server", Server[AcceptingCentralSystem])


def http_api(server: Server[AcceptingCentralSystem]) -> web.Application:
    """The HTTP API of an OCPP server: GET /charge-points, POST /charge-points/{identity}/remote-start."""
    app = web.Application()
    app[OCPP_SERVER] = server
    app.router.add_get("/charge-points", list_charge_points)
    app.router.add_post("/charge-points/{identity}/remote-start", remote_start)
    return app


async def list_charge_points(request: web.Request) -> web.Response:
    connections = request.app[OCPP_SERVER].connections
    return web.json_response(
        [
            {"identity": identity, "subprotocol": c.subprotocol, "connectedAt": c.connected_at.isoformat()}
            for identity, c in sorted(connections.items())
        ]
    )


async def remote_start(request: web.Request) -> web.Response:
    identity = request.match_info["identity"]
    try:
        start = RemoteStartTransactionRequest.from_wire(await request.read())
    except pydantic.ValidationError as error:
        return web.json_response({"error": error.errors(include_url=False, include_input=False)[0]["msg"]}, status=400)
    try:
        response = await request.app[OCPP_SERVER].call(identity, table.REMOTE_START_TRANSACTION, start)
    except NotConnectedError as error:
        return web.json_response({"error": str(error)}, status=404)
    except CallError as error:
        return web.json_response({"error": error.description, "code": str(error.code)}, status=502)
    except CallTimeoutError as error:
        return web.json_response({"error": str(error)}, status=504)
    return web.Response(text=response.to_wire(), content_type="application/json")


async def main(host: str, port: int, http_port: int) -> None:
    async with serve(AcceptingCentralSystem, host, port) as server:
        runner = web.AppRunner(http_api(server))
        await runner.setup()
        await web.TCPSite(runner, host, http_port).start()
        print(f"central system: ws://{host}:{port}/ocpp/<identity>; HTTP API: http://{host}:{http_port}/charge-points")
        try:
            await server.serve_forever()
        finally:
            await runner.cleanup()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=9000)
    parser.add_argument("--http-port", type=int, default=8080)
    options = parser.parse_args()
    asyncio.run(main(options.host, options.port, options.http_port))
