"""What a person reads is a catalogue message: no literal words reach a message, button or error."""

from __future__ import annotations

import ast

from tests.i18n.source_support import called_name, location, package_files, written_words

# The places text for people goes: a message, its fields and buttons, a form, an answer.
# Each with the positions and names of its arguments that hold text (not ids).
TEXT_SINKS: dict[str, tuple[tuple[int, ...], frozenset[str]]] = {
    "Reply.text": ((0,), frozenset({"text"})),
    "Reply.error": ((0,), frozenset({"text"})),
    "OutboundMessage": ((0,), frozenset({"text"})),
    "OutboundMessage.error": ((0,), frozenset({"text"})),
    "Button": ((0,), frozenset({"label"})),
    "Field": ((0, 1), frozenset({"name", "value"})),
    "FormField": ((1,), frozenset({"label", "placeholder"})),
    "Form": ((1,), frozenset({"title"})),
    "Suggestion": ((0,), frozenset({"label"})),
}
EVERY_ARGUMENT = (tuple(range(9)), frozenset({"message", "text"}))
SINK_HOMES = frozenset({"bot.messages", "commands.spec"})  # so pydantic's Field is not one
USER_FACING_ROOT = "UserFacingError"


def user_facing_errors(modules: list[tuple[str, ast.Module]]) -> set[str]:
    """The exceptions whose message is shown to a person: UserFacingError and its subclasses."""
    names = {USER_FACING_ROOT}
    classes = [node for _path, tree in modules for node in ast.walk(tree)]
    classes = [node for node in classes if isinstance(node, ast.ClassDef)]
    grew = True
    while grew:
        before = len(names)
        for node in classes:
            bases = {getattr(base, "id", getattr(base, "attr", "")) for base in node.bases}
            if bases & names:
                names.add(node.name)
        grew = len(names) > before
    return names


def literal_text(modules: list[tuple[str, ast.Module]]) -> list[str]:
    """Where literal words are handed to a message, a button, a form or a user-facing error."""
    errors = user_facing_errors(modules)
    faults = []
    for path, tree in modules:
        sinks = {name for name in TEXT_SINKS if name.split(".")[0] in _imported_sinks(tree)}
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = called_name(node)
            if name in sinks:
                positions, keywords = TEXT_SINKS[name]
            elif name.split(".")[-1] in errors:
                positions, keywords = EVERY_ARGUMENT
            else:
                continue
            texts = [node.args[i] for i in positions if i < len(node.args)]
            texts += [keyword.value for keyword in node.keywords if keyword.arg in keywords]
            for argument in texts:
                if words := written_words(argument):
                    faults.append(f"{location(path, argument)} {words[:60]!r}")
    return faults


def _imported_sinks(tree: ast.Module) -> set[str]:
    """The message classes this module imports from where they are defined."""
    return {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.module in SINK_HOMES
        for alias in node.names
    }


def test_no_literal_words_reach_what_a_person_reads() -> None:
    faults = literal_text(list(package_files()))
    assert not faults, f"{len(faults)} places:\n" + "\n".join(faults)


def test_the_check_finds_literal_words_in_every_form() -> None:
    source = """
from bot.messages import Button, OutboundMessage, Reply
class TopicMissing(NotFoundError): ...
Reply.text("Added topic")
Reply.text(f"Added topic {n}")
Button("Approve", "topic:approve")
raise TopicMissing("No such topic " + str(n))
OutboundMessage(text="{} joined".format(name))
"""
    tree = ast.parse(source)
    errors = ast.parse("class NotFoundError(UserFacingError): ...")
    modules = [("sample.py", tree), ("errors.py", errors)]
    assert len(literal_text(modules)) == 5
    fine = ast.parse(
        "from bot.messages import Button, Reply\n"
        'Reply.text(_("Added topic {n}").format(n=n))\nButton(_("Approve"), "topic:approve")'
    )
    assert literal_text([("fine.py", fine)]) == []
