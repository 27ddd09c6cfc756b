"""One message verified on a tiny schema: samples, corpus payloads, then mutations of the valid ones."""

from __future__ import annotations

from typing import Any

from ocpp16._base import OcppModel
from ocpp_codegen.ir import Message, ObjectType
from ocpp_codegen.verify import CorpusEntry, SchemaView, mutations, verify_message
from ocpp_codegen.verify.json_text import dumps

SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {"count": {"type": "integer", "maximum": 10}},
    "required": ["count"],
    "additionalProperties": False,
}
MESSAGE = Message(
    "CounterRequest", "Counter", "request", "Counter.json", "draft-04", "", "{}", ObjectType("C", (), True)
)


class CounterRequest(OcppModel):
    """Agrees with SCHEMA except for the maximum, which it does not know."""

    count: int


def _entry(payload: Any, expected_error: str | None = None) -> CorpusEntry:
    return CorpusEntry("valid/a.json", "", "Counter", "request", payload, None, expected_error)


def test_a_message_without_a_model_is_one_failure_saying_so() -> None:
    report = verify_message(MESSAGE, SCHEMA, None, [], 3, 0)
    assert [(f.check, f.problem) for f in report.failures] == [("model", "no model of this name")]


def test_every_distinct_mutation_of_a_valid_corpus_payload_is_checked_once() -> None:
    payload = {"count": 4}
    texts = {dumps(payload)} | {m.text for m in mutations(SchemaView(SCHEMA), payload)}
    report = verify_message(MESSAGE, SCHEMA, CounterRequest, [_entry(payload)], 0, 0)
    assert (report.corpus, report.checked) == (1, len(texts))


def test_an_invalid_corpus_payload_is_checked_without_mutations() -> None:
    report = verify_message(MESSAGE, SCHEMA, CounterRequest, [_entry({"count": "4"}, "TypeConstraintViolation")], 0, 0)
    assert (report.corpus, report.checked, report.failures) == (1, 1, [])


def test_each_schema_sample_is_counted() -> None:
    assert verify_message(MESSAGE, SCHEMA, CounterRequest, [], 3, 0).samples == 3


def test_the_mutations_of_valid_samples_are_checked_too() -> None:
    report = verify_message(MESSAGE, SCHEMA, CounterRequest, [], 3, 0)
    assert report.checked > report.samples


def test_a_model_that_misses_a_constraint_fails_on_a_mutation() -> None:
    report = verify_message(MESSAGE, SCHEMA, CounterRequest, [_entry({"count": 4})], 0, 0)
    assert {(f.check, f.sample.origin) for f in report.failures} >= {
        ("same verdict", "maximum +1 of corpus valid/a.json")
    }
