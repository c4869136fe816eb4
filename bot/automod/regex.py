"""RE2, the linear-time regular expression engine, for every pattern screened against messages.

Python's `re` backtracks: a pattern like `(a+)+$` takes exponential time on `aaaa…!`, so one
moderator's rule (or one unlucky blocked-term pattern) could stall the bot on one message. RE2
(Google's engine, the `google-re2` wheel) never backtracks: matching is linear in the text for
every pattern it accepts, and it refuses what it cannot do that way (backreferences,
lookarounds). A `Set` matches many patterns in one pass and says which ones matched.
"""

from __future__ import annotations

from collections.abc import Sequence

import re2

# RE2's own memory budget per compiled program: the DFA cache lives in it. Plenty for 1,000
# blocked terms; a set that needs more fails to compile instead of slowing down.
SET_MEMORY = 128 << 20
PATTERN_MEMORY = 2 << 20

RegexError = re2.error


def options(*, ignore_case: bool = False, max_mem: int = SET_MEMORY) -> re2.Options:
    """Return RE2 options: UTF-8 text, no logging of refused patterns to stderr."""
    chosen = re2.Options()
    chosen.log_errors = False
    chosen.max_mem = max_mem
    chosen.case_sensitive = not ignore_case
    return chosen


class PatternSet:
    """Several patterns matched in one pass; `matching` returns the indices of those that match."""

    __slots__ = ("_set",)

    def __init__(self, patterns: Sequence[str], *, ignore_case: bool = False) -> None:
        self._set: re2.Set | None = None
        if not patterns:
            return
        compiled = re2.Set.SearchSet(options(ignore_case=ignore_case))
        for pattern in patterns:
            compiled.Add(pattern)
        compiled.Compile()
        self._set = compiled

    def matching(self, text: bytes) -> list[int]:
        """Return the indices (in the order given) of the patterns found in UTF-8 `text`, sorted."""
        if self._set is None:
            return []
        found = self._set.Match(text)
        return sorted(found) if found else []

    def __bool__(self) -> bool:
        return self._set is not None
