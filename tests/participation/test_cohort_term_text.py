"""The term's weeks (pure) and how a cohort's figures say where its term stands."""

from __future__ import annotations

from datetime import date

from bot.participation.stats import Figures
from bot.participation.stats_text import render
from bot.participation.weekly import WeekFigures, WeekSpan, term_place, weeks_begun
from bot.shared.breaks import BreakDates
from bot.shared.terms import Term

TERM = Term(date(2026, 1, 5), 3)
BREAK = BreakDates(date(2026, 1, 12), date(2026, 1, 18))


def test_weeks_begun_skip_a_break_week_and_stop_at_the_terms_length() -> None:
    assert weeks_begun(TERM, [], date(2026, 1, 4)) == ()
    assert weeks_begun(TERM, [BREAK], date(2026, 1, 19)) == (
        WeekSpan(1, date(2026, 1, 5), date(2026, 1, 11)),
        WeekSpan(2, date(2026, 1, 19), date(2026, 1, 25)),
    )
    assert [span.number for span in weeks_begun(TERM, [BREAK], date(2027, 1, 1))] == [1, 2, 3]


def figures(place_day: date, weeks: list[WeekFigures]) -> Figures:
    return Figures(
        members=2,
        active_7=1,
        active_30=1,
        never_posted=1,
        intro_pending=None,
        first_post_median=None,
        first_post_count=0,
        messages_by_member=[],
        questions=0,
        unanswered=0,
        threads=[],
        non_responders=[],
        non_responder_count=0,
        pairing_rate=None,
        pairing_known=True,
        cohort=True,
        term=term_place(TERM, [BREAK], place_day),
        weeks=weeks,
    )


def test_the_term_comes_first_with_counts_only_in_the_singular_and_plural() -> None:
    weeks = [WeekFigures(1, 1, 1, 1, 1, 1), WeekFigures(2, 2, 5, 3, 4, 9)]
    lines = render(figures(date(2026, 1, 20), weeks), "Health").splitlines()
    assert lines[:4] == [
        "Health",
        "• Now: Week 2 of 3",
        "• Week 1: 1 topic post, 1 reply from 1 member; 1 member active, 1 message",
        "• Week 2: 2 topic posts, 5 replies from 3 members; 4 members active, 9 messages",
    ]
    assert "• Pairing meeting rate (whole community): no pairing rounds yet" in lines


def test_a_break_before_and_after_the_term_are_said_so() -> None:
    assert "• Now: on a break" in render(figures(date(2026, 1, 13), []), "H")
    assert "• Now: before the term, which starts on 2026-01-05" in render(
        figures(date(2026, 1, 1), []), "H"
    )
    assert "• Now: the term ended on 2026-02-01" in render(figures(date(2026, 3, 1), []), "H")
