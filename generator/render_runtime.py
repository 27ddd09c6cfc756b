"""Render-stage helpers for the runtime half of the package and its companions.

The per-protocol half of the package's runtime (`table.py`, `dispatch.py`: the error codes,
the OCPP-J rules and the side classes over the fixed endpoint of `generator/runtime/`, the
transport's `_websocket.py`, and `_schemas.py` with `--embed-schemas`) comes from templates under
`templates/package/`; this module gives those templates their variables. It also renders the two files that live outside the
package: the Markdown catalogue (`--docs FILE`) and the starter handler module
(`ocpp-codegen scaffold`).

Which side sends which action comes from the IR (the protocol data's initiators), and which
error code answers which problem from the protocol data's `[rpc]` table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import jinja2

from . import naming
from .errors import GenerationError
from .ir import (
    Action,
    AliasType,
    ArrayOf,
    EnumType,
    Message,
    NamedType,
    ObjectType,
    Primitive,
    Protocol,
    Ref,
    SendAction,
    Side,
    Sides,
    TypeRef,
)

SCHEMAS_MODULE = "_schemas.py"
SCHEMAS_TEMPLATE = "package/_schemas.py.jinja2"
DOCS_TEMPLATE = "docs/catalogue.md.jinja2"
SCAFFOLD_TEMPLATE = "scaffold/handlers.py.jinja2"


@dataclass(frozen=True)
class ActionView:
    """One action as the runtime templates use it."""

    action: Action
    sides: Sides
    constant: str  # BOOT_NOTIFICATION, its entry in table.py
    method: str  # boot_notification: the outgoing call
    handler: str  # on_boot_notification: the incoming CALL's handler

    @property
    def name(self) -> str:
        return self.action.name

    @property
    def request(self) -> Message:
        return self.action.request

    @property
    def response(self) -> Message:
        return self.action.response

    def sender_of(self, message: Message) -> str:
        """Who sends the message, in words: the initiator sends the request, the other side the response."""
        if self.action.initiator == self.sides.either.name:
            return self.sides.either.title
        if message.direction == "request":
            return "the " + self.sides.title(self.action.initiator)
        return "the " + self.sides.peer(self.action.initiator).title


@dataclass(frozen=True)
class SendView:
    """One SEND action as the runtime templates use it: like an action, with no response."""

    action: SendAction
    constant: str  # NOTIFY_PERIODIC_EVENT_STREAM, its entry in table.py
    method: str  # notify_periodic_event_stream: sends it
    handler: str  # on_notify_periodic_event_stream: receives it

    @property
    def name(self) -> str:
        return self.action.name

    @property
    def request(self) -> Message:
        return self.action.request


@dataclass(frozen=True)
class SideView:
    """One end of a connection: the actions it answers and the actions it sends."""

    name: str  # the endpoint's class name, as the protocol data's [sides] names it
    member: str  # its Initiator member: the name in snake_case
    title: str  # how prose names it
    peer_title: str  # how prose names the other end
    incoming: tuple[ActionView, ...]
    outgoing: tuple[ActionView, ...]
    incoming_sends: tuple[SendView, ...] = ()
    outgoing_sends: tuple[SendView, ...] = ()


def runtime_context(protocol: Protocol, embed_schemas: bool = False) -> dict[str, Any]:
    """The variables of the runtime templates (table, dispatch, transport, schemas, docs, scaffold)."""
    views = [action_view(action, protocol.sides) for action in protocol.actions]
    rpc = protocol.rpc
    code_members = {code: _member(code) for code, _ in rpc.error_codes}
    answers = {problem: code_members[code] for problem, code in rpc.answers}
    send_views = [send_view(send) for send in protocol.sends]
    sides = [_side_view(side, protocol.sides, views, send_views) for side in protocol.sides.ends]
    return {
        "action_views": views,
        "send_views": send_views,
        "sides": sides,
        "server_side": next(s for s in sides if s.name == protocol.sides.server.name),
        "client_side": next(s for s in sides if s.name == protocol.sides.client.name),
        "initiators": [(_member(initiator.name), initiator.name) for initiator in protocol.sides.initiators],
        "profiles": [(_member(profile), profile) for profile in protocol.profiles],
        "member": _member,
        "spaced": protocol.sides.title,
        "error_codes": [(code_members[code], code, meaning) for code, meaning in rpc.error_codes],
        "answers": answers,
        "answer_codes": dict(rpc.answers),
        "rpc": rpc,
        "message_types": dict(rpc.message_types),
        "embed_schemas": embed_schemas,
        "schema_messages": sorted(protocol.messages, key=lambda m: m.file),
    }


def action_view(action: Action, sides: Sides) -> ActionView:
    """The names an action gets in the runtime modules."""
    method = naming.snake_case(action.name)
    return ActionView(action, sides, _constant(action.name), method, f"on_{method}")


def send_view(send: SendAction) -> SendView:
    """The names a SEND action gets in the runtime modules."""
    method = naming.snake_case(send.name)
    return SendView(send, _constant(send.name), method, f"on_{method}")


def _side_view(side: Side, sides: Sides, views: list[ActionView], send_views: list[SendView]) -> SideView:
    peer = sides.peer(side.name)
    return SideView(
        name=side.name,
        member=_member(side.name),
        title=side.title,
        peer_title=peer.title,
        incoming=tuple(v for v in views if sides.sends(v.action, peer.name)),
        outgoing=tuple(v for v in views if sides.sends(v.action, side.name)),
        incoming_sends=tuple(v for v in send_views if v.action.initiator in (peer.name, sides.either.name)),
        outgoing_sends=tuple(v for v in send_views if v.action.initiator in (side.name, sides.either.name)),
    )


def scaffold_side_names(sides: Sides) -> dict[str, str]:
    """The `--side` value of each end (its name in kebab case) -> its name."""
    return {naming.snake_case(side.name).replace("_", "-"): side.name for side in sides.ends}


def _constant(name: str) -> str:
    return naming.snake_case(name).upper()


def _member(name: str) -> str:
    return naming.snake_case(name)


# --- Markdown (the catalogue) --------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def markdown_text(text: str | None) -> str:
    """Schema text as inert Markdown inside a table cell or paragraph: one line, every markup character escaped."""
    if not text:
        return ""
    flat = " ".join(text.split())
    return _MARKDOWN_SPECIAL.sub(r"\\\1", flat).replace("&", "&amp;")


def markdown_code(text: str) -> str:
    """A value as an inline code span that no character of it can break (also inside a table)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("|", "&#124;")
    escaped = escaped.replace("`", "&#96;").replace("\\", "&#92;").replace("\n", " ")
    return f"<code>{escaped}</code>"


