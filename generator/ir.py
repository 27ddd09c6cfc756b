"""The intermediate representation: what the model stage builds and every later stage reads.

Plain frozen data. Types refer to each other by name (`Ref`), so two places that use the same
specification type share one definition. `origins` says where in the schemas a type was found;
it takes no part in comparing types.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

# "integer" is JSON Schema draft-04's (no fraction, no exponent); "integral_number" is draft-06
# and later's "integer": any number with no fractional part, 3.0 included. "any" is any JSON value.
PrimitiveKind = Literal["string", "integer", "integral_number", "number", "boolean", "datetime", "uri", "any"]
Direction = Literal["request", "response"]


@dataclass(frozen=True)
class Origin:
    """A place in the schema set: file name and JSON pointer."""

    file: str
    pointer: str

    def __str__(self) -> str:
        return f"{self.file}#{self.pointer}"


@dataclass(frozen=True)
class Primitive:
    kind: PrimitiveKind
    min_length: int | None = None
    max_length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: float | None = None
    exclusive_maximum: float | None = None
    multiple_of: float | None = None

    def constraints(self) -> dict[str, float]:
        """The constraints given, by their JSON Schema keyword."""
        keywords = {
            "minLength": self.min_length,
            "maxLength": self.max_length,
            "minimum": self.minimum,
            "maximum": self.maximum,
            "exclusiveMinimum": self.exclusive_minimum,
            "exclusiveMaximum": self.exclusive_maximum,
            "multipleOf": self.multiple_of,
        }
        return {keyword: value for keyword, value in keywords.items() if value is not None}


@dataclass(frozen=True)
class ArrayOf:
    items: TypeRef
    min_items: int | None = None
    max_items: int | None = None

    def constraints(self) -> dict[str, int]:
        """The constraints given, by their JSON Schema keyword."""
        keywords = {"minItems": self.min_items, "maxItems": self.max_items}
        return {keyword: value for keyword, value in keywords.items() if value is not None}


@dataclass(frozen=True)
class Ref:
    """A use of a named type (`ObjectType`, `EnumType` or `AliasType`)."""

    name: str


TypeRef = Primitive | ArrayOf | Ref


@dataclass(frozen=True)
class Field:
    wire_name: str
    python_name: str
    type: TypeRef
    required: bool
    description: str | None = None


@dataclass(frozen=True)
class ObjectType:
    name: str
    fields: tuple[Field, ...]
    closed: bool
    description: str | None = None
    origins: tuple[Origin, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class EnumMember:
    python_name: str
    value: str


@dataclass(frozen=True)
class EnumType:
    name: str
    members: tuple[EnumMember, ...]
    description: str | None = None
    origins: tuple[Origin, ...] = field(default=(), compare=False)


@dataclass(frozen=True)
class AliasType:
    """A named scalar: `CiString20Type` for a string of at most 20 characters, `IdToken` for that."""

    name: str
    target: Primitive | Ref
    description: str | None = None
    origins: tuple[Origin, ...] = field(default=(), compare=False)


NamedType = ObjectType | EnumType | AliasType


@dataclass(frozen=True)
class Message:
    """One request or response: its schema file and its body, an object type named after it."""

    name: str
    action: str
    direction: Direction
    file: str
    draft: str
    sha256: str
    schema_text: str
    body: ObjectType


@dataclass(frozen=True)
class Action:
    name: str
    initiator: str
    profile: str
    request: Message
    response: Message


@dataclass(frozen=True)
class SendAction:
    """A SEND (OCPP-J 2.1, message type 6): one message, never answered, named after its schema file."""

    name: str
    initiator: str
    profile: str
    request: Message


@dataclass(frozen=True)
class Side:
    """One end of a connection, or the `either` initiator: as the protocol data names it."""

    name: str  # its value as an initiator, and the class name of its endpoint
    title: str  # how prose names it


@dataclass(frozen=True)
class Sides:
    """The two ends of an OCPP-J connection and the initiator of an action both send."""

    client: Side  # connects to the server
    server: Side  # the WebSocket server
    either: Side  # not a side: the initiator of an action either side sends

    @property
    def ends(self) -> tuple[Side, Side]:
        return (self.client, self.server)

    @property
    def initiators(self) -> tuple[Side, Side, Side]:
        return (self.client, self.server, self.either)

    def sends(self, action: Action, side: str) -> bool:
        """Whether the side of that name sends the action's CALL."""
        return action.initiator in (side, self.either.name)

    def peer(self, side: str) -> Side:
        """The other end; the peer of `either` is `either`."""
        return {self.client.name: self.server, self.server.name: self.client}.get(side, self.either)

    def title(self, initiator: str) -> str:
        return next(side.title for side in self.initiators if side.name == initiator)


@dataclass(frozen=True)
class RpcSpec:
    """OCPP-J, the RPC framework: frame limits, the CALLERROR codes, and which code answers which problem."""

    unique_id_max_length: int
    unreadable_unique_id: str
    error_codes: tuple[tuple[str, str], ...]  # (code, meaning), in the data file's order
    answers: tuple[tuple[str, str], ...]  # (problem, code)
    identity_pattern: str = ""  # a regular expression the whole identity of the client must match
    message_types: tuple[tuple[str, int], ...] = (("call", 2), ("call_result", 3), ("call_error", 4))
    unknown_message_type: str = "answer"  # or "ignore": what a frame of another message type gets

    @property
    def codes(self) -> tuple[str, ...]:
        """The CALLERROR codes, as spelled on the wire."""
        return tuple(code for code, _ in self.error_codes)

    def answer(self, problem: str) -> str:
        return dict(self.answers)[problem]


@dataclass(frozen=True)
class Protocol:
    """Everything the render stage needs."""

    name: str
    subprotocol: str
    actions: tuple[Action, ...]
    types: tuple[NamedType, ...]
    rpc: RpcSpec
    sides: Sides
    sends: tuple[SendAction, ...] = ()

    @property
    def messages(self) -> tuple[Message, ...]:
        """Every message: each CALL's request and response, then each SEND's message."""
        return tuple(m for a in self.actions for m in (a.request, a.response)) + tuple(s.request for s in self.sends)

    @property
    def profiles(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(a.profile for a in self.actions))

    def named(self, name: str) -> NamedType:
        return next(t for t in self.types if t.name == name)
