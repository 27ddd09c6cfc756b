"""The write stage formats the rendered Python files, except those it is told are already formatted."""

from __future__ import annotations

import pytest

from ocpp_codegen import write
from ocpp_codegen.errors import GenerationError
from ocpp_codegen.write import Formatter, format_files, format_python

UNFORMATTED = "import sys\nx = [1,2]\n"


def test_format_files_formats_rendered_python_files() -> None:
    assert format_files({"module.py": UNFORMATTED}) == {"module.py": "import sys\n\nx = [1, 2]\n"}


def test_format_files_copies_the_paths_given_as_formatted_as_they_are() -> None:
    files = {"module.py": UNFORMATTED, "copied.py": UNFORMATTED}
    assert format_files(files, formatted={"copied.py"}) == {
        "module.py": "import sys\n\nx = [1, 2]\n",
        "copied.py": UNFORMATTED,
    }


def test_format_files_copies_files_other_than_python_as_they_are() -> None:
    assert format_files({"py.typed": "x = [1,2]\n"}) == {"py.typed": "x = [1,2]\n"}


def _in_workers(files: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    monkeypatch.setattr(write, "PARALLEL_FORMAT_CHARACTERS", 0)
    monkeypatch.setattr(write, "_can_fork", lambda: True)  # pytest may run threads of its own
    with Formatter() as formatter:
        return formatter.submit(files)()


def test_formatting_in_worker_processes_gives_the_text_formatting_in_process_gives(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    files = {f"module_{index}.py": f"import sys\nx{index} = [1,{index}]\n" for index in range(4)}
    assert _in_workers(files, monkeypatch) == {path: format_python(text, path) for path, text in files.items()}


def test_a_file_that_does_not_parse_in_a_worker_process_is_reported_by_its_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with pytest.raises(GenerationError) as error:
        _in_workers({"good.py": "x = 1\n", "broken.py": "def (:\n"}, monkeypatch)
    assert [problem.source for problem in error.value.problems] == ["broken.py"]
    assert "generated code does not parse" in error.value.problems[0].message
