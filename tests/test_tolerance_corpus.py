"""The corpus of deviating messages (tests/deviations/): each read with its deviation on, refused without.

An accepted file's payload is read, with only its deviation turned on for its action, into the
strict model of `read_as`, and the deviation is reported at its pointers; with every other
deviation on but that one, the payload is refused and the strict answer is the file's CALLERROR
code. A refused file's payload cannot be read even with every deviation on. OCPP 1.6 runs on the
committed package, OCPP 2.0.1 on a package generated from the pinned 2.0.1 set.
"""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

import ocpp16
from ocpp16.tolerance import Deviation, Tolerance, ToleratedDeviation
from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import PROTOCOLS_DIRECTORY

from .conftest import SCHEMAS_201
from .helpers import import_package

CORPUS = Path(__file__).resolve().parent / "deviations"
ACCEPTED = sorted(CORPUS.glob("*/accepted/*.json"))
REFUSED = sorted(CORPUS.glob("*/refused/*.json"))
# The deviations that cannot occur in a version: 2.x units of measure are free strings.
NOT_APPLICABLE = {"ocpp16": set(), "ocpp201": {Deviation.unit_symbol}}


def _version(path: Path) -> str:
    return path.parent.parent.name


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    if not SCHEMAS_201.is_dir():
        pytest.fail("the OCPP 2.0.1 schema set is missing: run `make test`, which fetches it")
    out = tmp_path_factory.mktemp("deviations") / "ocpp201"
    generate(Inputs((SCHEMAS_201,), None, PROTOCOLS_DIRECTORY / "ocpp201.toml"), out)
    return {"ocpp16": ocpp16, "ocpp201": import_package(out, "ocpp201_deviations")}


class Entry:
    """One corpus file, with the package of its version."""

    def __init__(self, path: Path, packages: dict[str, ModuleType]) -> None:
        self.data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        self.package = packages[_version(path)]

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def module(self, name: str) -> Any:
        """A module of the package (table, tolerance, dispatch)."""
        return importlib.import_module(f"{self.package.__name__}.{name}")

    @property
    def model(self) -> type[BaseModel]:
        action = self.module("table").ACTIONS[self["action"]]
        return action.request if self["direction"] == "request" else action.response  # type: ignore[no-any-return]

    def strict_error(self) -> ValidationError:
        with pytest.raises(ValidationError) as caught:
            self.model.__pydantic_validator__.validate_json(json.dumps(self["payload"]), by_alias=True, by_name=False)
        return caught.value

    def read(self, deviations: set[Deviation]) -> tuple[BaseModel | None, list[ToleratedDeviation]]:
        """The payload through the package's own `tolerance` module."""
        seen: list[ToleratedDeviation] = []
        tolerance = self.module("tolerance").Tolerance(
            {self["action"]: deviations}, identity="CP_1", observer=seen.append
        )
        return tolerance.read(self["action"], self.model, self["payload"], self.strict_error()), seen

    def strict_code(self) -> str:
        code, _, _ = self.module("dispatch").describe_payload_error(self.strict_error())
        return str(code)


@pytest.mark.parametrize("version", sorted(NOT_APPLICABLE))
def test_the_corpus_has_an_accepted_message_for_every_deviation_that_can_occur(version: str) -> None:
    found = {
        json.loads(path.read_text(encoding="utf-8"))["deviation"] for path in ACCEPTED if _version(path) == version
    }
    assert found == set(Deviation) - NOT_APPLICABLE[version]


def _id(path: Path) -> str:
    return f"{_version(path)}/{path.stem}"


@pytest.mark.parametrize("path", ACCEPTED, ids=_id)
def test_a_deviating_message_is_read_into_the_strict_model_with_its_deviation_on(
    path: Path, packages: dict[str, ModuleType]
) -> None:
    entry = Entry(path, packages)
    result, seen = entry.read({Deviation(entry["deviation"])})
    assert isinstance(result, entry.model)
    assert result == entry.model.model_validate_json(json.dumps(entry["read_as"]))
    assert {event.deviation for event in seen} == {entry["deviation"]}
    assert sorted(event.pointer for event in seen) == sorted(entry["pointers"])


@pytest.mark.parametrize("path", ACCEPTED, ids=_id)
def test_a_deviating_message_is_refused_with_its_code_when_its_deviation_is_off(
    path: Path, packages: dict[str, ModuleType]
) -> None:
    entry = Entry(path, packages)
    result, seen = entry.read(set(Deviation) - {Deviation(entry["deviation"])})
    assert result is None and seen == []
    assert entry.strict_code() == entry["expected_error"]


@pytest.mark.parametrize("path", REFUSED, ids=_id)
def test_a_deviation_the_model_cannot_hold_is_refused_with_every_deviation_on(
    path: Path, packages: dict[str, ModuleType]
) -> None:
    entry = Entry(path, packages)
    result, seen = entry.read(set(Deviation))
    assert result is None and seen == []
    assert entry.strict_code() == entry["expected_error"]


@pytest.mark.parametrize("path", ACCEPTED + REFUSED, ids=_id)
def test_a_corpus_file_names_a_deviation_of_the_catalogue_and_an_action_of_its_protocol(
    path: Path, packages: dict[str, ModuleType]
) -> None:
    entry = Entry(path, packages)
    assert entry["deviation"] in set(Deviation)
    assert entry["action"] in entry.module("table").ACTIONS
    assert entry["direction"] in ("request", "response")
    assert entry["description"]


def test_the_deviations_document_describes_every_deviation_of_the_catalogue() -> None:
    document = (Path(__file__).resolve().parent.parent / "docs" / "deviations.md").read_text(encoding="utf-8")
    catalogue = document.split("## The catalogue", 1)[1].split("\n## ", 1)[0]
    assert [line.split("`")[1] for line in catalogue.splitlines() if line.startswith("| `")] == list(Deviation)
