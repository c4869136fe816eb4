"""Rewriting only the characters outside ASCII of text that is mostly ASCII.

`str.translate` with a dictionary looks every character up in Python, ASCII ones included: on
an English message of 500 characters with one emoji that is most of the time spent screening
it. Encoding the text to ASCII runs in C instead, and calls an error handler once for each run
of characters outside ASCII; `NonAsciiRuns` registers such a handler (a process-wide codec
error handler, under a name of its own) that writes each run as the caller's `convert` does.
ASCII characters come out unchanged: a caller whose rewriting changes some of them translates
the bytes afterwards (`bytes.translate`, also in C).

The handler costs about a microsecond a run, so `few_enough` says when the runs are few enough
to be cheaper this way; text mostly in another script is rewritten whole as before.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable

_ASCII_PER_RUN = 32
"""How many characters a run must be among at most, for rewriting by runs to pay."""


def few_enough(text: str) -> bool:
    """Return whether `text` has few enough characters outside ASCII to be rewritten by runs.

    Each character outside ASCII takes at least two bytes in UTF-8: the extra bytes bound the
    number of runs from above, so text with many runs is never sent the slow way.
    """
    return (len(text.encode("utf-8", "surrogatepass")) - len(text)) * _ASCII_PER_RUN < len(text)


class NonAsciiRuns:
    """Encodes text to bytes: ASCII as it is, each run of other characters as `convert` says."""

    __slots__ = ("_convert", "_name")

    def __init__(self, name: str, convert: Callable[[str], bytes]) -> None:
        self._name = f"cohort-automod-{name}"
        self._convert = convert
        codecs.register_error(self._name, self._replace)

    def encode(self, text: str) -> bytes:
        """Return `text` with ASCII kept and every run of other characters converted."""
        return text.encode("ascii", self._name)

    def _replace(self, error: UnicodeError) -> tuple[bytes, int]:
        if not isinstance(error, UnicodeEncodeError):
            raise error
        return self._convert(error.object[error.start : error.end]), error.end
