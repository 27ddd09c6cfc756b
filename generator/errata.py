"""Errata: RFC 6902 JSON Patch files that correct the schema set before anything reads it.

Each erratum is one JSON file:

    {
      "file": "StopTransaction.json",
      "reason": "why the schema is wrong",
      "source": "where the correction comes from (errata sheet, specification section)",
      "patch": [ {"op": "add", "path": "...", "value": ...}, ... ]
    }

Errata apply in file-name order, so prefix them with a number. Several directories layer: a
later directory adds its errata to the earlier ones', and an erratum with the same file name as an
earlier one replaces it (the command line puts the shipped errata first, the user's after them).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonpatch
import jsonpointer

from .errors import GenerationError, Problem
from .jsonfile import read_json_file

_REQUIRED_KEYS = ("file", "reason", "source", "patch")


@dataclass(frozen=True)
class Erratum:
    name: str
    path: Path
    target_file: str
    reason: str
    source: str
    operations: tuple[dict[str, Any], ...]


# One errata directory, several layered ones, or none.
ErrataSource = Path | Sequence[Path] | None


def load_errata(source: ErrataSource) -> list[Erratum]:
    """Every erratum of the directories, in the order they apply (file-name order); an erratum
    replaces one of the same file name from an earlier directory. No directory means none."""
    directories = [] if source is None else [source] if isinstance(source, Path) else list(source)
    by_file_name: dict[str, Path] = {}
    for directory in directories:
        if not directory.is_dir():
            raise GenerationError.single(directory, "", "errata directory does not exist")
        found = list(directory.glob("*.json"))
        nested = sorted(path.parent.name for path in directory.glob("*/*.json"))
        if not found and nested:  # e.g. the shipped `schemas/errata`, whose errata are per schema set
            choices = ", ".join(sorted(set(nested)))
            raise GenerationError.single(
                directory, "", f"holds no erratum itself; its directories do ({choices}): name one of them"
            )
        by_file_name.update((path.name, path) for path in found)
    errata, problems = [], []
    for _, path in sorted(by_file_name.items()):
        try:
            errata.append(_read_erratum(path))
        except GenerationError as error:
            problems.extend(error.problems)
    if problems:
        raise GenerationError(problems)
    return errata


def _read_erratum(path: Path) -> Erratum:
    data = read_json_file(path)
    if not isinstance(data, dict):
        raise GenerationError.single(path, "", "erratum must be a JSON object")
    missing = [key for key in _REQUIRED_KEYS if key not in data]
    if missing:
        raise GenerationError.single(path, "", f"erratum lacks {', '.join(missing)}")
    for key in ("file", "reason", "source"):
        if not isinstance(data[key], str) or not data[key].strip():
            raise GenerationError.single(path, f"/{key}", "must be a non-empty string")
    operations = data["patch"]
    if not isinstance(operations, list) or not operations:
        raise GenerationError.single(path, "/patch", "must be a non-empty list of JSON Patch operations")
    return Erratum(path.stem, path, data["file"], data["reason"], data["source"], tuple(operations))


def apply_errata(document: dict[str, Any], errata: list[Erratum]) -> dict[str, Any]:
    """The document with every erratum for it applied, one operation at a time."""
    patched = copy.deepcopy(document)
    for erratum in errata:
        for index, operation in enumerate(erratum.operations):
            patched = _apply_operation(patched, erratum, index, operation)
    return patched


def _apply_operation(document: Any, erratum: Erratum, index: int, operation: Any) -> Any:
    try:
        return jsonpatch.JsonPatch([operation]).apply(document)
    except (jsonpatch.JsonPatchException, jsonpointer.JsonPointerException, TypeError, KeyError) as error:
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        raise GenerationError(
            [
                Problem(
                    str(erratum.path),
                    f"/patch/{index}",
                    f"does not apply to {erratum.target_file}: {json.dumps(operation)} ({detail})",
                )
            ]
        ) from None


# What a shipped erratum may do: fix what only annotates, and loosen. An operation is judged by
# its form alone, so the judgement holds for any schema it applies to: removing a keyword that
# constrains, or an entry of `required`, accepts more; adding a value to an `enum` accepts more;
# `test` and annotations change no verdict. Anything else (adding a bound, removing a property
# of a closed object, replacing a value) may reject what the official schema accepts.
LOOSENED_BY_REMOVAL = frozenset(
    {
        "minItems",
        "maxItems",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "pattern",
        "format",
        "enum",
        "const",
        "required",
        "additionalProperties",
        "uniqueItems",
        "type",
    }
)
ANNOTATIONS = frozenset({"description", "title", "$comment", "comment", "javaType", "default", "examples"})


def tightening_operations(erratum: Erratum) -> list[Problem]:
    """Each operation of the erratum that might make its schema reject a payload it accepted."""
    return [
        Problem(str(erratum.path), f"/patch/{index}", f"may reject what the schema accepted: {json.dumps(operation)}")
        for index, operation in enumerate(erratum.operations)
        if not _only_loosens(operation)
    ]


def _only_loosens(operation: Any) -> bool:
    if not isinstance(operation, dict) or not isinstance(operation.get("path"), str):
        return False
    steps = operation["path"].split("/")
    last, parent = steps[-1], steps[-2] if len(steps) > 1 else ""
    op = operation.get("op")
    if op == "test":
        return True
    if op == "remove":
        return last in LOOSENED_BY_REMOVAL or parent == "required"
    if op == "add" and parent == "enum":
        return True
    return op in ("add", "replace") and last in ANNOTATIONS
