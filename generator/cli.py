"""The `ocpp-codegen` command: init, generate, check, verify, scaffold, errata, fetch-schemas."""

from __future__ import annotations

import argparse
import os
import shlex
import sys
from pathlib import Path

from . import __version__, shipped
from .downstream import Layout, init_repository
from .errata import load_errata
from .errors import GenerationError
from .fetch import fetch_schemas
from .pipeline import Inputs, check, generate_sets, scaffold, verify, write_generated_sets
from .verify import DEFAULT_EXAMPLES, DEFAULT_SEED
from .verify.typecheck import type_check
from .write import ensure_replaceable

# Relative to the working directory: the repository the command runs in. The lock, the errata and
# the corpus default to the ones shipped with the tool (`shipped`), so a repository needs no copies.
# `--set` picks the schema set whose defaults apply; without it, the set of --protocol, else 1.6.
DEFAULT_SCHEMAS = shipped.SCHEMA_SETS[shipped.DEFAULT_SET].schemas
DEFAULT_OUT = shipped.SCHEMA_SETS[shipped.DEFAULT_SET].out


def main(argv: list[str] | None = None) -> int:
    arguments = _parser().parse_args(argv)
    try:
        _unwrap_single_set(arguments)
        # A command that reads one schema set takes its defaults; several sets take theirs in `_runs`.
        if hasattr(arguments, "no_shipped_errata") and not _several_sets(arguments):
            _with_set_defaults(arguments)
        return int(arguments.run(arguments))
    except GenerationError as error:
        for problem in error.problems:
            print(f"error: {problem}", file=sys.stderr)
        _explain_shipped_protocol(arguments, [str(p) for p in error.problems])
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

    init_parser = commands.add_parser(
        "init",
        help="set up this repository to generate its package",
        description="Write an errata directory (with a README on the format), a Makefile fragment with "
        "generate and check targets for the options given, and a Makefile and .gitignore when there are none. "
        "It never changes an existing file.",
    )
    init_parser.add_argument(
        "--out", type=Path, required=True, help="package directory to generate, e.g. src/myapp/ocpp16"
    )
    init_parser.add_argument(
        "--errata", type=Path, default=Path("ocpp-errata"), help="your errata directory (default: ocpp-errata)"
    )
    init_parser.add_argument(
        "--schemas",
        type=Path,
        help=f"where the fetched schemas go, git-ignored (default: the set's, e.g. {DEFAULT_SCHEMAS})",
    )
    init_parser.add_argument("--docs", type=Path, help="also write the Markdown catalogue to this file")
    init_parser.add_argument(
        "--set",
        choices=sorted(shipped.SCHEMA_SETS),
        default=shipped.DEFAULT_SET,
        help=f"the OCPP version's schema set to generate from (default: {shipped.DEFAULT_SET})",
    )
    init_parser.set_defaults(run=_init)

    generate_parser = commands.add_parser(
        "generate", help="write the package", description="Read the schemas, apply the errata, write the package."
    )
    _input_arguments(generate_parser, several_sets=True)
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
    scaffold_parser.add_argument(
        "--side",
        required=True,
        help="the side to write: its protocol-data name in kebab case (a wrong one lists the choices)",
    )
    scaffold_parser.add_argument("--out", type=Path, required=True, help="the module to write; must not exist")
    scaffold_parser.add_argument(
        "--package", help=f"import name of the generated package (default: the set's, e.g. {DEFAULT_OUT.name})"
    )
    _source_arguments(scaffold_parser)
    scaffold_parser.set_defaults(run=_scaffold)

    verify_parser = commands.add_parser(
        "verify",
        help="check that the package type-checks and accepts exactly what the schemas accept",
        description=(
            "Type-check the package in --out with `mypy --strict`, then check every request and response model "
            "against its schema, with jsonschema as the reference: schema samples, the corpus and mutations of "
            "them must get the same verdict from both, and every valid payload must survive the round trip."
        ),
    )
    _source_arguments(verify_parser)
    verify_parser.add_argument(
        "--out", type=Path, help=f"package directory to verify (default: the set's, e.g. {DEFAULT_OUT})"
    )
    verify_parser.add_argument(
        "--examples",
        type=_count,
        default=DEFAULT_EXAMPLES,
        help=f"schema samples per message (default: {DEFAULT_EXAMPLES}); more goes deeper",
    )
    verify_parser.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"sampling seed (default: {DEFAULT_SEED})"
    )
    corpus = verify_parser.add_mutually_exclusive_group()
    corpus.add_argument(
        "--corpus", type=Path, help="corpus directory (default: the set's corpus shipped with the tool)"
    )
    corpus.add_argument("--no-corpus", action="store_true", help="check no corpus")
    verify_parser.add_argument(
        "--no-typecheck",
        action="store_true",
        help="skip `mypy --strict` (a warning says so); its cache: MYPY_CACHE_DIR, else ~/.cache/ocpp-codegen/mypy",
    )
    verify_parser.set_defaults(run=_verify)

    fetch_parser = commands.add_parser(
        "fetch-schemas",
        help="download the pinned schema set and verify it",
        description="Download the schema files the lock file pins, verify each SHA-256, copy them to --out.",
    )
    lock = fetch_parser.add_mutually_exclusive_group()
    lock.add_argument("--lock", type=Path, help="lock file (default: the lock of --set shipped with the tool)")
    lock.add_argument(
        "--set",
        choices=sorted(shipped.SCHEMA_SETS),
        default="ocpp16",
        help="one of the schema sets whose lock ships with the tool (default: ocpp16)",
    )
    fetch_parser.add_argument(
        "--out",
        type=Path,
        help=f"schema directory (default: the set's, e.g. {shipped.SCHEMA_SETS['ocpp201'].schemas}; {DEFAULT_SCHEMAS} with --lock)",
    )
    fetch_parser.set_defaults(run=_fetch)

    errata_parser = commands.add_parser(
        "errata",
        help="list the errata that apply, and why",
        description="List every erratum generate would apply, in order: its file, the schema it patches, "
        "where the correction comes from and why.",
    )
    _errata_arguments(errata_parser)
    errata_parser.set_defaults(run=_list_errata)
    return parser


