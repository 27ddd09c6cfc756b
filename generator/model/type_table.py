"""Every named type defined once: the first definition of a name is kept, a later equal one adds
its place, and a later different one is a problem (the consistency lint)."""

from __future__ import annotations

from dataclasses import replace

from .. import naming
from ..ir import Message, NamedType, Ref
from .findings import Findings
from .lint import differences


class TypeTable:
    """The named types of one build, by name."""

    def __init__(self, findings: Findings) -> None:
        self.findings = findings
        self.types: dict[str, NamedType] = {}

    def register(self, named: NamedType) -> Ref:
        """A reference to the type, defined here unless it already is; a differing definition is a problem."""
        if not naming.is_safe_identifier(named.name):
            origin = named.origins[0]
            self.findings.problem(origin.file, origin.pointer, f"type name {named.name!r} is not a Python identifier")
            return Ref(named.name)
        known = self.types.get(named.name)
        if known is None:
            self.types[named.name] = named
            return Ref(named.name)
        found = differences(known, named)
        if found:
            here, there = named.origins[0], known.origins[0]
            self.findings.problem(
                here.file,
                here.pointer,
                f"defines {named.name} unlike {there}: {'; '.join(found)}. "
                "Make them equal with an erratum in the errata directory.",
            )
        elif named.origins[0] not in known.origins:
            self.types[named.name] = replace(known, origins=known.origins + named.origins)
        return Ref(named.name)

    def check_message_names(self, messages: list[Message]) -> None:
        """A message's class and a type's class would share one name."""
        for message in messages:
            if message.name in self.types:
                clash = self.types[message.name]
                where = ", ".join(str(o) for o in clash.origins)
                self.findings.problem(
                    message.file, "", f"message {message.name} has the name of a type defined at {where}"
                )

    def in_name_order(self) -> tuple[NamedType, ...]:
        return tuple(sorted(self.types.values(), key=lambda t: t.name))
