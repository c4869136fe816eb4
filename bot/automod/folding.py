"""Folding text so that disguised words still read as themselves.

Two halves work together. `fold` turns a message into lower-case text where accented letters,
full-width and mathematical letters and common look-alikes from other scripts (Cyrillic `а`,
Greek `ο`) are plain ASCII letters and invisible characters are gone. `term_pattern` turns a
blocked term into an RE2 pattern over that folded text which also accepts what folding cannot
undo without context: l33t digits and symbols (`sp4m`, `$pam`), punctuation inserted between
letters (`s.p.a.m`, `sp*am`), every letter spaced out (`s p a m`) and repeated letters
(`spaaam`) — while matching whole words only, so `spam` never matches `spammer` (nor
`s p a m m e r`, which `join_spelled_out` makes one word) and `ass` never matches `class`.
Terms and messages may be in any script: outside ASCII, `term_text` marks each letter so that
word boundaries hold for Cyrillic or Greek as for Latin.

Spaces inside a word count only when they separate every letter: `sp am` is two words, as
`pen is` must be.
"""

from __future__ import annotations

import re
import unicodedata

from bot.automod.lookalikes import CONFUSABLES, DIGIT_LETTERS, LOOKALIKES
from bot.automod.model import Limit
from bot.automod.runs import NonAsciiRuns, few_enough
from bot.errors import UserFacingError
from bot.i18n import _, ngettext

_INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e"
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff"
)
_COMBINING_RANGES = ((0x0300, 0x036F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF))
# Hebrew and Arabic vowel points, written or left out at will (`حِمار` is `حمار`). Not the
# vowel signs of Indic scripts or Thai: those are letters (`मूर्ख` is not `मरख`).
_VOWEL_POINTS = ((0x0591, 0x05C7), (0x064B, 0x065F), (0x0670, 0x0670))


def _fold_table() -> dict[int, str | None]:
    table: dict[int, str | None] = {ord(char): latin for char, latin in CONFUSABLES.items()}
    table.update({ord(char): None for char in _INVISIBLE})
    for first, last in (*_COMBINING_RANGES, (0xFE00, 0xFE0F), (0xFE20, 0xFE2F)):
        table.update({code: None for code in range(first, last + 1)})
    for first, last in _VOWEL_POINTS:  # their punctuation stays: it separates words
        points = range(first, last + 1)
        table.update({code: None for code in points if unicodedata.category(chr(code)) == "Mn"})
    return table


_FOLD_TABLE = _fold_table()


def fold(text: str) -> str:
    """Return `text` lower-cased with look-alike letters made ASCII and invisible marks removed.

    ASCII text, most messages, only needs lower-casing.
    """
    if text.isascii():
        return text.lower()
    lowered = unicodedata.normalize("NFKD", text).lower()
    if few_enough(lowered):  # English with an emoji or a name: only those are looked up
        return _FOLD_RUNS.encode(lowered).decode("utf-8", "surrogatepass")
    return lowered.translate(_FOLD_TABLE)


# The fold table leaves ASCII alone, so translating each run outside ASCII is the same.
_FOLD_RUNS = NonAsciiRuns(
    "fold", lambda run: run.translate(_FOLD_TABLE).encode("utf-8", "surrogatepass")
)


def normalize_term(raw: str) -> str:
    """Return a blocked term as stored and compared: lower case, words separated by one space.

    A term written in Latin letters (accents, full-width or look-alike letters included) is
    stored folded (`Spâm` is `spam`); one in another script as written, lower-cased, so the
    moderator reads it back (`Ελλάδα` is `ελλάδα`). Raises UserFacingError when nothing
    blockable is left.
    """
    if _is_latin(raw):
        text = fold(raw).replace("$", "s").replace("@", "a")
    else:
        text = unicodedata.normalize("NFC", raw).lower()
    words = _words(text.replace("'", "").replace("’", ""))
    if len(words) > 1 and all(len(word) == 1 for word in words):
        words = ["".join(words)]  # S.P.A.M is the word spam
    term = " ".join(words)
    if sum(char.isalnum() for char in term) < 2:
        raise UserFacingError(
            _("A blocked term needs at least two letters or digits, like /automod block spam.")
        )
    if len(term) > Limit.TERM_LENGTH:
        raise UserFacingError(
            ngettext(
                "Keep a blocked term under {count} character.",
                "Keep a blocked term under {count} characters.",
                Limit.TERM_LENGTH,
            ).format(count=Limit.TERM_LENGTH)
        )
    return term


