"""The corpus of deviating messages (tests/deviations/): each read with its deviation on, refused without.

An accepted file's payload is read, with only its deviation turned on for its action, into the
strict model of `read_as`, and the deviation is reported at its pointers; with every other
deviation on but that one, the payload is refused and the strict answer is the file's CALLERROR
code. A refused file's payload cannot be read even with every deviation on.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ocpp16 import table
from ocpp16.dispatch import describe_payload_error
from ocpp16.tolerance import Deviation, Tolerance, ToleratedDeviation
from pydantic import BaseModel, ValidationError

CORPUS = Path(__file__).resolve().parent / "deviations" / "ocpp16"
ACCEPTED = sorted((CORPUS / "accepted").glob("*.json"))
REFUSED = sorted((CORPUS / "refused").glob("*.json"))


def _entry(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


def _model(entry: dict[str, Any]) -> type[BaseModel]:
    action = table.ACTIONS[entry["action"]]
    return action.request if entry["direction"] == "request" else action.response


def _strict_error(model: type[BaseModel], payload: dict[str, Any]) -> ValidationError:
    with pytest.raises(ValidationError) as caught:
        model.__pydantic_validator__.validate_json(json.dumps(payload), by_alias=True, by_name=False)
    return caught.value


def _read(entry: dict[str, Any], deviations: set[Deviation]) -> tuple[BaseModel | None, list[ToleratedDeviation]]:
    seen: list[ToleratedDeviation] = []
    tolerance = Tolerance({entry["action"]: deviations}, identity="CP_1", observer=seen.append)
    model = _model(entry)
    payload = entry["payload"]
    return tolerance.read(entry["action"], model, payload, _strict_error(model, payload)), seen


def test_the_corpus_has_an_accepted_message_for_every_deviation() -> None:
    assert {_entry(path)["deviation"] for path in ACCEPTED} == set(Deviation)


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.stem)
def test_a_deviating_message_is_read_into_the_strict_model_with_its_deviation_on(path: Path) -> None:
    entry = _entry(path)
    model = _model(entry)
    result, seen = _read(entry, {Deviation(entry["deviation"])})
    assert isinstance(result, model)
    assert result == model.model_validate_json(json.dumps(entry["read_as"]))
    assert {event.deviation for event in seen} == {entry["deviation"]}
    assert sorted(event.pointer for event in seen) == sorted(entry["pointers"])


@pytest.mark.parametrize("path", ACCEPTED, ids=lambda p: p.stem)
def test_a_deviating_message_is_refused_with_its_code_when_its_deviation_is_off(path: Path) -> None:
    entry = _entry(path)
    others = set(Deviation) - {Deviation(entry["deviation"])}
    result, seen = _read(entry, others)
    assert result is None and seen == []
    code, _, _ = describe_payload_error(_strict_error(_model(entry), entry["payload"]))
    assert code == entry["expected_error"]


@pytest.mark.parametrize("path", REFUSED, ids=lambda p: p.stem)
def test_a_deviation_the_model_cannot_hold_is_refused_with_every_deviation_on(path: Path) -> None:
    entry = _entry(path)
    result, seen = _read(entry, set(Deviation))
    assert result is None and seen == []
    code, _, _ = describe_payload_error(_strict_error(_model(entry), entry["payload"]))
    assert code == entry["expected_error"]


@pytest.mark.parametrize("path", ACCEPTED + REFUSED, ids=lambda p: p.stem)
def test_a_corpus_file_names_a_deviation_of_the_catalogue_and_an_action_of_the_protocol(path: Path) -> None:
    entry = _entry(path)
    assert entry["deviation"] in set(Deviation)
    assert entry["action"] in table.ACTIONS
    assert entry["direction"] in ("request", "response")
    assert entry["description"]


def test_the_deviations_document_describes_every_deviation_of_the_catalogue() -> None:
    document = (Path(__file__).resolve().parent.parent / "docs" / "deviations.md").read_text(encoding="utf-8")
    catalogue = document.split("## The catalogue", 1)[1].split("\n## ", 1)[0]
    assert [line.split("`")[1] for line in catalogue.splitlines() if line.startswith("| `")] == list(Deviation)
