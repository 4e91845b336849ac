"""The house rules a machine can check: who imports whom, one emit point, library internals.

DESIGN.md: feature packages depend on each other in one direction only, `live/` is transport
that imports no feature, only live/dispatch.py emits, and only live/manager.py and
live/internals.py touch python-socketio's or Flask-SocketIO's internals.
"""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "quizapp"

# Each package and the packages it may import. Acyclic by construction: a package may import
# only those listed before it. Top-level modules (config, extensions, uploads) are open to all
# but the engine.
LAYERS = ["engine", "live", "core", "schools", "accounts", "bank", "contests", "gameshow",
          "campaigns", "coverage", "api"]
ALLOWED = {name: set(LAYERS[:i]) for i, name in enumerate(LAYERS)}
ALLOWED["engine"] = set()
ALLOWED["live"] = {"engine"}


def _modules():
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] != "migrations":
            yield path, parts, ast.parse(path.read_text(encoding="utf-8"))


def _imported(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            yield node.module
        elif isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)


def package_graph() -> dict[str, set[str]]:
    """Return {package: packages it imports} for the packages under quizapp/."""
    packages = {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()}
    graph = {name: set() for name in packages}
    for _, parts, tree in _modules():
        if len(parts) < 2:
            continue  # a top-level module (create_app, cli, config...) wires packages together
        for module in _imported(tree):
            name = module.split(".")
            if name[0] == "quizapp" and len(name) > 1 and name[1] in packages \
                    and name[1] != parts[0]:
                graph[parts[0]].add(name[1])
    return graph


def test_every_package_is_in_the_dependency_table():
    assert set(package_graph()) - {"migrations", "translations"} == set(ALLOWED)


def test_packages_import_only_what_the_table_allows():
    wrong = {(package, imported) for package, imports in package_graph().items()
             for imported in imports if imported not in ALLOWED.get(package, set())}
    assert wrong == set(), "update the code, or the table if the new direction is right"


def test_the_table_has_no_cycle():
    for i, name in enumerate(LAYERS):
        assert not ALLOWED[name] & set(LAYERS[i:])


def _calls(tree, names):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called in names:
                yield node.lineno


def test_only_dispatch_emits():
    """dispatch.py decides what is sent; manager.py only delivers what dispatch hands it."""
    emitting = [f"{path.relative_to(PACKAGE)}:{line}" for path, parts, tree in _modules()
                for line in _calls(tree, {"emit", "send", "emit_built"})
                if parts not in (("live", "dispatch.py"), ("live", "manager.py"))]
    assert emitting == []


def test_only_two_modules_touch_socket_library_internals():
    private = {"_publish", "_listen", "eio", "get_environ", "rooms"}
    touching = set()
    for _, parts, tree in _modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and node.attr in private:
                touching.add("/".join(parts))
            if isinstance(node, ast.Constant) and node.value == "flask.app":
                touching.add("/".join(parts))
    assert touching <= {"live/manager.py", "live/internals.py"}


def _binds_name_in_own_scope(function, name):
    """True if `function` itself (not a nested comprehension or function) assigns `name`."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ListComp,
                             ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            continue  # its own scope
        if isinstance(node, ast.Name) and node.id == name and isinstance(node.ctx, ast.Store):
            return True
        stack.extend(ast.iter_child_nodes(node))
    return False


def test_no_function_hides_the_gettext_underscore():
    """`name, _, value = ...` in a function that also calls _("...") breaks every message in it."""
    wrong = []
    for path, _parts, tree in _modules():
        for function in ast.walk(tree):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            calls = any(isinstance(n, ast.Call) and isinstance(n.func, ast.Name)
                        and n.func.id == "_" for n in ast.walk(function))
            if calls and _binds_name_in_own_scope(function, "_"):
                wrong.append(f"{path.name}:{function.lineno} {function.name}")
    assert wrong == []
