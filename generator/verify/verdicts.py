"""What each reader says of a payload text: the reference (jsonschema) and a generated model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import pydantic
from jsonschema.protocols import Validator

from ..errors import pointer_join
from .json_text import parse_json

Mode = Literal["json", "python"]


@dataclass(frozen=True)
class Verdict:
    """Accepted, or rejected with the first reason (a JSON pointer and a message)."""

    accepted: bool
    reason: str = ""

    def __str__(self) -> str:
        return "accepted" if self.accepted else f"rejected ({self.reason})"


def reference_verdict(validator: Validator, text: str | bytes) -> Verdict:
    """What the reference says of a payload as JSON text."""
    try:
        value = parse_json(text)
    except ValueError as not_json:
        return Verdict(False, f"not JSON: {not_json}")
    error = next(validator.iter_errors(value), None)
    if error is None:
        return Verdict(True)
    return Verdict(False, f"{pointer_join('', *error.absolute_path) or '/'}: {error.message}")


def model_verdict(model: Any, text: str | bytes, mode: Mode = "json") -> Verdict:
    """What a generated model says of a payload as JSON text.

    "json" validates the text itself (`from_wire`); "python" validates what `json.loads`
    makes of it (`model_validate(..., by_alias=True, by_name=False)`).
    """
    try:
        if mode == "json":
            model.from_wire(text)
        else:
            model.model_validate(parse_json(text), by_alias=True, by_name=False)
    except pydantic.ValidationError as error:
        first = error.errors()[0]
        where = pointer_join("", *first["loc"]) or "/"
        return Verdict(False, f"{where}: {first['msg']} [{first['type']}]")
    except ValueError as error:
        return Verdict(False, f"not JSON: {error}")
    return Verdict(True)