def _input_arguments(parser: argparse.ArgumentParser, several_sets: bool = False) -> None:
    _source_arguments(parser, several_sets)
    parser.add_argument("--out", type=Path, help=f"package directory to write (default: the set's, e.g. {DEFAULT_OUT})")
    parser.add_argument(
        "--docs",
        type=Path,
        help="also write the Markdown catalogue of the actions and types to this file; {set} in it stands for the set's name",
    )
    parser.add_argument(
        "--embed-schemas",
        action="store_true",
        help="put the schema texts (after errata) into the package, for table.schema_text()",
    )


def _source_arguments(parser: argparse.ArgumentParser, several_sets: bool = False) -> None:
    parser.add_argument(
        "--schemas",
        type=Path,
        action="append",
        help=f"schema directory; repeat for several (default: the set's, e.g. {DEFAULT_SCHEMAS})",
    )
    _errata_arguments(parser, several_sets)
    parser.add_argument("--protocol", type=Path, help="protocol data file (default: the set's, e.g. ocpp16.toml)")


def _errata_arguments(parser: argparse.ArgumentParser, several_sets: bool = False) -> None:
    parser.add_argument(
        "--set",
        choices=sorted(shipped.SCHEMA_SETS),
        action="append" if several_sets else "store",
        help="the OCPP version: its schema directory, protocol data, shipped errata, corpus and output "
        f"directory are the defaults (default: the set of --protocol, else {shipped.DEFAULT_SET})"
        + ("; repeat it to generate several sets in one run, each with its defaults" if several_sets else ""),
    )
    errata = parser.add_mutually_exclusive_group()
    errata.add_argument(
        "--errata",
        type=Path,
        action="append",
        help="your errata directory, applied with the shipped errata (one of the same file name replaces "
        "the shipped one); repeat for several",
    )
    errata.add_argument("--no-errata", action="store_true", help="apply no errata at all")
    parser.add_argument("--no-shipped-errata", action="store_true", help="apply only your errata, not the shipped ones")


def _schema_set(arguments: argparse.Namespace) -> shipped.SchemaSetFiles:
    """The set named by --set; else the one whose protocol data --protocol names; else 1.6."""
    if arguments.set is not None:
        return shipped.SCHEMA_SETS[arguments.set]
    protocol = getattr(arguments, "protocol", None)
    by_protocol = shipped.set_of_protocol(protocol) if protocol is not None else None
    return by_protocol or shipped.SCHEMA_SETS[shipped.DEFAULT_SET]


