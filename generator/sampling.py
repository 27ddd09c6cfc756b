"""Hypothesis draws that depend on the schema and the seed alone, wherever the tool runs.

Hypothesis mixes into its draws constants it collects from the source of every imported module
that is neither in site-packages nor in the standard library. Which modules those are depends on
where the tool is installed (a source checkout is "local", a wheel is not) and on what else the
process imported, so one seed drew different samples in different places. Hypothesis has no
setting for this, so within `source_independent_draws()` the collection finds no constants.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from hypothesis.internal.conjecture import providers
from hypothesis.internal.constants_ast import Constants


def _no_local_constants() -> Constants:
    return Constants()


@contextmanager
def source_independent_draws() -> Iterator[None]:
    """Within this block, Hypothesis draws no constants from the surrounding source files.

    Every provider asks `providers._get_local_constants` (the default one and the one the
    engine uses to explore new inputs), and caches what it allows per kind of draw, so the
    function is replaced and the cache emptied on the way in and out."""
    collect = providers._get_local_constants
    providers._get_local_constants = _no_local_constants
    providers.CONSTANTS_CACHE.cache.clear()
    try:
        yield
    finally:
        providers._get_local_constants = collect
        providers.CONSTANTS_CACHE.cache.clear()
