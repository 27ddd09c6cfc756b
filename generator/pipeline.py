"""The stages in order: load → model → render → write → verify. The CLI and the tests call these."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .load import SchemaSet, load_schema_set
from .model import build_protocol
from .protocol_data import DEFAULT_PROTOCOL, ProtocolData, load_protocol_data
from .render import render_package, template_files
from .verify import DEFAULT_EXAMPLES, DEFAULT_SEED, Report, verify_package
from .write import Difference, compare, format_files, write_package


@dataclass(frozen=True)
class Inputs:
    schemas: tuple[Path, ...]
    errata: Path | None = None
    protocol: Path = DEFAULT_PROTOCOL


@dataclass(frozen=True)
class Generated:
    files: dict[str, str]
    warnings: tuple[str, ...]
    action_count: int
    type_count: int


def inputs_digest(schema_set: SchemaSet, data: ProtocolData) -> str:
    """One digest of everything that shapes the output: generator version, schemas after errata,
    protocol data and templates."""
    digest = hashlib.sha256(f"ocpp-codegen {__version__}\n".encode())
    for document in schema_set.documents:
        digest.update(f"schema {document.file_name} {document.sha256}\n".encode())
    digest.update(f"protocol {hashlib.sha256(data.text.encode()).hexdigest()}\n".encode())
    for template in template_files():
        digest.update(f"template {template.name} {hashlib.sha256(template.read_bytes()).hexdigest()}\n".encode())
    return digest.hexdigest()


def generate_files(inputs: Inputs) -> Generated:
    """Every file of the package, formatted, in memory; nothing is written."""
    schema_set = load_schema_set(list(inputs.schemas), inputs.errata)
    data = load_protocol_data(inputs.protocol)
    model = build_protocol(schema_set, data)
    files = format_files(render_package(model.protocol, inputs_digest(schema_set, data)))
    return Generated(files, model.warnings, len(model.protocol.actions), len(model.protocol.types))


def generate(inputs: Inputs, out: Path) -> Generated:
    generated = generate_files(inputs)
    write_package(out, generated.files)
    return generated


def check(inputs: Inputs, out: Path) -> list[Difference]:
    return compare(out, generate_files(inputs).files)


def verify(
    inputs: Inputs,
    out: Path,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = DEFAULT_SEED,
    corpus: Path | None = None,
) -> Report:
    """Check the package in `out` against the schemas it should have been generated from."""
    schema_set = load_schema_set(list(inputs.schemas), inputs.errata)
    model = build_protocol(schema_set, load_protocol_data(inputs.protocol))
    return verify_package(schema_set, model.protocol, out, examples=examples, seed=seed, corpus_directory=corpus)
