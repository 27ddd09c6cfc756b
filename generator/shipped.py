"""What the tool ships besides its code: the schema locks, the errata and the message corpus.

They are the defaults wherever the tool runs, so a downstream repository needs no copies. An
installed wheel carries them inside the package (`ocpp_codegen/schemas/`, `ocpp_codegen/corpus/`);
in a source checkout they sit where the repository keeps them (`schemas/`, `tests/corpus/`).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = _PACKAGE.parent


def _shipped(installed: Path, checkout: Path) -> Path:
    return installed if installed.exists() else checkout


SCHEMAS_DIRECTORY = _shipped(_PACKAGE / "schemas", _CHECKOUT / "schemas")
LOCK = SCHEMAS_DIRECTORY / "lock.json"
# Every pinned schema set: its lock file, and where `fetch-schemas --set` puts it by default.
SCHEMA_SETS = {
    "ocpp16": (LOCK, Path("schemas/OCPP-1.6-JSON-Schemas")),
    "ocpp201": (SCHEMAS_DIRECTORY / "lock-ocpp201.json", Path("schemas/OCPP-2.0.1-JSON-Schemas")),
    "ocpp21": (SCHEMAS_DIRECTORY / "lock-ocpp21.json", Path("schemas/OCPP-2.1-JSON-Schemas")),
}
ERRATA = SCHEMAS_DIRECTORY / "errata"
CORPUS = _shipped(_PACKAGE / "corpus", _CHECKOUT / "tests" / "corpus")
