"""The Topics page over HTTP: every change as its chat command makes it, on both databases.

Each action changes the database as `/topic ...` would and redirects (303) to a page saying
what it did; a decision edits the suggestion's card and tells the suggester, as the buttons
do; bad input, another community's ids and a missing CSRF token change nothing.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import insert

from bot.dashboard.topics.actions import EDITS_TOPICS
from bot.dashboard.topics.notices import redirect_to
from bot.refs import CommunityRef
from bot.storage.models import Cohort, Topic
from bot.topics.rules import MAX_TOPIC_LENGTH
from commands.topic import bank
from tests.dashboard.support import Browser, Served
from tests.dashboard.topics_support import cohort_id, notice, set_up_banks, topics

PAGE = "/dashboard/topics"


async def _ready(served: Served, browser: Browser) -> str:
    await set_up_banks(served)
    await browser.sign_in("hana")
    return await browser.csrf()


async def _post(browser: Browser, csrf: str, **form: str) -> tuple[int, str, str]:
    """POST a form; after a 303, follow it. Return the status, the shown page and Location."""
    status, body, headers = await browser.post(PAGE, {"csrf": csrf, **form})
    location = headers.get("Location", "")
    if status == 303:
        assert location.startswith(PAGE), location
        followed, body, _ = await browser.get(location)
        assert followed == 200
    return status, body, location


def test_the_page_asks_the_level_the_commands_declare() -> None:
    for handler in (
        bank.add_topic,
        bank.edit_topic,
        bank.remove_topic,
        bank.pin_topic,
        bank.unpin_topic,
    ):
        assert handler.level == EDITS_TOPICS, handler.name


async def test_a_host_sees_the_banks_the_suggestion_and_the_plan(
    dashboard: Served, browser: Browser
) -> None:
    await _ready(dashboard, browser)
    status, body, _ = await browser.get(PAGE)
    assert status == 200
    assert "Community question" in body
    assert "What surprised you?" not in body  # the cohort's bank is its own tab
    assert "Favourite &lt;b&gt;tools&lt;/b&gt;?" in body  # member-written, escaped
    assert "<b>tools</b>" not in body
    assert "Suggested by bob." in body
    fall = await cohort_id(dashboard)
    status, body, _ = await browser.get(f"{PAGE}?bank={fall}")
    assert status == 200
    assert "What surprised you?" in body
    assert "6 weeks from 2026-01-05 to 2026-02-15" in body
    assert "Thu 2026-01-08 09:00 in #fall:" in body
    assert "every Thursday at 09:00" in body


async def test_adding_pinning_editing_unpinning_and_removing(
    dashboard: Served, browser: Browser
) -> None:
    csrf = await _ready(dashboard, browser)
    fall = str(await cohort_id(dashboard))
    status, body, location = await _post(
        browser, csrf, action="add", bank=fall, text="Week three question", week="3"
    )
    assert status == 303
    assert f"bank={fall}" in location
    added = (await topics(dashboard))["Week three question"]
    assert added[1:] == ("approved", int(fall), 3)
    assert notice(body) == (
        "status",
        f"Added topic {added[0]}, pinned to week 3: Week three question",
    )
    surprised = (await topics(dashboard))["What surprised you?"][0]
    status, body, _ = await _post(
        browser, csrf, action="pin", bank=fall, topic=str(surprised), week="2"
    )
    assert status == 303
    assert (await topics(dashboard))["What surprised you?"][3] == 2
    assert notice(body) == ("status", f"Pinned topic {surprised} to week 2: What surprised you?")
    status, body, _ = await _post(
        browser, csrf, action="edit", bank=fall, topic=str(surprised), text="What amazed you?"
    )
    assert status == 303
    assert (await topics(dashboard))["What amazed you?"][0] == surprised
    status, body, _ = await _post(browser, csrf, action="unpin", bank=fall, topic=str(surprised))
    assert status == 303
    assert (await topics(dashboard))["What amazed you?"][3] is None
    status, body, _ = await _post(browser, csrf, action="remove", bank=fall, topic=str(surprised))
    assert status == 303
    assert "What amazed you?" not in await topics(dashboard)
    assert notice(body) == ("status", f"Removed topic {surprised}: What amazed you?")
    records = await dashboard.console.say("@hana in #fall: /topic list")
    listed = records[-1].text or ""
    assert "Week three question (week 3)" in listed
    assert "What amazed you?" not in listed


async def test_pasting_many_reports_what_was_added_and_skipped(
    dashboard: Served, browser: Browser
) -> None:
    csrf = await _ready(dashboard, browser)
    lines = "\n".join(["First new one", "community QUESTION", "", "x" * (MAX_TOPIC_LENGTH + 1)])
    status, body, _ = await _post(browser, csrf, action="paste", bank="", lines=lines)
    assert status == 303
    assert "First new one" in await topics(dashboard)
    shown = notice(body)
    assert shown is not None
    assert shown[1].splitlines() == [
        "Added 1 topic.",
        "Skipped 1 line already in the bank or suggested: community QUESTION",
        f"Refused 1 line longer than a topic may be: {'x' * 59}…",
    ]


async def test_approving_edits_the_card_and_tells_the_suggester(
    dashboard: Served, browser: Browser
) -> None:
    csrf = await _ready(dashboard, browser)
    suggestion = (await topics(dashboard))["Favourite <b>tools</b>?"][0]
    world = dashboard.console.world
    (card,) = [m for m in world.messages.values() if m.channel_id == "hosts" and m.buttons]
    status, body, _ = await _post(browser, csrf, action="approve", topic=str(suggestion))
    assert status == 303
    assert notice(body) == ("status", "Suggestion approved: Favourite <b>tools</b>?")
    assert "Suggestion approved: Favourite &lt;b&gt;tools&lt;/b&gt;?" in body
    assert (await topics(dashboard))["Favourite <b>tools</b>?"][1] == "approved"
    assert world.messages[card.id].buttons == ()
    assert world.messages[card.id].text == "Topic suggestion approved by @hana."
    told = [m for m in world.messages.values() if m.visible_to == frozenset({"bob"})]
    assert "approved and joins the topic bank" in told[-1].text
    status, body, _ = await _post(browser, csrf, action="reject", topic=str(suggestion))
    assert status == 400  # decided once: the second decision is told what was decided
    assert notice(body) == ("alert", "That suggestion was already approved.")
    records = await dashboard.console.say(f'@hana presses "Reject" on {card.id}')
    assert (await topics(dashboard))["Favourite <b>tools</b>?"][1] == "approved"
    assert records  # the spent card has no Reject button any more: the console says so


async def test_rejecting_tells_the_suggester(dashboard: Served, browser: Browser) -> None:
    csrf = await _ready(dashboard, browser)
    suggestion = (await topics(dashboard))["Favourite <b>tools</b>?"][0]
    status, _, _ = await _post(browser, csrf, action="reject", topic=str(suggestion))
    assert status == 303
    assert (await topics(dashboard))["Favourite <b>tools</b>?"][1] == "rejected"
    told = [m for m in dashboard.console.world.messages.values() if m.visible_to == {"bob"}]
    assert "decided not to use this one" in told[-1].text


async def test_bad_input_is_explained_and_changes_nothing(
    dashboard: Served, browser: Browser
) -> None:
    csrf = await _ready(dashboard, browser)
    fall = str(await cohort_id(dashboard))
    surprised = str((await topics(dashboard))["What surprised you?"][0])
    before = await topics(dashboard)
    cases = {
        "Write the topic's text": {"action": "add", "bank": fall, "text": "   "},
        "at most 1,000 characters": {"action": "add", "bank": "", "text": "y" * 1001},
        "There is no week 7: the term has 6 weeks": {
            "action": "pin",
            "bank": fall,
            "topic": surprised,
            "week": "7",
        },
        "Write the week as a number, from 1 to 6.": {
            "action": "pin",
            "bank": fall,
            "topic": surprised,
            "week": "two",
        },
        "There is no week 0": {"action": "add", "bank": fall, "text": "New", "week": "0"},
        "Weeks belong to a cohort's term": {
            "action": "pin",
            "bank": "",
            "topic": surprised,
            "week": "2",
        },
        "is already in the topic bank": {
            "action": "add",
            "bank": fall,
            "text": "WHICH tool helps?",
        },
        "There is no topic": {"action": "remove", "bank": "", "topic": surprised},
        "Paste one topic per line.": {"action": "paste", "bank": "", "lines": "\n \n"},
    }
    for expected, form in cases.items():
        status, body, _ = await _post(browser, csrf, **form)
        assert status == 400, (expected, status)
        shown = notice(body)
        assert shown is not None, expected
        assert shown[0] == "alert", expected
        assert expected in shown[1], (expected, shown)
    status, _, _ = await _post(browser, csrf, action="explode", bank="")
    assert status == 400
    assert await topics(dashboard) == before


async def test_another_communitys_ids_are_refused_and_change_nothing(
    dashboard: Served, browser: Browser
) -> None:
    csrf = await _ready(dashboard, browser)
    app = dashboard.app
    other = await app.services.communities.ensure(CommunityRef("console", "elsewhere"))
    now = datetime.now(UTC)
    async with app.database.writing() as connection:
        theirs = (
            await connection.execute(
                insert(Topic)
                .values(community_id=other, text="Theirs", status="pending", created_at=now)
                .returning(Topic.id)
            )
        ).scalar_one()
        their_cohort = (
            await connection.execute(
                insert(Cohort)
                .values(
                    community_id=other,
                    name="away",
                    name_key="away",
                    home_channel_external_id="away",
                    created_at=now,
                )
                .returning(Cohort.id)
            )
        ).scalar_one()
    before = await topics(dashboard)
    for form in (
        {"action": "approve", "topic": str(theirs)},
        {"action": "remove", "topic": str(theirs)},
        {"action": "edit", "topic": str(theirs), "text": "Ours now"},
        {"action": "add", "bank": str(their_cohort), "text": "Into their cohort"},
        {"action": "remove", "topic": "1 OR 1=1"},
    ):
        status, _, _ = await browser.post(PAGE, {"csrf": csrf, "bank": "", **form})
        assert status == 404, form
    assert (await browser.get(f"{PAGE}?bank={their_cohort}"))[0] == 404
    assert await topics(dashboard) == before


async def test_a_post_without_the_csrf_token_changes_nothing(
    dashboard: Served, browser: Browser
) -> None:
    await _ready(dashboard, browser)
    before = await topics(dashboard)
    for csrf in ("", "forged"):
        status, _, _ = await browser.post(
            PAGE, {"csrf": csrf, "action": "add", "bank": "", "text": "Sneaky"}
        )
        assert status == 403
    status, _, _ = await browser.post(
        PAGE, {"action": "add", "bank": "", "text": "Sneaky"}, Origin="http://evil.example"
    )
    assert status == 403
    assert await topics(dashboard) == before


async def test_a_demoted_host_changes_nothing(dashboard: Served, browser: Browser) -> None:
    csrf = await _ready(dashboard, browser)
    await dashboard.console.say("@hana is member")
    # the platform's cached view goes, as it does within a minute
    dashboard.web.standing.forget_view(CommunityRef("console", "console"), "hana")
    before = await topics(dashboard)
    status, _, _ = await browser.post(PAGE, {"csrf": csrf, "action": "add", "text": "Late"})
    assert status in (401, 403)
    assert await topics(dashboard) == before


async def test_only_this_sessions_own_notices_are_shown(
    dashboard: Served, browser: Browser
) -> None:
    await _ready(dashboard, browser)
    forged = redirect_to(PAGE, {}, "Your session expired: sign in at evil.example", "not-it")
    status, body, _ = await browser.get(forged)
    assert status == 200
    assert notice(body) is None
    assert "evil.example" not in body
