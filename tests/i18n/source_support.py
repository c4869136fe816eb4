"""Reading the packages' source, for the tests that keep every word in the catalogue."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from tests.i18n.catalogue_support import PACKAGES, REPOSITORY

CATALOGUE_CALLS = frozenset({"_", "N_", "ngettext"})
LETTERS = re.compile(r"[A-Za-z]{2,}")


def package_files() -> Iterator[tuple[str, ast.Module]]:
    """Every module of the packages (migrations aside), parsed, with its path."""
    for package in PACKAGES:
        for path in sorted((REPOSITORY / package).rglob("*.py")):
            if "migrations" not in path.parts:
                relative = path.relative_to(REPOSITORY).as_posix()
                yield relative, ast.parse(path.read_text(encoding="utf-8"))


def called_name(call: ast.Call) -> str:
    """`Reply.text(...)` -> "Reply.text", `Button(...)` -> "Button", `x.y.z()` -> "y.z"."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        owner = func.value
        prefix = owner.id if isinstance(owner, ast.Name) else getattr(owner, "attr", "")
        return f"{prefix}.{func.attr}" if prefix else func.attr
    return ""


def written_words(node: ast.expr) -> str:
    """The words written literally in an expression that is not a catalogue call ("" if none).

    A plain string, an f-string's literal parts, both sides of a `+`, a literal's `.format()`.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value if LETTERS.search(node.value) else ""
    if isinstance(node, ast.JoinedStr):
        literal = "".join(part.value for part in node.values if isinstance(part, ast.Constant))
        return literal if LETTERS.search(literal) else ""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return (written_words(node.left) + " " + written_words(node.right)).strip()
    is_method = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
    if is_method and node.func.attr in ("format", "join", "strip"):  # type: ignore[attr-defined]
        return written_words(node.func.value)  # type: ignore[attr-defined]
    if isinstance(node, ast.IfExp):
        return (written_words(node.body) + " " + written_words(node.orelse)).strip()
    return ""


def location(path: str, node: ast.AST) -> str:
    """`bot/x.py:12`."""
    return f"{path}:{getattr(node, 'lineno', 0)}"
