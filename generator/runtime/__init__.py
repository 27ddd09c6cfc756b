"""The runtime every generated package carries: fixed Python, copied verbatim into the package.

These modules are real source here, linted, type-checked and unit-tested as themselves; the
render stage copies each one into the package under the same file name, with the package's
do-not-edit header prepended. They import only each other and the generated modules of the
package, relatively, so the package stays self-contained. What varies per protocol (models,
enums, the table, the handler classes, the protocol's named scalars) comes from templates.
"""

from __future__ import annotations

from pathlib import Path

RUNTIME_DIRECTORY = Path(__file__).resolve().parent

# The package's file name -> the runtime module copied there.
RUNTIME_MODULES = (
    "_base.py",
    "_endpoint.py",
    "_endpoint_calls.py",
    "_endpoint_handlers.py",
    "_errors.py",
    "_events.py",
    "_ocppj.py",
    "_ocppj_parser.py",
    "_problems.py",
    "_requirements.py",
    "_rules.py",
    "_scalars.py",
    "_contracts.py",
    "_session.py",
    "transport.py",
    "_transport_base.py",
    "_transport_client.py",
    "_transport_server.py",
    "reconnect.py",
    "security.py",
    "_cluster_wire.py",
    "cluster.py",
    "deviations.py",
    "_repairs.py",
    "tolerance.py",
)


def runtime_sources(directory: Path = RUNTIME_DIRECTORY) -> dict[str, str]:
    """Each runtime module's text, by the file name it has in a generated package."""
    return {
        name: (directory / name).read_text(encoding="utf-8") for name in RUNTIME_MODULES
    }