def _words(text: str) -> list[str]:
    """Split `text` at whatever is not a letter, a digit or a mark.

    Marks belong to their word: the vowel signs of Devanagari or Thai, Arabic vowel marks
    (`मूर्ख` is one word, not the letters `म र ख`).
    """
    kept = (
        char if char.isalnum() or unicodedata.category(char)[0] == "M" else " " for char in text
    )
    return "".join(kept).split()


def _is_latin(raw: str) -> bool:
    """Return whether `raw` is written in Latin letters (accents and full-width forms too)."""
    return not any(
        char.isalnum() and not char.isascii() and not unicodedata.name(char, "").startswith("LATIN")
        for char in unicodedata.normalize("NFKD", raw)
    )


class _Separators(dict[int, int | str]):
    """Maps every non-ASCII character that is not part of a word to an ASCII separator.

    Spaces become a space, punctuation and symbols (`«`, `—`, emoji) a `-`; letters, marks and
    digits of every script are left alone, so the patterns can treat any non-ASCII character as
    a letter. For `str.translate`: each character is looked up the first time it is seen (a
    table of all of Unicode takes seconds to build), and at most `_CACHED` are remembered.
    """

    def __missing__(self, code: int) -> int | str:
        value = _separator(code)
        if len(self) < _CACHED:
            self[code] = value
        return value


def _separator(code: int) -> int | str:
    """Return what `term_text` writes for a character: a space, a `-`, or `code` (a letter).

    `$` and `@` stay, for `_TERM_BYTES` to read as `s` and `a` as in ASCII text (`$pam 😀`).
    """
    if code in _DISGUISES:
        return code
    category = unicodedata.category(chr(code))
    if category[0] == "Z":
        return " "
    if category[0] in "PS" or category in ("Cc", "Cf"):
        return "-"
    return code


_DISGUISES = frozenset(b"$@")
_CACHED = 20_000

_SEPARATORS = _Separators()


class _TermChars(dict[str, bytes]):
    """What `term_text` writes for each character outside ASCII, when it goes by runs.

    A letter, mark or digit is `\xff` + its UTF-8 + `\xff` (`_MIXED_BYTES` makes the `\xff`s,
    which UTF-8 never contains, the `_`s around it); a lone surrogate `\xfe` (`?`, as UTF-8's
    `replace` writes it, which `_MIXED_BYTES` must not make a `-`). At most `_CACHED` remembered.
    """

    def __missing__(self, char: str) -> bytes:
        value = _separator(ord(char))
        if isinstance(value, str):
            written = value.encode()
        elif 0xD800 <= value <= 0xDFFF:
            written = b"\xfe"
        else:
            written = b"\xff" + char.encode() + b"\xff"
        if len(self) < _CACHED:
            self[char] = written
        return written


_TERM_CHARS = _TermChars()
_TERM_RUNS = NonAsciiRuns("terms", lambda run: b"".join(map(_TERM_CHARS.__getitem__, run)))


# `$` and `@` are letters in disguise far more often than anything else (`$pam`, `a$$`, `sp@m`);
# `_` is punctuation like `-` (`_spam_` is Markdown italics), though `\b` counts it as a letter.
# Done on bytes: one C call for the whole text.
_TERM_BYTES = bytes.maketrans(b"$@_", b"sa-")


def _mixed_bytes() -> bytes:
    """Return the table for `term_text` by runs: ASCII as `_SEPARATORS` and `_TERM_BYTES` write
    it, the markers of `_TermChars` as what they stand for, other bytes (UTF-8) unchanged."""
    ascii_written = bytes(
        code if isinstance(value := _separator(code), int) else ord(value) for code in range(128)
    ).translate(_TERM_BYTES)
    return ascii_written + bytes(range(128, 254)) + b"?_"


_MIXED_BYTES = _mixed_bytes()

# A character of another script (a UTF-8 sequence): `_` on both sides of it makes it a letter
# to RE2's ASCII-only `\b` wherever it stands, so `kot` is not found in `котик` (folded
# `kotиk`), `гад` is found before a full stop and not inside `нагадить`, and `حمار` not inside
# `الحمار`.
_OTHER_SCRIPT = re.compile(rb"[\xc0-\xff][\x80-\xbf]*")


def term_text(folded: str) -> bytes:
    """Return folded text as the blocked-term patterns read it (UTF-8).

    Outside ASCII, characters that are not letters, marks or digits become separators, and each
    one that is gets a `_` on either side (see `term_pattern`).
    """
    if folded.isascii():
        return folded.encode().translate(_TERM_BYTES)
    if few_enough(folded):
        return _TERM_RUNS.encode(folded).translate(_MIXED_BYTES)
    text = folded.translate(_SEPARATORS).encode("utf-8", "replace").translate(_TERM_BYTES)
    return _OTHER_SCRIPT.sub(rb"_\g<0>_", text)


