"""What the tool ships besides its code: per schema set, its lock, its errata and its message corpus.

They are the defaults wherever the tool runs, so a downstream repository needs no copies. An
installed wheel carries them inside the package (`ocpp_codegen/schemas/`, `ocpp_codegen/corpus/`,
`ocpp_codegen/corpus_ocpp201/`, ...); in a source checkout they sit where the repository keeps
them (`schemas/`, `tests/corpus/`, `tests/corpus-ocpp201/`, ...).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .protocol_data import PROTOCOLS_DIRECTORY

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _shipped(installed: Path, checkout: Path) -> Path:
    return installed if installed.exists() else checkout


SCHEMAS_DIRECTORY = _shipped(_PACKAGE / "schemas", _CHECKOUT / "schemas")
ERRATA_DIRECTORY = SCHEMAS_DIRECTORY / "errata"


@dataclass(frozen=True)
class SchemaSetFiles:
    """One pinned schema set and what goes with it. `schemas`, `out` and `docs` are relative to
    the working directory (the repository the command runs in); the others ship with the tool."""

    name: str
    lock: Path
    schemas: Path  # where `fetch-schemas --set` puts the files, and where the other commands look
    protocol: Path
    errata: Path  # the shipped errata of this set (a directory; it may hold no erratum)
    corpus: Path
    out: Path  # the package directory written by default
    docs: Path  # the catalogue `make generate` writes


def _set(name: str, lock: str, version: str, corpus: str) -> SchemaSetFiles:
    return SchemaSetFiles(
        name=name,
        lock=SCHEMAS_DIRECTORY / lock,
        schemas=Path(f"schemas/OCPP-{version}-JSON-Schemas"),
        protocol=PROTOCOLS_DIRECTORY / f"{name}.toml",
        errata=ERRATA_DIRECTORY / name,
        corpus=_shipped(_PACKAGE / corpus.replace("-", "_"), _CHECKOUT / "tests" / corpus),
        out=Path("generated") / name,
        docs=Path("docs") / f"{name}-catalogue.md",
    )


# Every pinned schema set, by the name `--set` takes.
SCHEMA_SETS = {
    "ocpp16": _set("ocpp16", "lock.json", "1.6", "corpus"),
    "ocpp201": _set("ocpp201", "lock-ocpp201.json", "2.0.1", "corpus-ocpp201"),
    "ocpp21": _set("ocpp21", "lock-ocpp21.json", "2.1", "corpus-ocpp21"),
}
DEFAULT_SET = "ocpp16"

# The OCPP 1.6 set's files, the defaults when no set is named.
LOCK = SCHEMA_SETS[DEFAULT_SET].lock
ERRATA = SCHEMA_SETS[DEFAULT_SET].errata
CORPUS = SCHEMA_SETS[DEFAULT_SET].corpus


def set_of_protocol(protocol: Path) -> SchemaSetFiles | None:
    """The shipped set whose protocol data file this is, if it is one of them."""
    resolved = protocol.resolve()
    return next((s for s in SCHEMA_SETS.values() if s.protocol.resolve() == resolved), None)
