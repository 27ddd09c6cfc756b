"""Verify, the CALLERROR codes: for every payload both readers reject, the code the generated
dispatcher would answer with is the code the reference's error implies.

Same verdicts are not enough: a payload may be rejected for the right reason and answered with
the wrong code (a string's maxLength reported as an array's cardinality). The reference's
errors name the JSON Schema keyword that failed; `KEYWORD_PROBLEMS` says which problem of the
protocol data's `[rpc.answers]` each keyword is, and so which code it deserves. As the
dispatcher does, an unknown property (not the message's structure) outranks the other errors,
and otherwise the first error decides.

Only payloads that are JSON objects are compared: anything else is a malformed frame to the
dispatcher before any model sees it.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from types import ModuleType
from typing import Any

import pydantic
from jsonschema.protocols import Validator

from ..ir import RpcSpec

# The failed keyword of a reference error, as a problem of `[rpc.answers]`.
KEYWORD_PROBLEMS: Mapping[str, str] = {
    "required": "missing_property",
    "additionalProperties": "unknown_property",
    "minItems": "wrong_cardinality",
    "maxItems": "wrong_cardinality",
    "type": "wrong_type",
    **{
        keyword: "invalid_value"
        for keyword in (
            "minLength",
            "maxLength",
            "pattern",
            "format",
            "enum",
            "const",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
        )
    },
}
OUTRANKING_PROBLEM = "unknown_property"

Describe = Callable[[pydantic.ValidationError], tuple[Any, str, dict[str, Any]]]


@dataclass(frozen=True)
class CodeMismatch:
    """The code the reference's error implies, the code the dispatcher would send, and why."""

    expected: str
    sent: str
    reference_error: str

    def __str__(self) -> str:
        return f"the dispatcher would answer {self.sent}, the reference's error ({self.reference_error}) is {self.expected}"


@dataclass(frozen=True)
class CodeCheck:
    """Compares the codes for one package: its dispatcher's `describe_payload_error` and the data's answers."""

    answers: Mapping[str, str]
    describe: Describe

    @classmethod
    def of(cls, package: ModuleType, rpc: RpcSpec) -> CodeCheck:
        dispatch = importlib.import_module(package.__name__ + ".dispatch")
        return cls(dict(rpc.answers), dispatch.describe_payload_error)

    def mismatch(self, model: Any, reference: Validator, text: str) -> CodeMismatch | None:
        """What is wrong with the code for a payload both readers reject, or None."""
        try:
            value = json.loads(text, parse_constant=_not_json)
        except ValueError:
            return None
        if not isinstance(value, dict):
            return None
        expected = self.expected(reference, value)
        if expected is None:
            return None
        try:
            model.from_wire(text)
        except pydantic.ValidationError as error:
            sent = str(self.describe(error)[0])
        else:
            return None  # accepted: the verdict check reports it
        code, keyword = expected
        return None if sent == code else CodeMismatch(code, sent, keyword)

    def expected(self, reference: Validator, value: dict[str, Any]) -> tuple[str, str] | None:
        """The code the reference's deciding error implies, and its keyword; None if unmapped."""
        errors = list(reference.iter_errors(value))
        if not errors:
            return None
        problems = [KEYWORD_PROBLEMS.get(str(error.validator)) for error in errors]
        index = problems.index(OUTRANKING_PROBLEM) if OUTRANKING_PROBLEM in problems else 0
        problem = problems[index]
        if problem is None:
            return None
        return self.answers[problem], str(errors[index].validator)


def _not_json(literal: str) -> Any:
    raise ValueError(f"{literal} is not JSON")