# In `term_text`: a letter, digit or `_` (which only marks letters of another script there).
_L = rb"a-z0-9_\x80-\xff"
# A letter on its own (`s` in `s p a m`): ASCII, or one UTF-8 sequence between two `_`.
_SINGLE = rb"(?<![" + _L + rb"])(?:[a-z0-9]|_[\xc0-\xff][\x80-\xbf]*_)(?![" + _L + rb"])"
_PUNCTUATION = rb"[^" + _L + rb"\s]+"
_SPACES = rb"[^" + _L + rb"\s]*\s[^" + _L + rb"]*"
# ... spaced out, when it is not the start or end of a dotted spelling (`a s.p.a.m`).
_SPACED_SINGLE = _SINGLE + rb"(?!" + _PUNCTUATION + rb"[" + _L + rb"])"
# Two or more letters on their own in a row, all joined by punctuation or all spaced out.
_SPELLED_OUT = re.compile(
    _SINGLE
    + rb"(?:"
    + _PUNCTUATION
    + _SINGLE
    + rb")+|"
    + _SPACED_SINGLE
    + rb"(?:"
    + _SPACES
    + _SPACED_SINGLE
    + rb")+"
)
_NOT_LETTERS = re.compile(rb"[^" + _L + rb"]+")
_GAPS = r"[\x00-\x2f\x3a-\x5e\x60\x7b-\x7f]"  # what `_L` leaves out, for RE2
SPELLED_OUT_HINT = rf"(?:^|{_GAPS})(?:[a-z0-9]|_._){_GAPS}+(?:[a-z0-9]|_._)(?:{_GAPS}|$)"
"""An RE2 pattern for `term_text` that finds what `join_spelled_out` would change."""


def join_spelled_out(text: bytes) -> bytes:
    """Return `term_text` with words spelled out letter by letter written as one word.

    `s p a m m e r` is `spammer` and `i.d.i.o.t.i.c` is `idiotic`, so that neither is found as
    `spam` or `idiot`; `s p a m` and `s. p. a. m.` are `spam`. A single letter next to a word
    spelled out in the same way is read as part of it (`a s p a m` is `aspam`); one written
    differently is not (`a s.p.a.m` is `a spam`).
    """
    return _SPELLED_OUT.sub(lambda spelled: _NOT_LETTERS.sub(b"", spelled.group()), text)


# Between letters of one word: ASCII punctuation or symbols, never a space (`s.p.a.m`, `sp*am`).
_INSERTED = r"[\x00-\x08\x0e-\x1f\x21-\x2f\x3a-\x60\x7b-\x7f]*"
# Between words: any ASCII separators.
_SEPARATED = r"[\x00-\x2f\x3a-\x60\x7b-\x7f]+"
# Scripts written without spaces between words: a term in them is found inside longer text.
_UNSPACED_SCRIPTS = ("CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH KATAKANA", "THAI", "LAO", "KHMER")


def term_pattern(term: str) -> str:
    """Return the RE2 pattern that finds `term` (as normalized) as whole words in `term_text`.

    Word boundaries are RE2's `\b` (ASCII letters, digits and `_`, which `term_text` turns into
    `-` and puts on either side of each character of another script): an assertion rather than
    a consumed character keeps RE2's automaton small, which matters with hundreds of terms in
    one set. A term in a script written without spaces (Japanese, Chinese, Thai) needs no
    boundary there.
    """
    folded = fold(term)
    words = folded.split()
    letters = "".join(words)
    branches = [_SEPARATED.join(_spelled(word, _INSERTED) for word in words)]  # s.p-a*m, sp4m
    if len(words) > 1:
        branches.append(_spelled(letters, _INSERTED))  # buyfollowers
    before = "" if _unspaced(folded[0]) else r"\b"
    after = "" if _unspaced(folded[-1]) else r"\b"
    return rf"{before}(?:{'|'.join(branches)}){after}"


def _unspaced(char: str) -> bool:
    """Return whether `char` is a letter of a script written without spaces between words."""
    return unicodedata.name(char, "").startswith(_UNSPACED_SCRIPTS)


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
    letters = DIGIT_LETTERS.get(char, char)
    members = set(letters)
    for letter in letters:
        members.update(LOOKALIKES.get(letter, ""))
    if char.isdigit():
        members.add(char)
    if not char.isascii():
        return "_" + re.escape(char) + "_"  # as `term_text` writes it
    if len(members) == 1:
        return re.escape(char)
    return "[" + "".join(re.escape(member) for member in sorted(members)) + "]"
