"""Regex rules: checked when added; no pattern, however written, can stall screening."""

from __future__ import annotations

import asyncio
import re

import pytest

from bot.automod.model import FilterName
from bot.automod.patterns import check_pattern
from bot.errors import UserFacingError
from tests.automod.support import check, screener

# Each of these takes exponential (or high-polynomial) time in a backtracking engine on the
# texts below: Python's re needs minutes to years for them.
EVIL_PATTERNS = (r"(a+)+$", r"(a|aa)+$", r"(a|a)*b", r"^(\w+\s?)+$", r"(.*a){12}", r"\d*\d*\d*\d*x")
EVIL_TEXTS = ("a" * 50_000 + "!", "1" * 50_000, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!" * 500)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        (r"(a)\1", "Backreferences"),
        (r"(?P<x>a)(?P=x)", "Backreferences"),
        (r"free(?=nitro)", "Lookarounds"),
        (r"(?<!un)safe", "Lookarounds"),
        (r"(?>atomic)", "atomic groups"),
        (r"((a{100}){100}){100}", "too large"),
        (r"a{1001}", "too large"),
        (r"[unclosed", "not a pattern I can use (missing ]"),
        (r"a*", "matches an empty message"),
        (r"(x|)", "matches an empty message"),
        ("", "Give a pattern"),
        ("x" * 201, "under 200 characters"),
    ],
)
def test_a_pattern_that_cannot_be_matched_safely_is_refused_with_the_reason(
    pattern: str, reason: str
) -> None:
    with pytest.raises(UserFacingError, match=re.escape(reason)):
        check_pattern(pattern)


def test_patterns_are_kept_as_written_and_slashes_are_forgiven() -> None:
    assert check_pattern(r"  free\s+nitro ") == r"free\s+nitro"
    assert check_pattern("/spam+/") == "spam+"
    assert check_pattern(r"(a+)+$") == r"(a+)+$"  # accepted: RE2 matches it in linear time


@pytest.mark.parametrize("pattern", EVIL_PATTERNS)
async def test_a_catastrophic_pattern_cannot_stall_screening(pattern: str) -> None:
    screen = screener(patterns=(check_pattern(pattern),))

    def screen_all() -> list[bool]:
        return [check(screen, text) is not None for text in EVIL_TEXTS]

    # Not a timing assertion: a backtracking engine would not finish at all (years), RE2 takes
    # milliseconds; the bound only keeps a regression from hanging the suite.
    results = await asyncio.wait_for(asyncio.to_thread(screen_all), timeout=60)
    assert len(results) == len(EVIL_TEXTS)


def test_regex_rules_ignore_case_and_name_the_rule_that_matched() -> None:
    screen = screener(patterns=(r"crypto\s+giveaway", r"free\s+nitro"))
    verdict = check(screen, "Get FREE   Nitro here")
    assert verdict is not None
    assert verdict.filter is FilterName.REGEX
    assert verdict.rule == r"regex rule 2 /free\s+nitro/"
    assert check(screen, "a free sample of nitrogen") is None


def test_regex_rules_read_the_text_as_written() -> None:
    screen = screener(patterns=(r"\$\d+ a day",))
    assert check(screen, "earn $500 a day") is not None
