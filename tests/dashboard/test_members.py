"""The Members page: how each member takes part, never what they wrote, a page at a time,
sorted by joining, filtered by cohort; another community's cohort is refused (both databases)."""

from __future__ import annotations

import re

from adapters.console.session import COMMUNITY
from bot.refs import CommunityRef
from bot.storage.models import Cohort
from tests.dashboard.support import Browser, Served

PATH = "/dashboard/members"
SECRET = "Hush-hush 4471"
INTRO = "Intro words 9052"


def _row(body: str, name: str) -> list[str]:
    """Return the cells of the member's row: name first."""
    found = re.search(rf'<th scope="row">{re.escape(name)}</th>(.*?)</tr>', body, re.S)
    assert found is not None, (name, body)
    return [name, *re.findall(r"<td[^>]*>(.*?)</td>", found.group(1), re.S)]


async def _community(dashboard: Served) -> None:
    console = dashboard.console
    assert console is not None
    for line in (
        "@ivy joins",
        f"@ivy: /intro {INTRO}",
        "@quinn joins",
        "@rae joins",
        "@rae: /nudges reading",
        "@olly joins",
        "@olly: /nudges off",
        "@pat joins",
        "@pat: /buddy join",
        "@gone joins",
        "@gone: /profile forget",
        '@gone presses "Forget me"',
        "@hana: /cohort create spring #spring",
        "@hana: /cohort add spring @ivy",
        "@cai joins",
        "@cai gets &7",
        "@hana: /cohort create autumn #autumn",
        "@hana: /cohort add autumn <@&7>",
        "time +15d",
        f"@ivy: {SECRET}",
    ):
        await console.say(line)


async def test_each_member_shows_how_they_take_part(dashboard: Served, browser: Browser) -> None:
    await _community(dashboard)
    await browser.sign_in("hana")
    status, body, _ = await browser.get(PATH)
    assert status == 200, body
    assert SECRET not in body
    assert INTRO not in body
    assert "gone" not in re.findall(r'<th scope="row">(.*?)</th>', body)  # forgotten: absent
    ivy = _row(body, "ivy")
    assert ivy[2:] == ["Introduced", "Active", "On", "Not taking part", "spring"]
    assert _row(body, "quinn")[2:4] == ["Intro pending", "Quiet"]
    assert _row(body, "rae")[3] == "Reading"  # a reader is not quiet
    assert _row(body, "olly")[3:5] == ["Quiet", "Opted out"]
    assert _row(body, "pat")[5] == "Taking part"
    assert _row(body, "cai")[6] == "autumn"  # a cohort by a role, as the platform says
    assert "10 members" in body  # hana, mo, ada, bob, ivy, quinn, rae, olly, pat, cai


async def test_filtered_by_cohort_and_sorted_by_joining(
    dashboard: Served, browser: Browser
) -> None:
    await _community(dashboard)
    async with dashboard.app.database.reading() as connection:
        from sqlalchemy import select

        ids = dict((await connection.execute(select(Cohort.name, Cohort.id))).all())
    await browser.sign_in("hana")
    _, spring, _ = await browser.get(f"{PATH}?cohort={ids['spring']}")
    assert re.findall(r'<th scope="row">(.*?)</th>', spring) == ["ivy"]
    _, autumn, _ = await browser.get(f"{PATH}?cohort={ids['autumn']}")
    assert re.findall(r'<th scope="row">(.*?)</th>', autumn) == ["cai"]
    _, newest, _ = await browser.get(f"{PATH}?order=newest")
    _, oldest, _ = await browser.get(f"{PATH}?order=oldest")
    names = re.findall(r'<th scope="row">(.*?)</th>', newest)
    assert names[0] == "cai"
    assert re.findall(r'<th scope="row">(.*?)</th>', oldest) == names[::-1]


async def test_another_communitys_cohort_and_bad_input_are_refused(
    dashboard: Served, browser: Browser
) -> None:
    await _community(dashboard)
    app = dashboard.app
    other = await app.services.communities.ensure(CommunityRef("console", "elsewhere"))
    theirs = await app.services.cohorts.create(other, "theirs", "C9")
    await browser.sign_in("hana")
    for wrong in (str(theirs.id), "999999", "x", "1 OR 1=1"):
        status, body, _ = await browser.get(f"{PATH}?cohort={wrong}")
        assert status == 404, wrong
        assert "theirs" not in body
    status, body, _ = await browser.get(f"{PATH}?page=abc&order=sideways")
    assert status == 200
    assert "The page number must be a whole number from 1" in body
    assert "Unknown order" in body


async def test_the_read_model_pages_through_everyone_once(dashboard: Served) -> None:
    from bot.participation.member_list import member_page

    await _community(dashboard)
    app = dashboard.app
    community = await app.services.communities.ensure(COMMUNITY)
    seen: list[str] = []
    for number in range(1, 5):
        page = await member_page(
            app.database, community, app.services.clock.now(), 14, page=number, page_size=3
        )
        assert page.total == 10
        seen += [row.display_name for row in page.rows]
    assert len(seen) == 10
    assert len(set(seen)) == 10
    assert "gone" not in seen
