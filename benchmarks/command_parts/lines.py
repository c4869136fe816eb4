"""The command lines the benchmark times: reads, and the writes a live community makes, each
with the words its answer must hold (so a refused or failed command is never timed as done)."""

from __future__ import annotations

from dataclasses import dataclass

from benchmarks.command_parts.community import HOST


@dataclass(frozen=True, slots=True)
class Line:
    """One script line, who types it, what kind of command it is, and what its answer holds."""

    kind: str
    author: str
    text: str
    expect: str = ""


WRITE_KINDS = ("/topic add", "/buddy join", "/profile interests", "Got it")
INTERESTS = ("python, design", "music, statistics, writing", "rust, cooking")


def read(number: int, members: int) -> Line:
    """The `number`th read: /help and /guidelines in turn, by the members in turn."""
    author = f"member{number % members}"
    command = "/help" if number % 2 == 0 else "/guidelines"
    return Line(command, author, f"@{author}: {command}")


def write(kind: str, number: int, announcement: str) -> Line:
    """The `number`th write of `kind`; each member joins and presses Got it once (a write)."""
    author = f"member{number}"
    if kind == "/topic add":
        text = f"Topic {number}: what did you try this week that did not work?"
        return Line(kind, HOST, f"@{HOST}: /topic add {text}", "Added topic")
    if kind == "/buddy join":
        return Line(kind, author, f"@{author}: /buddy join", "You're in!")
    if kind == "/profile interests":
        chosen = INTERESTS[number % len(INTERESTS)]
        return Line(kind, author, f"@{author}: /profile interests {chosen}", "interests are now")
    return Line(kind, author, f'@{author} presses "Got it" on {announcement}', "Thanks, noted")


def writes(count: int, announcement: str, first: int = 0) -> list[Line]:
    """`count` of each write kind, interleaved, by members `first`, `first + 1`, ..."""
    return [
        write(kind, number, announcement)
        for number in range(first, first + count)
        for kind in WRITE_KINDS
    ]
