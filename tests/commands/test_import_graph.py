"""`commands/` imports form no cycle, not even through imports made only for the type checker."""

from __future__ import annotations

import ast
from pathlib import Path

COMMANDS = Path(__file__).resolve().parents[2] / "commands"


def _module_name(path: Path) -> str:
    parts = path.relative_to(COMMANDS.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imported(path: Path, known: set[str]) -> set[str]:
    """Return the `commands` modules `path` imports, `from commands import topic` included."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names & known


def import_graph() -> dict[str, set[str]]:
    """Return each `commands` module and the `commands` modules it imports."""
    paths = {_module_name(path): path for path in COMMANDS.rglob("*.py")}
    known = set(paths)
    return {name: _imported(path, known) - {name} for name, path in paths.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Return the import cycles found by a depth-first walk (each as a closed path)."""
    found: list[list[str]] = []
    state: dict[str, str] = {}
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = "open"
        path.append(module)
        for imported in sorted(graph[module]):
            if state.get(imported) == "open":
                found.append([*path[path.index(imported) :], imported])
            elif imported not in state:
                visit(imported)
        path.pop()
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module)
    return found


def test_the_commands_layer_has_no_import_cycle() -> None:
    graph = import_graph()
    assert len(graph) > 20  # the walk found the modules
    assert cycles(graph) == []


def test_no_import_waits_for_the_type_checker() -> None:
    guarded = [path.name for path in COMMANDS.rglob("*.py") if "TYPE_CHECKING" in path.read_text()]
    assert guarded == []


def test_the_walk_finds_a_cycle_when_there_is_one() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c", "a"]]
