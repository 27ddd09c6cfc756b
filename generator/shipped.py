"""What the tool ships besides its code: the schema lock, the errata and the message corpus.

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
ERRATA = SCHEMAS_DIRECTORY / "errata"
CORPUS = _shipped(_PACKAGE / "corpus", _CHECKOUT / "tests" / "corpus")
