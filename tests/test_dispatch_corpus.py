"""The dispatcher against the message corpus in tests/corpus/, one test per corpus file.

A corpus file is one message: {"description", "action", "direction" ("request" or
"response"), "payload"}, or a raw "frame"; an invalid one names an "expected_error". A
request goes to the side that receives the action, as a CALL; a response comes back to the
side that sent the action, as the CALLRESULT of its call. A valid message must get through
(a CALLRESULT from the sample handler, or the typed response); an invalid one must be
refused, with the expected error code when the file names an OCPP-J code.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

from ocpp16 import table
from ocpp16.dispatch import CentralSystem, ChargePoint, ErrorCode, InvalidResponseError

from .dispatch_samples import SAMPLES

CORPUS = sorted((Path(__file__).parent / "corpus").glob("**/*.json"))
ERROR_CODES = {code.value for code in ErrorCode}


def _answering(side: type[CentralSystem] | type[ChargePoint]) -> Any:
    def handler(action: str) -> Any:
        async def on_action(self: Any, request: Any) -> Any:
            return table.ACTIONS[action].response.from_wire(json.dumps(SAMPLES[action][1]))

        return on_action

    return type(f"Answering{side.__name__}", (side,), {method: handler(a.name) for a, method in side._incoming})


async def _send_nowhere(frame: str) -> None:
    pass


def _receiver(action: str) -> CentralSystem | ChargePoint:
    entry = table.ACTIONS.get(action)
    side = CentralSystem if entry is None or entry.sent_by(table.Initiator.charge_point) else ChargePoint
    endpoint: CentralSystem | ChargePoint = _answering(side)(_send_nowhere, "CP_1")
    return endpoint


def _as_call(case: dict[str, Any]) -> list[Any] | None:
    frame = case["frame"] if "frame" in case else json.dumps([2, "corpus-1", case["action"], case["payload"]])
    reply = asyncio.run(_receiver(case.get("action", "")).receive(frame))
    return None if reply is None else json.loads(reply)


def _as_call_result(case: dict[str, Any]) -> Any:
    entry = table.ACTIONS[case["action"]]
    caller_side = ChargePoint if entry.sent_by(table.Initiator.charge_point) else CentralSystem

    async def scenario() -> Any:
        sent: list[str] = []

        async def send(frame: str) -> None:
            sent.append(frame)

        caller = caller_side(send, "CP_1")
        call = asyncio.create_task(caller.call(entry, entry.request.from_wire(json.dumps(SAMPLES[entry.name][0]))))
        await asyncio.sleep(0)
        unique_id = json.loads(sent[0])[1]
        await caller.receive(json.dumps([3, unique_id, case["payload"]]))
        try:
            return await call
        except InvalidResponseError as error:
            return error

    return asyncio.run(scenario())


if CORPUS:  # the corpus is optional; without files there is nothing to parametrize over

    @pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
    def test_the_dispatcher_agrees_with_the_corpus(path: Path) -> None:
        case = json.loads(path.read_text(encoding="utf-8"))
        expected = case.get("expected_error")
        if "frame" in case or case.get("direction", "request") == "request":
            reply = _as_call(case)
            assert reply is not None
            if expected is None:
                assert reply[0] == 3, reply
            else:
                assert reply[0] == 4, reply
                if expected in ERROR_CODES:
                    assert reply[2] == expected, reply
        else:
            assert case["direction"] == "response", case
            result = _as_call_result(case)
            if expected is None:
                assert isinstance(result, table.ACTIONS[case["action"]].response), result
            else:
                assert isinstance(result, InvalidResponseError), result
                if expected in ERROR_CODES:
                    assert result.code == expected, result
