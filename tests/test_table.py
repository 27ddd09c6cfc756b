"""The validation table, its schema texts (--embed-schemas) and its Markdown catalogue (--docs)."""

from __future__ import annotations

import ast
import hashlib
import importlib
import json
import shutil
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import ocpp16
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.model import build_protocol
from ocpp_codegen.pipeline import Inputs, generate
from ocpp_codegen.protocol_data import DEFAULT_PROTOCOL, load_protocol_data
from ocpp_codegen.render import render_docs, render_package
from ocpp16 import table

from .conftest import ERRATA, GENERATED, REPO, snapshot
from .helpers import edit_schema, import_package

Cli = Callable[..., tuple[int, str, str]]
CATALOGUE = REPO / "docs" / "ocpp16-catalogue.md"
PROTOCOL = tomllib.loads(DEFAULT_PROTOCOL.read_text())


def test_the_table_has_every_action_with_the_initiator_and_profile_of_the_protocol_data() -> None:
    assert {name: (entry.initiator, entry.profile) for name, entry in table.ACTIONS.items()} == {
        name: (info["initiator"], info["profile"]) for name, info in PROTOCOL["actions"].items()
    }


def test_each_entry_names_its_request_and_response_models() -> None:
    for name, entry in table.ACTIONS.items():
        assert entry.request is getattr(ocpp16, f"{name}Request")
        assert entry.response is getattr(ocpp16, f"{name}Response")


def test_an_action_is_found_by_name_and_by_either_model_class_or_instance() -> None:
    assert table.action_named("BootNotification") is table.BOOT_NOTIFICATION
    assert table.action_of(ocpp16.BootNotificationRequest) is table.BOOT_NOTIFICATION
    assert table.action_of(ocpp16.BootNotificationResponse) is table.BOOT_NOTIFICATION
    assert table.action_of(ocpp16.ResetRequest(type=ocpp16.ResetType.soft)) is table.RESET
    with pytest.raises(KeyError):
        table.action_named("MakeCoffee")
    with pytest.raises(KeyError):
        table.action_of(ocpp16.IdTagInfo)


def test_the_initiator_says_which_side_sends_an_action() -> None:
    assert table.HEARTBEAT.sent_by(table.Initiator.charge_point) and not table.HEARTBEAT.sent_by(
        table.Initiator.central_system
    )
    assert table.DATA_TRANSFER.sent_by(table.Initiator.charge_point) and table.DATA_TRANSFER.sent_by(
        table.Initiator.central_system
    )


def test_each_entry_names_its_schema_files_and_the_sha256_of_their_text_after_errata(official_schemas: Path) -> None:
    documents = {document.file_name: document for document in load_schema_set([official_schemas], ERRATA).documents}
    for name, entry in table.ACTIONS.items():
        assert entry.request_schema.file == f"{name}.json"
        assert entry.response_schema.file == f"{name}Response.json"
        for source in (entry.request_schema, entry.response_schema):
            assert source.sha256 == hashlib.sha256(documents[source.file].text.encode()).hexdigest()


def test_an_erratum_shows_in_the_schema_digest(official_schemas: Path) -> None:
    raw = load_schema_set([official_schemas], None).document("StopTransaction.json")
    assert raw is not None and table.STOP_TRANSACTION.request_schema.sha256 != raw.sha256


def test_the_committed_package_carries_no_schema_text() -> None:
    assert not table.SCHEMAS_EMBEDDED
    assert not (GENERATED / "_schemas.py").exists()
    with pytest.raises(LookupError, match="--embed-schemas"):
        table.schema_text("Authorize.json")


