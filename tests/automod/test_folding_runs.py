"""Folding long, mostly English messages by their runs outside ASCII reads them as before.

`fold` and `term_text` rewrite only the characters outside ASCII when there are few of them
(`bot/automod/runs.py`); these tests hold that to the plain definition, written out here, and
check that terms keep their word boundaries and disguises in such messages.
"""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

from bot.automod import folding
from bot.automod.folding import fold, term_text
from bot.automod.runs import few_enough
from tests.automod.support import matches

ENGLISH = "We went over the notes for the quiz with everyone in the study group today. " * 4


def plain_fold(text: str) -> str:
    """Fold as defined: NFKD, lower case, then the look-alike table over every character."""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).lower().translate(folding._FOLD_TABLE)


def plain_term_text(folded: str) -> bytes:
    """`term_text` as defined: separators, UTF-8, `$@_`, then `_` around each other character."""
    if folded.isascii():
        return folded.encode().translate(folding._TERM_BYTES)
    written = folded.translate(folding._SEPARATORS).encode("utf-8", "replace")
    return folding._OTHER_SCRIPT.sub(rb"_\g<0>_", written.translate(folding._TERM_BYTES))


# Every character, lone surrogates and unassigned ones included, and the ASCII ones that
# `term_text` treats apart (controls, `$@_`, punctuation).
anything = st.characters(codec=None, exclude_categories=())
unusual = st.text(st.one_of(anything, st.sampled_from("$@_-.\t\n\x00\x7f ")), max_size=12)


@given(inserted=unusual, at=st.integers(0, len(ENGLISH)))
@example(inserted="😀", at=10)
@example(inserted="\ud800\udc00x\udfff", at=0)
@example(inserted="ΑΣ. Σ", at=100)  # a final sigma depends on the letters around it
@example(inserted="e\u0301\u0323 \u0651\u064e", at=5)  # marks NFKD puts in order
@example(inserted="$pam 😀 sp@m a_b", at=len(ENGLISH))
def test_folding_by_runs_is_folding_every_character(inserted: str, at: int) -> None:
    text = ENGLISH[:at] + inserted + ENGLISH[at:]
    lowered = unicodedata.normalize("NFKD", text).lower()
    assume(not lowered.isascii() and few_enough(lowered))
    folded = fold(text)
    assert folded == plain_fold(text)
    assert term_text(folded) == plain_term_text(folded)


@given(text=st.text(anything, max_size=40))
def test_short_or_foreign_text_is_folded_as_defined_too(text: str) -> None:
    folded = fold(text)
    assert folded == plain_fold(text)
    assert term_text(folded) == plain_term_text(folded)


def test_runs_are_used_only_when_characters_outside_ascii_are_few() -> None:
    assert few_enough(ENGLISH + " 😀")
    assert not few_enough("привет, как дела? 😀")
    assert not few_enough("hi 😀")


@pytest.mark.parametrize(
    ("term", "inserted"),
    [
        ("кот", "кот!"),
        ("гад", "ну и гад."),
        ("حمار", "«حمار»"),
        ("spam", "ѕрам 😀"),  # Cyrillic look-alikes
        ("spam", "S\u200bP\u200bA\u200bM 🎉"),  # zero-width spaces
        ("spam", "ｓｐａｍ — really"),  # full-width
        ("spam", "s p a m 👋"),
        ("spam", "spàm, Zoë"),
    ],
)
def test_a_term_is_found_in_a_long_message_with_a_few_other_characters(
    term: str, inserted: str
) -> None:
    assert matches(term, f"{ENGLISH}{inserted} {ENGLISH}"), inserted


@pytest.mark.parametrize(
    ("term", "inserted"),
    [
        ("кот", "котик 😀"),
        ("гад", "нагадить"),
        ("حمار", "الحمار"),
        ("ass", "classé 😀"),
        ("spam", "spammer 👋"),
    ],
)
def test_a_term_inside_another_word_is_not_found_in_a_long_message(
    term: str, inserted: str
) -> None:
    assert not matches(term, f"{ENGLISH}{inserted} {ENGLISH}"), inserted


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("spam", "$pam 😀"),
        ("spam", "sp@m, Zoë 👋"),
        ("ass", "a$$ 👋"),
        ("spam", ENGLISH + "$pam 😀"),
    ],
)
def test_dollar_and_at_are_letters_in_disguise_beside_other_scripts_too(
    term: str, text: str
) -> None:
    assert matches(term, text), text
