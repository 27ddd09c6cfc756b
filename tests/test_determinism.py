"""The same inputs give the same bytes, whatever the schema files' encoding details."""

from __future__ import annotations

import json
import re
from pathlib import Path

from ocpp_codegen.pipeline import Inputs, generate_files

from .conftest import ERRATA, GENERATED


def _without_digest(files: dict[str, str]) -> dict[str, str]:
    """The files without the inputs digest and the schema digests of the validation table."""
    return {
        path: re.sub(
            r"\b[0-9a-f]{64}\b", "<sha256>", "\n".join(l for l in text.splitlines() if not l.startswith("# Inputs"))
        )
        for path, text in files.items()
    }


def test_two_runs_write_identical_bytes_equal_to_the_committed_package(official_schemas: Path) -> None:
    first = generate_files(Inputs((official_schemas,), ERRATA)).files
    second = generate_files(Inputs((official_schemas,), ERRATA)).files
    assert first == second
    assert first == {p.name: p.read_text() for p in GENERATED.iterdir() if p.is_file()}


def oca_style_copy(official: Path, target: Path) -> Path:
    """The schema set as the OCA distributes it: ids, CRLF line endings, a UTF-8 BOM."""
    target.mkdir()
    for path in sorted(official.glob("*.json")):
        content = json.loads(path.read_text())
        if "title" in content:
            content = {"$schema": content["$schema"], "id": f"urn:OCPP:1.6:2019:12:{content['title']}", **content}
        text = json.dumps(content, indent=4).replace("\n", "\r\n")
        (target / path.name).write_bytes(b"\xef\xbb\xbf" + text.encode())
    return target


def test_the_oca_distribution_style_generates_the_same_models(official_schemas: Path, tmp_path: Path) -> None:
    oca = oca_style_copy(official_schemas, tmp_path / "oca")
    assert (oca / "Authorize.json").read_bytes().startswith(b"\xef\xbb\xbf")
    generated = generate_files(Inputs((oca,), ERRATA)).files
    committed = {p.name: p.read_text() for p in GENERATED.iterdir() if p.is_file()}
    assert _without_digest(generated) == _without_digest(committed)


def test_the_inputs_digest_changes_with_the_schemas(official_schemas: Path, tmp_path: Path) -> None:
    oca = oca_style_copy(official_schemas, tmp_path / "oca")

    def inputs_digest(table: str) -> str:
        found = re.search(r'INPUTS_DIGEST: Final = \(?\s*"(sha256:[0-9a-f]{64})"', table)
        assert found is not None
        return found.group(1)

    digest = inputs_digest(generate_files(Inputs((oca,), ERRATA)).files["table.py"])
    assert digest != inputs_digest((GENERATED / "table.py").read_text())


def test_core_and_security_files_may_come_from_two_directories(official_schemas: Path, tmp_path: Path) -> None:
    core, security = tmp_path / "core", tmp_path / "security"
    core.mkdir()
    security.mkdir()
    for path in official_schemas.glob("*.json"):
        draft06 = '"$schema": "http://json-schema.org/draft-06/schema#"' in path.read_text()
        (security if draft06 else core).joinpath(path.name).write_bytes(path.read_bytes())
    assert len(list(core.iterdir())) == 56 and len(list(security.iterdir())) == 22
    files = generate_files(Inputs((core, security), ERRATA)).files
    assert _without_digest(files) == _without_digest(
        {p.name: p.read_text() for p in GENERATED.iterdir() if p.is_file()}
    )


def test_the_core_files_alone_generate_the_28_core_actions(official_schemas: Path, tmp_path: Path) -> None:
    core = tmp_path / "core"
    core.mkdir()
    for path in official_schemas.glob("*.json"):
        if '"title"' in path.read_text():
            (core / path.name).write_bytes(path.read_bytes())
    generated = generate_files(Inputs((core,), ERRATA))
    assert generated.action_count == 28
    assert "CertificateHashDataType" not in generated.files["datatypes.py"]
