"""The Sessions and announcements page: upcoming sessions' answers and series, past sessions'
turnout and announcements' "Got it" counts, as the commands count them (both databases)."""

from __future__ import annotations

import re

from tests.dashboard.support import Browser, Served

PATH = "/dashboard/sessions"


def _cells(body: str, row_id: str) -> list[str]:
    found = re.search(rf'<tr id="{row_id}">(.*?)</tr>', body, re.S)
    assert found is not None, (row_id, body)
    return re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", found.group(1), re.S)


async def test_answers_turnout_and_reads_are_shown(dashboard: Served, browser: Browser) -> None:
    console = dashboard.console
    assert console is not None
    for line in (
        "@cai joins",
        '@hana: /session create "Office hour" 2026-01-07 18:00 90m every 1 week',
        '@bob presses "Going"',
        '@cai presses "Maybe"',
        '@mo presses "Can\'t go"',
        '@hana: /session create "<b>Study</b> group" 2026-01-20 10:00',
    ):
        await console.say(line)
    announced = await console.say("@hana: /announce Read the <script>x</script> notes")
    post = next(r for r in announced if r.kind == "post")
    await console.say(f'@bob presses "Got it" on {post.id}')
    await console.say(f'@cai presses "Got it" on {post.id}')
    await browser.sign_in("hana")
    status, body, _ = await browser.get(PATH)
    assert status == 200, body
    assert _cells(body, "upcoming-1") == [
        "1: Office hour",
        "2026-01-07 18:00",
        "Every week.",
        "Everyone",
        "1",
        "1",
        "1",
    ]
    assert "<b>Study</b>" not in body
    assert "&lt;b&gt;Study&lt;/b&gt; group" in body
    assert "<script>x" not in body
    assert "2 members pressed Got it" in body
    assert "No past sessions yet." in body
    await console.say("time 2026-01-07 20:00")
    await console.say('@bob presses "Yes"')
    _, after, _ = await browser.get(PATH)
    assert _cells(after, "past-1")[2:] == ["1", "1"]  # said Going, made it
    assert "upcoming-1" not in after
    assert _cells(after, "upcoming-3")[0] == "3: Office hour"  # the series' next occurrence
    assert "No past sessions yet." not in after


async def test_a_member_cannot_open_it(dashboard: Served, browser: Browser) -> None:
    assert (await browser.get(PATH))[0] == 401
    answer = await dashboard.console.say("@bob: /dashboard")  # type: ignore[union-attr]
    assert [r.error for r in answer if r.kind == "ephemeral"] == [True]
