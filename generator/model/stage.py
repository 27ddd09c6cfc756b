"""The model stage's recipe: the loaded schemas and the protocol data in, the IR out."""

from __future__ import annotations

from dataclasses import dataclass

from ..ir import Protocol
from ..load import SchemaSet
from ..protocol_data import ProtocolData
from .actions import pair_actions, read_sends
from .findings import Findings
from .reader import SchemaReader
from .references import References
from .type_names import TypeNamer
from .type_table import TypeTable


@dataclass(frozen=True)
class ModelResult:
    protocol: Protocol
    warnings: tuple[str, ...]


def build_protocol(schema_set: SchemaSet, data: ProtocolData) -> ModelResult:
    """The intermediate representation of a schema set, or a GenerationError listing every problem."""
    findings = Findings(schema_set)
    namer = TypeNamer(data, findings)
    table = TypeTable(findings)
    reader = SchemaReader(data, References(schema_set, findings), namer, table, findings)
    actions = pair_actions(schema_set, data, reader, findings)
    sends = read_sends(schema_set, data, reader, findings)
    table.check_message_names([m for a in actions for m in (a.request, a.response)] + [s.request for s in sends])
    namer.warn_of_unused_rules()
    findings.stop_on_problems()
    protocol = Protocol(
        name=data.name,
        subprotocol=data.subprotocol,
        actions=tuple(actions),
        types=table.in_name_order(),
        rpc=data.rpc,
        sides=data.sides,
        sends=tuple(sends),
    )
    return ModelResult(protocol, tuple(findings.warnings))
