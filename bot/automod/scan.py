"""Reading a message: two RE2 passes find every blocked term, every regex rule and link hints.

The blocked terms of a community are one RE2 set over the folded text (`folding.py`), so all of
them are found in one pass. The moderators' regex rules are a second set over the text as
written (ignoring case), and two cheap hints ride along in it: something shaped like a host
name or `://`, and the words `discord` or `slack`. Only a message with a hint goes on to the
link and invite scans of `links.py`, which run in Python.

A word spelled out letter by letter (`s p a m m e r`) is one hint that does ride in the terms'
set (it starts only after a separator, as the terms do): such a message is read again with
the word joined up, so that only whole words are found.

The link hints are not in the terms' set on purpose: patterns that can start anywhere inside a word
multiply the states of the terms' automaton (measured: p99 five times worse with 500 terms).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.automod.folding import (
    SPELLED_OUT_HINT,
    join_spelled_out,
    term_pattern,
    term_text,
)
from bot.automod.regex import PatternSet

LINK_HINT = r"[a-z0-9]\.[a-z0-9]|://"
INVITE_HINT = r"discord|slack"
_NEVER = r"$^"
_HINTS = 2


@dataclass(frozen=True, slots=True)
class Found:
    """What reading a message found."""

    term: str | None
    """The first blocked term found (in the order given)."""
    rule: int | None
    """The number (from 1) of the first regex rule that matched."""
    link_hint: bool
    invite_hint: bool


class MessageScan:
    """A community's terms and regex rules (already checked) compiled into two RE2 sets."""

    __slots__ = ("_raw", "_terms", "_terms_set")

    def __init__(
        self, terms: Sequence[str], rules: Sequence[str], *, links: bool, invites: bool
    ) -> None:
        self._terms = tuple(terms)
        patterns = [term_pattern(term) for term in self._terms]
        # The hint (index 0) rides along: only a message with letters spelled out is read again.
        self._terms_set = PatternSet([SPELLED_OUT_HINT, *patterns] if patterns else [])
        hints = [LINK_HINT if links else _NEVER, INVITE_HINT if invites else _NEVER]
        self._raw = PatternSet([*hints, *rules], ignore_case=True)

    def scan(self, text: str, folded: str) -> Found:
        """Read a message as written and folded."""
        terms = self._find_terms(folded)
        raw = self._raw.matching(text.encode("utf-8", "replace"))
        if not terms and not raw:
            return _NOTHING
        rules = [index for index in raw if index >= _HINTS]
        return Found(
            term=self._terms[terms[0]] if terms else None,
            rule=rules[0] - _HINTS + 1 if rules else None,
            link_hint=0 in raw,
            invite_hint=1 in raw,
        )

    def _find_terms(self, folded: str) -> list[int]:
        """Return the indices of the blocked terms in the message, in the order given."""
        text = term_text(folded)
        found = self._terms_set.matching(text)
        if found and found[0] == 0:
            found = self._terms_set.matching(join_spelled_out(text))
        return [index - 1 for index in found if index > 0]


_NOTHING = Found(None, None, link_hint=False, invite_hint=False)
