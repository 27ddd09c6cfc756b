"""The release check, tested as the runtime module itself."""

from __future__ import annotations

import pytest

from ocpp_codegen.runtime._requirements import require, satisfies


@pytest.mark.parametrize(
    ("found", "specifier", "met"),
    [
        ("2.12.0", ">=2.12.0,<3", True),
        ("2.12", ">=2.12.0,<3", True),
        ("2.11.10", ">=2.12.0,<3", False),
        ("3.0.0", ">=2.12.0,<3", False),
        ("2.13.5", ">=2.12.0,!=2.13.*", False),
        ("2.14.0", ">=2.12.0,!=2.14.0", False),
        ("2.14.1", ">=2.12.0,!=2.14.0", True),
        ("2.15.0b1", ">=2.12.0,<3", True),
        ("unknown", ">=1", False),
    ],
)
def test_a_release_meets_a_specifier_only_if_it_meets_every_clause(found: str, specifier: str, met: bool) -> None:
    assert satisfies(found, specifier) is met


def test_a_clause_the_check_cannot_read_is_never_met() -> None:
    assert not satisfies("2.12.0", "~=2.12")


def test_an_unsupported_release_is_an_import_error_naming_the_distribution_and_its_range() -> None:
    with pytest.raises(ImportError, match=r"needs pydantic>=2.12.0, but pydantic 2.11.0 is installed: pip install"):
        require("pydantic", "2.11.0", ">=2.12.0")


def test_a_supported_release_passes() -> None:
    require("websockets", "17.4", ">=17.1")
