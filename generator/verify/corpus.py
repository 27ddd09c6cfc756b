"""The corpus: realistic messages as chargers and back ends send them, valid or not, from files."""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import GenerationError
from ..ir import Message


@dataclass(frozen=True)
class CorpusEntry:
    """One corpus file: a message as a charger or back end sends it, valid or not."""

    name: str
    description: str
    action: str
    direction: str
    payload: Any
    frame: str | None
    expected_error: str | None

    @property
    def valid(self) -> bool:
        return self.expected_error is None


@dataclass(frozen=True)
class PayloadsByMessage:
    """The corpus's payload entries (frame entries aside) sorted to the messages of a protocol."""

    entries: dict[str, tuple[CorpusEntry, ...]]  # by message name, in corpus order
    skipped: tuple[str, ...]  # names of the entries whose action and direction no message has

    def of(self, message: str) -> tuple[CorpusEntry, ...]:
        return self.entries.get(message, ())


def payloads_by_message(corpus: Iterable[CorpusEntry], messages: Iterable[Message]) -> PayloadsByMessage:
    """Each payload entry under the message of its action and direction; the others named as skipped."""
    names: dict[tuple[str, str], str] = {(m.action, m.direction): m.name for m in messages}
    entries: dict[str, list[CorpusEntry]] = {}
    skipped = []
    for entry in corpus:
        if entry.frame is not None:
            continue
        name = names.get((entry.action, entry.direction))
        if name is None:
            skipped.append(entry.name)
        else:
            entries.setdefault(name, []).append(entry)
    return PayloadsByMessage({name: tuple(found) for name, found in entries.items()}, tuple(sorted(skipped)))


def load_corpus(directory: Path, error_codes: Collection[str]) -> list[CorpusEntry]:
    """Every `valid/*.json` and `invalid/*.json` below the directory, checked for form.

    An invalid entry's `expected_error` must be one of `error_codes`, the protocol's CALLERROR codes.
    """
    entries = []
    for kind in ("valid", "invalid"):
        for path in sorted((directory / kind).glob("*.json")):
            entries.append(_corpus_entry(path, f"{kind}/{path.name}", kind == "valid", error_codes))
    if not entries:
        raise GenerationError.single(directory, "", "no corpus files (valid/*.json, invalid/*.json)")
    return entries


def _corpus_entry(path: Path, name: str, valid: bool, error_codes: Collection[str]) -> CorpusEntry:
    try:
        content = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise GenerationError.single(path, "", f"not a JSON corpus file: {error}") from None
    if not isinstance(content, dict):
        raise GenerationError.single(path, "", "a corpus file holds a JSON object")
    problems = _form_problems(content, valid, error_codes)
    if problems:
        raise GenerationError([GenerationError.single(path, p, m).problems[0] for p, m in problems])
    return CorpusEntry(
        name=name,
        description=content["description"],
        action=content.get("action", ""),
        direction=content.get("direction", ""),
        payload=content.get("payload"),
        frame=content.get("frame"),
        expected_error=content.get("expected_error"),
    )


def _form_problems(content: dict[str, Any], valid: bool, error_codes: Collection[str]) -> list[tuple[str, str]]:
    """(pointer, problem) for each way the file's object is not a corpus entry of its kind."""
    allowed = {"description", "action", "direction", "payload"} | (set() if valid else {"expected_error", "frame"})
    problems = [(f"/{key}", "unknown key") for key in content if key not in allowed]
    require: list[tuple[str, type]] = [("description", str)]
    if "frame" in content:
        require.append(("frame", str))
        problems += [("/payload", "a frame entry has no payload")] if "payload" in content else []
    else:
        require += [("action", str)]
        problems += [] if "payload" in content else [("/payload", "missing")]
        if content.get("direction") not in ("request", "response"):
            problems.append(("/direction", 'must be "request" or "response"'))
    if not valid:
        require.append(("expected_error", str))
        if content.get("expected_error") not in error_codes:
            problems.append(("/expected_error", f"must be one of {', '.join(sorted(error_codes))}"))
    problems += [
        (f"/{key}", f"missing or not a {kind.__name__}")
        for key, kind in require
        if not isinstance(content.get(key), kind)
    ]
    return problems
