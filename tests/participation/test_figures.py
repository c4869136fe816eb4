"""The pure participation figures on known inputs."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.participation.figures import (
    Balance,
    balance,
    describe_duration,
    gini,
    median,
    monopolized,
    top_share,
)


def test_gini_is_zero_when_even_and_grows_as_one_member_takes_over() -> None:
    assert gini([]) == 0
    assert gini([0, 0]) == 0
    assert gini([5, 5, 5, 5]) == 0
    assert gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert gini([2, 1, 1, 1]) == pytest.approx(0.15)
    assert gini([1, 2, 3, 4, 5]) == pytest.approx(4 / 15)


def test_top_share_takes_at_least_one_member() -> None:
    assert top_share([]) == 0
    assert top_share([2, 1, 1, 1]) == pytest.approx(0.4)
    assert top_share([1] * 9 + [91]) == pytest.approx(0.91)
    assert top_share([10] * 20) == pytest.approx(0.1)  # two of twenty hold a tenth


def test_monopolizing_is_flagged_only_with_enough_posters() -> None:
    assert monopolized([1] * 9 + [91])
    assert not monopolized([10] * 20)
    assert not monopolized([100, 1, 1])  # too few posters to speak of balance


def test_median_and_durations() -> None:
    assert median([]) is None
    hours = [timedelta(hours=h) for h in (5, 1, 3)]
    assert median(hours) == timedelta(hours=3)
    assert median([*hours, timedelta(hours=7)]) == timedelta(hours=4)
    assert describe_duration(timedelta(days=3, hours=5)) == "3 days"
    assert describe_duration(timedelta(hours=30)) == "30 hours"
    assert describe_duration(timedelta(minutes=75)) == "75 minutes"
    assert describe_duration(timedelta(seconds=90)) == "1 minute"


def test_the_balance_reads_every_figure_from_one_sort() -> None:
    spread = balance([1] * 9 + [91])
    assert (spread.posters, spread.messages, spread.top_share) == (10, 100, pytest.approx(0.91))
    assert spread.gini == pytest.approx(gini([91, *[1] * 9]))
    assert spread.dominated
    assert balance([]) == Balance(0, 0, 0.0, 0.0)
