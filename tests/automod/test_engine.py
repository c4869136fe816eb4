"""The screener: mention spam, flooding, repeats, which action wins, and text it cannot read."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest

from bot.automod.model import Action, FilterName
from bot.automod.rates import MAX_WINDOW, PRUNE_EVERY, Rates
from tests.automod.support import check, on, screener


def test_nothing_is_screened_by_default_but_the_terms_and_rules_added() -> None:
    screen = screener()
    rates = Rates()
    for second in range(50):
        text = "spam https://evil.com discord.gg/x the same message here"
        channel = f"c{second % 5}"
        after = timedelta(seconds=second / 10)
        assert check(screen, text, rates=rates, channel=channel, after=after, mentions=30) is None


def test_more_mentions_than_the_limit_is_mention_spam() -> None:
    screen = screener(mentions=on(threshold=3))
    assert check(screen, "hi all", mentions=3) is None
    verdict = check(screen, "hi all", mentions=4)
    assert verdict is not None
    assert verdict.filter is FilterName.MENTIONS
    assert verdict.rule == "4 mentions (more than 3)"


def test_more_messages_than_the_limit_within_the_window_is_flooding_once_per_burst() -> None:
    screen = screener(flood=on(threshold=3, window_seconds=10))
    rates = Rates()
    verdicts = [
        check(screen, f"message {n}", rates=rates, after=timedelta(seconds=n)) for n in range(8)
    ]
    hits = [n for n, verdict in enumerate(verdicts) if verdict is not None]
    assert hits == [3, 7]  # the 4th message, then the count starts again
    first = verdicts[3]
    assert first is not None
    assert first.filter is FilterName.FLOOD
    assert first.rule == "4 messages in 10 seconds (more than 3)"


def test_a_count_of_one_reads_in_the_singular() -> None:
    flood = screener(flood=on(threshold=0, window_seconds=1))
    verdict = check(flood, "hi", rates=Rates())
    assert verdict is not None
    assert verdict.rule == "1 message in 1 second (more than 0)"
    mentions = screener(mentions=on(threshold=0))
    verdict = check(mentions, "hi @ann", mentions=1)
    assert verdict is not None
    assert verdict.rule == "1 mention (more than 0)"


def test_messages_spread_out_are_not_flooding_and_members_count_apart() -> None:
    screen = screener(flood=on(threshold=2, window_seconds=10))
    rates = Rates()
    for n in range(10):
        assert check(screen, "hi", rates=rates, after=timedelta(seconds=6 * n)) is None
    for user in ("ann", "cat", "dan"):
        for n in range(2):
            assert check(screen, "hi", rates=rates, user=user, after=timedelta(seconds=n)) is None


def test_flooding_works_without_the_message_text() -> None:
    screen = screener(flood=on(threshold=1, window_seconds=5))
    rates = Rates()
    assert check(screen, None, rates=rates) is None
    verdict = check(screen, None, rates=rates, after=timedelta(seconds=1))
    assert verdict is not None
    assert verdict.filter is FilterName.FLOOD


def test_the_same_message_in_several_channels_is_a_repeat() -> None:
    screen = screener(repeats=on(threshold=3, window_seconds=60))
    rates = Rates()
    text = "Check out my course, half price!"
    assert check(screen, text, rates=rates, channel="a") is None
    assert check(screen, text, rates=rates, channel="a") is None  # same channel: not spread
    assert check(screen, text.upper(), rates=rates, channel="b") is None
    verdict = check(screen, text, rates=rates, channel="c", after=timedelta(seconds=30))
    assert verdict is not None
    assert verdict.filter is FilterName.REPEATS
    assert verdict.rule == "the same message in 3 channels within 60 seconds"
    assert check(screen, text, rates=rates, channel="d") is None  # counted afresh after a hit


def test_repeats_need_the_window_a_long_enough_text_and_the_same_member() -> None:
    screen = screener(repeats=on(threshold=2, window_seconds=60))
    rates = Rates()
    text = "Check out my course, half price!"
    assert check(screen, text, rates=rates, channel="a") is None
    assert check(screen, text, rates=rates, channel="b", after=timedelta(seconds=61)) is None
    assert check(screen, text, rates=rates, channel="c", user="ann") is None
    assert check(screen, "thanks!", rates=rates, channel="a") is None
    assert check(screen, "thanks!", rates=rates, channel="b") is None


def test_the_strongest_action_wins_and_carries_its_timeout() -> None:
    screen = screener(
        terms=("spam",),
        links=on(Action.DELETE),
        mentions=on(Action.TIMEOUT, threshold=1),
    )
    verdict = check(screen, "spam at https://evil.com", mentions=5)
    assert verdict is not None
    assert (verdict.filter, verdict.action) == (FilterName.MENTIONS, Action.TIMEOUT)
    assert verdict.timeout == timedelta(hours=1)
    verdict = check(screen, "spam at https://evil.com")
    assert verdict is not None
    assert (verdict.filter, verdict.action, verdict.timeout) == (
        FilterName.LINKS,
        Action.DELETE,
        None,
    )


def test_among_equal_actions_the_first_filter_wins() -> None:
    screen = screener(terms=("spam",), patterns=("spam",), invites=on())
    verdict = check(screen, "spam discord.gg/x")
    assert verdict is not None
    assert verdict.filter is FilterName.TERMS


def test_without_the_text_only_metadata_filters_run() -> None:
    screen = screener(terms=("spam",), mentions=on(threshold=1))
    assert check(screen, None) is None
    verdict = check(screen, None, mentions=2)
    assert verdict is not None
    assert verdict.filter is FilterName.MENTIONS


def test_rate_memory_forgets_members_who_went_quiet() -> None:
    screen = screener(
        flood=on(threshold=50, window_seconds=60), repeats=on(threshold=3, window_seconds=60)
    )
    rates = Rates()
    for n in range(PRUNE_EVERY):
        check(screen, f"hello number {n}", rates=rates, user=f"u{n}")
    assert len(rates.flood) == len(rates.repeats) == PRUNE_EVERY
    later = MAX_WINDOW + timedelta(seconds=1)
    for n in range(PRUNE_EVERY):
        check(screen, f"hello again {n}", rates=rates, user="late", after=later)
    assert len(rates.flood) == len(rates.repeats) == 1


@pytest.mark.parametrize(
    "text",
    [
        "s p a m " * 5000,
        "a." * 20_000,
        "!@#$%^&*" * 5000,
        "x" * 40_000,
        "https://" + "a." * 15_000 + "com",
        "discord " * 5000,
        "ѕрам " * 8000,
    ],
)
async def test_no_text_can_stall_screening(text: str) -> None:
    screen = screener(
        terms=("spam", "buy followers", "idiot"),
        patterns=(r"free\s+nitro",),
        links=on(),
        invites=on(),
        repeats=on(threshold=3, window_seconds=60),
    )
    # Every step is linear in the text; the bound only keeps a regression from hanging.
    await asyncio.wait_for(asyncio.to_thread(check, screen, text), timeout=60)
