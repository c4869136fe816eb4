"""Blocked terms: whole words, any case, and the usual disguises; never inside other words."""

from __future__ import annotations

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from bot.automod.folding import fold, normalize_term
from bot.automod.model import FilterName
from bot.errors import UserFacingError
from tests.automod.support import check, matches, screener


@pytest.mark.parametrize(
    "text",
    [
        "this is spam",
        "SPAM!",
        "Spam, eggs and ham",
        "spam,eggs",
        "(spam)",
        "_spam_ in italics",
        "*spam*",
        "sp4m",
        "$pam",
        "5pam",
        "s.p.a.m",
        "s-p-a-m",
        "s p a m",
        "s. p. a. m.",
        "s_p_a_m",
        "sp*am",
        "sp.am",
        "s-pa-m",
        "sp_am",
        "spaaaam",
        "sssppaammm",
        "S\u200bP\u200bA\u200bM",  # zero-width spaces
        "spàm",  # an accent
        "ｓｐａｍ",  # full-width letters
        "ѕрам",  # Cyrillic look-alikes (ѕ р а м)
        "𝐬𝐩𝐚𝐦",  # mathematical bold
        "line one\nspam\nline three",
    ],
)
def test_a_blocked_term_is_found_however_it_is_disguised(text: str) -> None:
    assert matches("spam", text), text


@pytest.mark.parametrize(
    "text",
    [
        "spammer",
        "antispam",
        "spam2",
        "sp am",  # two words
        "maps",
        "spa and mud",
    ],
)
def test_a_blocked_term_is_never_found_inside_other_words(text: str) -> None:
    assert not matches("spam", text), text


def test_a_short_term_does_not_match_the_words_that_contain_it() -> None:
    for word in ("class", "assignment", "pass", "bass", "as", "grass"):
        assert not matches("ass", word), word
    assert matches("ass", "a$$")
    assert matches("ass", "what an asss")


def test_digits_in_a_term_stand_for_letters_both_ways() -> None:
    assert matches("b00b", "boob")
    assert matches("boob", "b00b")
    assert matches("kill", "ki11")  # 1 can be l
    assert matches("idiot", "1d1ot")  # or i
    assert matches("shit", "sh!t")


def test_a_phrase_matches_across_any_separators_and_run_together() -> None:
    texts = ("buy followers now", "BUY   FOLLOWERS", "buy-followers", "buyfollowers")
    for text in (*texts, "b.u.y f.o.l.l.o.w.e.r.s"):
        assert matches("buy followers", text), text
    assert not matches("buy followers", "buy more followers")


def test_the_verdict_names_the_term_and_the_first_of_several() -> None:
    verdict = check(screener(terms=("spam", "scam")), "a scam and spam")
    assert verdict is not None
    assert verdict.filter is FilterName.TERMS
    assert verdict.rule == 'blocked term "spam"'


def test_terms_are_normalized_when_stored() -> None:
    assert normalize_term("  Buy   FOLLOWERS! ") == "buy followers"
    assert normalize_term("Spâm") == "spam"
    assert normalize_term("$pam") == "spam"
    assert normalize_term("t-shirt") == "t shirt"
    assert normalize_term("S.P.A.M") == "spam"
    assert normalize_term("Don't") == "dont"
    for bad in ("", "  ", "!", "a", "x" * 61):
        with pytest.raises(UserFacingError):
            normalize_term(bad)


def test_folding_leaves_ascii_lower_cased_and_strips_marks() -> None:
    assert fold("Hello World") == "hello world"
    assert fold("Crème Brûlée") == "creme brulee"
    assert fold("Straße") == "strasse"
    assert fold("a\u200bb\u00adc") == "abc"


# -- Properties ------------------------------------------------------------------------------

terms = st.text(alphabet="abcdefghkmnprtuvwxyz", min_size=3, max_size=8)
punctuation = st.text(alphabet=".-_*~'^|/\\,:;#()[]{}<>\"`", max_size=3)


@given(term=terms, data=st.data())
def test_a_term_with_any_inserted_punctuation_still_matches(term: str, data: st.DataObject) -> None:
    inserted = [data.draw(punctuation) for _ in term[1:]]
    text = term[0] + "".join(gap + letter for gap, letter in zip(inserted, term[1:], strict=True))
    assert matches(term, f"look: {text} here"), text


@given(term=terms, data=st.data())
def test_a_term_spelled_out_with_any_separators_still_matches(
    term: str, data: st.DataObject
) -> None:
    gaps = [data.draw(st.sampled_from([" ", "  ", ". ", " - ", "\n", " / "])) for _ in term[1:]]
    text = term[0] + "".join(gap + letter for gap, letter in zip(gaps, term[1:], strict=True))
    assert matches(term, text), text


@given(term=terms, data=st.data())
def test_a_term_with_letters_repeated_and_case_changed_still_matches(
    term: str, data: st.DataObject
) -> None:
    counts = [data.draw(st.integers(1, 4)) for _ in term]
    text = "".join(letter * count for letter, count in zip(term, counts, strict=True))
    assert matches(term, text.upper() if data.draw(st.booleans()) else text), text


letters = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=4)


@given(term=terms, prefix=letters, suffix=letters, where=st.sampled_from(["before", "after", "on"]))
def test_a_clean_word_containing_a_term_never_matches(
    term: str, prefix: str, suffix: str, where: str
) -> None:
    # The letters next to the term differ from its own ends, so the word is not the term with a
    # repeated letter (spaaam is meant to match).
    before = "" if where == "after" else _unlike(prefix, term[0])
    after = "" if where == "before" else _unlike(suffix, term[-1])
    word = before + term + after
    assert not matches(term, f"1 {word} 2"), word  # no filler word that could be the term


