"""Languages on Slack, the real slack-bolt against the fake Slack, in both modes.

Cohort asks users.info for the person's locale (Slack sends it only when `include_locale` asks),
records it, and answers them privately in it unless they chose a language with `/profile
language`; public posts follow the community's `/setup language`.
"""

from __future__ import annotations

from adapters.slack.serve import SlackRuntime
from bot.app import App
from bot.refs import CommunityRef
from bot.storage.models import Member
from tests.adapters.slack import payloads
from tests.adapters.slack.conftest import response_to
from tests.adapters.slack.driver import SlackDriver
from tests.adapters.slack.fake_slack import FakeSlack
from tests.intros.slack.test_intros_slack import intros_channel


async def private_answer(driver: SlackDriver, fake: FakeSlack, user: str, command: str) -> str:
    """Type `command` (`/profile timezone europe/madrid`) as `user`; return the answer, checked
    to be for them alone."""
    name, _space, text = command.partition(" ")
    answer = await response_to(fake, await driver.command(user, text, command=name))
    assert answer["response_type"] == "ephemeral"
    return str(answer["text"])


async def test_a_person_whose_slack_is_in_spanish_is_answered_in_spanish(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack, app: App
) -> None:
    _runtime, driver = running
    lucia = fake.workspace.add_user("lucia", locale="es-ES")

    answer = await private_answer(driver, fake, "lucia", "/profile timezone europe/madrid")

    assert answer == "Tu zona horaria ahora es Europe/Madrid."
    asked = [c for c in fake.calls if c.method == "users.info" and c.arguments["user"] == lucia]
    assert asked
    assert all(str(c.arguments.get("include_locale")).lower() in {"true", "1"} for c in asked)
    community_id = await app.services.communities.ensure(
        CommunityRef("slack", fake.workspace.team_id)
    )
    member_id = await app.services.members.find_id(community_id, lucia)
    async with app.database.session() as session:
        member = await session.get_one(Member, member_id)
    assert (member.locale, member.language) == ("es-ES", None)


async def test_profile_language_overrides_slacks_language(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    fake.workspace.add_user("lucia", locale="es-ES")

    chosen = await private_answer(driver, fake, "lucia", "/profile language de")
    answer = await private_answer(driver, fake, "lucia", "/profile timezone europe/berlin")
    auto = await private_answer(driver, fake, "lucia", "/profile language auto")
    again = await private_answer(driver, fake, "lucia", "/profile timezone europe/madrid")

    assert "Deutsch (de)" in chosen
    assert answer == "Deine Zeitzone ist jetzt Europe/Berlin."
    assert "español (es)" in auto
    assert again == "Tu zona horaria ahora es Europe/Madrid."


async def test_a_spanish_community_posts_in_spanish_and_an_english_slack_is_answered_in_english(
    running: tuple[SlackRuntime, SlackDriver], fake: FakeSlack
) -> None:
    _runtime, driver = running
    intros = await intros_channel(fake, driver)
    await private_answer(driver, fake, "admin", "/setup language es")
    dana = fake.workspace.add_user("dana")  # her Slack is in English (the fake's default)

    seen = len(fake.calls)
    await driver.event(payloads.team_join(fake, "dana"))
    welcome = await fake.wait_for_call("chat.postMessage", after=seen)
    answer = await private_answer(driver, fake, "dana", "/profile timezone europe/madrid")

    assert welcome.arguments["channel"] == intros
    assert welcome.arguments["text"].startswith(f"¡Te damos la bienvenida, <@{dana}>! 👋")
    labels = [
        element["text"]["text"]
        for block in welcome.arguments["blocks"]
        if block["type"] == "actions"
        for element in block["elements"]
    ]
    assert labels == ["Presentarme"]
    assert answer == "Your time zone is now Europe/Madrid."
