"""Schema samples: the values hypothesis-jsonschema draws from a schema, the same for the same seed."""

from __future__ import annotations

import warnings
from typing import Any

SAMPLE_MAX_ITEMS = 3


def schema_samples(schema: dict[str, Any], count: int, seed: int) -> list[Any]:
    """Up to `count` values hypothesis-jsonschema draws from the schema, the same for the same seed.

    Not all of them are valid for the reference: it draws year 0000, for one. Those are checked
    for the same verdict like any other text.
    """
    if count <= 0:
        return []
    # Imported on use: hypothesis-jsonschema builds strategies (and caches Unicode data on
    # disk) when imported, which `generate` and `check` have no need of.
    import hypothesis
    from hypothesis import HealthCheck, Phase, Verbosity
    from hypothesis_jsonschema import from_schema

    from ..sampling import source_independent_draws

    sampled = with_short_arrays({k: v for k, v in schema.items() if k not in ("$id", "id")})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # overriding the "uri" format is intended
        strategy = from_schema(sampled, custom_formats=_custom_formats())
    found: list[Any] = []

    @hypothesis.seed(seed)
    @hypothesis.settings(
        max_examples=count,
        database=None,
        deadline=None,
        derandomize=False,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
        verbosity=Verbosity.quiet,
        print_blob=False,
    )
    @hypothesis.given(strategy)
    def collect(value: Any) -> None:
        found.append(value)

    try:
        with source_independent_draws():
            collect()
    except hypothesis.errors.Unsatisfiable:
        pass
    return found


def with_short_arrays(node: Any) -> Any:
    """A copy of the schema whose arrays hold at most SAMPLE_MAX_ITEMS items (or their minItems).

    Every sample is still valid for the real schema; longer arrays check nothing new and make
    every one of the many texts near a sample slower to validate.
    """
    if isinstance(node, list):
        return [with_short_arrays(item) for item in node]
    if not isinstance(node, dict):
        return node
    copied = {key: with_short_arrays(value) for key, value in node.items()}
    if copied.get("type") == "array":
        longest = max(copied.get("minItems", 0), SAMPLE_MAX_ITEMS)
        copied["maxItems"] = min(copied.get("maxItems", longest), longest)
    return copied


def _custom_formats() -> dict[str, Any]:
    """URIs drawn from the reference's own grammar (rfc3987), not only https://<domain>."""
    from hypothesis import strategies

    try:
        import rfc3987
    except ImportError:
        return {}
    return {"uri": strategies.from_regex(rfc3987.get_compiled_pattern("%(URI)s").pattern, fullmatch=True)}
