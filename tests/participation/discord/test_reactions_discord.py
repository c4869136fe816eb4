"""Reactions on Discord: the real discord.py asks for the reactions intent, and a fake Discord's
MESSAGE_REACTION_ADD is counted as light participation (a count, no emoji), once per delivery;
the bot's own reactions are not counted, and `/stats` shows reactions apart from posts."""

from __future__ import annotations

from sqlalchemy import func, select

from adapters.discord.client import CohortClient
from bot.app import App
from bot.events import MessagePosted, ReactionAdded
from bot.storage.models import DailyActivity, DailyReactions, Member
from tests.adapters.discord.fake_events import reaction_add
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.test_end_to_end import answer_to
from tests.adapters.handled import handled_after_the_core

GUILD_MESSAGE_REACTIONS = 1 << 10


async def test_cohort_asks_for_the_reactions_intent(bot: CohortClient, fake: FakeDiscord) -> None:
    assert bot.intents.guild_reactions
    assert fake.identify_payloads[0]["intents"] & GUILD_MESSAGE_REACTIONS


async def test_a_reaction_counts_once_and_a_bots_never(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    posted = handled_after_the_core(app, MessagePosted)
    reacted = handled_after_the_core(app, ReactionAdded)
    message_id = await fake.member_says("dana", "Here is my week")
    await posted.get()
    await fake.member_reacts("eli", message_id, "👍")
    event = await reacted.get()
    assert event.actor.display_name == "Eli"
    await fake.redeliver()  # Discord sends the same reaction again (a resume): not counted
    own = reaction_add(fake.guild, "eli", message_id, "🎉")
    own["user_id"] = fake.guild.application_id
    own["member"] = fake.guild.member_payload(fake.guild.application_id)
    await fake.dispatch("MESSAGE_REACTION_ADD", own)  # the bot's own: not even dispatched
    await fake.member_reacts("eli", message_id, "💡")
    await reacted.get()
    assert reacted.empty()

    await app.services.activity.flush()
    async with app.database.reading() as connection:
        counts = await connection.execute(
            select(Member.display_name, func.sum(DailyReactions.reactions))
            .join(Member, Member.id == DailyReactions.member_id)
            .group_by(Member.display_name)
        )
        assert dict(counts.tuples().all()) == {"Eli": 2}
        posts = await connection.execute(select(func.sum(DailyActivity.messages)))
        assert posts.scalar_one() == 1, "a reaction is not a post"
        reacted_at = await connection.execute(
            select(Member.last_reacted_at).where(Member.display_name == "Eli")
        )
        assert reacted_at.scalar_one() == app.clock.now()


async def test_stats_show_reactions_apart_from_posts(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    reacted = handled_after_the_core(app, ReactionAdded)
    message_id = await fake.member_says("dana", "Here is my week")
    await fake.member_reacts("eli", message_id)
    await reacted.get()

    interaction = await fake.slash_command("owner", "stats")
    text = (await answer_to(fake, interaction))["data"]["content"]
    assert "• Reactions (30 days): 1 reaction from 1 member" in text
    assert "• Took part by reacting only (30 days): 1 member" in text
