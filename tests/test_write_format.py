"""The write stage formats the rendered Python files, except those it is told are already formatted."""

from __future__ import annotations

from ocpp_codegen.write import format_files

UNFORMATTED = "import sys\nx = [1,2]\n"


def test_format_files_formats_rendered_python_files() -> None:
    assert format_files({"module.py": UNFORMATTED}) == {"module.py": "import sys\n\nx = [1, 2]\n"}


def test_format_files_copies_the_paths_given_as_formatted_as_they_are() -> None:
    files = {"module.py": UNFORMATTED, "copied.py": UNFORMATTED}
    assert format_files(files, formatted={"copied.py"}) == {"module.py": "import sys\n\nx = [1, 2]\n", "copied.py": UNFORMATTED}


def test_format_files_copies_files_other_than_python_as_they_are() -> None:
    assert format_files({"py.typed": "x = [1,2]\n"}) == {"py.typed": "x = [1,2]\n"}
