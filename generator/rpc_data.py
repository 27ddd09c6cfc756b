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
    "unknown_message_type",
    "unknown_action",
    "unsupported_action",
    "missing_property",
    "unknown_property",
    "wrong_cardinality",
    "wrong_type",
    "invalid_value",
    "handler_failed",
)

# The message types the dispatcher speaks, and their OCPP-J numbers when the data gives none.
MESSAGE_TYPES = ("call", "call_result", "call_error")
# Message types a protocol may have besides those (OCPP-J 2.1 has both).
OPTIONAL_MESSAGE_TYPES = ("call_result_error", "send")
DEFAULT_MESSAGE_TYPES = (("call", 2), ("call_result", 3), ("call_error", 4))
# What a frame of another message type gets: a CALLERROR, or nothing (logged and dropped).
UNKNOWN_MESSAGE_TYPE_POLICIES = ("answer", "ignore")


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
    message_types = _message_types(table.get("message_types"), source, problems)
    unknown_type = table.get("unknown_message_type")
    if unknown_type not in UNKNOWN_MESSAGE_TYPE_POLICIES:
        problems.append(
            Problem(source, "/rpc/unknown_message_type", f"must be one of {', '.join(UNKNOWN_MESSAGE_TYPE_POLICIES)}")
        )
        unknown_type = "answer"
    return RpcSpec(max_length, unreadable, codes, answers, identity, message_types, unknown_type)


def _message_types(table: Any, source: str, problems: list[Problem]) -> tuple[tuple[str, int], ...]:
    """The message type numbers, each a small positive integer used once; CALLRESULTERROR and
    SEND only where the protocol has them."""
    if not isinstance(table, dict):
        problems.append(
            Problem(source, "/rpc/message_types", f"must give the number of each of {', '.join(MESSAGE_TYPES)}")
        )
        return DEFAULT_MESSAGE_TYPES
    found = []
    for kind in MESSAGE_TYPES:
        number = table.get(kind)
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 9:
            problems.append(Problem(source, f"/rpc/message_types/{kind}", "must be an integer from 0 to 9"))
        else:
            found.append((kind, number))
    complete = len(found) == len(MESSAGE_TYPES)
    for kind in OPTIONAL_MESSAGE_TYPES:
        number = table.get(kind)
        if number is None:
            continue
        if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number <= 9:
            problems.append(Problem(source, f"/rpc/message_types/{kind}", "must be an integer from 0 to 9"))
        else:
            found.append((kind, number))
    known = (*MESSAGE_TYPES, *OPTIONAL_MESSAGE_TYPES)
    for kind in table.keys() - set(known):
        problems.append(
            Problem(
                source,
                f"/rpc/message_types/{kind}",
                f"not a message type the dispatcher has; it has {', '.join(known)}",
            )
        )
    if len({number for _, number in found}) != len(found):
        problems.append(Problem(source, "/rpc/message_types", "each message type needs a number of its own"))
    return tuple(found) if complete else DEFAULT_MESSAGE_TYPES


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
        problems.append(
            Problem(source, f"/rpc/answers/{problem}", f"unknown problem; the known ones: {', '.join(PROBLEMS)}")
        )
    answers = []
    for problem in PROBLEMS:
        code = table.get(problem)
        if code not in codes:
            problems.append(
                Problem(source, f"/rpc/answers/{problem}", "must name one of the codes in /rpc/error_codes")
            )
        else:
            answers.append((problem, code))
    return tuple(answers)
