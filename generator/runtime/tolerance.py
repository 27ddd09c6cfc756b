"""Tolerant reading of inbound payloads: named deviations from the schemas, accepted on purpose.

The models stay strict. When a payload from the peer fails strict validation, the endpoint may
hand it to a `Tolerance`: each validation error is matched to one named deviation of the
catalogue (`CATALOGUE`); if every error is one that is turned on for the action, the payload
is repaired where the errors point (a string cut to its maxLength, a naive date-time read as
UTC, an optional field that holds null left out, ...) and validated strictly again, a bounded
number of times. The result is a model instance as strict as any other; each deviation read
is reported (observer, logger, counters). Any other error, or a deviation that is off, and
the payload is refused as before. A conformant payload never reaches this module.

Which enum member a value in the wrong case is, whether a field is optional or a date-time,
comes from the models themselves at run time; the catalogue names only kinds of deviation.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final, TypeVar

from pydantic import BaseModel, ValidationError

from ._repairs import Repair, repairs_of
from .deviations import CATALOGUE, Deviation, DeviationKind

__all__ = [
    "ALL_ACTIONS",
    "CATALOGUE",
    "Deviation",
    "DeviationKind",
    "DeviationObserver",
    "Tolerance",
    "ToleratedDeviation",
]

ALL_ACTIONS: Final = "*"
"""The key of a `Tolerance` configuration that applies to every action."""

_DEFAULT_ROUNDS = 8
_LOGGED_VALUE_LENGTH = 200

_LOGGER = logging.getLogger(__name__)

_Model = TypeVar("_Model", bound=BaseModel)


@dataclass(frozen=True)
class ToleratedDeviation:
    """One deviation read on purpose: where, what, and the value as the peer sent it."""

    identity: str  # the endpoint's peer, as the `Tolerance` was told
    action: str
    pointer: str  # JSON pointer of the value (of the property, for a name) as sent
    deviation: Deviation
    raw: Any  # the value as sent (the property name, for property_name_case)


DeviationObserver = Callable[[ToleratedDeviation], None]


class Tolerance:
    """The deviations one endpoint reads on purpose, by action; reports each one it reads.

    `enabled` maps an action name (or `ALL_ACTIONS`, "*") to the deviation names turned on
    for it; an action gets its own and those of "*". `actions`, when given, is every action
    name there is: a name outside it is refused, as is a deviation name outside the
    catalogue. Make one per connection, so that one peer's deviations loosen nothing else.
    """

    def __init__(
        self,
        enabled: Mapping[str, Iterable[str]],
        *,
        identity: str = "",
        observer: DeviationObserver | None = None,
        logger: logging.Logger | None = None,
        actions: Collection[str] | None = None,
        max_rounds: int = _DEFAULT_ROUNDS,
    ) -> None:
        if max_rounds < 1:
            raise ValueError(f"max_rounds must be at least 1, not {max_rounds}")
        self.identity = identity
        self._enabled = _checked_configuration(enabled, actions)
        self._everywhere = self._enabled.get(ALL_ACTIONS, frozenset())
        self._observer = observer
        self._logger = logger or _LOGGER
        self._max_rounds = max_rounds
        self._counts: Counter[tuple[str, Deviation]] = Counter()
        self._refused = 0

    def enabled_for(self, action: str) -> frozenset[Deviation]:
        """The deviations read in the payloads of this action."""
        return self._enabled.get(action, frozenset()) | self._everywhere

    @property
    def counts(self) -> Mapping[tuple[str, Deviation], int]:
        """How many times each deviation was read, by (action, deviation): a snapshot."""
        return dict(self._counts)

    @property
    def refused(self) -> int:
        """How many payloads were handed over and could not be read."""
        return self._refused

    def read(
        self,
        action: str,
        model: type[_Model],
        payload: dict[str, Any],
        error: ValidationError,
    ) -> _Model | None:
        """The strict model of a payload that failed strict validation, or None.

        None unless every error is a deviation turned on for the action, also after repairs.
        """
        enabled = self.enabled_for(action)
        result: _Model | None = None
        if enabled and isinstance(payload, dict):
            try:
                result, repairs = self._repaired(model, payload, error, enabled)
            except RecursionError:  # nested too deeply to copy: refused like the rest
                result = None
        if result is None:
            self._refused += 1
            return None
        self._report(action, repairs)
        return result

    def _repaired(
        self,
        model: type[_Model],
        payload: dict[str, Any],
        error: ValidationError,
        enabled: frozenset[Deviation],
    ) -> tuple[_Model | None, list[Repair]]:
        """Repair round after round; the payload is copied once the first round is all read."""
        current, errors = payload, error.errors(include_url=False)
        read: list[Repair] = []
        for _ in range(self._max_rounds):
            repairs = repairs_of(model, current, errors, enabled)
            if repairs is None:
                break
            if current is payload:
                # A copy to repair, by JSON: the payload is JSON, and C copies it quickly.
                current = json.loads(json.dumps(payload))
            for repair in repairs:
                repair.apply(current)
            read += repairs
            try:
                result = model.__pydantic_validator__.validate_json(
                    json.dumps(current), by_alias=True, by_name=False
                )
            except ValidationError as again:
                errors = again.errors(include_url=False)
                continue
            return result, read
        return None, read

    def _report(self, action: str, repairs: list[Repair]) -> None:
        for repair in repairs:
            pointer = repair.pointer
            event = ToleratedDeviation(
                self.identity, action, pointer, repair.deviation, repair.raw
            )
            self._counts[(action, repair.deviation)] += 1
            if self._logger.isEnabledFor(logging.INFO):
                self._logger.info(
                    "%s %s: read %s at %s: %s",
                    self.identity or "peer",
                    action,
                    repair.deviation.value,
                    pointer or "/",
                    _shown(repair.raw),
                )
            if self._observer is not None:
                try:
                    self._observer(event)
                except Exception:  # the observer's failure must not refuse the frame
                    self._logger.exception("deviation observer failed")


def _checked_configuration(
    enabled: Mapping[str, Iterable[str]], actions: Collection[str] | None
) -> dict[str, frozenset[Deviation]]:
    checked = {}
    for action, names in enabled.items():
        if actions is not None and action != ALL_ACTIONS and action not in actions:
            raise ValueError(f"{action!r} is not an action of this protocol")
        if isinstance(names, str):
            raise TypeError(f"{action!r}: give a collection of deviation names")
        unknown = sorted(set(names) - set(Deviation))
        if unknown:
            known = ", ".join(Deviation)
            raise ValueError(f"{action!r}: unknown deviation {unknown[0]!r} ({known})")
        checked[action] = frozenset(Deviation(name) for name in names)
    return checked


def _shown(value: Any) -> str:
    text = repr(value)
    if len(text) <= _LOGGED_VALUE_LENGTH:
        return text
    return text[: _LOGGED_VALUE_LENGTH - 3] + "..."
