"""The figures' lines count in words that agree with the number: 1 poster, 2 posters."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.participation.stats import Figures, TopicThread
from bot.participation.stats_text import render


def _figures(**changes: object) -> Figures:
    values: dict[str, object] = {
        "members": 3,
        "active_7": 1,
        "active_30": 1,
        "never_posted": 2,
        "intro_pending": None,
        "first_post_median": timedelta(seconds=90),
        "first_post_count": 1,
        "messages_by_member": [1],
        "questions": 1,
        "unanswered": 1,
        "threads": [TopicThread("Why Python?", datetime(2026, 1, 5, tzinfo=UTC), 1, 1)],
        "non_responders": ["alice"],
        "non_responder_count": 2,
        "pairing_rate": None,
        "pairing_known": False,
        "nudges": {"sent": 1, "retry": 1, "answer:snooze": 1},
        "reading": 1,
        "reactions": 1,
        "reactors": 1,
        "only_reacted": 1,
    }
    values.update(changes)
    return Figures(**values)  # type: ignore[arg-type]


def test_one_of_everything_is_counted_in_the_singular() -> None:
    lines = render(_figures(), "Health").splitlines()
    assert lines == [
        "Health",
        "• Active members: 1 in 7 days, 1 in 30 days (of 3)",
        "• Never posted: 2",
        "• Reading: 1 member said they're just reading (lurking is learning too)",
        "• New members without an intro: not available yet",
        "• Time to first post: median 1 minute (1 member)",
        "• Participation balance (30 days, 1 poster, 1 message): top 10 % wrote 100%, Gini 0.00",
        "• Reactions (30 days): 1 reaction from 1 member",
        "• Took part by reacting only (30 days): 1 member",
        "• Unanswered posts (questions with no reply within 24 hours, 30 days): 1 of 1",
        "• Topic 2026-01-05 “Why Python?”: 1 reply from 1 member",
        "• Active but not in the last two topic threads: @alice and 1 more",
        "• Pairing meeting rate: not available yet",
        "• Session turnout: not available yet",
        "• Quiet-member nudges (30 days): 1 sent, 1 to try again; answers: 1 snoozed",
    ]


def test_session_turnout_says_how_many_of_those_going_made_it() -> None:
    def line(turnout: tuple[int, int]) -> str:
        text = render(_figures(turnout=turnout), "Health")
        return next(one for one in text.splitlines() if "Session turnout" in one)

    assert line((0, 0)) == "• Session turnout (30 days): nobody answered Going to a session"
    assert line((3, 1)) == (
        "• Session turnout (30 days): 1 of 3 who answered Going said they made it"
    )
    assert line((4, 4)) == (
        "• Session turnout (30 days): 4 of 4 who answered Going said they made it"
    )


def test_several_are_counted_in_the_plural_and_absent_figures_are_said_so() -> None:
    text = render(
        _figures(
            intro_pending=4,
            first_post_median=None,
            messages_by_member=[3, 2],
            threads=[TopicThread("Recursion", datetime(2026, 1, 5, tzinfo=UTC), 3, 2)],
            non_responder_count=1,
            pairing_known=True,
            pairing_rate=0.5,
            nudges={},
            reading=12,
            reactions=7,
            reactors=3,
            only_reacted=2,
        ),
        "Health",
    )
    assert "• Reading: 12 members said they're just reading (lurking is learning too)" in text
    assert "• Reactions (30 days): 7 reactions from 3 members\n" in text
    assert "• Took part by reacting only (30 days): 2 members\n" in text
    assert "• New members without an intro: 4" in text
    assert "• Time to first post: no first posts yet" in text
    assert "(30 days, 2 posters, 5 messages)" in text
    assert "“Recursion”: 3 replies from 2 members" in text
    assert "• Active but not in the last two topic threads: @alice\n" in text
    assert "• Pairing meeting rate: 50% of pairs met" in text
    assert text.endswith("• Quiet-member nudges (30 days): 0 sent")


def test_no_reactions_are_said_so_and_nobody_only_reacted_is_not_shown() -> None:
    text = render(_figures(reactions=0, reactors=0, only_reacted=0, reading=0), "Health")
    assert "• Reactions (30 days): none yet" in text
    assert "reacting only" not in text
    assert "• Reading: 0 members said they're just reading" in text
