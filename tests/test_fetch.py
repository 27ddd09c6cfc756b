"""The schema set is verified, file by file, against the committed lock."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ocpp_codegen.errors import GenerationError
from ocpp_codegen.fetch import read_lock, verify_directory

from .conftest import REPO

LOCK = REPO / "schemas" / "lock.json"


def test_the_lock_pins_the_78_files_of_ocpp_2_1_0() -> None:
    lock = read_lock(LOCK)
    assert (lock.package, lock.version, lock.directory) == ("ocpp", "2.1.0", "ocpp/v16/schemas")
    assert len(lock.files) == 78 and len(lock.wheel_sha256) == 64


def test_the_fetched_schemas_match_the_lock(official_schemas: Path) -> None:
    verify_directory(read_lock(LOCK), official_schemas)


def test_a_changed_file_stops_the_build_naming_it_and_both_digests(official_schemas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "schemas"
    shutil.copytree(official_schemas, copy)
    (copy / "Heartbeat.json").write_text("{}")
    with pytest.raises(GenerationError) as error:
        verify_directory(read_lock(LOCK), copy)
    assert (
        f"{copy / 'Heartbeat.json'}: SHA-256 44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a does not match"
        in str(error.value)
    )


def test_a_missing_or_extra_file_stops_the_build(official_schemas: Path, tmp_path: Path) -> None:
    copy = tmp_path / "schemas"
    shutil.copytree(official_schemas, copy)
    (copy / "Reset.json").unlink()
    (copy / "Extra.json").write_text("{}")
    with pytest.raises(GenerationError) as error:
        verify_directory(read_lock(LOCK), copy)
    assert "Reset.json: missing" in str(error.value) and "Extra.json: not in" in str(error.value)


def test_a_broken_lock_file_is_a_clear_error(tmp_path: Path) -> None:
    broken = tmp_path / "lock.json"
    broken.write_text('{"files": {}}')
    with pytest.raises(GenerationError, match="not a schema lock file"):
        read_lock(broken)
