"""Stage 1, load: read a schema directory, apply the errata, check every file against its metaschema.

What comes out is plain data: one `SchemaDocument` per file, in file-name order.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jsonschema import exceptions as jsonschema_exceptions
from jsonschema import validators

from .errata import ErrataSource, Erratum, apply_errata, load_errata
from .errors import GenerationError, Problem, pointer_join
from .jsonfile import read_json_file

DRAFTS = {
    "http://json-schema.org/draft-04/schema": "draft-04",
    "http://json-schema.org/draft-06/schema": "draft-06",
    "http://json-schema.org/draft-07/schema": "draft-07",
}
DEFAULT_DRAFT = "draft-04"


@dataclass(frozen=True)
class SchemaDocument:
    """One schema file after errata. `text` is its canonical JSON; `sha256` is the digest of that text."""

    file_name: str
    path: Path
    content: dict[str, Any]
    draft: str
    text: str
    sha256: str
    errata: tuple[str, ...]


@dataclass(frozen=True)
class SchemaSet:
    documents: tuple[SchemaDocument, ...]
    errata: tuple[Erratum, ...]

    def document(self, file_name: str) -> SchemaDocument | None:
        return next((d for d in self.documents if d.file_name == file_name), None)


def canonical_text(content: Any) -> str:
    """The one text of a JSON value: sorted keys, no insignificant white space, UTF-8 as is."""
    return json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def load_schema_set(directories: list[Path], errata_directory: ErrataSource) -> SchemaSet:
    """Read every `*.json` in the directories, apply the errata, and check each result."""
    files = _schema_files(directories)
    errata = load_errata(errata_directory)
    _check_errata_targets(errata, files)
    problems: list[Problem] = []
    documents = []
    for file_name, path in sorted(files.items()):
        try:
            documents.append(_load_document(path, [e for e in errata if e.target_file == file_name]))
        except GenerationError as error:
            problems.extend(error.problems)
    if problems:
        raise GenerationError(problems)
    return SchemaSet(tuple(documents), tuple(errata))


def _schema_files(directories: list[Path]) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            raise GenerationError.single(directory, "", "schema directory does not exist")
        found = sorted(directory.glob("*.json"))
        if not found:
            raise GenerationError.single(directory, "", "schema directory holds no *.json files")
        for path in found:
            if path.name in files:
                raise GenerationError.single(path, "", f"the same file name is also in {files[path.name].parent}")
            files[path.name] = path
    return files


def _check_errata_targets(errata: list[Erratum], files: dict[str, Path]) -> None:
    problems = [
        Problem(str(e.path), "/file", f"names {e.target_file}, which is not in the schema directory")
        for e in errata
        if e.target_file not in files
    ]
    if problems:
        raise GenerationError(problems)


def _load_document(path: Path, errata: list[Erratum]) -> SchemaDocument:
    content = apply_errata(_read_json(path), errata)
    draft = _draft_of(path, content)
    _check_against_metaschema(path, content)
    text = canonical_text(content)
    return SchemaDocument(
        file_name=path.name,
        path=path,
        content=content,
        draft=draft,
        text=text,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        errata=tuple(e.name for e in errata),
    )


def _read_json(path: Path) -> dict[str, Any]:
    """Parse a schema file as users have it: UTF-8 with or without a BOM, any line endings."""
    content = read_json_file(path)
    if not isinstance(content, dict):
        raise GenerationError.single(path, "", "a schema file must hold a JSON object")
    return content


def _draft_of(path: Path, content: dict[str, Any]) -> str:
    declared = content.get("$schema")
    if declared is None:
        return DEFAULT_DRAFT
    draft = DRAFTS.get(str(declared).rstrip("#")) if isinstance(declared, str) else None
    if draft is None:
        known = ", ".join(sorted(DRAFTS))
        raise GenerationError.single(path, "/$schema", f"unsupported JSON Schema dialect {declared!r} (known: {known})")
    return draft


def _check_against_metaschema(path: Path, content: dict[str, Any]) -> None:
    validator = validators.validator_for(content, default=validators.Draft4Validator)
    try:
        validator.check_schema(content)
    except jsonschema_exceptions.SchemaError as error:
        pointer = pointer_join("", *error.absolute_path)
        raise GenerationError.single(path, pointer, f"not a valid schema: {error.message}") from None
