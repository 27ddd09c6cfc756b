"""The `ocpp-codegen` command: generate, check, verify, scaffold, fetch-schemas."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from .errors import GenerationError
from .fetch import fetch_schemas
from .pipeline import Inputs, check, generate, scaffold, verify
from .protocol_data import DEFAULT_PROTOCOL
from .render_runtime import SCAFFOLD_SIDES
from .verify import DEFAULT_EXAMPLES, DEFAULT_SEED

DEFAULT_SCHEMAS = Path("schemas/OCPP-1.6-JSON-Schemas")
DEFAULT_ERRATA = Path("schemas/errata")
DEFAULT_OUT = Path("generated/ocpp16")
DEFAULT_LOCK = Path("schemas/lock.json")
DEFAULT_CORPUS = Path("tests/corpus")


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        return int(arguments.run(arguments))
    except GenerationError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        print(f"{len(error.problems)} problem(s); nothing was written.", file=sys.stderr)
        return 1
    except OSError as error:  # the file system refused (disk full, permissions): the old output stays
        where = f"{error.filename}: " if error.filename else ""
        print(f"error: {where}{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted; the output is as it was before or complete, never half-written.", file=sys.stderr)
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocpp-codegen",
        description="Generate a typed pydantic package from OCPP JSON schemas.",
    )
    parser.add_argument("--version", action="version", version=f"ocpp-codegen {__version__}")
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    generate_parser = commands.add_parser(
        "generate", help="write the package", description="Read the schemas, apply the errata, write the package."
    )
    _input_arguments(generate_parser)
    generate_parser.set_defaults(run=_generate)

    check_parser = commands.add_parser(
        "check",
        help="fail if the package differs from what generate would write",
        description="Exit 1, with a summary, when the output directory differs from what `generate` would write now.",
    )
    _input_arguments(check_parser)
    check_parser.add_argument("--diff", action="store_true", help="print the full unified diff")
    check_parser.set_defaults(run=_check)

    scaffold_parser = commands.add_parser(
        "scaffold",
        help="write a starter handler module for one side",
        description="Write a starter module with a handler stub for every action the chosen side answers. "
        "It never overwrites a file.",
    )
    scaffold_parser.add_argument("--side", required=True, choices=sorted(SCAFFOLD_SIDES), help="the side to write")
    scaffold_parser.add_argument("--out", type=Path, required=True, help="the module to write; must not exist")
    scaffold_parser.add_argument(
        "--package", default=DEFAULT_OUT.name, help=f"import name of the generated package (default: {DEFAULT_OUT.name})"
    )
    _source_arguments(scaffold_parser)
    scaffold_parser.set_defaults(run=_scaffold)

    verify_parser = commands.add_parser(
        "verify",
        help="check that the package accepts exactly what the schemas accept",
        description=(
            "Check every request and response model of the package in --out against its schema, with jsonschema "
            "as the reference: schema samples, the corpus and mutations of them must get the same verdict from "
            "both, and every valid payload must survive the round trip through the model."
        ),
    )
    _source_arguments(verify_parser)
    verify_parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"package directory to verify (default: {DEFAULT_OUT})")
    verify_parser.add_argument(
        "--examples", type=_count, default=DEFAULT_EXAMPLES,
        help=f"schema samples per message (default: {DEFAULT_EXAMPLES}); more goes deeper",
    )
    verify_parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help=f"sampling seed (default: {DEFAULT_SEED})")
    corpus = verify_parser.add_mutually_exclusive_group()
    corpus.add_argument("--corpus", type=Path, help=f"corpus directory (default: {DEFAULT_CORPUS} if it exists)")
    corpus.add_argument("--no-corpus", action="store_true", help="check no corpus")
    verify_parser.set_defaults(run=_verify)

    fetch_parser = commands.add_parser(
        "fetch-schemas",
        help="download the pinned schema set and verify it",
        description="Download the schema files the lock file pins, verify each SHA-256, copy them to --out.",
    )
    fetch_parser.add_argument("--lock", type=Path, default=DEFAULT_LOCK, help=f"lock file (default: {DEFAULT_LOCK})")
    fetch_parser.add_argument("--out", type=Path, default=DEFAULT_SCHEMAS, help=f"schema directory (default: {DEFAULT_SCHEMAS})")
    fetch_parser.set_defaults(run=_fetch)
    return parser


def _input_arguments(parser: argparse.ArgumentParser) -> None:
    _source_arguments(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"package directory to write (default: {DEFAULT_OUT})")
    parser.add_argument("--docs", type=Path, help="also write the Markdown catalogue of the actions and types to this file")
    parser.add_argument(
        "--embed-schemas", action="store_true",
        help="put the schema texts (after errata) into the package, for table.schema_text()",
    )


def _source_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--schemas", type=Path, action="append",
        help=f"schema directory; repeat for several (default: {DEFAULT_SCHEMAS})",
    )
    errata = parser.add_mutually_exclusive_group()
    errata.add_argument("--errata", type=Path, help=f"errata directory (default: {DEFAULT_ERRATA} if it exists)")
    errata.add_argument("--no-errata", action="store_true", help="apply no errata")
    parser.add_argument("--protocol", type=Path, default=DEFAULT_PROTOCOL, help="protocol data file (default: OCPP 1.6)")


def _inputs(arguments: argparse.Namespace) -> Inputs:
    errata = arguments.errata
    if errata is None and not arguments.no_errata and DEFAULT_ERRATA.is_dir():
        errata = DEFAULT_ERRATA
    embed_schemas = bool(getattr(arguments, "embed_schemas", False))
    return Inputs(tuple(arguments.schemas or [DEFAULT_SCHEMAS]), errata, arguments.protocol, embed_schemas)


def _generate(arguments: argparse.Namespace) -> int:
    generated = generate(_inputs(arguments), arguments.out, arguments.docs)
    for warning in generated.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    print(
        f"wrote {arguments.out}: {generated.action_count} actions, {generated.type_count} types, "
        f"{len(generated.files)} files"
    )
    if arguments.docs is not None:
        print(f"wrote {arguments.docs}")
    return 0


def _check(arguments: argparse.Namespace) -> int:
    differences = check(_inputs(arguments), arguments.out, arguments.docs)
    if not differences:
        outputs = f"{arguments.out} and {arguments.docs} are" if arguments.docs else f"{arguments.out} is"
        print(f"{outputs} up to date")
        return 0
    print(f"{arguments.out} differs from what the generator writes now:", file=sys.stderr)
    for difference in differences:
        print(f"  {difference.kind:8} {difference.path}", file=sys.stderr)
    for difference in differences:
        if difference.diff:
            lines = difference.diff.splitlines()
            shown = lines if arguments.diff else lines[:40]
            print("\n".join(shown), file=sys.stderr)
            if len(shown) < len(lines):
                print(f"... {len(lines) - len(shown)} more diff lines (--diff shows all)", file=sys.stderr)
    print("Run `make generate` (or `ocpp-codegen generate`) and commit the result.", file=sys.stderr)
    return 1


def _scaffold(arguments: argparse.Namespace) -> int:
    scaffold(_inputs(arguments), arguments.side, arguments.package, arguments.out)
    print(f"wrote {arguments.out}: a starter {arguments.side} module; it is yours to edit")
    return 0


def _count(text: str) -> int:
    value = int(text)
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 or more")
    return value


def _verify(arguments: argparse.Namespace) -> int:
    corpus = arguments.corpus
    if corpus is None and not arguments.no_corpus and DEFAULT_CORPUS.is_dir():
        corpus = DEFAULT_CORPUS
    _keep_hypothesis_cache_out_of_the_working_directory()
    print(f"verifying {arguments.out} (seed {arguments.seed}, {arguments.examples} samples a message)")
    report = verify(_inputs(arguments), arguments.out, examples=arguments.examples, seed=arguments.seed, corpus=corpus)
    print(report.summary())
    if not report.ok:
        print(f"{arguments.out} does not accept exactly what the schemas accept.", file=sys.stderr)
        return 1
    return 0


def _keep_hypothesis_cache_out_of_the_working_directory() -> None:
    """Hypothesis caches Unicode data in `.hypothesis/` of the working directory, which would be
    the user's repository; put it in the user's cache directory unless they chose a place."""
    if "HYPOTHESIS_STORAGE_DIRECTORY" in os.environ:
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocpp-codegen" / "hypothesis"
    set_hypothesis_home_dir(str(cache))


def _fetch(arguments: argparse.Namespace) -> int:
    count = fetch_schemas(arguments.lock, arguments.out)
    print(f"{arguments.out}: {count} schema files match {arguments.lock}")
    return 0