def _with_set_defaults(arguments: argparse.Namespace) -> argparse.Namespace:
    """The options the user left out filled in from the schema set."""
    schema_set = _schema_set(arguments)
    arguments.schema_set = schema_set
    if hasattr(arguments, "protocol") and arguments.protocol is None:
        arguments.protocol = schema_set.protocol
    if hasattr(arguments, "out") and arguments.out is None:
        arguments.out = schema_set.out
    if hasattr(arguments, "package") and arguments.package is None:
        arguments.package = schema_set.out.name
    return arguments


def _errata_directories(arguments: argparse.Namespace) -> tuple[Path, ...]:
    if arguments.no_errata:
        return ()
    shipped_errata = () if arguments.no_shipped_errata else (arguments.schema_set.errata,)
    return shipped_errata + tuple(arguments.errata or ())


def _inputs(arguments: argparse.Namespace) -> Inputs:
    schemas = tuple(arguments.schemas or [arguments.schema_set.schemas])
    for directory in schemas:
        if not directory.exists():
            fetch = shlex.join(
                ["ocpp-codegen", "fetch-schemas", "--set", arguments.schema_set.name, "--out", str(directory)]
            )
            raise GenerationError.single(
                directory, "", f"schema directory does not exist; fetch the pinned schemas with `{fetch}`"
            )
    embed_schemas = bool(getattr(arguments, "embed_schemas", False))
    return Inputs(schemas, _errata_directories(arguments), arguments.protocol, embed_schemas)


def command_line(command: str, arguments: argparse.Namespace) -> str:
    """The command with the input and output options of this run, for hints the user can paste."""
    words = ["ocpp-codegen", command]
    words += ["--set", arguments.set] if arguments.set else []
    for directory in arguments.schemas or []:
        words += ["--schemas", str(directory)]
    for directory in arguments.errata or []:
        words += ["--errata", str(directory)]
    words += ["--no-errata"] if arguments.no_errata else []
    words += ["--no-shipped-errata"] if arguments.no_shipped_errata else []
    words += ["--protocol", str(arguments.protocol)] if arguments.protocol != arguments.schema_set.protocol else []
    words += ["--out", str(arguments.out)]
    words += ["--docs", str(arguments.docs)] if getattr(arguments, "docs", None) else []
    words += ["--embed-schemas"] if getattr(arguments, "embed_schemas", False) else []
    return shlex.join(words)


def _explain_shipped_protocol(arguments: argparse.Namespace, messages: list[str]) -> None:
    """A message that names the protocol data file shipped inside the tool says how to change it."""
    protocol = getattr(arguments, "protocol", None)
    if protocol is None or shipped.set_of_protocol(protocol) is None:
        return
    if any(protocol.name in message for message in messages):
        print(
            f"note: {protocol.name} is the protocol data shipped with ocpp-codegen ({protocol}); "
            "to change it, copy it into your repository and pass --protocol FILE",
            file=sys.stderr,
        )


# Options that name one set's files: with several sets, each set takes its own defaults instead.
PER_SET_OPTIONS = {"schemas": "--schemas", "errata": "--errata", "protocol": "--protocol", "out": "--out"}


def _unwrap_single_set(arguments: argparse.Namespace) -> None:
    """`generate --set X` given once is read as the other commands read their one `--set`."""
    sets = getattr(arguments, "set", None)
    if isinstance(sets, list) and len(sets) == 1:
        arguments.set = sets[0]


def _several_sets(arguments: argparse.Namespace) -> bool:
    """Whether `generate` was given several sets (after `_unwrap_single_set`)."""
    return isinstance(getattr(arguments, "set", None), list)


def _runs(arguments: argparse.Namespace) -> list[argparse.Namespace]:
    """One namespace per set to generate, each with its set's defaults and its own --docs file."""
    if not _several_sets(arguments):
        runs = [arguments]
    else:
        repeated = sorted({name for name in arguments.set if arguments.set.count(name) > 1})
        if repeated:
            raise GenerationError.single("--set", "", f"{', '.join(repeated)} given more than once")
        given = [option for key, option in PER_SET_OPTIONS.items() if getattr(arguments, key)]
        if given:
            raise GenerationError.single(
                given[0],
                "",
                "names one set's files: with several --set, each set uses its own (generate one set at a time to choose)",
            )
        if arguments.docs is not None and "{set}" not in str(arguments.docs):
            raise GenerationError.single(
                "--docs", "", "with several --set, the file name must hold {set}, e.g. docs/{set}-catalogue.md"
            )
        runs = [_with_set_defaults(argparse.Namespace(**{**vars(arguments), "set": name})) for name in arguments.set]
    for run in runs:
        if run.docs is not None:
            run.docs = Path(str(run.docs).replace("{set}", run.schema_set.name))
    return runs


