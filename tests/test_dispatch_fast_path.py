"""The OCPP-J engine's two parsers agree: the regular-expression fast path and the full `json` parser.

The fast path reads the head of a CALL or CALLRESULT with one regular expression and hands the
payload's text to pydantic-core; the slow path parses the whole frame with `json`. Whenever the
fast path takes a frame, the slow path must make the same of it: the same CALL (id, action,
validated request) or the same answer to the pending CALL. Checked for every corpus message
and frame, and for frames hypothesis mutates from them (white space, ids, payloads, null,
NaN, trailing text, truncation).
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ocpp16 import table
from ocpp16.dispatch import CallError, CentralSystem, ChargePoint, Endpoint, InvalidResponseError

from .dispatch_samples import SAMPLES

CORPUS = [
    json.loads(p.read_text(encoding="utf-8")) for p in sorted((Path(__file__).parent / "corpus").glob("**/*.json"))
]
REQUESTS = [(c["action"], c["payload"]) for c in CORPUS if c.get("direction") == "request"]
REQUESTS += [(name, sample[0]) for name, sample in SAMPLES.items()]
RESPONSES = [(c["action"], c["payload"]) for c in CORPUS if c.get("direction") == "response"]
RESPONSES += [(name, sample[1]) for name, sample in SAMPLES.items()]
FRAMES = [c["frame"] for c in CORPUS if "frame" in c]
PENDING_ID = "pending-1"


async def _nowhere(frame: str) -> None:
    pass


def _receiver(action: str) -> Endpoint:
    entry = table.ACTIONS.get(action)
    if entry is not None and not entry.sent_by(table.Initiator.charge_point):
        return ChargePoint(_nowhere, "CP_1")
    return CentralSystem(_nowhere, "CP_1")


def _event(event: Any) -> Any:
    """An engine event as comparable data: its kind and every field."""
    slots = [name for cls in type(event).__mro__ for name in getattr(cls, "__slots__", ())]
    return (type(event).__name__, *(getattr(event, name) for name in slots))


def _call_events(text: str, action: str) -> tuple[Any, Any]:
    """What the engine makes of one frame: through the fast path (`receive`), and the full parser."""
    fast = _event(_receiver(action)._engine.receive(text))
    slow = _event(_receiver(action)._engine.receive_slowly(text))
    return fast, slow


def _answer_outcomes(text: str, action: str) -> tuple[Any, Any]:
    """How the pending CALL ends when the frame comes: through `receive_frame`, or the full parser."""
    entry = table.ACTIONS[action]
    side = ChargePoint if entry.sent_by(table.Initiator.charge_point) else CentralSystem

    async def outcome(read: str) -> Any:
        caller = side(_nowhere, "CP_1", unique_ids=lambda: PENDING_ID, response_timeout=5)
        call = asyncio.create_task(caller.call(entry, entry.request.from_wire(json.dumps(SAMPLES[action][0]))))
        await asyncio.sleep(0)
        if read == "fast path":
            caller.receive_frame(text)
        else:
            caller._settle(caller._engine.receive_slowly(text))
        caller.close()
        try:
            return ("result", await call)
        except (InvalidResponseError, CallError) as error:
            return (type(error).__name__, error.code, error.description)
        except ConnectionError as error:
            return ("unanswered", type(error).__name__)

    async def both() -> tuple[Any, Any]:
        return await outcome("fast path"), await outcome("full parser")

    return asyncio.run(both())


def _frame(kind: int, unique_id: str, action: str | None, payload: Any, space: str) -> str:
    parts = [str(kind), json.dumps(unique_id)] + ([json.dumps(action)] if action is not None else [])
    parts.append(payload if isinstance(payload, str) else json.dumps(payload))
    return space + "[" + space + ("," + space).join(parts) + space + "]" + space


def test_every_corpus_request_and_frame_gets_the_same_event_from_both_parsers() -> None:
    for action, payload in REQUESTS:
        fast, slow = _call_events(_frame(2, "corpus-1", action, payload, ""), action)
        assert fast == slow, action
    for frame in FRAMES:
        fast, slow = _call_events(frame, "")
        assert fast == slow, frame


def test_every_corpus_response_ends_the_pending_call_the_same_way_through_both_parsers() -> None:
    for action, payload in RESPONSES:
        fast, slow = _answer_outcomes(_frame(3, PENDING_ID, None, payload, ""), action)
        assert fast == slow, action


SPACES = st.sampled_from(["", " ", "\n", "\t", "\r\n  "])
IDS = st.one_of(st.just("corpus-1"), st.text(max_size=40), st.sampled_from(['a"b', "a\\b", "x" * 36, "x" * 37, ""]))
PAYLOAD_TEXT_CHANGES = st.sampled_from(
    [
        lambda text: text,
        lambda text: "null",
        lambda text: "{}",
        lambda text: text.replace("1", "NaN", 1),
        lambda text: text.replace("1", "Infinity", 1),
        lambda text: text + " ",
        lambda text: text[:-1],
        lambda text: text.replace(":", ": ", 1),
        lambda text: text.replace('"', '"\\u0041', 1),
        lambda text: text + "]",
    ]
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    request=st.sampled_from(REQUESTS),
    action=st.one_of(st.none(), st.sampled_from([*table.ACTIONS, "NoSuchAction", "heartbeat"])),
    unique_id=IDS,
    change=PAYLOAD_TEXT_CHANGES,
    space=SPACES,
    tail=st.sampled_from(["", " ", "x", ",{}"]),
)
def test_a_mutated_call_gets_the_same_event_from_both_parsers(
    request: tuple[str, Any], action: str | None, unique_id: str, change: Any, space: str, tail: str
) -> None:
    name = action or request[0]
    text = _frame(2, unique_id, name, change(json.dumps(request[1])), space) + tail
    fast, slow = _call_events(text, name)
    assert fast == slow


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    response=st.sampled_from(RESPONSES),
    unique_id=st.one_of(st.just(PENDING_ID), IDS),
    change=PAYLOAD_TEXT_CHANGES,
    space=SPACES,
    tail=st.sampled_from(["", " ", "x"]),
)
def test_a_mutated_answer_ends_the_pending_call_the_same_way_through_both_parsers(
    response: tuple[str, Any], unique_id: str, change: Any, space: str, tail: str
) -> None:
    action, payload = response
    text = _frame(3, unique_id, None, change(json.dumps(payload)), space) + tail
    fast, slow = _answer_outcomes(text, action)
    assert fast == slow


def _verify_mutations(samples: list[tuple[str, Any]], schema: str) -> list[tuple[str, str]]:
    """Every mutation `ocpp-codegen verify` makes of every sample: (action, payload text)."""
    from ocpp_codegen.load import load_schema_set
    from ocpp_codegen.verify.mutation import mutations
    from ocpp_codegen.verify.schema_view import SchemaView

    from .conftest import ERRATA, OFFICIAL_SCHEMAS

    schema_set = load_schema_set([OFFICIAL_SCHEMAS], ERRATA)
    found = []
    for action, payload in samples:
        document = schema_set.document(getattr(table.ACTIONS[action], schema).file)
        assert document is not None
        found += [(action, m.text) for m in mutations(SchemaView(document.content), payload)]
    return found


def test_every_verify_mutation_of_a_request_gets_the_same_event_from_both_parsers() -> None:
    for action, text in _verify_mutations(REQUESTS, "request_schema"):
        for unique_id in ("m-1", 'm"1'):
            fast, slow = _call_events(_frame(2, unique_id, action, text, " "), action)
            assert fast == slow, (action, text)


def _answer_events(text: str, action: str) -> tuple[Any, Any]:
    """What the engine makes of an answer to its pending CALL: through the fast path, and the full parser."""
    entry = table.ACTIONS[action]
    events = []
    for read in ("receive", "receive_slowly"):
        side = ChargePoint if entry.sent_by(table.Initiator.charge_point) else CentralSystem
        engine = side(_nowhere, "CP_1")._engine
        engine.start_call(action, "{}", PENDING_ID, entry.response)
        events.append(_event(getattr(engine, read)(text)))
    return events[0], events[1]


def test_every_verify_mutation_of_a_response_ends_the_pending_call_the_same_way_through_both_parsers() -> None:
    for action, text in _verify_mutations(RESPONSES, "response_schema"):
        fast, slow = _answer_events(_frame(3, PENDING_ID, None, text, " "), action)
        assert fast == slow, (action, text)
