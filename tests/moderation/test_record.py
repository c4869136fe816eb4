"""The moderation record: forgetting keeps the ladder counting, pointless actions make no case,
reports of one message share a card, and warnings cite a rule only when asked to."""

from __future__ import annotations

from sqlalchemy import select

from adapters.console.session import ConsoleSession
from bot.storage.models import ModCase, ModerationKey
from tests.commands.support import final_answer, ok, refused, snapshot
from tests.moderation.support import cases, flags, of_kind, set_up


async def _forget(console: ConsoleSession, name: str) -> None:
    await console.say(f"@{name}: /profile forget")
    await console.say(f'@{name} presses "Forget me"')


async def _hashes(console: ConsoleSession) -> list[str | None]:
    async with console.app.database.engine.connect() as connection:
        result = await connection.execute(select(ModCase.subject_hash).order_by(ModCase.id))
        return list(result.scalars())


# Item 1: forgetting does not reset the ladder.


async def test_warnings_keep_counting_after_the_member_forgets_themselves(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl one")
    await console.say("@mia: /mod warn @carl two")
    await _forget(console, "carl")
    await console.say("@carl: I am back")
    assert (await ok(console, "@carl: /warnings")).startswith(
        "Your moderation record (2 active warnings"
    )
    records = await console.say("@mia: /mod warn @carl three")
    [timeout] = of_kind(records, "timeout")
    assert (timeout.target, timeout.duration) == ("@carl", "1d")
    [reply] = of_kind(records, "ephemeral", "@mia")
    assert "they were timed out for 1d automatically (case 4)" in (reply.text or "")
    # The anonymous cases carry a keyed hash, not the id: neither "carl" nor a plain digest.
    hashes = await _hashes(console)
    assert hashes[:2] == [hashes[0], hashes[0]]
    assert hashes[0] is not None
    assert "carl" not in hashes[0]
    assert len(hashes[0]) == 64
    async with console.app.database.engine.connect() as connection:
        [key] = (await connection.execute(select(ModerationKey))).all()
    assert len(key.secret) == 64


async def test_the_hash_goes_once_the_forgotten_warnings_expire(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod warn @carl one")
    await console.say("@mia: /mod note @bob fine")
    await _forget(console, "carl")
    assert (await _hashes(console))[0] is not None
    assert (await ok(console, "@carl: /warnings")).startswith(
        "Your moderation record (1 active warning;"
    )
    await console.say("time +91d")
    assert await _hashes(console) == [None, None]
    await console.say("@mia: /mod warn @carl again")
    assert of_kind(await console.say("@mia: /mod warn @carl and again"), "timeout") == []


async def test_a_forgotten_members_ban_still_counts(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod ban @carl abuse")
    await _forget(console, "carl")
    before = await snapshot(console.app)
    text = await refused(console, "@mia: /mod ban @carl abuse again")
    assert "already banned" in text
    assert await snapshot(console.app) == before


# Item 3: actions that do nothing make no case and send no notice.


async def test_lifting_a_timeout_nobody_has_makes_no_case(console: ConsoleSession) -> None:
    await set_up(console)
    before = await snapshot(console.app)
    records = await console.say("@mia: /mod untimeout @carl")
    assert "@carl is not timed out. Nothing was done." in (final_answer(records).text or "")
    assert final_answer(records).error
    assert of_kind(records, "untimeout") == []
    assert of_kind(records, "post", "#modlog") == []
    assert await snapshot(console.app) == before


async def test_lifting_a_timeout_that_ended_makes_no_case(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod timeout @carl 1h rude")
    await console.say("time +2h")
    text = await refused(console, "@mia: /mod untimeout @carl")
    assert text.startswith("@carl is not timed out")
    assert [row["kind"] for row in await cases(console.app)] == ["timeout"]


async def test_unbanning_someone_not_banned_makes_no_case(console: ConsoleSession) -> None:
    await set_up(console)
    before = await snapshot(console.app)
    assert await refused(console, "@mia: /mod unban @carl") == (
        "@carl is not banned. Nothing was done."
    )
    assert await snapshot(console.app) == before
    await console.say("@mia: /mod ban @carl abuse")
    await console.say("@mia: /mod unban @carl")
    assert (await refused(console, "@mia: /mod unban @carl")).startswith("@carl is not banned")
    assert [row["kind"] for row in await cases(console.app)] == ["ban", "unban"]


async def test_a_second_ban_makes_no_case_and_sends_no_notice(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@mia: /mod ban @carl abuse")
    records = await console.say("@mia: /mod ban @carl more abuse")
    reply = final_answer(records)
    assert reply.error
    assert reply.text == "@carl is already banned (case 1). Nothing was done."
    assert of_kind(records, "dm") == []
    assert of_kind(records, "ban") == []
    assert of_kind(records, "post", "#modlog") == []
    assert [row["kind"] for row in await cases(console.app)] == ["ban"]


async def test_a_purge_that_deletes_nothing_makes_no_case(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@dan in #random: hello")
    records = await console.say("@mia: /mod purge 5 @dan")
    assert final_answer(records).text == (
        "There was nothing of @dan's to delete among the last 5 messages here. "
        "Nothing was recorded."
    )
    assert of_kind(records, "post", "#modlog") == []
    assert of_kind(records, "delete") == []
    assert await cases(console.app) == []
    await console.say("@mia in #empty: /mod purge 3")
    assert await cases(console.app) == []


# Item 4: reports of one message share one card.


async def test_a_message_reported_again_joins_its_card(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@carl: you are all idiots")
    [card] = of_kind(await console.say("@bob reports last from @carl: rude"), "post", "#modqueue")
    records = await console.say("@dan reports last from @carl: insulting")
    assert of_kind(records, "post", "#modqueue") == []
    [edit] = of_kind(records, "edit")
    assert edit.target == card.id
    assert ("Reporters", "2") in edit.fields
    assert ("Reasons given", "rude; insulting") in edit.fields
    [thanks] = of_kind(records, "ephemeral", "@dan")
    assert "Thank you for reporting this" in (thanks.text or "")
    # The same member reporting again is still one reporter.
    records = await console.say("@bob reports last from @carl: rude")
    assert of_kind(records, "post", "#modqueue") == []
    assert len(await flags(console.app)) == 1
    fields = console.world.messages[card.id or ""].fields
    assert ("Reporters", "2") in [(field.name, field.value) for field in fields]


async def test_members_cannot_report_their_own_messages(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@carl: I said something silly")
    before = await snapshot(console.app)
    records = await console.say("@carl reports last from @carl: oops")
    reply = final_answer(records)
    assert reply.error
    assert reply.text == ("You cannot report your own message. You can delete or edit it yourself.")
    assert of_kind(records, "post", "#modqueue") == []
    assert await snapshot(console.app) == before


async def test_a_card_is_reannounced_at_most_once_however_often_it_is_reported(
    console: ConsoleSession,
) -> None:
    await set_up(console)
    await console.say("@carl: you are all idiots")
    await console.say("@bob reports last from @carl: rude")
    reminders = of_kind(await console.say("time +2h15m"), "post", "#modqueue")
    assert len(reminders) == 1
    records = await console.say("@dan reports last from @carl: rude")
    assert of_kind(records, "post", "#modqueue") == []
    assert of_kind(await console.say("time +3h"), "post", "#modqueue") == []


# Item 5: a warning cites a rule only when asked to.


async def test_a_reason_starting_with_a_number_is_plain_text(console: ConsoleSession) -> None:
    await set_up(console)
    records = await console.say("@mia: /mod warn @carl 3 spam links in a row")
    [notice] = of_kind(records, "dm", "@carl")
    assert (notice.text or "").startswith("A moderator has warned you: 3 spam links in a row.")
    [case] = await cases(console.app)
    assert (case["reason"], case["guideline"]) == ("3 spam links in a row", None)


async def test_each_way_of_citing_a_rule_cites_it(console: ConsoleSession) -> None:
    await set_up(console)
    await console.say("@dan: hello")
    ways = ("2: keep to the course", "rule 2 keep to the course", "#2 keep to the course")
    for name, reason in zip(("bob", "carl", "dan"), ways, strict=True):
        records = await console.say(f"@mia: /mod warn @{name} {reason}")
        [notice] = of_kind(records, "dm", f"@{name}")
        assert (notice.text or "").startswith("A moderator has warned you: keep to the course.")
        assert ("Guideline", "2. Stay on topic") in notice.fields
    assert [row["guideline"] for row in await cases(console.app)] == ["2. Stay on topic"] * 3


async def test_citing_a_rule_that_does_not_exist_is_refused(console: ConsoleSession) -> None:
    await set_up(console)
    before = await snapshot(console.app)
    for reason in ("7: spam", "rule 7 spam", "#7 spam"):
        assert await refused(console, f"@mia: /mod warn @carl {reason}") == (
            "There is no rule 7: the guidelines have rules 1 and 2 (see /guidelines). "
            "Nothing was done."
        )
    assert await snapshot(console.app) == before
    assert "Nothing was done" in await refused(console, "@mia: /mod ban @carl rule 9 abuse")
    assert await ok(console, "@carl: /warnings") == (
        "You have no warnings or other moderation actions on record."
    )
