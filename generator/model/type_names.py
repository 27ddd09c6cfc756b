"""The specification's name for a type at a place: the protocol data's `[type_names]` rules,
a definition's key, or a name made from the place, with a warning.

A rule's key is a naming path suffix (`MeterValue.sampledValue[]`); it matches every place whose
path ends with it, and the longest match wins.
"""

from __future__ import annotations

from .. import naming
from ..protocol_data import ProtocolData
from .findings import Findings
from .location import Location


class TypeNamer:
    """Names types by the rules of one protocol data file, remembering which rules matched."""

    def __init__(self, data: ProtocolData, findings: Findings) -> None:
        self.data = data
        self.findings = findings
        self.rules = [(tuple(key.split(".")), name, key) for key, name in data.type_names.items()]
        self.used_rules: set[str] = set()

    def name_for(self, location: Location) -> str | None:
        """The longest type-name rule matching the path wins; a definition keeps its key otherwise."""
        matches = [
            (len(segments), name, key)
            for segments, name, key in self.rules
            if location.path[-len(segments) :] == segments
        ]
        if matches:
            longest = max(length for length, _, _ in matches)
            best = {(name, key) for length, name, key in matches if length == longest}
            self.used_rules.update(key for _, key in best)
            if len({name for name, _ in best}) > 1:
                keys = ", ".join(sorted(key for _, key in best))
                self.findings.problem_at(
                    location, location.pointer, f"type-name rules {keys} match equally and disagree"
                )
            return min(name for name, _ in best)
        if location.pointer.startswith("/definitions/") and location.pointer.count("/") == 2:
            return location.path[-1]
        return None

    def fallback(self, location: Location) -> str:
        """A name made from the place, for a type the specification does not name; with a warning."""
        name = naming.pascal_case([p.replace("[]", "") for p in location.path])
        self.findings.warn(
            f"{location.origin}: no specification name for this type; calling it {name} "
            f"(name it under [type_names] in {self.data.path.name})"
        )
        return name

    def warn_of_unused_rules(self) -> None:
        """A rule that matched no place is stale, or misspelt."""
        for key in sorted(set(self.data.type_names) - self.used_rules):
            self.findings.warn(f"{self.data.path}#/type_names/{key}: matches no place in these schemas")
