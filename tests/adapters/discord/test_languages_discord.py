"""Languages on Discord, the real discord.py against the fake Discord.

A member is answered privately in the language their Discord app is set to (the interaction's
`locale`) unless they chose one with `/profile language`; public posts follow the community's
`/setup language`. The synced commands keep English names and carry Spanish and German
descriptions for the locales those catalogues serve.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from adapters.discord.app_commands import REPORT_COMMAND_NAME, THANK_COMMAND_NAME
from adapters.discord.client import CohortClient
from bot.app import App
from bot.clock import VirtualClock
from bot.storage.models import Member
from tests.adapters.discord.fake_server import FakeDiscord
from tests.adapters.discord.openapi import problems
from tests.adapters.discord.test_app_commands import as_the_spec_types_it, bulk_overwrite_validator
from tests.adapters.discord.test_end_to_end import EPHEMERAL, answer_to, bot_community
from tests.intros.discord.test_intros_discord import intros_channel
from tests.topics.discord.test_topics_discord import CHANNEL, STRING, run

SPANISH_AND_GERMAN = {"es-ES", "es-419", "de"}
SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2


def with_app_locale(fake: FakeDiscord, name: str, locale: str) -> str:
    """Add the member `name` whose Discord app is set to `locale`; return their user id."""
    user_id = fake.guild.add_member(name)
    fake.guild.locales[user_id] = locale
    return user_id


async def private_answer(
    fake: FakeDiscord, name: str, path: str, **options: tuple[int, str]
) -> str:
    """Run a slash command as `name`; return its answer, checked to be for them alone."""
    values = [
        {"type": kind, "name": option, "value": value} for option, (kind, value) in options.items()
    ]
    answer = await answer_to(fake, await fake.slash_command(name, path, values))
    assert answer["data"]["flags"] & EPHEMERAL
    return str(answer["data"]["content"])


async def test_a_member_whose_app_is_in_spanish_is_answered_in_spanish(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    lucia = with_app_locale(fake, "lucia", "es-ES")

    answer = await private_answer(fake, "lucia", "profile timezone", zone=(STRING, "europe/madrid"))

    assert answer == "Tu zona horaria ahora es Europe/Madrid."
    community_id = await app.services.communities.ensure(bot_community(fake))
    member_id = await app.services.members.find_id(community_id, lucia)
    async with app.database.session() as session:
        member = await session.get_one(Member, member_id)
    assert (member.locale, member.language) == ("es-ES", None)


async def test_profile_language_overrides_the_apps_language(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    with_app_locale(fake, "lucia", "es-ES")

    chosen = await private_answer(fake, "lucia", "profile language", code=(STRING, "de"))
    answer = await private_answer(fake, "lucia", "profile timezone", zone=(STRING, "europe/berlin"))
    auto = await private_answer(fake, "lucia", "profile language", code=(STRING, "auto"))
    again = await private_answer(fake, "lucia", "profile timezone", zone=(STRING, "europe/madrid"))

    assert "Deutsch (de)" in chosen
    assert answer == "Deine Zeitzone ist jetzt Europe/Berlin."
    assert "español (es)" in auto
    assert again == "Tu zona horaria ahora es Europe/Madrid."


async def test_a_spanish_community_posts_in_spanish_and_an_english_app_is_answered_in_english(
    bot: CohortClient, fake: FakeDiscord
) -> None:
    intros = await intros_channel(fake)
    await run(fake, "setup language", code=(STRING, "es"))

    seen = len(fake.requests)
    dana = await fake.member_joins("dana")  # her app is in English (the fake's default)
    welcome = await fake.wait_for_request("POST", rf"/channels/{intros}/messages", after=seen)
    answer = await private_answer(fake, "dana", "profile timezone", zone=(STRING, "europe/madrid"))

    assert welcome.json["content"].startswith(f"¡Te damos la bienvenida, <@{dana}>! 👋")
    [button] = welcome.json["components"][0]["components"]
    assert button["label"] == "Presentarme"
    assert answer == "Your time zone is now Europe/Madrid."


async def test_a_spanish_communitys_scheduled_topic_is_posted_in_spanish(
    bot: CohortClient, fake: FakeDiscord, clock: VirtualClock
) -> None:
    topics = fake.guild.add_channel("topics")
    await fake.dispatch("CHANNEL_CREATE", fake.guild.channels[topics])
    await run(fake, "setup language", code=(STRING, "es"))
    await run(fake, "topic add", text=(STRING, "¿Qué te sorprendió esta semana?"))
    schedule = {"channel": (CHANNEL, topics), "weekday": (STRING, "wed"), "at": (STRING, "18:00")}
    scheduled = await run(fake, "topic schedule", **schedule)

    seen = len(fake.requests)
    await clock.advance_to(datetime(2026, 1, 7, 18, 0, tzinfo=UTC))
    posted = await fake.wait_for_request("POST", rf"/channels/{topics}/messages", after=seen)

    assert "Wednesday" in scheduled  # the owner's app is in English: so is their answer
    assert posted.json["content"] == "💬 Tema de debate: ¿Qué te sorprendió esta semana?"


# --- The synced command bodies ---------------------------------------------------------------


def synced_bodies(fake: FakeDiscord) -> list[dict[str, Any]]:
    """Return the bodies Cohort sent in its global bulk overwrite (as sent, without ids)."""
    [put] = [
        request
        for request in fake.requests
        if request.method == "PUT"
        and request.path.endswith(f"/{fake.guild.application_id}/commands")
    ]
    bodies: list[dict[str, Any]] = put.json
    return bodies


def described(bodies: list[dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield every command, subcommand and option that a member reads a description of, with
    its path; a group's own description (its subcommands' names, command words) is left out."""
    for body in bodies:
        if "description" not in body:
            continue  # a message command ("Report to moderators") has none
        options = body.get("options", [])
        subcommands = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
        entries = [(f"{body['name']} {s['name']}", s) for s in subcommands] or [
            (body["name"], body)
        ]
        for path, entry in entries:
            yield path, entry
            for option in entry.get("options", []):
                yield f"{path} <{option['name']}>", option


async def test_synced_commands_describe_themselves_in_spanish_and_german_with_english_names(
    bot: CohortClient, fake: FakeDiscord, app: App
) -> None:
    bodies = synced_bodies(fake)
    entries = dict(described(bodies))

    missing = {
        path: sorted(entry.get("description_localizations", {}))
        for path, entry in entries.items()
        if set(entry.get("description_localizations", {})) != SPANISH_AND_GERMAN
    }
    assert not missing, missing
    too_long = [
        (path, locale, text)
        for path, entry in entries.items()
        for locale, text in entry["description_localizations"].items()
        if not 1 <= len(text) <= 100
    ]
    assert not too_long, too_long
    help_body = entries["help"]["description_localizations"]
    assert help_body["es-ES"] == "Muestra los comandos que puedes usar, o cómo se usa un comando."
    assert help_body["es-419"] == help_body["es-ES"]
    assert entries["profile timezone"]["description_localizations"]["de"].startswith(
        "Deine Zeitzone festlegen"
    )
    names = [*app.registry.top_level_names(), REPORT_COMMAND_NAME, THANK_COMMAND_NAME]
    assert [body["name"] for body in bodies] == names
    assert not [path for path, entry in entries.items() if "name_localizations" in entry]
    assert problems(bulk_overwrite_validator(), as_the_spec_types_it(bodies)) == []