@pytest.fixture(scope="module")
def embedded(official_schemas: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A package generated with --embed-schemas."""
    out = tmp_path_factory.mktemp("embedded") / "vendored"
    generate(Inputs((official_schemas,), ERRATA, embed_schemas=True), out)
    return out


def test_embed_schemas_puts_the_schema_texts_in_the_package_loaded_on_first_use(embedded: Path) -> None:
    import_package(embedded, "vendored_with_schemas")
    vendored_table = importlib.import_module("vendored_with_schemas.table")
    assert vendored_table.SCHEMAS_EMBEDDED and "vendored_with_schemas._schemas" not in sys.modules
    entry = vendored_table.ACTIONS["StopTransaction"]
    text = vendored_table.schema_text(entry.request_schema.file)
    assert hashlib.sha256(text.encode()).hexdigest() == entry.request_schema.sha256
    assert (
        json.loads(text)["properties"]["transactionData"]["items"]["properties"]["sampledValue"]["items"]["properties"][
            "unit"
        ]["enum"][-1]
        == "Hertz"
    )
    assert "vendored_with_schemas._schemas" in sys.modules


def test_regenerating_without_embed_schemas_removes_them(
    official_schemas: Path, embedded: Path, tmp_path: Path
) -> None:
    out = tmp_path / "vendored"
    shutil.copytree(embedded, out)
    generate(Inputs((official_schemas,), ERRATA), out)
    assert not (out / "_schemas.py").exists() and (out / "table.py").is_file()


def test_schema_text_stays_inert_in_the_embedded_module_and_the_catalogue(schema_copy: Path) -> None:
    def inject(schema: dict[str, Any]) -> None:
        schema["description"] = '"""\nimport os; os.system("x")\n\'\'\''
        schema["properties"]["idTag"]["description"] = "a | b <script>alert(1)</script>\n# heading [x](javascript:y)"

    edit_schema(schema_copy / "Authorize.json", inject)
    protocol = build_protocol(load_schema_set([schema_copy], ERRATA), load_protocol_data()).protocol
    source = render_package(protocol, "0" * 64, embed_schemas=True)["_schemas.py"]
    assert source.isascii() and "\nimport os" not in source
    assert "os.system" in ast.literal_eval(ast.parse(source).body[-1].value.values[0])  # type: ignore[attr-defined]
    catalogue = render_docs(protocol, "0" * 64)
    row = next(
        line for line in catalogue.splitlines() if line.startswith("| `idTag` | `id_tag` |") and "script" in line
    )
    assert "<script>" not in row and "\\<script\\>" in row
    assert row.count(" | ") == 4 and "\\|" in row
    assert "\n# heading" not in catalogue


# --- the catalogue --------------------------------------------------------------------------


def test_the_catalogue_has_one_row_per_action_linking_its_messages() -> None:
    text = CATALOGUE.read_text()
    rows = [line for line in text.splitlines() if line.startswith("| ") and "](#" in line and line.count("|") == 8]
    assert len(rows) == len(table.ACTIONS)
    boot = next(row for row in rows if row.startswith("| BootNotification |"))
    assert "[BootNotificationRequest](#bootnotificationrequest)" in boot
    assert table.BOOT_NOTIFICATION.request_schema.sha256[:12] in boot


def test_the_catalogue_lists_each_message_with_its_fields_and_linked_types() -> None:
    text = CATALOGUE.read_text()
    section = text.split("### StartTransactionResponse\n", 1)[1].split("\n### ", 1)[0]
    assert "| `idTagInfo` | `id_tag_info` | [IdTagInfo](#idtaginfo) | yes |" in section
    assert "| `transactionId` | `transaction_id` | integer | yes |" in section
    assert "\n### IdTagInfo\n" in text and "\n### AuthorizationStatus\n" in text


def test_the_catalogue_starts_with_the_generated_header() -> None:
    first = CATALOGUE.read_text().splitlines()[0]
    assert first.startswith("<!-- Generated by ocpp-codegen") and first.endswith("-->")


def test_check_covers_the_catalogue(official_schemas: Path, tmp_path: Path, run_cli: Cli) -> None:
    docs = tmp_path / "catalogue.md"
    docs.write_text(CATALOGUE.read_text().replace("Authorize", "Authorise"))
    code, _, err = run_cli(
        "check", "--schemas", official_schemas, "--errata", ERRATA, "--out", GENERATED, "--docs", docs
    )
    assert code == 1
    assert [line.split() for line in err.splitlines() if line.startswith("  ")] == [["changed", str(docs)]]


def test_generate_never_overwrites_a_catalogue_it_did_not_write_and_then_writes_nothing(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    out, docs = tmp_path / "pkg", tmp_path / "catalogue.md"
    docs.write_text("# my own notes\n")
    code, _, err = run_cli("generate", "--schemas", official_schemas, "--errata", ERRATA, "--out", out, "--docs", docs)
    assert code == 1 and "lacks the generated header" in err
    assert docs.read_text() == "# my own notes\n"
    assert snapshot(out) == {}
