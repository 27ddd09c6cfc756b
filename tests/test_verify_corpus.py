"""Corpus entries sorted to the messages of a protocol, and a corpus directory read for form."""

from __future__ import annotations

from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.ir import Direction, Message, ObjectType
from ocpp_codegen.protocol_data import load_protocol_data
from ocpp_codegen.verify import CorpusEntry, load_corpus, payloads_by_message


def _message(name: str, action: str, direction: Direction) -> Message:
    return Message(name, action, direction, f"{action}.json", "draft-04", "", "{}", ObjectType(name, (), True))


ERROR_CODES = load_protocol_data().rpc.codes
MESSAGES = (
    _message("HeartbeatRequest", "Heartbeat", "request"),
    _message("HeartbeatResponse", "Heartbeat", "response"),
)


def _entry(name: str, action: str = "Heartbeat", direction: str = "request", frame: str | None = None) -> CorpusEntry:
    return CorpusEntry(name, "", action, direction, None if frame else {}, frame, None)


def test_a_payload_entry_goes_to_the_message_of_its_action_and_direction() -> None:
    entries = [_entry("valid/a.json", direction="response"), _entry("valid/b.json")]
    sorted_ = payloads_by_message(entries, MESSAGES)
    assert (sorted_.of("HeartbeatRequest"), sorted_.of("HeartbeatResponse")) == ((entries[1],), (entries[0],))


def test_entries_whose_action_no_message_has_are_named_as_skipped_in_name_order() -> None:
    entries = [_entry("valid/z.json", action="Nope"), _entry("invalid/a.json", action="Nope")]
    assert payloads_by_message(entries, MESSAGES).skipped == ("invalid/a.json", "valid/z.json")


def test_frame_entries_are_neither_sorted_to_a_message_nor_skipped() -> None:
    sorted_ = payloads_by_message([_entry("invalid/frame.json", action="", direction="", frame="[2]")], MESSAGES)
    assert (sorted_.entries, sorted_.skipped) == ({}, ())


def test_a_message_without_corpus_entries_has_none() -> None:
    assert payloads_by_message([], MESSAGES).of("HeartbeatRequest") == ()


def test_a_directory_without_corpus_files_is_an_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(GenerationError, match=f"{tmp_path}.*no corpus files"):
        load_corpus(tmp_path, ERROR_CODES)


def test_a_valid_entry_s_fields_are_read_from_its_file(tmp_path: Path) -> None:
    (tmp_path / "valid").mkdir()
    text = '{"description": "d", "action": "Heartbeat", "direction": "request", "payload": {}}'
    (tmp_path / "valid" / "heartbeat.json").write_text(text, encoding="utf-8")
    assert load_corpus(tmp_path, ERROR_CODES) == [
        CorpusEntry("valid/heartbeat.json", "d", "Heartbeat", "request", {}, None, None)
    ]


def test_an_expected_error_must_be_a_code_of_the_protocol_data(tmp_path: Path) -> None:
    (tmp_path / "invalid").mkdir()
    text = '{"description": "d", "action": "Heartbeat", "direction": "request", "payload": {}, "expected_error": "X"}'
    (tmp_path / "invalid" / "x.json").write_text(text, encoding="utf-8")
    assert load_corpus(tmp_path, ("X",))[0].expected_error == "X"
    with pytest.raises(GenerationError, match="#/expected_error: must be one of Y"):
        load_corpus(tmp_path, ("Y",))
