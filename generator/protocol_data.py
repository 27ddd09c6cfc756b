"""Protocol knowledge kept as data (`protocols/*.toml`): sides, actions, initiators, profiles, type names."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import GenerationError, Problem
from .ir import RpcSpec, Side, Sides
from .jsonfile import read_input_text
from .naming import is_safe_identifier
from .rpc_data import parse_rpc

PROTOCOLS_DIRECTORY = Path(__file__).parent / "protocols"
DEFAULT_PROTOCOL = PROTOCOLS_DIRECTORY / "ocpp16.toml"
# The `[sides]` entries: the two ends of a connection and the initiator of an action both send.
SIDE_KEYS = ("client", "server", "either")
# A CALL is answered (CALLRESULT or CALLERROR); a SEND (OCPP-J 2.1) has no response and no response schema.
KINDS = ("call", "send")


@dataclass(frozen=True)
class ActionInfo:
    name: str
    initiator: str
    profile: str
    kind: str = "call"


@dataclass(frozen=True)
class ProtocolData:
    path: Path
    text: str
    name: str
    subprotocol: str
    request_file: str
    response_file: str
    sides: Sides
    actions: tuple[ActionInfo, ...]
    string_types: dict[int, str]
    type_names: dict[str, str]
    enum_member_names: dict[str, str]
    rpc: RpcSpec
    sends: tuple[ActionInfo, ...] = ()  # the SEND actions; `actions` holds the CALLs
    send_file: str = ""  # how a SEND's schema file is named, e.g. "{action}.json"

    def action(self, name: str) -> ActionInfo | None:
        return next((a for a in self.actions if a.name == name), None)


def load_protocol_data(path: Path = DEFAULT_PROTOCOL) -> ProtocolData:
    text = read_input_text(path)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise GenerationError.single(path, "", f"invalid TOML: {error}") from None
    problems: list[Problem] = []
    protocol = _table(data, "protocol", path, problems)
    sides = _sides(_table(data, "sides", path, problems), path, problems)
    every_action = _actions(_table(data, "actions", path, problems), sides, path, problems)
    actions = tuple(a for a in every_action if a.kind == "call")
    sends = tuple(a for a in every_action if a.kind == "send")
    string_types = _string_types(data.get("string_types", {}), path, problems)
    type_names = _names(data.get("type_names", {}), "/type_names", path, problems)
    member_names = _names(data.get("enum_member_names", {}), "/enum_member_names", path, problems)
    rpc = parse_rpc(data.get("rpc"), path, problems)
    fields = {
        key: _string(protocol, key, path, problems) for key in ("name", "subprotocol", "request_file", "response_file")
    }
    send_file = _string(protocol, "send_file", path, problems) if sends or "send_file" in protocol else ""
    if problems:
        raise GenerationError(problems)
    return ProtocolData(
        path,
        text,
        **fields,
        sides=sides,
        actions=actions,
        string_types=string_types,
        type_names=type_names,
        enum_member_names=member_names,
        rpc=rpc,
        sends=sends,
        send_file=send_file,
    )


def _table(data: dict[str, Any], key: str, path: Path, problems: list[Problem]) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        problems.append(Problem(str(path), f"/{key}", "missing table"))
        return {}
    return value


def _string(table: dict[str, Any], key: str, path: Path, problems: list[Problem]) -> str:
    value = table.get(key)
    if not isinstance(value, str) or not value:
        problems.append(Problem(str(path), f"/protocol/{key}", "must be a non-empty string"))
        return ""
    return value


def _sides(table: dict[str, Any], path: Path, problems: list[Problem]) -> Sides:
    sides = []
    for key in SIDE_KEYS:
        entry = table.get(key)
        if not isinstance(entry, dict) or not all(
            isinstance(entry.get(k), str) and entry[k] for k in ("name", "title")
        ):
            problems.append(Problem(str(path), f"/sides/{key}", "needs a name and a title"))
            sides.append(Side(key, key))
        elif not is_safe_identifier(entry["name"]):
            problems.append(Problem(str(path), f"/sides/{key}/name", "a side's name must be a plain identifier"))
            sides.append(Side(key, key))
        else:
            sides.append(Side(entry["name"], entry["title"]))
    if len({side.name for side in sides}) != len(sides):
        problems.append(Problem(str(path), "/sides", "the client, the server and either need three different names"))
    for key in table.keys() - set(SIDE_KEYS):
        problems.append(Problem(str(path), f"/sides/{key}", f"unknown entry; the known ones: {', '.join(SIDE_KEYS)}"))
    client, server, either = sides
    return Sides(client, server, either)


def _actions(table: dict[str, Any], sides: Sides, path: Path, problems: list[Problem]) -> tuple[ActionInfo, ...]:
    actions = []
    initiators = [side.name for side in sides.initiators]
    for name, info in table.items():
        pointer = f"/actions/{name}"
        if not is_safe_identifier(name):
            problems.append(Problem(str(path), pointer, "an action name must be a plain identifier"))
        elif (
            not isinstance(info, dict)
            or info.get("initiator") not in initiators
            or not isinstance(info.get("profile"), str)
        ):
            problems.append(
                Problem(str(path), pointer, f"needs initiator (one of {', '.join(initiators)}) and profile")
            )
        elif not is_safe_identifier(info["profile"]):
            problems.append(Problem(str(path), f"{pointer}/profile", "a profile name must be a plain identifier"))
        elif info.get("kind", "call") not in KINDS:
            problems.append(Problem(str(path), f"{pointer}/kind", f"must be one of {', '.join(KINDS)}"))
        else:
            actions.append(ActionInfo(name, info["initiator"], info["profile"], info.get("kind", "call")))
    return tuple(actions)


def _string_types(table: Any, path: Path, problems: list[Problem]) -> dict[int, str]:
    result = {}
    for length, name in dict(table).items():
        if not length.isdigit() or not isinstance(name, str) or not is_safe_identifier(name):
            problems.append(Problem(str(path), f"/string_types/{length}", "maps a maxLength to a type name"))
        else:
            result[int(length)] = name
    return result


def _names(table: Any, pointer: str, path: Path, problems: list[Problem]) -> dict[str, str]:
    result = {}
    for key, name in dict(table).items():
        if not isinstance(name, str) or not is_safe_identifier(name):
            problems.append(Problem(str(path), f"{pointer}/{key}", f"{name!r} is not a plain identifier"))
        else:
            result[key] = name
    return result
