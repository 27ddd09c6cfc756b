"""The exceptions of an OCPP-J endpoint: the one a handler raises to answer with a CALLERROR,
and those our CALLs end with."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any, ClassVar


class OcppError(Exception):
    """An OCPP-J error: code, description, details. Raise it in a handler to answer with that
    CALLERROR.

    The code is an `ErrorCode` (or its text): ValueError for anything else, so that a handler
    cannot put on the wire a code the peer does not know. The description is a string and the
    details a mapping (TypeError otherwise); details that are not JSON go out as `{}`.
    """

    error_codes: ClassVar[type[StrEnum] | None] = None  # the protocol's ErrorCode

    def __init__(
        self,
        code: StrEnum | str,
        description: str = "",
        details: Mapping[str, Any] | None = None,
    ) -> None:
        codes = type(self).error_codes
        if codes is None:
            raise TypeError("raise the OcppError of the protocol's dispatch module")
        try:
            member = codes(code)
        except ValueError:
            raise ValueError(
                f"{code!r} is not an OCPP-J error code; use an ErrorCode member"
            ) from None
        if not isinstance(description, str):
            kind = type(description).__name__
            raise TypeError(f"an OcppError's description is a string, not {kind}")
        if details is not None and not isinstance(details, Mapping):
            kind = type(details).__name__
            raise TypeError(f"an OcppError's details are a mapping, not {kind}")
        self.code: StrEnum = member
        self.description = description or str(getattr(member, "meaning", ""))
        self.details: dict[str, Any] = dict(details or {})
        super().__init__(f"{self.code}: {self.description}")


class CallError(Exception):
    """The peer answered a CALL with a CALLERROR: its code (as sent), description, details."""

    def __init__(
        self,
        code: str,
        description: str,
        details: Mapping[str, Any],
        *,
        action: str,
        unique_id: str,
    ) -> None:
        super().__init__(f"{action} {unique_id}: {code}: {description}")
        self.code = code
        self.description = description
        self.details: dict[str, Any] = dict(details)
        self.action = action
        self.unique_id = unique_id


class InvalidResponseError(Exception):
    """The peer's answer to a CALL did not validate; `code` is what a CALL this bad would get."""

    def __init__(
        self,
        code: str,
        description: str,
        details: Mapping[str, Any],
        *,
        action: str,
        unique_id: str,
    ) -> None:
        super().__init__(f"{action} {unique_id}: {code}: {description}")
        self.code = code
        self.description = description
        self.details: dict[str, Any] = dict(details)
        self.action = action
        self.unique_id = unique_id


class CallTimeoutError(TimeoutError):
    """No answer to a CALL within the endpoint's response timeout."""

    def __init__(self, action: str, unique_id: str, timeout: float) -> None:
        super().__init__(f"no answer to {action} {unique_id} within {timeout} s")
        self.action = action
        self.unique_id = unique_id


class EndpointClosedError(ConnectionError):
    """The endpoint was closed (its connection is gone) before a CALL could be answered."""