def _unlike(extra: str, letter: str) -> str:
    replacement = "q" if letter != "q" else "j"
    return "".join(replacement if char == letter else char for char in extra)


# -- Every script ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("日本", "日本"), ("Кот", "кот"), ("ΕΛΛΆΔΑ", "ελλάδα"), ("Ελλάδα!", "ελλάδα")],
)
def test_a_term_in_any_script_is_stored_as_written_in_lower_case(raw: str, stored: str) -> None:
    assert normalize_term(raw) == stored


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("日本", "日本へようこそ"),  # no spaces between words in Japanese: found inside text
        ("кот", "мой кот спит"),
        ("кот", "КОТ!"),
        ("кот", "k.o.t"),
        ("ελλάδα", "ζω στην Ελλάδα."),
        ("ελλάδα", "ΕΛΛΑΔΑ"),
        ("ελλάδα", "ε λ λ ά δ α"),
    ],
)
def test_a_term_in_any_script_is_found(raw: str, text: str) -> None:
    assert matches(normalize_term(raw), text), text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        # Each ends (or starts) with a letter that folding leaves outside ASCII.
        ("حمار", "حمار"),
        ("حمار", "قال: حمار."),
        ("гад", "ты гад."),
        ("гад", "Г А Д"),
        ("гад", "г.а.д!"),
        ("гад", "гаааад"),
        ("κακός", "είναι κακός!"),
        ("바보", "너 바보 맞지?"),
        ("ящик", "сломанный ящик"),
    ],
)
def test_a_term_that_folding_leaves_in_its_own_script_is_found(raw: str, text: str) -> None:
    assert matches(normalize_term(raw), text), text


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("кот", "скот"),
        ("кот", "котик"),
        ("ελλάδα", "ελλάδας"),
        ("ελλάδα", "παλιαελλάδα"),
        ("حمار", "الحمار"),
        ("гад", "нагадить"),
        ("гад", "гадость"),
        ("ящик", "ящики"),
        ("ass", "ыass"),
        ("κακός", "κακόστομος"),
    ],
)
def test_a_term_in_a_spaced_script_is_never_found_inside_other_words(raw: str, text: str) -> None:
    assert not matches(normalize_term(raw), text), text


# -- Spelled out, whole words only -------------------------------------------------------------


@pytest.mark.parametrize(
    ("term", "text"),
    [
        ("spam", "s p a m m e r"),
        ("spam", "s.p.a.m.m.e.r"),
        ("idiot", "i.d.i.o.t.i.c"),
        ("idiot", "i d i o t i c"),
        ("idiot", "i-d-i-o-t-i-c"),
        ("ass", "c l a s s"),
        ("ass", "c.l.a.s.s"),
        ("spam", "a.n.t.i.s.p.a.m"),
    ],
)
def test_a_spelled_out_word_is_not_a_term_it_begins_or_ends_with(term: str, text: str) -> None:
    assert not matches(term, text), text
    assert not matches(term, f"look: {text} here"), text


words = st.text(alphabet="abcdefghkmnprtuvwxyz", min_size=4, max_size=10)


@given(
    word=words,
    cut=st.integers(2, 8),
    keep=st.sampled_from(["start", "end"]),
    gap=st.sampled_from([" ", ".", "-", ". ", " - ", "*"]),
)
def test_a_longer_word_spelled_out_never_matches_the_term_inside_it(
    word: str, cut: int, keep: str, gap: str
) -> None:
    # A term made of the word's first (or last) letters, at least two shorter than the word,
    # and not the word with its edge letter repeated (`s p a m m` is meant to be spam).
    cut = min(cut, len(word) - 2)
    term, rest = (word[:cut], word[cut:]) if keep == "start" else (word[-cut:], word[:-cut])
    assume(set(rest) != {term[-1] if keep == "start" else term[0]})
    spelled = gap.join(word)
    assert not matches(term, spelled), (term, spelled)
    assert not matches(term, f"you {spelled} there"), (term, spelled)
    assert matches(word, f"you {spelled} there"), (word, spelled)


# -- Marks ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "stored"),
    [("मूर्ख", "मूर्ख"), ("ไม่ดี", "ไม่ดี"), ("बेवकूफ़!", "बेवकूफ़"), ("حِمار", "حِمار")],
)
def test_a_terms_vowel_signs_and_marks_are_part_of_its_word(raw: str, stored: str) -> None:
    assert normalize_term(raw) == stored


@pytest.mark.parametrize(
    ("raw", "text", "found"),
    [
        ("मूर्ख", "तुम मूर्ख हो", True),
        ("मूर्ख", "तुम मूर्ख, हो 😀", True),
        ("मूर्ख", "तुम मरख हो", False),  # without its vowel signs it is another word
        ("मूर्ख", "यह मूर्खता है", False),  # inside a longer word
        ("ไม่ดี", "อาหารไม่ดีเลย", True),  # Thai: no spaces between words
        ("حِمار", "انت حمار", True),  # Arabic vowel points are written or left out
        ("حمار", "انت حِمار", True),
        ("حِمار", "الحمار", False),
        ("שָׁלוֹם", "שלום", True),  # so are Hebrew ones
    ],
)
def test_a_term_with_marks_is_found_as_written_and_only_as_a_word(
    raw: str, text: str, found: bool
) -> None:
    assert matches(normalize_term(raw), text) is found, text
