"""The `[rpc]` table of the protocol data: OCPP-J frame limits, CALLERROR codes, and their use.

The dispatcher the generator writes answers each kind of bad CALL with the code this table
names, so which code answers what is protocol data, not a branch in a template.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .errors import Problem
from .ir import RpcSpec
from .naming import is_safe_identifier

# Every problem the generated dispatcher reports; `[rpc.answers]` must name a code for each.
PROBLEMS = (
    "malformed_frame",
    "incomplete_frame",
    "unknown_action",
    "unsupported_action",
    "missing_property",
    "unknown_property",
    "wrong_cardinality",
    "wrong_type",
    "invalid_value",
    "handler_failed",
)


def parse_rpc(table: Any, path: Path, problems: list[Problem]) -> RpcSpec:
    """The `[rpc]` table as an `RpcSpec`; every problem found goes to `problems`."""
    source = str(path)
    if not isinstance(table, dict):
        problems.append(Problem(source, "/rpc", "missing table: the OCPP-J error codes and their use"))
        return RpcSpec(0, "", (), ())
    max_length = table.get("unique_id_max_length")
    if not isinstance(max_length, int) or isinstance(max_length, bool) or max_length < 1:
        problems.append(Problem(source, "/rpc/unique_id_max_length", "must be a positive integer"))
        max_length = 0
    unreadable = table.get("unreadable_unique_id")
    if not isinstance(unreadable, str):
        problems.append(Problem(source, "/rpc/unreadable_unique_id", "must be a string"))
        unreadable = ""
    codes = _error_codes(table.get("error_codes"), source, problems)
    answers = _answers(table.get("answers"), {code for code, _ in codes}, source, problems)
    identity = _pattern(table.get("identity_pattern"), "/rpc/identity_pattern", source, problems)
    return RpcSpec(max_length, unreadable, codes, answers, identity)


def _pattern(value: Any, pointer: str, source: str, problems: list[Problem]) -> str:
    """A regular expression of the data file; ASCII, so that it reads the same in any template."""
    if not isinstance(value, str) or not value or not value.isascii():
        problems.append(Problem(source, pointer, "must be a non-empty ASCII regular expression"))
        return ""
    try:
        re.compile(value)
    except re.error as error:
        problems.append(Problem(source, pointer, f"not a regular expression: {error}"))
        return ""
    return value


def _error_codes(table: Any, source: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict) or not table:
        problems.append(Problem(source, "/rpc/error_codes", "must map each error code to its meaning"))
        return ()
    codes = []
    for code, meaning in table.items():
        if not is_safe_identifier(code) or not isinstance(meaning, str):
            problems.append(Problem(source, f"/rpc/error_codes/{code}", "an error code is an identifier with a text"))
        else:
            codes.append((code, meaning))
    return tuple(codes)


def _answers(table: Any, codes: set[str], source: str, problems: list[Problem]) -> tuple[tuple[str, str], ...]:
    if not isinstance(table, dict):
        problems.append(Problem(source, "/rpc/answers", f"must name the error code for each of {', '.join(PROBLEMS)}"))
        return ()
    for problem in table.keys() - set(PROBLEMS):
        problems.append(Problem(source, f"/rpc/answers/{problem}", f"unknown problem; the known ones: {', '.join(PROBLEMS)}"))
    answers = []
    for problem in PROBLEMS:
        code = table.get(problem)
        if code not in codes:
            problems.append(Problem(source, f"/rpc/answers/{problem}", "must name one of the codes in /rpc/error_codes"))
        else:
            answers.append((problem, code))
    return tuple(answers)
