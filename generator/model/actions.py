"""Pairing schema files into actions: the protocol data names each action's request and
response files; a file of no action, or half a pair, is a problem."""

from __future__ import annotations

from ..ir import Action, Direction, Message, SendAction
from ..load import SchemaDocument, SchemaSet
from ..protocol_data import ActionInfo, ProtocolData
from .findings import Findings
from .reader import SchemaReader


def pair_actions(schema_set: SchemaSet, data: ProtocolData, reader: SchemaReader, findings: Findings) -> list[Action]:
    """Every action of the protocol data whose files are in the set, in the data's order."""
    actions = []
    for info in data.actions:
        action = _action(info, schema_set, data, reader, findings)
        if action is not None:
            actions.append(action)
    claimed = {name for info in data.actions for name in _file_names(info, data)}
    claimed.update(data.send_file.format(action=info.name) for info in data.sends)
    for document in schema_set.documents:
        if document.file_name not in claimed:
            findings.problem(
                document.file_name, "", f"belongs to no action of {data.name}; add the action to {data.path.name}"
            )
    return actions


def read_sends(schema_set: SchemaSet, data: ProtocolData, reader: SchemaReader, findings: Findings) -> list[SendAction]:
    """Every SEND action of the protocol data whose schema file is in the set, in the data's order.
    Its one message is named after its file (`NotifyPeriodicEventStream`): a SEND has no response."""
    sends = []
    for info in data.sends:
        document = schema_set.document(data.send_file.format(action=info.name))
        if document is not None:
            message = _message(document, info.name, "request", reader, findings, name=info.name)
            sends.append(SendAction(info.name, info.initiator, info.profile, message))
    return sends


def _file_names(info: ActionInfo, data: ProtocolData) -> tuple[str, str]:
    return data.request_file.format(action=info.name), data.response_file.format(action=info.name)


def _action(
    info: ActionInfo, schema_set: SchemaSet, data: ProtocolData, reader: SchemaReader, findings: Findings
) -> Action | None:
    """The action when both its files are in the set; None when neither is, or only one (a problem)."""
    request_file, response_file = _file_names(info, data)
    request, response = schema_set.document(request_file), schema_set.document(response_file)
    if request is None and response is None:
        return None
    if request is None or response is None:
        present, missing = (request, response_file) if request else (response, request_file)
        assert present is not None
        findings.problem(
            present.file_name, "", f"{info.name} has no {missing}: a request and its response come in pairs"
        )
        return None
    return Action(
        info.name,
        info.initiator,
        info.profile,
        _message(request, info.name, "request", reader, findings),
        _message(response, info.name, "response", reader, findings),
    )


def _message(
    document: SchemaDocument,
    action: str,
    direction: Direction,
    reader: SchemaReader,
    findings: Findings,
    name: str = "",
) -> Message:
    name = name or action + direction.capitalize()
    title = document.content.get("title")
    if title is not None and title != name:
        findings.problem(
            document.file_name, "/title", f"title {title!r} does not match the file name, which makes it {name}"
        )
    return Message(
        name=name,
        action=action,
        direction=direction,
        file=document.file_name,
        draft=document.draft,
        sha256=document.sha256,
        schema_text=document.text,
        body=reader.message_body(document, name),
    )
