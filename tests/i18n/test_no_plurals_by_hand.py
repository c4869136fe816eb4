"""No plural is built by hand: a count's words come from `ngettext` and the language's rule."""

from __future__ import annotations

import ast

from tests.i18n.source_support import called_name, location, package_files

PLURAL_ENDINGS = frozenset({"", "s", "es", "(s)"})


def _hand_built(node: ast.AST) -> str:
    if isinstance(node, ast.Constant) and isinstance(node.value, str) and "(s)" in node.value:
        return "writes '(s)'"
    if isinstance(node, ast.IfExp) and _is_ending(node.body) and _is_ending(node.orelse):
        return "picks a plural ending with if/else"
    if isinstance(node, ast.IfExp) and _chooses_words_on_one(node):
        return "picks singular or plural words with if/else on 1"
    if isinstance(node, ast.Call) and called_name(node) == "_" and node.args:
        text = node.args[0]
        if isinstance(text, ast.Constant) and "{count}" in str(text.value):
            return "counts with _(); use ngettext"
    return ""


def _chooses_words_on_one(node: ast.IfExp) -> bool:
    return _compares_with_one(node.test) and _is_text(node.body) and _is_text(node.orelse)


def _is_ending(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value in PLURAL_ENDINGS


def _is_text(node: ast.expr) -> bool:
    is_words = isinstance(node, ast.Constant) and isinstance(node.value, str)
    return is_words or isinstance(node, ast.JoinedStr) or _is_catalogue_call(node)


def _is_catalogue_call(node: ast.expr) -> bool:
    return isinstance(node, ast.Call) and called_name(node) in ("_", "N_")


def _compares_with_one(test: ast.expr) -> bool:
    if not isinstance(test, ast.Compare):
        return False
    sides = [test.left, *test.comparators]
    return any(isinstance(side, ast.Constant) and side.value == 1 for side in sides)


def hand_built_plurals() -> list[str]:
    """Where the packages build a plural by hand, with what they do."""
    return [
        f"{location(path, node)} {fault}"
        for path, tree in package_files()
        for node in ast.walk(tree)
        if (fault := _hand_built(node))
    ]


def test_no_plural_is_built_by_hand() -> None:
    faults = hand_built_plurals()
    assert not faults, "\n".join(faults)


def test_the_check_finds_each_way_of_building_a_plural_by_hand() -> None:
    samples = [
        'f"{n} member(s)"',
        '"members" if n != 1 else "member"',
        '"" if n == 1 else "s"',
        '_("{count} groups").format(count=n)',
    ]
    found = [_hand_built(node) for text in samples for node in ast.walk(ast.parse(text))]
    assert len([fault for fault in found if fault]) == len(samples)
    fine = 'ngettext("{count} group", "{count} groups", n).format(count=n)'
    assert not any(_hand_built(node) for node in ast.walk(ast.parse(fine)))
