"""JSON text as verify reads and writes it: strict reading, compact writing, short display."""

from __future__ import annotations

import json
from typing import Any


def parse_json(text: str | bytes) -> Any:
    """JSON as RFC 8259 defines it: Python's reader without its NaN and Infinity extensions."""
    return json.loads(text, parse_constant=_not_json)


def _not_json(literal: str) -> Any:
    raise ValueError(f"{literal} is not JSON")


def dumps(value: Any) -> str:
    """A value as the JSON text a sample or mutation carries (non-ASCII characters as they are)."""
    return json.dumps(value, ensure_ascii=False)


def shorten(text: str, limit: int = 600) -> str:
    """The text, or its first `limit` characters and its length, for a readable report."""
    return text if len(text) <= limit else f"{text[:limit]}... ({len(text)} characters)"
