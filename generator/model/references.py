"""Following `$ref`s across the schema set, with `referencing` (each document's own draft).

A reference into `definitions` gives the node the definition's key as its naming path, so the
type it makes is named after that key.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import unquote, urljoin

import referencing
import referencing.exceptions
import referencing.jsonschema

from ..load import SchemaDocument, SchemaSet
from ..schema_positions import is_schema_position
from .findings import Findings
from .location import Location

SPECIFICATIONS = {
    "draft-04": referencing.jsonschema.DRAFT4,
    "draft-06": referencing.jsonschema.DRAFT6,
    "draft-07": referencing.jsonschema.DRAFT7,
}


class References:
    """The schema set as one registry of resources; resolves references between its documents."""

    def __init__(self, schema_set: SchemaSet, findings: Findings) -> None:
        self.schema_set = schema_set
        self.findings = findings
        self.registry = _registry(schema_set)

    def follow(self, node: Any, location: Location) -> tuple[Any, Location]:
        """Resolve `$ref` chains: the node they end at and its location, or None there on a problem."""
        seen = set()
        while isinstance(node, dict) and "$ref" in node:
            reference = node["$ref"]
            if reference in seen:
                self.findings.problem_at(location, location.pointer, f"$ref cycle through {reference!r}")
                return None, location
            seen.add(reference)
            resolved = self._resolve(reference, location)
            if resolved is None:
                return None, location
            node, location = resolved
        return node, location

    def _resolve(self, reference: str, location: Location) -> tuple[Any, Location] | None:
        base = _document_uri(location.document)
        try:
            resolved = self.registry.resolver(base_uri=base).lookup(reference)
        except referencing.exceptions.Unresolvable:
            self.findings.problem_at(location, location.at("$ref"), f"unresolvable $ref {reference!r}")
            return None
        uri, _, fragment = urljoin(base, reference).partition("#")
        document = next(d for d in self.schema_set.documents if _document_uri(d) == uri)
        pointer = unquote(fragment)
        if not isinstance(resolved.contents, dict) or not is_schema_position(pointer):
            self.findings.problem_at(location, location.at("$ref"), f"$ref {reference!r} points at no schema")
            return None
        parts = pointer.split("/")
        path = (parts[-1],) if len(parts) == 3 and parts[1] == "definitions" else location.path
        return resolved.contents, Location(document, pointer, path)


def _document_uri(document: SchemaDocument) -> str:
    return f"file:///schemas/{document.file_name}"


def _registry(schema_set: SchemaSet) -> referencing.Registry[Any]:
    resources = [
        (
            _document_uri(d),
            SPECIFICATIONS[d.draft].create_resource({k: v for k, v in d.content.items() if k not in ("$id", "id")}),
        )
        for d in schema_set.documents
    ]
    return referencing.Registry().with_resources(resources)
