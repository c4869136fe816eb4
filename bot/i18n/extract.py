"""Babel's extraction method for Cohort: gettext calls, plus help written as code.

Besides `_()`, `ngettext()` and `N_()` calls (Babel's own Python extractor), the catalogue holds
what the command surface shows without a call around it: the first docstring line of each
`@command`, `@button` and `@form` handler (its help), the description in `Annotated[..., "..."]`
and the label in `Shown("...")`. `help_line` is how `commands/spec.py` reads a help docstring,
so the extracted message and the looked-up one are the same string.

Used by `babel.cfg` (`pybabel extract -F babel.cfg`) and by the catalogue tests.
"""

from __future__ import annotations

import ast
import inspect
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python

HELP_DECORATORS = frozenset({"command", "button", "form"})
Extracted = tuple[Any, ...]  # (line, function, message, comments), as Babel reads them


def help_line(docstring: str | None) -> str:
    """Return a handler's help: the first line of its docstring, trimmed."""
    lines = inspect.cleandoc(docstring or "").strip().splitlines()
    return lines[0].strip() if lines else ""


def extract(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: Any,
) -> Iterator[Extracted]:
    """Yield every catalogue message in one Python file (Babel's extraction-method interface)."""
    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    tree = ast.parse(fileobj.read())
    for node in ast.walk(tree):
        yield from _help(node)
        yield from _described(node)


def _help(node: ast.AST) -> Iterator[Extracted]:
    if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        return
    if not any(_called_name(decorator) in HELP_DECORATORS for decorator in node.decorator_list):
        return
    line = help_line(ast.get_docstring(node, clean=True))
    if line:
        yield node.lineno, "", line, []


def _described(node: ast.AST) -> Iterator[Extracted]:
    """`Annotated[X, "description", Shown("label")]`: the strings a usage or help line shows."""
    if isinstance(node, ast.Subscript) and _name(node.value) == "Annotated":
        extras = node.slice.elts[1:] if isinstance(node.slice, ast.Tuple) else []
        for extra in extras:
            if isinstance(extra, ast.Constant) and isinstance(extra.value, str):
                yield extra.lineno, "", extra.value, []
    if isinstance(node, ast.Call) and _name(node.func) == "Shown" and node.args:
        label = node.args[0]
        if isinstance(label, ast.Constant) and isinstance(label.value, str):
            yield label.lineno, "", label.value, []


def _called_name(decorator: ast.expr) -> str:
    return _name(decorator.func) if isinstance(decorator, ast.Call) else ""


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""
