"""The stages in order: load → model → render → write → verify. The CLI and the tests call these."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .load import SchemaSet, load_schema_set
from .model import ModelResult, build_protocol
from .protocol_data import DEFAULT_PROTOCOL, ProtocolData, load_protocol_data
from .render import render_docs, render_package, render_scaffold, template_files
from .runtime import RUNTIME_MODULES, runtime_sources
from .runtime_versions import RUNTIME_FILE
from .write import (
    Difference,
    compare,
    compare_file,
    create_file,
    ensure_replaceable,
    Formatter,
    format_python,
    write_file,
    write_packages,
)
from .trial_import import check_all_importable
from .verify import DEFAULT_EXAMPLES, DEFAULT_SEED, Report, verify_package


@dataclass(frozen=True)
class Inputs:
    schemas: tuple[Path, ...]
    errata: Path | tuple[Path, ...] | None = None  # several directories layer (errata.load_errata)
    protocol: Path = DEFAULT_PROTOCOL
    embed_schemas: bool = False  # the package also carries the schema texts (`_schemas.py`)


@dataclass(frozen=True)
class Generated:
    files: dict[str, str]
    warnings: tuple[str, ...]
    action_count: int
    type_count: int
    docs: str = ""  # the Markdown catalogue


def inputs_digest(schema_set: SchemaSet, data: ProtocolData, embed_schemas: bool = False) -> str:
    """One digest of everything that shapes the output: generator version, schemas after errata,
    protocol data, supported runtime releases, templates, and the --embed-schemas option."""
    digest = hashlib.sha256(f"ocpp-codegen {__version__}\n".encode())
    if embed_schemas:
        digest.update(b"option --embed-schemas\n")
    for document in schema_set.documents:
        digest.update(f"schema {document.file_name} {document.sha256}\n".encode())
    digest.update(f"protocol {hashlib.sha256(data.text.encode()).hexdigest()}\n".encode())
    digest.update(f"runtime {hashlib.sha256(RUNTIME_FILE.read_bytes()).hexdigest()}\n".encode())
    for name, template in template_files().items():
        digest.update(f"template {name} {hashlib.sha256(template.read_bytes()).hexdigest()}\n".encode())
    for name, source in runtime_sources().items():
        digest.update(f"runtime module {name} {hashlib.sha256(source.encode()).hexdigest()}\n".encode())
    return digest.hexdigest()


def _load_and_model(inputs: Inputs) -> tuple[SchemaSet, ProtocolData, ModelResult]:
    """The first two stages: the schema set after errata, the protocol data, and their IR."""
    schema_set = load_schema_set(list(inputs.schemas), inputs.errata)
    data = load_protocol_data(inputs.protocol)
    return schema_set, data, build_protocol(schema_set, data)


def generate_files(inputs: Inputs) -> Generated:
    """Every file of the package, formatted, in memory; nothing is written."""
    return generate_sets([inputs])[0]


def generate_sets(every_inputs: list[Inputs]) -> list[Generated]:
    """`generate_files` of several schema sets: while one set's files are formatted (in worker
    processes, when there are cores to spare), the next set is rendered."""
    with Formatter() as formatter:
        pending = [_render(inputs, formatter) for inputs in every_inputs]
        return [finish() for finish in pending]


def _render(inputs: Inputs, formatter: Formatter) -> Callable[[], Generated]:
    schema_set, data, model = _load_and_model(inputs)
    digest = inputs_digest(schema_set, data, inputs.embed_schemas)
    # The runtime modules are formatted in the repository (tests/runtime checks it): copied as they are.
    files = formatter.submit(render_package(model.protocol, digest, inputs.embed_schemas), formatted=RUNTIME_MODULES)
    docs = render_docs(model.protocol, digest)
    protocol = model.protocol
    return lambda: Generated(files(), model.warnings, len(protocol.actions), len(protocol.types), docs)


def generate(inputs: Inputs, out: Path, docs: Path | None = None) -> Generated:
    """Write the package to `out` and, given `docs`, the catalogue to that file."""
    if docs is not None:
        ensure_replaceable(docs)
    generated = generate_files(inputs)
    write_generated(generated, out, docs)
    return generated


def write_generated(generated: Generated, out: Path, docs: Path | None = None) -> None:
    """The last stage of `generate`: the package swapped into `out`, the catalogue into `docs`."""
    write_generated_sets([(generated, out, docs)])


def write_generated_sets(every_set: list[tuple[Generated, Path, Path | None]]) -> None:
    """`write_generated` for several sets, all or nothing: every package is staged and imported
    (side by side, one child interpreter each) before the first one is swapped in."""
    for _, _, docs in every_set:
        if docs is not None:
            ensure_replaceable(docs)
    write_packages([(out, generated.files) for generated, out, _ in every_set], check_staged=check_all_importable)
    for generated, _, docs in every_set:
        if docs is not None:
            write_file(docs, generated.docs)


def check(inputs: Inputs, out: Path, docs: Path | None = None) -> list[Difference]:
    generated = generate_files(inputs)
    differences = compare(out, generated.files)
    if docs is not None:
        differences += compare_file(docs, generated.docs)
    return differences


def scaffold(inputs: Inputs, side: str, package: str, out: Path) -> None:
    """Write a starter handler module for one side to `out`, which must not exist yet."""
    _, _, model = _load_and_model(inputs)
    render_package(model.protocol, "")  # stops, as `generate` would, on names colliding with the package's own
    create_file(out, format_python(render_scaffold(model.protocol, side, package), str(out)))


def verify(
    inputs: Inputs,
    out: Path,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = DEFAULT_SEED,
    corpus: Path | None = None,
) -> Report:
    """Check the package in `out` against the schemas it should have been generated from."""
    schema_set, _, model = _load_and_model(inputs)
    return verify_package(schema_set, model.protocol, out, examples=examples, seed=seed, corpus_directory=corpus)
