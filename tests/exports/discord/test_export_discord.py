"""`/stats export` through the real discord.py against the fake Discord: the integer option,
the two CSV files as attachments of the host's DM (never in the channel), the answer private,
a member refused and a bad number of days refused, with nothing sent."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from adapters.discord.client import CohortClient
from tests.adapters.discord.fake_server import EPHEMERAL, FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.exports.support import by_name, rows_of

INTEGER = 4
DEFERRED = 5
NAME = "=sum(1+1)"  # the fake writes user names in lower case


async def run(fake: FakeDiscord, who: str, path: str, **options: Any) -> dict[str, Any]:
    """Run a slash command typed by `who` with integer options; return the answer's data."""
    values = [{"type": INTEGER, "name": name, "value": value} for name, value in options.items()]
    seen = len(fake.requests)
    interaction = await fake.slash_command(who, path, values)
    body = await answer_to(fake, interaction)
    if body["type"] == DEFERRED:  # a loaded machine: the answer follows up
        follow_up = await fake.wait_for_request("POST", r"/webhooks/[0-9]+/[^/]+", after=seen)
        return dict(follow_up.json)
    return dict(body["data"])


async def test_the_days_option_is_an_integer(bot: CohortClient, fake: FakeDiscord) -> None:
    (stats,) = [c for c in fake.guild.commands["global"] if c["name"] == "stats"]
    (export,) = [o for o in stats["options"] if o["name"] == "export"]
    (days,) = export["options"]
    assert (days["name"], days["type"], days.get("required", False)) == ("days", INTEGER, False)


async def test_the_host_gets_both_files_as_dm_attachments(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fake.guild.add_member(NAME)
    assert "no more quiet-member check-ins" in (await run(fake, NAME, "nudges off"))["content"]
    seen = len(fake.requests)
    answer = await run(fake, "owner", "stats export", days=7)
    assert answer["flags"] & EPHEMERAL
    assert answer["content"].startswith("Sent to your direct messages: participation-members-")
    assert "(UTC, 7 days)." in answer["content"]
    opened = [r for r in fake.requests[seen:] if r.path == "/users/@me/channels"]
    assert {r.json["recipient_id"] for r in opened} == {fake.guild.owner_id}
    dm = opened[0].answer["id"]
    sent = [r for r in fake.requests[seen:] if r.path == f"/channels/{dm}/messages"]
    names = [name for r in sent for name in r.files]
    assert [name.split("-")[1] for name in names] == ["members", "weeks"]
    assert sent[0].json["content"].startswith("Participation by member, ")
    members = by_name(sent[0].files[names[0]])
    assert members["'" + NAME][9] == "opted out"
    window = re.search(r"(\d{4}-\d\d-\d\d) to ", answer["content"])
    assert window is not None
    first = date.fromisoformat(window.group(1))
    weeks = 1 if first.weekday() == 0 else 2  # seven days hold one Monday at most
    assert len(rows_of(sent[1].files[names[1]])) == 2 + weeks  # the note, the header, weeks
    general = f"/channels/{fake.guild.general}"
    assert not any(r.files for r in fake.requests[seen:] if r.path.startswith(general))


async def test_a_member_and_bad_days_are_refused_with_nothing_sent(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    fake.guild.add_member("bea")
    seen = len(fake.requests)
    refused = await run(fake, "bea", "stats export")
    assert "host" in refused["content"].lower()
    assert refused["flags"] & EPHEMERAL
    too_many = await run(fake, "owner", "stats export", days=400)
    assert too_many["content"] == (
        "Choose between 1 and 365 days, like /stats export 28. Nothing was sent."
    )
    assert too_many["flags"] & EPHEMERAL
    assert not any(r.files or r.path == "/users/@me/channels" for r in fake.requests[seen:])
