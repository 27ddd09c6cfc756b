"""A repository that uses the tool: shipped defaults, its own errata, `init`, hints, provenance, samples."""

from __future__ import annotations

import hashlib
import importlib
import json
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ocpp_codegen import shipped
from ocpp_codegen.errata import load_errata
from ocpp_codegen.load import load_schema_set
from ocpp_codegen.pipeline import Inputs, generate_files
from ocpp_codegen.verify import schema_samples

from .conftest import ERRATA, GENERATED, REPO

Cli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def in_directory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty directory as the working directory: a repository with nothing of the tool's in it."""
    repository = tmp_path / "repository"
    repository.mkdir()
    monkeypatch.chdir(repository)
    return repository


def _erratum(directory: Path, name: str, target: str, patch: list[dict[str, object]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text(json.dumps({"file": target, "reason": "test", "source": "test", "patch": patch}))
    return path


# --- what ships with the tool --------------------------------------------------------------------


def test_the_shipped_lock_errata_and_corpus_are_the_repository_s_own_in_a_checkout() -> None:
    assert shipped.LOCK == REPO / "schemas" / "lock.json"
    assert shipped.ERRATA == ERRATA
    assert shipped.CORPUS == REPO / "tests" / "corpus"


def test_without_errata_options_generate_applies_the_shipped_errata(
    official_schemas: Path, in_directory: Path, run_cli: Cli
) -> None:
    code, _, err = run_cli("generate", "--schemas", official_schemas, "--out", "ocpp16")
    assert code == 0, err
    assert (in_directory / "ocpp16" / "messages.py").read_text() == (GENERATED / "messages.py").read_text()


def test_verify_checks_the_shipped_corpus_by_default(official_schemas: Path, in_directory: Path, run_cli: Cli) -> None:
    code, out, err = run_cli("verify", "--schemas", official_schemas, "--out", GENERATED, "--examples", "0")
    assert code == 0, out + err
    assert "118 corpus messages" in out


def test_the_errata_command_lists_the_shipped_errata_and_the_repository_s(tmp_path: Path, run_cli: Cli) -> None:
    _erratum(tmp_path / "mine", "010-mine.json", "Heartbeat.json", [{"op": "add", "path": "/x-note", "value": 1}])
    code, out, _ = run_cli("errata", "--errata", tmp_path / "mine")
    assert code == 0
    assert f"001-metervalues-sampledvalue-minitems (shipped, {ERRATA}" in out
    assert f"010-mine (yours, {tmp_path / 'mine' / '010-mine.json'})" in out
    assert out.rstrip().endswith(f"3 errata from {ERRATA}, {tmp_path / 'mine'}")


# --- errata layering --------------------------------------------------------------------------------


def test_a_repository_erratum_adds_to_the_shipped_ones(tmp_path: Path) -> None:
    _erratum(tmp_path / "mine", "010-heartbeat-note.json", "Heartbeat.json", [{"op": "add", "path": "/x", "value": 1}])
    names = [e.name for e in load_errata((ERRATA, tmp_path / "mine"))]
    assert names == ["001-metervalues-sampledvalue-minitems", "002-stoptransaction-unit-hertz", "010-heartbeat-note"]


def test_a_repository_erratum_with_a_shipped_file_name_replaces_it(tmp_path: Path) -> None:
    mine = _erratum(
        tmp_path / "mine",
        "002-stoptransaction-unit-hertz.json",
        "StopTransaction.json",
        [{"op": "add", "path": "/x", "value": 1}],
    )
    errata = load_errata((ERRATA, tmp_path / "mine"))
    assert [e.path for e in errata] == [ERRATA / "001-metervalues-sampledvalue-minitems.json", mine]


def test_no_shipped_errata_applies_only_the_repository_s(official_schemas: Path, tmp_path: Path, run_cli: Cli) -> None:
    _erratum(tmp_path / "mine", "001.json", "Heartbeat.json", [{"op": "add", "path": "/x-note", "value": 1}])
    code, _, err = run_cli(
        "generate",
        "--schemas",
        official_schemas,
        "--errata",
        tmp_path / "mine",
        "--no-shipped-errata",
        "--out",
        tmp_path / "out",
    )
    assert code == 1  # without the shipped errata the two MeterValue definitions differ
    assert "defines MeterValue unlike" in err


# --- init ------------------------------------------------------------------------------------------


def test_init_writes_the_errata_directory_the_makefile_fragment_a_makefile_and_gitignore(
    in_directory: Path, run_cli: Cli
) -> None:
    code, out, _ = run_cli("init", "--out", "src/myapp/ocpp16")
    assert code == 0
    for name in ["ocpp-errata/README.md", "ocpp-codegen.mk", "Makefile", ".gitignore"]:
        assert f"wrote {name}" in out
    fragment = (in_directory / "ocpp-codegen.mk").read_text()
    assert "OCPP_OUT := src/myapp/ocpp16" in fragment and "OCPP_ERRATA := ocpp-errata" in fragment
    assert "\t$(OCPP_CODEGEN) check $(OCPP_OPTIONS)" in fragment
    assert "include ocpp-codegen.mk" in (in_directory / "Makefile").read_text()
    assert "/schemas/OCPP-1.6-JSON-Schemas/" in (in_directory / ".gitignore").read_text().splitlines()
    readme = (in_directory / "ocpp-errata" / "README.md").read_text()
    assert "`001-metervalues-sampledvalue-minitems.json`" in readme and '"patch"' in readme
    assert "make ocpp-check" in out


def test_init_never_changes_an_existing_file_and_says_what_to_add(in_directory: Path, run_cli: Cli) -> None:
    (in_directory / "Makefile").write_text("all:\n\techo mine\n")
    (in_directory / ".gitignore").write_text("*.pyc\n")
    code, out, _ = run_cli("init", "--out", "src/myapp/ocpp16")
    assert code == 0
    assert (in_directory / "Makefile").read_text() == "all:\n\techo mine\n"
    assert (in_directory / ".gitignore").read_text() == "*.pyc\n"
    assert "kept Makefile" in out and "add `include ocpp-codegen.mk` to your Makefile" in out
    assert "add `/schemas/OCPP-1.6-JSON-Schemas/` to .gitignore" in out
    fragment = (in_directory / "ocpp-codegen.mk").read_text()
    code, out, _ = run_cli("init", "--out", "elsewhere/ocpp16")
    assert code == 0 and "kept ocpp-codegen.mk" in out
    assert (in_directory / "ocpp-codegen.mk").read_text() == fragment


def test_init_names_a_path_it_cannot_write_and_writes_nothing_else(in_directory: Path, run_cli: Cli) -> None:
    (in_directory / "ocpp-errata").write_text("a file where the errata directory would go")
    code, _, err = run_cli("init", "--out", "src/myapp/ocpp16")
    assert code == 1
    assert "ocpp-errata/README.md: exists and is not a file, or a directory on its way is a file" in err
    assert sorted(p.name for p in in_directory.iterdir()) == ["ocpp-errata"]


# --- hints repeat the options used -----------------------------------------------------------------


def test_check_tells_the_generate_command_with_the_options_used(
    official_schemas: Path, tmp_path: Path, run_cli: Cli
) -> None:
    out = tmp_path / "src" / "myapp" / "ocpp16"
    errata = tmp_path / "my errata"
    errata.mkdir()
    code, _, err = run_cli("check", "--schemas", official_schemas, "--errata", errata, "--out", out)
    assert code == 1
    assert f"Run `ocpp-codegen generate --schemas {official_schemas} --errata '{errata}' --out {out}` and commit" in err
    assert "make generate" not in err


def test_a_missing_schema_directory_says_how_to_fetch_it(in_directory: Path, run_cli: Cli) -> None:
    code, _, err = run_cli("generate", "--schemas", "pinned", "--out", "ocpp16")
    assert code == 1
    assert (
        "pinned: schema directory does not exist; fetch the pinned schemas with `ocpp-codegen fetch-schemas --set ocpp16 --out pinned`"
        in err
    )


def test_a_message_about_the_shipped_protocol_data_says_how_to_change_it(
    schema_copy: Path, tmp_path: Path, run_cli: Cli
) -> None:
    (schema_copy / "Unheard.json").write_text(
        json.dumps({"$schema": "http://json-schema.org/draft-04/schema#", "title": "UnheardRequest", "type": "object"})
    )
    code, _, err = run_cli("generate", "--schemas", schema_copy, "--out", tmp_path / "out")
    assert "ocpp16.toml" in err
    assert "note: ocpp16.toml is the protocol data shipped with ocpp-codegen" in err
    assert "copy it into your repository and pass --protocol FILE" in err


# --- provenance ------------------------------------------------------------------------------------


def test_one_erratum_changes_only_the_files_it_really_changes(official_schemas: Path, tmp_path: Path) -> None:
    before = generate_files(Inputs((official_schemas,), ERRATA)).files
    _erratum(
        tmp_path / "mine",
        "010-heartbeat-interval.json",
        "HeartbeatResponse.json",
        [{"op": "add", "path": "/properties/currentTime/description", "value": "The Central System's clock."}],
    )
    after = generate_files(Inputs((official_schemas,), (ERRATA, tmp_path / "mine"))).files
    changed = sorted(path for path in before if before[path] != after[path])
    assert changed == ["messages.py", "table.py"]
    table_lines = set(after["table.py"].splitlines()) ^ set(before["table.py"].splitlines())
    # Before and after: the inputs digest, and the digest of HeartbeatResponse.json after errata.
    assert len(table_lines) == 4 and all(re.search(r"\b[0-9a-f]{64}\b", line) for line in table_lines)
    assert sum('"sha256:' in line for line in table_lines) == 2


# --- samples ---------------------------------------------------------------------------------------


def _samples_digest(schema: dict[str, object]) -> str:
    return hashlib.sha256(json.dumps(schema_samples(schema, 60, 0), sort_keys=True).encode()).hexdigest()


def test_the_samples_do_not_depend_on_the_source_files_around_them(official_schemas: Path, tmp_path: Path) -> None:
    """Hypothesis draws constants from local modules; a new local module must not change the samples."""
    schema = load_schema_set([official_schemas], ERRATA).document("BootNotification.json")
    assert schema is not None
    before = _samples_digest(schema.content)
    module = tmp_path / "surroundings_with_constants.py"
    module.write_text("\n".join(f"VALUE_{n} = {f'local-{n}'!r}, {n * 7919}, {n / 7}" for n in range(300)) + "\n")
    sys.path.insert(0, str(tmp_path))
    try:
        importlib.import_module("surroundings_with_constants")
        assert _samples_digest(schema.content) == before
    finally:
        sys.path.remove(str(tmp_path))
        sys.modules.pop("surroundings_with_constants", None)


def test_init_for_a_2x_set_names_it_in_every_command_and_lists_that_set_s_errata(
    in_directory: Path, run_cli: Cli
) -> None:
    code, _, _ = run_cli("init", "--set", "ocpp201", "--out", "src/myapp/ocpp201")
    assert code == 0
    fragment = (in_directory / "ocpp-codegen.mk").read_text()
    assert "OCPP_SCHEMAS := schemas/OCPP-2.0.1-JSON-Schemas" in fragment
    assert "OCPP_SOURCE := --set ocpp201 --schemas $(OCPP_SCHEMAS) --errata $(OCPP_ERRATA)" in fragment
    assert "\t$(OCPP_CODEGEN) fetch-schemas --set ocpp201 --out $(OCPP_SCHEMAS)" in fragment
    assert "/schemas/OCPP-2.0.1-JSON-Schemas/" in (in_directory / ".gitignore").read_text().splitlines()
    assert "- (none)" in (in_directory / "ocpp-errata" / "README.md").read_text()
