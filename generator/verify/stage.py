"""The verify stage as a recipe: corpus sorted to messages, package imported, each message checked.

For one message: its schema samples, then its corpus payloads, then the mutations of every text
the reference accepted among those, each text through the one checker.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import GenerationError
from ..ir import Message, Protocol
from ..load import SchemaSet
from .checker import Checker
from .codes import CodeCheck
from .corpus import CorpusEntry, load_corpus, payloads_by_message
from .json_text import dumps
from .mutation import mutations
from .oracle import reference_validator
from .package_import import imported_package
from .report import Failure, MessageReport, Report, Sample
from .samples import schema_samples
from .schema_view import SchemaView
from .verdicts import Verdict

DEFAULT_EXAMPLES = 10
DEFAULT_SEED = 0

ValidPayload = tuple[Any, str]  # a value the reference accepts, and the origin of its text


def verify_package(
    schema_set: SchemaSet,
    protocol: Protocol,
    package_directory: Path,
    *,
    examples: int = DEFAULT_EXAMPLES,
    seed: int = DEFAULT_SEED,
    corpus_directory: Path | None = None,
) -> Report:
    """Check every request and response model of the package against its schema."""
    started = time.perf_counter()
    corpus = load_corpus(corpus_directory, protocol.rpc.codes) if corpus_directory is not None else []
    payloads = payloads_by_message(corpus, protocol.messages)
    with imported_package(package_directory) as package:
        codes = CodeCheck.of(package, protocol.rpc)
        reports = tuple(
            verify_message(
                message,
                _schema_of(schema_set, message),
                getattr(package, message.name, None),
                payloads.of(message.name),
                examples,
                seed,
                codes,
            )
            for message in protocol.messages
        )
    return Report(reports, payloads.skipped, time.perf_counter() - started)


def _schema_of(schema_set: SchemaSet, message: Message) -> dict[str, Any]:
    document = schema_set.document(message.file)
    if document is None:
        raise GenerationError.single(message.file, "", "schema file of a message is missing from the schema set")
    return document.content


def verify_message(
    message: Message,
    schema: dict[str, Any],
    model: Any,
    corpus: Iterable[CorpusEntry],
    examples: int,
    seed: int,
    codes: CodeCheck | None = None,
) -> MessageReport:
    """Samples, corpus payloads, and mutations of the valid ones, checked against the schema."""
    report = MessageReport(message.name)
    if model is None:
        missing = Sample("", "the generated package")
        report.failures.append(
            Failure(message.name, "model", missing, Verdict(True), Verdict(False), "no model of this name")
        )
        return report
    view = SchemaView(schema, message.file)
    checker = Checker(message.name, model, reference_validator(schema), view, report, codes)
    valid = _check_samples(checker, schema_samples(schema, examples, seed))
    valid += _check_corpus(checker, corpus)
    _check_mutations(checker, valid)
    return report


def _check_samples(checker: Checker, samples: list[Any]) -> list[ValidPayload]:
    valid = []
    for number, value in enumerate(samples, 1):
        checker.report.samples += 1
        if checker.check(Sample(dumps(value), f"hypothesis sample {number}")):
            valid.append((value, f"hypothesis sample {number}"))
    return valid


def _check_corpus(checker: Checker, corpus: Iterable[CorpusEntry]) -> list[ValidPayload]:
    valid = []
    for entry in corpus:
        checker.report.corpus += 1
        accepted = checker.check(Sample(dumps(entry.payload), f"corpus {entry.name}"), expected=entry.valid)
        if entry.valid and accepted:  # an invalid entry the reference accepts is a failure, not a base
            valid.append((entry.payload, f"corpus {entry.name}"))
    return valid


def _check_mutations(checker: Checker, valid: list[ValidPayload]) -> None:
    for value, origin in valid:
        for mutation in mutations(checker.view, value):
            checker.check(Sample(mutation.text, f"{mutation.kind} of {origin}", mutation.pointer))
