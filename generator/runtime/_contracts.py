"""What the transport and its users share, with no socket library: the endpoint and action
it works with (any package's, typed structurally), the identity rule, its limits and errors.
`transport` re-exports each name."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any, Final, Protocol, TypeAlias, TypeVar
from urllib.parse import unquote, urlsplit

from ._websocket import IDENTITY_PATTERN

IDENTITY: Final = re.compile(IDENTITY_PATTERN)
"""What an identity (percent-decoded) must match, whole: see the README."""
MAX_QUEUED_CALLS: Final = 4
"""How many of the peer's CALLs may wait for their answers before the connection is closed."""

Send: TypeAlias = Callable[[str], Awaitable[None]]

CallT = TypeVar("CallT")
RequestT = TypeVar("RequestT")
ResponseT = TypeVar("ResponseT")
RequestT_co = TypeVar("RequestT_co", covariant=True)
ResponseT_co = TypeVar("ResponseT_co", covariant=True)


class OcppEndpoint(Protocol[CallT]):
    """What the transport needs of an endpoint: any package's `dispatch.Endpoint` is one."""

    def receive_frame(self, frame: str | bytes) -> CallT | str | None: ...

    async def answer(self, call: CallT) -> str: ...

    async def call(self, action: Any, request: Any) -> Any: ...

    def close(self) -> None: ...

    @property
    def closed(self) -> bool: ...

    async def wait_closed(self) -> None: ...


EndpointT = TypeVar("EndpointT", bound=OcppEndpoint[Any])


class Action(Protocol[RequestT_co, ResponseT_co]):
    """An action of any package's `table` (`table.RESET`): what `Server.call` takes."""

    @property
    def name(self) -> str: ...

    @property
    def request(self) -> type[RequestT_co]: ...

    @property
    def response(self) -> type[ResponseT_co]: ...


class NotConnectedError(LookupError):
    """No connection with this identity is open on the server."""

    def __init__(self, identity: str) -> None:
        super().__init__(f"{identity!r} is not connected")
        self.identity = identity


def identity_of(path: str) -> str:
    """The identity in a URL or path: its last segment, percent-decoded."""
    return unquote(urlsplit(path).path.rsplit("/", 1)[-1])


def valid_identity(path: str) -> str | None:
    """The identity in a URL or path if it matches `IDENTITY`, else None."""
    segment = urlsplit(path).path.rsplit("/", 1)[-1]
    try:
        identity = unquote(segment, errors="strict")
    except UnicodeDecodeError:
        return None
    return identity if IDENTITY.fullmatch(identity) else None


def check_queue_bound(limit: int) -> None:
    if not isinstance(limit, int) or limit < 1:
        raise ValueError(f"max_queued_calls is a positive integer, not {limit!r}")