def anchor(name: str) -> str:
    """The heading anchor GitHub gives `### Name` for an identifier."""
    return name.lower()


def type_markdown(type_ref: TypeRef) -> str:
    """A field's type in the catalogue, named types linked to their section."""
    if isinstance(type_ref, Ref):
        return f"[{type_ref.name}](#{anchor(type_ref.name)})"
    if isinstance(type_ref, ArrayOf):
        bounds = _bounds(type_ref.min_items, type_ref.max_items, "item")
        return f"array of {type_markdown(type_ref.items)}" + (f" ({bounds})" if bounds else "")
    return primitive_markdown(type_ref)


def primitive_markdown(primitive: Primitive) -> str:
    words = {"datetime": "date-time", "uri": "URI"}.get(primitive.kind, primitive.kind)
    constraints = [_bounds(primitive.min_length, primitive.max_length, "character")]
    for label, value in (
        ("≥", primitive.minimum),
        ("≤", primitive.maximum),
        (">", primitive.exclusive_minimum),
        ("<", primitive.exclusive_maximum),
        ("multiple of", primitive.multiple_of),
    ):
        if value is not None:
            constraints.append(f"{label} {_number(value)}")
    shown = [c for c in constraints if c]
    return words + (f" ({', '.join(shown)})" if shown else "")


def _bounds(low: int | None, high: int | None, unit: str) -> str:
    if low is not None and high is not None:
        return f"{low}..{high} {unit}s"
    if low is not None:
        return f"at least {low} {unit}{'' if low == 1 else 's'}"
    if high is not None:
        return f"at most {high} {unit}{'' if high == 1 else 's'}"
    return ""


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def docs_context(protocol: Protocol) -> dict[str, Any]:
    """What the catalogue lists beyond the runtime context: every named type by kind."""
    types: list[NamedType] = list(protocol.types)
    return {
        "datatypes": [t for t in types if isinstance(t, ObjectType)],
        "enums": [t for t in types if isinstance(t, EnumType)],
        "scalars": [t for t in types if isinstance(t, AliasType)],
    }


def register_filters(environment: jinja2.Environment) -> None:
    environment.filters["md"] = markdown_text
    environment.filters["md_code"] = markdown_code
    environment.filters["md_type"] = type_markdown
    environment.filters["anchor"] = anchor


# --- scaffold ------------------------------------------------------------------------------

_PACKAGE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*\Z")


def scaffold_context(protocol: Protocol, side: str, package: str) -> dict[str, Any]:
    """The variables of the starter module for one side (`central-system` or `charge-point`)."""
    side_names = scaffold_side_names(protocol.sides)
    if side not in side_names:
        raise GenerationError.single("--side", "", f"must be one of {', '.join(side_names)}")
    if not _PACKAGE_NAME.match(package) or any(not naming.is_safe_identifier(p) for p in package.split(".")):
        raise GenerationError.single("--package", "", f"{package!r} is not an importable package name")
    context = runtime_context(protocol)
    chosen = next(s for s in context["sides"] if s.name == side_names[side])
    return {**context, "side": chosen, "package": package}
