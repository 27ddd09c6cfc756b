"""Render stage, last step: names that come from the schemas must not collide with the package's own.

Rather than a hand-kept list of the names the templates use, the rendered modules themselves
are read (`ast`): what each module binds at top level, what each class binds, the builtins
the package reads, the package's module names. A name from the schemas (a type, a message,
an action's constant or endpoint method) must be bound once where it belongs and nowhere
collide with those, or the package would fail on import or, worse, quietly mean another thing.
"""

from __future__ import annotations

import ast
import builtins
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .errors import GenerationError, Problem
from .ir import AliasType, EnumType, ObjectType, Origin, Protocol
from .render_runtime import ActionView, SendView, action_view, send_view

# The module that defines each kind of named type.
HOME_MODULES = {EnumType: "enums.py", AliasType: "primitives.py", ObjectType: "datatypes.py"}
MESSAGES_MODULE = "messages.py"
BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class SchemaName:
    """A name the schemas put into the package, where it comes from, and where it must be defined."""

    name: str
    origin: Origin
    home: str | None = None  # the module defining it at top level; None for class attributes
    what: str = "type name"


def check_rendered_names(protocol: Protocol, files: dict[str, str]) -> None:
    """Stop, naming the schema place, when a schema-given name collides with one the package uses."""
    modules = {path: ast.parse(text) for path, text in files.items() if path.endswith(".py")}
    module_names = {path.removesuffix(".py") for path in files} | {"__init__"}
    used_builtins = set().union(*(_builtins_read(tree) for tree in modules.values()))
    top_level = _top_level_names(protocol)
    clashes = [
        *((n, f"is the name of the generated module {n.name}.py") for n in top_level if n.name in module_names),
        *((n, "is a builtin the generated package uses") for n in top_level if n.name in used_builtins),
        *_missing_or_repeated(top_level, modules),
        *_class_attribute_clashes(_endpoint_methods(protocol), modules),
    ]
    first: dict[tuple[str, Origin], Problem] = {}
    for name, message in clashes:  # a clash shows in several modules: one report a name is enough
        first.setdefault(
            (name.name, name.origin),
            Problem(name.origin.file, name.origin.pointer, f"{name.what} {name.name!r} {message}"),
        )
    if first:
        raise GenerationError(list(first.values()))


def _top_level_names(protocol: Protocol) -> list[SchemaName]:
    names = [SchemaName(t.name, t.origins[0], HOME_MODULES[type(t)]) for t in protocol.types]
    names += [SchemaName(m.name, Origin(m.file, ""), MESSAGES_MODULE, "message name") for m in protocol.messages]
    names += [
        SchemaName(action_view(a, protocol.sides).constant, Origin(a.request.file, ""), "table.py", "action constant")
        for a in protocol.actions
    ]
    names += [
        SchemaName(send_view(s).constant, Origin(s.request.file, ""), "table.py", "action constant")
        for s in protocol.sends
    ]
    return names


def _endpoint_methods(protocol: Protocol) -> list[SchemaName]:
    """The endpoint methods each action gives: the outgoing call and the incoming CALL's handler."""
    views: list[ActionView | SendView] = [action_view(action, protocol.sides) for action in protocol.actions]
    views += [send_view(send) for send in protocol.sends]
    return [
        SchemaName(method, Origin(view.request.file, ""), None, "endpoint method")
        for view in views
        for method in (view.method, view.handler)
    ]


def _missing_or_repeated(names: list[SchemaName], modules: dict[str, ast.Module]) -> Iterator[tuple[SchemaName, str]]:
    """In its home module a name is bound once, by its definition; elsewhere at most once, by a
    relative import of the package's own module (`from .datatypes import IdTagInfo`)."""
    every_binding = {path: Counter(_bindings(tree.body)) for path, tree in modules.items()}
    own_bindings = {path: Counter(_bindings(tree.body, relative_imports=False)) for path, tree in modules.items()}
    for name in names:
        for path in modules:
            count = every_binding[path][name.name]
            if path == name.home and count == 0:
                yield name, f"does not come out as itself in the generated {path} (the model library renames it)"
            elif count > 1 or (path != name.home and own_bindings[path][name.name] > 0):
                yield name, f"is already a name of the generated {path}"


def _class_attribute_clashes(
    methods: list[SchemaName], modules: dict[str, ast.Module]
) -> Iterator[tuple[SchemaName, str]]:
    """An endpoint method must be bound once in its class and by none of the class's bases."""
    wanted = {m.name: m for m in methods}
    # A class may inherit from a class of another module of the package (the runtime's Endpoint).
    every_class = {node.name: node for tree in modules.values() for node in tree.body if isinstance(node, ast.ClassDef)}
    for path, tree in modules.items():
        own = {node.name: node for node in tree.body if isinstance(node, ast.ClassDef)}
        classes = every_class | own
        for cls in own.values():
            counts = Counter(_bindings(cls.body))
            inherited = set().union(*(_inherited(base, classes) for base in cls.bases))
            for name, count in counts.items():
                if name in wanted and (count > 1 or name in inherited):
                    yield wanted[name], f"is already an attribute of {cls.name} in the generated {path}"


def _inherited(base: ast.expr, classes: dict[str, ast.ClassDef]) -> set[str]:
    if isinstance(base, ast.Name) and base.id in classes:
        parent = classes[base.id]
        return set(_bindings(parent.body)).union(*(_inherited(b, classes) for b in parent.bases))
    return set()


def _bindings(body: Iterable[ast.stmt], relative_imports: bool = True) -> Iterator[str]:
    """Every name a block binds at its own level, conditional and `try` branches included."""
    for node in body:
        if isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            yield node.name
        elif isinstance(node, ast.Assign):
            yield from (n.id for target in node.targets for n in ast.walk(target) if isinstance(n, ast.Name))
        elif isinstance(node, ast.AnnAssign | ast.AugAssign) and isinstance(node.target, ast.Name):
            yield node.target.id
        elif isinstance(node, ast.Import):
            yield from ((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and (relative_imports or not node.level):
            yield from (alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.If | ast.Try | ast.With):
            for block in ("body", "orelse", "finalbody"):
                yield from _bindings(getattr(node, block, []), relative_imports)
            for handler in getattr(node, "handlers", []):
                yield from _bindings(handler.body, relative_imports)


def _builtins_read(tree: ast.Module) -> set[str]:
    """Builtins a module reads: loaded names it never binds anywhere (one walk of the tree)."""
    bound: set[str] = set()
    loaded: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            (loaded if isinstance(node.ctx, ast.Load) else bound).add(node.id)
        elif isinstance(node, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            bound.add(node.name)
        elif isinstance(node, ast.arguments):
            bound.update(a.arg for a in (*node.posonlyargs, *node.args, *node.kwonlyargs))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            bound.update((a.asname or a.name).split(".")[0] for a in node.names)
    return (loaded - bound) & BUILTIN_NAMES
