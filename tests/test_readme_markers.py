"""The convention test_readme.py runs README.md by: its markers, and the values comments state."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .readme_snippets import plan

RUNNER = Path(__file__).resolve().parent / "readme_runner.py"


def problems_of(markdown: str) -> list[str]:
    return plan(markdown)[1]


def run_program(tmp_path: Path, source: str) -> subprocess.CompletedProcess[str]:
    markdown = f"Text.\n\n```python\n{source}```\n"
    (case,), problems = plan(markdown)
    assert problems == []
    program = tmp_path / "program.py"
    program.write_text(case.snippet.program(markdown))
    (tmp_path / "README.md").write_text(markdown)
    command = [sys.executable, str(RUNNER), str(program), "README.md"]
    return subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=60)


def test_an_unmarked_block_of_a_language_not_run_is_a_problem() -> None:
    assert problems_of('```json\n{"a": 1}\n```\n') == [
        "README.md:2: a ```json block that is not run: make it runnable or mark it `<!-- readme: not run: REASON -->`"
    ]


def test_a_block_marked_not_run_with_its_reason_is_no_problem() -> None:
    assert problems_of('<!-- readme: not run: a file format -->\n```json\n{"a": 1}\n```\n') == []


def test_the_reason_a_block_is_not_run_may_hold_commas() -> None:
    assert problems_of("<!-- readme: not run: a synopsis, not a command -->\n```\nusage\n```\n") == []


def test_not_run_without_a_reason_is_a_problem() -> None:
    assert (
        problems_of("<!-- readme: not run: -->\n```\nusage\n```\n")[0]
        == "README.md:3: unknown readme marker 'not run:'"
    )


def test_a_marker_not_right_above_a_fence_is_a_problem() -> None:
    problems = problems_of("<!-- readme: not run: a synopsis -->\n\n```\nusage\n```\n")
    assert "README.md:1: a readme marker must be on the line right above a fence" in problems


def test_an_unknown_marker_is_a_problem() -> None:
    assert problems_of("<!-- readme: skip -->\n```python\npass\n```\n") == ["README.md:3: unknown readme marker 'skip'"]


def test_continues_runs_a_block_in_the_program_before_it() -> None:
    markdown = "```python\nx = 1\n```\n\nText.\n\n<!-- readme: continues -->\n```python\nprint(x)\n```\n"
    (case,), problems = plan(markdown)
    assert problems == []
    assert case.snippet.program(markdown).splitlines() == ["", "x = 1", "", "", "", "", "", "", "print(x)", ""]


def test_continues_without_a_program_before_it_is_a_problem() -> None:
    problems = problems_of("<!-- readme: continues -->\n```python\nprint(x)\n```\n")
    assert problems == ["README.md:3: continues, but no python program comes before it"]


def test_a_client_without_its_server_right_before_it_is_a_problem() -> None:
    problems = problems_of("<!-- readme: client -->\n```sh\ncurl http://127.0.0.1:9000/\n```\n")
    assert problems == ["README.md:3: a client must come right after its server block"]


def test_a_server_without_a_client_is_a_problem() -> None:
    problems = problems_of("<!-- readme: server on port 9000 -->\n```sh\nserve --port 9000\n```\n")
    assert problems == ["README.md:3: a server block needs a client block right after it"]


def test_a_server_port_a_block_does_not_use_is_a_problem() -> None:
    markdown = (
        "<!-- readme: server on port 9000 -->\n```sh\nserve --port 9000\n```\n"
        "<!-- readme: client -->\n```sh\nconnect 127.0.0.1:8000\n```\n"
    )
    assert problems_of(markdown) == ["README.md:7: the marker says port 9000, the block does not use it"]


def test_a_server_and_its_client_get_a_free_port_in_place_of_the_documented_one() -> None:
    markdown = (
        "<!-- readme: server on port 9000 -->\n```sh\nserve --port 9000\n```\n"
        "<!-- readme: client -->\n```sh\nconnect ws://127.0.0.1:9000/ocpp/CP_19000\n```\n"
    )
    (case,), problems = plan(markdown)
    assert problems == [] and case.client is not None
    assert case.snippet.commands((9000, 41234)) == ["serve --port 41234"]
    assert case.client.commands((9000, 41234)) == ["connect ws://127.0.0.1:41234/ocpp/CP_19000"]


def test_make_commands_are_dry_runs_and_comments_are_dropped() -> None:
    (case,), _ = plan("```sh\nmake generate   # sets up\nPYTHON=python3.12 make test\nls \\\n  -l\n```\n")
    assert case.snippet.commands() == ["make -n generate", "PYTHON=python3.12 make -n test", "ls    -l"]


def test_a_stated_value_that_differs_fails_the_program(tmp_path: Path) -> None:
    done = run_program(tmp_path, "1 + 1   # 3\n")
    assert done.returncode == 1
    assert "AssertionError: README.md:4: the comment says 3, the value is 2" in done.stderr


def test_a_stated_value_that_matches_passes(tmp_path: Path) -> None:
    assert run_program(tmp_path, "'a' * 2   # 'aa'\n").returncode == 0


def test_an_ellipsis_in_a_stated_value_stands_for_any_text(tmp_path: Path) -> None:
    assert run_program(tmp_path, "'Hello, world'   # 'Hel…ld'\n").returncode == 0
    assert run_program(tmp_path, "'Hello, world'   # 'Hel…lx'\n").returncode == 1


def test_an_enum_member_is_stated_by_its_name_or_its_repr(tmp_path: Path) -> None:
    source = "import enum\nclass Side(enum.StrEnum):\n    left = 'Left'\nSide.left   # Side.left\nSide.left   # <Side.left: 'Left'>\n"
    assert run_program(tmp_path, source).returncode == 0


def test_a_comment_after_print_states_the_printed_text(tmp_path: Path) -> None:
    done = run_program(tmp_path, "print('a b')   # a b\n")
    assert (done.returncode, done.stdout) == (0, "a b\n")


def test_a_comment_after_an_assignment_states_nothing(tmp_path: Path) -> None:
    assert run_program(tmp_path, "x = 2   # any explanation\n").returncode == 0


def test_a_stated_value_inside_a_coroutine_is_checked(tmp_path: Path) -> None:
    source = "import asyncio\nasync def main():\n    await asyncio.sleep(0, 'late')   # 'early'\nasyncio.run(main())\n"
    done = run_program(tmp_path, source)
    assert "the comment says 'early', the value is 'late'" in done.stderr
