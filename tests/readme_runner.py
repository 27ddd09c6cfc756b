"""Runs one Python program taken from README.md and checks the values its comments state.

Usage: python readme_runner.py PROGRAM README

PROGRAM is README's text with every line outside the program's code blocks blanked, so a line
of the program has its README line number and a traceback points into README. The program runs
as `__main__`, with the working directory first on sys.path, as a file saved there would.

A comment after an expression statement states the expression's value, as the Python prompt
shows it: `repr(value)`, or `Class.member` for an enum member. After `print(x)` the comment
states the printed text, `str(x)`. `…` in a stated value stands for any text. A value that does
not match stops the program with an AssertionError naming the README line.
"""

from __future__ import annotations

import ast
import enum
import io
import re
import sys
import tokenize
from pathlib import Path
from typing import Any

CHECK = "__readme_states__"


def shown_forms(value: object, printed: bool) -> list[str]:
    """How the Python prompt (or print) shows a value."""
    if printed:
        return [str(value)]
    forms = [repr(value)]
    if isinstance(value, enum.Enum):
        forms.append(f"{type(value).__name__}.{value.name}")
    return forms


def states(value: Any, stated: str, line: int, printed: bool = False) -> Any:
    """Check the value of the expression on README line `line` against its comment."""
    pattern = ".*?".join(re.escape(part) for part in stated.split("…"))
    forms = shown_forms(value, printed)
    if not any(re.fullmatch(pattern, form, re.DOTALL) for form in forms):
        raise AssertionError(f"README.md:{line}: the comment says {stated}, the value is {forms[0]}")
    return value


def comments_by_line(source: str) -> dict[int, str]:
    tokens = tokenize.generate_tokens(io.StringIO(source).readline)
    return {t.start[0]: t.string.lstrip("#").strip() for t in tokens if t.type == tokenize.COMMENT}


class StatedValues(ast.NodeTransformer):
    """Wraps each commented expression statement in a call to `states`."""

    def __init__(self, comments: dict[int, str]) -> None:
        self.comments = comments

    def visit_Expr(self, node: ast.Expr) -> ast.Expr:
        line = node.end_lineno
        if line is None or (stated := self.comments.get(line)) is None:
            return node
        call = node.value
        if isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "print":
            if len(call.args) != 1 or call.keywords:
                raise SyntaxError(f"README.md:{line}: a stated print takes one argument")
            call.args = [self.check(call.args[0], stated, line, printed=True)]
            return node
        node.value = self.check(call, stated, line, printed=False)
        return node

    @staticmethod
    def check(expression: ast.expr, stated: str, line: int, printed: bool) -> ast.expr:
        arguments = [expression, ast.Constant(stated), ast.Constant(line), ast.Constant(printed)]
        call = ast.Call(func=ast.Name(CHECK, ast.Load()), args=arguments, keywords=[])
        return ast.copy_location(call, expression)


def main(program: Path, readme: Path) -> None:
    source = program.read_text(encoding="utf-8")
    tree = StatedValues(comments_by_line(source)).visit(ast.parse(source, str(readme)))
    code = compile(ast.fix_missing_locations(tree), str(readme), "exec")
    sys.path[0] = str(Path.cwd())
    sys.argv = [str(readme)]
    exec(code, {"__name__": "__main__", "__builtins__": __builtins__, CHECK: states})


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
