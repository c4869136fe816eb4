"""Bad input to the cohort topic commands: each a clear private answer, and nothing changed."""

from __future__ import annotations

from adapters.console.session import ConsoleSession
from bot.app import App
from tests.commands.support import ok, refused, snapshot
from tests.console.test_session import say_all


def number_in(answer: str) -> str:
    """Return the topic number in `... Added topic 12: ...` or `... topic 12, pinned ...`."""
    return answer.split("topic ")[1].split(":")[0].split(",")[0]


async def test_every_refusal_is_private_clear_and_changes_nothing(
    console: ConsoleSession, app: App
) -> None:
    await say_all(console, "@hana is admin", "@bob joins")
    for line in (
        "@hana: /cohort create fall #fall",
        "@hana: /cohort create spring #spring",
        "@hana: /cohort term fall 2026-01-05 4",
    ):
        await ok(console, line)
    pinned = number_in(await ok(console, "@hana in #fall: /topic add week 1: Pinned one"))
    loose = number_in(await ok(console, "@hana in #fall: /topic add Loose"))
    spring = number_in(await ok(console, "@hana in #spring: /topic add Spring topic"))
    community = number_in(await ok(console, "@hana: /topic add Community topic"))
    before = await snapshot(app)
    expected = {
        f"@hana in #fall: /topic pin {loose} 0": "fall cohort: There is no week 0: the term has "
        "4 weeks, from 1 to 4.",
        f"@hana in #fall: /topic pin {loose} 5": "fall cohort: There is no week 5: the term has "
        "4 weeks, from 1 to 4.",
        "@hana in #fall: /topic add week 0: Too early": "fall cohort: There is no week 0: the "
        "term has 4 weeks, from 1 to 4.",
        "@hana in #fall: /topic add week 9: Too late": "fall cohort: There is no week 9: the "
        "term has 4 weeks, from 1 to 4.",
        f"@hana in #fall: /topic pin {loose} 1": f"fall cohort: Week 1 already has topic "
        f"{pinned} pinned: Pinned one. Unpin it first with /topic unpin {pinned}.",
        "@hana in #fall: /topic add week 1: Another": f"fall cohort: Week 1 already has topic "
        f"{pinned} pinned: Pinned one. Unpin it first with /topic unpin {pinned}.",
        f"@hana in #fall: /topic pin {pinned} 1": f"fall cohort: Topic {pinned} is already "
        "pinned to week 1.",
        "@hana in #fall: /topic pin 999 2": "fall cohort: There is no topic 999 in the bank. "
        "See /topic list.",
        f"@hana in #fall: /topic pin {community} 2": f"fall cohort: There is no topic "
        f"{community} in the bank. See /topic list.",
        f"@hana in #fall: /topic remove {spring}": f"fall cohort: There is no topic {spring} "
        "in the bank. See /topic list.",
        f"@hana: /topic remove {loose}": f"There is no topic {loose} in the bank. See /topic list.",
        f"@hana in #fall: /topic unpin {loose}": f"fall cohort: Topic {loose} is not pinned to "
        "a week.",
        f"@hana: /topic unpin {pinned}": f"Topic {pinned} is not pinned here: pins belong to a "
        "cohort's bank, so type this in the cohort's home channel.",
        f"@hana: /topic pin {community} 2": "Weeks belong to a cohort's term: type this in the "
        "cohort's home channel (see /cohort list).",
        "@hana: /topic add week 2: Community pin": "Weeks belong to a cohort's term: type this "
        "in the cohort's home channel (see /cohort list).",
        f"@hana in #spring: /topic pin {spring} 1": "spring cohort: The cohort spring has no "
        "term yet, so it has no weeks: set one with /cohort term spring <YYYY-MM-DD> <weeks>.",
        "@hana in #fall: /topic skip": f"fall cohort: The next topic is topic {pinned}, pinned "
        f"to week 1: Pinned one. To post another one this week, unpin it with /topic unpin "
        f"{pinned}.",
        "@hana in #fall: /topic schedule #fall mon 09:00 every 0 weeks": "fall cohort: Choose "
        "every 1 to 52 weeks.",
        "@hana in #hosts: /topic unschedule #fall": "fall cohort: No topics are scheduled in "
        "#fall.",
        "@hana in #fall: /topic plan 2": "fall cohort: There is 1 page.",
    }
    for line, answer in expected.items():
        assert await refused(console, line) == answer, line
    assert await snapshot(app) == before
    assert "usage" in (await refused(console, "@hana in #fall: /topic pin pinned 2")).lower()
    assert "usage" in (await refused(console, f"@hana in #fall: /topic pin {loose}")).lower()
    assert "needs the host level" in await refused(console, f"@bob in #fall: /topic pin {loose} 2")
    assert await snapshot(app) == before