def _generate(arguments: argparse.Namespace) -> int:
    """Every set rendered in memory, then all written or none (`write_generated_sets`)."""
    runs = _runs(arguments)
    for run in runs:
        if run.docs is not None:
            ensure_replaceable(run.docs)
    rendered = generate_sets([_inputs(run) for run in runs])
    write_generated_sets([(generated, run.out, run.docs) for run, generated in zip(runs, rendered)])
    for run, generated in zip(runs, rendered):
        for warning in generated.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        _explain_shipped_protocol(run, list(generated.warnings))
        print(
            f"wrote {run.out}: {generated.action_count} actions, {generated.type_count} types, {len(generated.files)} files"
        )
        if run.docs is not None:
            print(f"wrote {run.docs}")
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
    print(f"Run `{command_line('generate', arguments)}` and commit the result.", file=sys.stderr)
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
    corpus = None if arguments.no_corpus else arguments.corpus or arguments.schema_set.corpus
    if not _type_checks(arguments.out, skip=arguments.no_typecheck):
        return 1
    _keep_hypothesis_cache_out_of_the_working_directory()
    print(f"verifying {arguments.out} (seed {arguments.seed}, {arguments.examples} samples a message)")
    report = verify(_inputs(arguments), arguments.out, examples=arguments.examples, seed=arguments.seed, corpus=corpus)
    print(report.summary())
    if not report.ok:
        print(f"{arguments.out} does not accept exactly what the schemas accept.", file=sys.stderr)
        return 1
    return 0


def _type_checks(out: Path, *, skip: bool) -> bool:
    """`mypy --strict` on the package, first: exit 0 of verify means it imports, type-checks and verifies."""
    if skip:
        print(f"warning: {out} was not type-checked (--no-typecheck)", file=sys.stderr)
        return True
    checked = type_check(out)
    print(checked.summary())
    if not checked.ok:
        print(f"{out} does not pass `mypy --strict`: {len(checked.problems)} type error(s).", file=sys.stderr)
    return checked.ok


def _keep_hypothesis_cache_out_of_the_working_directory() -> None:
    """Hypothesis caches Unicode data in `.hypothesis/` of the working directory, which would be
    the user's repository; put it in the user's cache directory unless they chose a place."""
    if "HYPOTHESIS_STORAGE_DIRECTORY" in os.environ:
        return
    from hypothesis.configuration import set_hypothesis_home_dir

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ocpp-codegen" / "hypothesis"
    set_hypothesis_home_dir(str(cache))


def _init(arguments: argparse.Namespace) -> int:
    schema_set = shipped.SCHEMA_SETS[arguments.set]
    layout = Layout(
        arguments.out, arguments.errata, arguments.schemas or schema_set.schemas, arguments.docs, schema_set
    )
    outcome = init_repository(Path.cwd(), layout)
    for path in outcome.written:
        print(f"wrote {os.path.relpath(path)}")
    for path in outcome.kept:
        print(f"kept {os.path.relpath(path)}: it exists, and init never changes a file")
    print("next:")
    for step in outcome.steps:
        print(f"  - {step}")
    return 0


def _list_errata(arguments: argparse.Namespace) -> int:
    directories = _errata_directories(arguments)
    errata = load_errata(directories)
    for erratum in errata:
        origin = "shipped" if erratum.path.parent == arguments.schema_set.errata else "yours"
        print(
            f"{erratum.name} ({origin}, {erratum.path})\n  patches {erratum.target_file}: {erratum.reason}\n  source: {erratum.source}"
        )
    print(f"{len(errata)} errata from {', '.join(map(str, directories)) or 'no directory'}")
    return 0


def _fetch(arguments: argparse.Namespace) -> int:
    schema_set = shipped.SCHEMA_SETS[arguments.set]
    lock = arguments.lock or schema_set.lock
    out = arguments.out or (DEFAULT_SCHEMAS if arguments.lock else schema_set.schemas)
    count = fetch_schemas(lock, out)
    print(f"{out}: {count} schema files match {lock}")
    return 0
