"""README.md's fenced code blocks, read with markdown-it, and what running each of them means.

The convention is told in test_readme.py.
"""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass

from markdown_it import MarkdownIt

PYTHON_COMMAND = "PYTHONPATH=generated .venv/bin/python"
PYTHON_LANGUAGES = frozenset({"python", "py"})
SHELL_LANGUAGES = frozenset({"sh", "bash", "shell"})
MARKER = re.compile(r"<!--\s*readme:\s*(?P<directives>.*?)\s*-->")
NOT_RUN = re.compile(r"not run:\s*(?P<reason>\S.*)")
SERVER = re.compile(r"server on port (?P<port>[0-9]+)")
FLAGS = frozenset({"continues", "client", "certificates"})


@dataclass(frozen=True)
class Block:
    """One fenced code block: its language, text, first line of text (1-based) and markers."""

    language: str
    text: str
    first_line: int
    directives: tuple[str, ...]

    @property
    def where(self) -> str:
        return f"README.md:{self.first_line}"

    @property
    def server_port(self) -> int | None:
        found = [SERVER.fullmatch(d) for d in self.directives]
        return next((int(m["port"]) for m in found if m), None)


@dataclass
class Snippet:
    """What runs as one process: a python program (one or more blocks) or one block of commands."""

    blocks: list[Block]

    @property
    def language(self) -> str:
        return "python" if self.blocks[0].language in PYTHON_LANGUAGES else "sh"

    @property
    def where(self) -> str:
        return self.blocks[0].where

    def program(self, readme: str, port: tuple[int, int] | None = None) -> str:
        """The program as README's text with every line outside its blocks blanked."""
        lines = [""] * len(readme.splitlines())
        for block in self.blocks:
            for offset, line in enumerate(block.text.splitlines()):
                lines[block.first_line - 1 + offset] = line
        return with_port("\n".join(lines) + "\n", port)

    def commands(self, port: tuple[int, int] | None = None) -> list[str]:
        """The shell commands, `make` ones turned into dry runs."""
        commands = []
        for line in with_port(self.blocks[0].text, port).replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if not words:
                continue
            program = next((i for i, w in enumerate(words) if not re.fullmatch(r"\w+=.*", w)), 0)
            if words[program] == "make":
                line = shlex.join([*words[: program + 1], "-n", *words[program + 1 :]])
            commands.append(line)
        return commands


@dataclass
class Case:
    """One test: a snippet alone, or a server snippet and the client that runs against it."""

    snippet: Snippet
    client: Snippet | None = None
    needs_certificates: bool = False

    @property
    def where(self) -> str:
        return self.snippet.where

    @property
    def port(self) -> int | None:
        return self.snippet.blocks[0].server_port


def with_port(text: str, port: tuple[int, int] | None) -> str:
    if port is None:
        return text
    documented, free = port
    return re.sub(rf"(?<![0-9]){documented}(?![0-9])", str(free), text)


def read_blocks(markdown: str) -> tuple[list[Block], list[str]]:
    """Every fenced block with the markers right above it; problems with stray markers."""
    tokens = MarkdownIt("commonmark").parse(markdown)
    markers: dict[int, tuple[int, list[str]]] = {}  # end line -> (start line, directives)
    problems: list[str] = []
    blocks: list[Block] = []
    for token in tokens:
        if token.type == "html_block" and "readme:" in token.content and token.map:
            found = MARKER.fullmatch(token.content.strip())
            if found is None:
                problems.append(f"README.md:{token.map[0] + 1}: not a readme marker: {token.content.strip()}")
                continue
            text = found["directives"]
            split = [text] if NOT_RUN.fullmatch(text) else [d.strip() for d in text.split(",")]
            markers[token.map[1]] = (token.map[0], split)
        elif token.type == "fence" and token.map:
            directives: list[str] = []
            line = token.map[0]
            while line in markers:
                start, found_directives = markers.pop(line)
                directives[:0] = found_directives
                line = start
            language = token.info.split()[0].lower() if token.info.split() else ""
            blocks.append(Block(language, token.content, token.map[0] + 2, tuple(directives)))
    problems += [
        f"README.md:{start + 1}: a readme marker must be on the line right above a fence"
        for start, _ in markers.values()
    ]
    return blocks, problems


def directive_problems(block: Block) -> list[str]:
    problems = []
    for directive in block.directives:
        if not (directive in FLAGS or SERVER.fullmatch(directive) or NOT_RUN.fullmatch(directive)):
            problems.append(f"{block.where}: unknown readme marker {directive!r}")
    if any(NOT_RUN.fullmatch(d) for d in block.directives) and len(block.directives) > 1:
        problems.append(f"{block.where}: `not run` stands alone")
    runnable = block.language in PYTHON_LANGUAGES | SHELL_LANGUAGES
    if not runnable and not is_not_run(block):
        problems.append(
            f"{block.where}: a ```{block.language} block that is not run: make it runnable or mark it"
            " `<!-- readme: not run: REASON -->`"
        )
    if "continues" in block.directives and block.language not in PYTHON_LANGUAGES:
        problems.append(f"{block.where}: only a python block continues a program")
    if block.server_port is not None and "client" in block.directives:
        problems.append(f"{block.where}: a block is a server or a client, not both")
    return problems


def is_not_run(block: Block) -> bool:
    return any(NOT_RUN.fullmatch(d) for d in block.directives)


def plan(markdown: str) -> tuple[list[Case], list[str]]:
    """The cases to run, and every problem with the README's markers."""
    blocks, problems = read_blocks(markdown)
    cases: list[Case] = []
    program: Snippet | None = None
    for index, block in enumerate(blocks):
        found = directive_problems(block)
        problems += found
        if found or is_not_run(block):
            program = None
            continue
        if "continues" in block.directives:
            if program is None:
                problems.append(f"{block.where}: continues, but no python program comes before it")
            else:
                program.blocks.append(block)
            continue
        snippet = Snippet([block])
        program = snippet if snippet.language == "python" else None
        if "client" in block.directives:
            server = cases[-1] if cases and cases[-1].port is not None and cases[-1].client is None else None
            if server is None or blocks[index - 1].server_port is None:
                problems.append(f"{block.where}: a client must come right after its server block")
                continue
            server.client = snippet
            server.needs_certificates |= "certificates" in block.directives
            problems += port_problems(server)
            continue
        cases.append(Case(snippet, needs_certificates="certificates" in block.directives))
    problems += [
        f"{c.where}: a server block needs a client block right after it" for c in cases if c.port and not c.client
    ]
    return cases, problems


def port_problems(case: Case) -> list[str]:
    port = str(case.port)
    assert case.client is not None
    problems = [
        f"{snippet.where}: the marker says port {port}, the block does not use it"
        for snippet in (case.snippet, case.client)
        if not re.search(rf"(?<![0-9]){port}(?![0-9])", snippet.blocks[0].text)
    ]
    if case.snippet.language == "sh" and len(case.snippet.commands()) != 1:
        problems.append(f"{case.where}: a server block of commands holds one command, the server")
    return problems
