"""Which mentions in a message the bot wrote itself, so that only those ping anyone.

Outbound text mixes the bot's own words and mentions with what members wrote (intros, topics,
suggestions, report excerpts, display names, form answers). A `<@id>` or `<!channel>` typed by
a member must not ping when the bot repeats it. The adapters' `Platform.mention()` wraps each
mention it returns in marks that only this process knows (a random key), and rendering keeps
the marked mentions live and treats everything else as member-written; the marks never leave
the process. A member cannot forge them: without the key, marks in their text are dropped.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

_KEY = secrets.token_hex(6)
_OPEN = f"\ue000{_KEY}\ue001"
_CLOSE = "\ue002"
_MARKED = re.compile(re.escape(_OPEN) + r"([^\ue000\ue001\ue002]*)" + re.escape(_CLOSE))
_STRAY = re.compile(r"\ue000[0-9a-f]*\ue001?|\ue001|\ue002")


def own(mention: str) -> str:
    """Return `mention` marked as written by the bot itself."""
    return f"{_OPEN}{mention}{_CLOSE}"


def pieces(text: str) -> Iterator[tuple[str, bool]]:
    """Yield `text` in order as (piece, whether it is a mention the bot wrote), marks removed."""
    position = 0
    for match in _MARKED.finditer(text):
        if match.start() > position:
            yield _STRAY.sub("", text[position : match.start()]), False
        yield match.group(1), True
        position = match.end()
    if position < len(text):
        yield _STRAY.sub("", text[position:]), False


def unmarked(text: str) -> str:
    """Return `text` as people see it: the marks removed, nothing else changed."""
    return "".join(piece for piece, _ in pieces(text))


def own_mentions(text: str) -> list[str]:
    """Return the mentions the bot itself wrote in `text`, in order."""
    return [piece for piece, written_by_bot in pieces(text) if written_by_bot]
