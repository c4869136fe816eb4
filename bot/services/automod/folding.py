"""Folding text so that disguised words still read as themselves.

Two halves work together. `fold` turns a message into lower-case text where accented letters,
full-width and mathematical letters and common look-alikes from other scripts (Cyrillic `а`,
Greek `ο`) are plain ASCII letters and invisible characters are gone. `term_pattern` turns a
blocked term into an RE2 pattern over that folded text which also accepts what folding cannot
undo without context: l33t digits and symbols (`sp4m`, `$pam`), punctuation inserted between
letters (`s.p.a.m`, `sp*am`), every letter spaced out (`s p a m`) and repeated letters
(`spaaam`) — while matching whole words only, so `spam` never matches `spammer` and `ass` never
matches `class`.

Spaces inside a word count only when they separate every letter: `sp am` is two words, as
`pen is` must be.
"""

from __future__ import annotations

import re
import unicodedata

from bot.errors import UserFacingError
from bot.services.automod.model import Limit

# Letters that l33t writing replaces with digits or symbols.
_LOOKALIKES = {
    "a": "4",
    "b": "8",
    "e": "3",
    "g": "69",
    "i": "1!|",
    "l": "1|",
    "o": "0",
    "s": "5",
    "t": "7+",
    "z": "2",
}
# A digit in a blocked term stands for its letter; `1` is either `i` or `l`.
_DIGIT_LETTERS = {
    "0": "o",
    "1": "il",
    "2": "z",
    "3": "e",
    "4": "a",
    "5": "s",
    "6": "g",
    "7": "t",
    "8": "b",
    "9": "g",
}

# Characters from other scripts that look like Latin letters (lower case: `fold` lowers first).
_CONFUSABLES = {
    # Cyrillic
    "а": "a",
    "в": "b",
    "е": "e",
    "ё": "e",
    "к": "k",
    "м": "m",
    "н": "h",
    "о": "o",
    "р": "p",
    "с": "c",
    "т": "t",
    "у": "y",
    "х": "x",
    "ь": "b",
    "і": "i",
    "ї": "i",
    "ј": "j",
    "ѕ": "s",
    "ԁ": "d",
    "ԛ": "q",
    "ԝ": "w",
    "ӏ": "l",
    "һ": "h",
    # Greek
    "α": "a",
    "β": "b",
    "ε": "e",
    "η": "n",
    "ι": "i",
    "κ": "k",
    "ν": "v",
    "ο": "o",
    "ρ": "p",
    "τ": "t",
    "υ": "u",
    "χ": "x",
    "ω": "w",
    # Latin letters that Unicode does not decompose
    "ß": "ss",
    "æ": "ae",
    "œ": "oe",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "ł": "l",
    "þ": "th",
    "ŧ": "t",
    "ƀ": "b",
    "ɑ": "a",
    "ɡ": "g",
}
_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_COMBINING_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(char): latin for char, latin in _CONFUSABLES.items()}
    table.update({ord(char): None for char in _INVISIBLE})
    for first, last in (*_COMBINING_RANGES, (0xFE00, 0xFE0F), (0xFE20, 0xFE2F)):
        table.update({code: None for code in range(first, last + 1)})
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Return `text` lower-cased with look-alike letters made ASCII and invisible marks removed.

    ASCII text, most messages, only needs lower-casing.
    """
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).lower().translate(_FOLD_TABLE)


_NOT_WORD = re.compile(r"[^a-z0-9]+")


def normalize_term(raw: str) -> str:
    """Return a blocked term as stored and compared: folded, words separated by single spaces.

    Raises UserFacingError when nothing blockable is left.
    """
    folded = fold(raw).replace("$", "s").replace("@", "a").replace("'", "").replace("’", "")
    words = _NOT_WORD.sub(" ", folded).split()
    if len(words) > 1 and all(len(word) == 1 for word in words):
        words = ["".join(words)]  # S.P.A.M is the word spam
    term = " ".join(words)
    if sum(char.isalnum() for char in term) < 2:
        raise UserFacingError(
            "A blocked term needs at least two letters or digits, like /automod block spam."
        )
    if len(term) > Limit.TERM_LENGTH:
        raise UserFacingError(f"Keep a blocked term under {Limit.TERM_LENGTH} characters.")
    return term


# `$` and `@` are letters in disguise far more often than anything else (`$pam`, `a$$`, `sp@m`);
# `_` is punctuation like `-` (`_spam_` is Markdown italics), though `\b` counts it as a letter.
# Done on bytes: one C call for the whole text.
_TERM_BYTES = bytes.maketrans(b"$@_", b"sa-")


def term_text(folded: str) -> bytes:
    """Return folded text as the blocked-term patterns read it (UTF-8)."""
    return folded.encode("utf-8", "replace").translate(_TERM_BYTES)


# Between letters of one word: punctuation or symbols, never a space (`s.p.a.m`, `sp*am`).
_INSERTED = r"[^a-z0-9\s]*"
# Between every letter when each is spaced out, and between words: any separators.
_SEPARATED = r"[^a-z0-9]+"


def term_pattern(term: str) -> str:
    """Return the RE2 pattern that finds `term` (as normalized) as whole words in `term_text`.

    Word boundaries are RE2's `\\b` (ASCII letters, digits and `_`, which `term_text` turns into
    `-`): an assertion rather than a consumed character keeps RE2's automaton small, which
    matters with hundreds of terms in one set.
    """
    words = term.split()
    letters = "".join(words)
    branches = [
        _SEPARATED.join(_spelled(word, _INSERTED) for word in words),  # s.p-a*m, spaaam, sp4m
        _spelled(letters, _SEPARATED),  # s p a m, s. p. a. m.
    ]
    if len(words) > 1:
        branches.append(_spelled(letters, _INSERTED))  # buyfollowers
    return rf"\b(?:{'|'.join(branches)})\b"


def _spelled(word: str, between: str) -> str:
    """Return a pattern for `word`'s letters with `between` between them, each run repeatable."""
    parts = []
    for letter_class, count in _runs(word):
        # A run of n letters needs at least n: `ass` does not match `as`, but does `asss`.
        parts.append(between.join([letter_class] * count) + f"(?:{between}{letter_class})*")
    return between.join(parts)


def _runs(word: str) -> list[tuple[str, int]]:
    runs: list[tuple[str, int]] = []
    for char in word:
        letter_class = _letter_class(char)
        if runs and runs[-1][0] == letter_class:
            runs[-1] = (letter_class, runs[-1][1] + 1)
        else:
            runs.append((letter_class, 1))
    return runs


def _letter_class(char: str) -> str:
    letters = _DIGIT_LETTERS.get(char, char)
    members = set(letters)
    for letter in letters:
        members.update(_LOOKALIKES.get(letter, ""))
    if char.isdigit():
        members.add(char)
    if len(members) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(member) for member in sorted(members)) + "]"
