"""Our side of every section: the registration point for what ocpp-codegen generates.

Section 1 measures the generated models; section 4 the generated package's import. Sections 2
and 3 measure our dispatcher and our websockets transport through the two functions at the
bottom; each returns nothing until the generated package has those parts, and the report then
simply has no row for ours in that section.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from .contenders import OURS, CentralSystem, InboundContender

REPO = Path(__file__).resolve().parent.parent
GENERATED = REPO / "generated"
PACKAGE = "ocpp16"


def generated_package() -> ModuleType:
    """The committed generated package, imported the way users vendor it: from its directory."""
    if str(GENERATED) not in sys.path:
        sys.path.insert(0, str(GENERATED))
    return importlib.import_module(PACKAGE)


def model_validator(action: str) -> Callable[[str], object]:
    """Section 1: the generated request model of `action`, validating JSON text."""
    model = getattr(generated_package(), f"{action}Request")
    from_wire: Callable[[str], object] = model.from_wire
    return from_wire


def our_inbound_contenders() -> tuple[InboundContender, ...]:
    """Section 2: our dispatcher, handling a CALL frame (text in, reply text out) with validation
    on and the trivial handlers of bench/replies.py.

    Register it here once generated/ocpp16/dispatch.py exists, e.g.
        return (InboundContender(OURS, handle=<frame text -> reply text>, ours=True),)
    `handle` may be a plain function or a coroutine function; it is called inside a running
    event loop.
    """
    from .ours_central_system import inbound_handler

    return (InboundContender(OURS, handle=inbound_handler(), ours=True),)


def our_central_systems() -> tuple[CentralSystem, ...]:
    """Section 3: a central system served by our websockets transport and dispatcher.

    Register it here once the transport exists, e.g.
        return (CentralSystem(OURS, "bench.ours_central_system:serve", ours=True),)
    with the coroutine function described in bench/contenders.py:CentralSystem.
    """
    return (CentralSystem(OURS, "bench.ours_central_system:serve", ours=True),)
