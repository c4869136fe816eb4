"""Inbound translation of actors, buttons and forms, on Discord's documented payloads turned into
real discord.py objects (inbound_payloads.py builds them). Where a test needs a variation, it
completes the sample with a visible `sample | {...}` and says why.

Messages, edits and members are in test_inbound_messages.py; reports and Discord AutoMod in
tests/moderation/discord/test_inbound_reports.py.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from adapters.discord import inbound
from adapters.discord.app_commands import REPORT_COMMAND_NAME
from bot.events import Actor, ButtonPressed, FormSubmitted
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef
from tests.adapters.discord.inbound_payloads import (
    ADMIN_ROLE,
    AUTHOR_ID,
    GUILD_ID,
    HOST_ROLE,
    MESSAGES_ROLE,
    MODERATOR_ROLE,
    OWNER_ID,
    REPORT_GUILD_ID,
    REQUIRED,
    button_payload,
    known_guilds,
    member_data,
    message_command_payload,
    modal_payload,
    posted,
    sample,
    sample_author,
    without,
)
from tests.adapters.discord.objects import DiscordObjects


@pytest.fixture
def objects() -> DiscordObjects:
    """An unconnected client's state that knows both sample guilds."""
    return known_guilds()


# --- levels and actors -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("permissions", "is_owner", "level"),
    [
        (discord.Permissions.none(), True, Level.ADMIN),
        (discord.Permissions(administrator=True), False, Level.ADMIN),
        (discord.Permissions(moderate_members=True), False, Level.MODERATOR),
        (discord.Permissions(manage_messages=True), False, Level.MODERATOR),
        (discord.Permissions(kick_members=True, manage_guild=True), False, Level.MEMBER),
        (discord.Permissions.none(), False, Level.MEMBER),
    ],
)
def test_level_from_permissions(
    permissions: discord.Permissions, is_owner: bool, level: Level
) -> None:
    assert inbound.level_from_permissions(permissions, is_owner=is_owner) is level


@pytest.mark.parametrize(
    ("roles", "level"),
    [
        ([GUILD_ID], Level.MEMBER),
        ([HOST_ROLE], Level.MEMBER),  # hosts come from /setup role, applied by the core
        ([MESSAGES_ROLE], Level.MODERATOR),
        ([MODERATOR_ROLE, HOST_ROLE], Level.MODERATOR),
        ([ADMIN_ROLE], Level.ADMIN),
    ],
)
def test_a_members_level_comes_from_their_roles(
    objects: DiscordObjects, roles: list[str], level: Level
) -> None:
    event = posted(objects, member=member_data(roles))
    assert event.actor.platform_level is level
    assert event.actor.role_ids == frozenset(roles) - {GUILD_ID}


def test_the_owner_is_an_admin_without_any_role(objects: DiscordObjects) -> None:
    event = posted(objects, author=sample_author(id=OWNER_ID))
    assert event.actor == Actor(UserRef("discord", OWNER_ID), "Mason", Level.ADMIN)


def test_a_bare_user_is_a_member_with_no_roles() -> None:
    user = discord.User(
        state=DiscordObjects().state,
        data={
            "id": AUTHOR_ID,
            "username": "mason",
            "global_name": "Mason",
            "discriminator": "0",
            "avatar": None,
        },
    )
    assert inbound.member_actor(user) == Actor(UserRef("discord", AUTHOR_ID), "Mason")


def test_a_members_display_name_is_their_nickname(objects: DiscordObjects) -> None:
    event = posted(objects, member=member_data([], nick="Mase"))
    assert event.actor.display_name == "Mase"


# --- interactions: actor and reference -------------------------------------------------------


def test_an_interactions_actor_uses_the_permissions_and_locale_discord_sent(
    objects: DiscordObjects,
) -> None:
    interaction = objects.interaction(button_payload())
    # 17179869183 has the administrator bit; the member's only role is @everyone (the guild id).
    # The locale is the language of the member's Discord app: private answers follow it.
    assert inbound.interaction_actor(interaction) == Actor(
        UserRef("discord", "53908232506183680"),
        "Mason",
        Level.ADMIN,
        frozenset(),
        locale="en-US",
    )


@pytest.mark.parametrize(
    ("user_id", "roles", "permissions", "level"),
    [
        ("53908232506183680", [MODERATOR_ROLE], 1024, Level.MEMBER),  # overridden in the channel
        ("53908232506183680", [], 1 << 40, Level.MODERATOR),
        ("53908232506183680", [], 1 << 13, Level.MODERATOR),
        (OWNER_ID, [], 1024, Level.ADMIN),
    ],
)
def test_interaction_levels(
    objects: DiscordObjects, user_id: str, roles: list[str], permissions: int, level: Level
) -> None:
    member = button_payload()["member"]
    member = member | {
        "user": member["user"] | {"id": user_id},
        "roles": roles,
        "permissions": str(permissions),
    }
    actor = inbound.interaction_actor(objects.interaction(button_payload(member=member)))
    assert (actor.platform_level, actor.role_ids) == (level, frozenset(roles))


def test_interaction_ref(objects: DiscordObjects) -> None:
    assert inbound.interaction_ref(objects.interaction(button_payload())) == InteractionRef(
        "discord",
        "846462639134605312",
        "unique_interaction_token",
        ChannelRef("discord", "345626669114982999"),
        UserRef("discord", "53908232506183680"),
    )


def test_community_ref() -> None:
    assert inbound.community_ref(int(GUILD_ID)) == CommunityRef("discord", GUILD_ID)


# --- buttons ---------------------------------------------------------------------------------


def test_a_button_press(objects: DiscordObjects) -> None:
    interaction = objects.interaction(button_payload())
    event = inbound.button_pressed(interaction)
    assert event == ButtonPressed(
        community=CommunityRef("discord", GUILD_ID),
        at=datetime(2021, 5, 24, 19, 0, 19, 685000, tzinfo=UTC),  # from the interaction id
        actor=inbound.interaction_actor(interaction),
        interaction=inbound.interaction_ref(interaction),
        action_id="click_one",
        # The sample's message names another channel than the interaction; discord.py gives the
        # message the interaction's channel, which on Discord is the same one.
        message=MessageRef("discord", "345626669114982999", "844397162624450620"),
    )
    assert event is not None
    assert event.raw is interaction


def test_a_button_press_after_a_restart_needs_nothing_but_the_payload() -> None:
    fresh = DiscordObjects()  # no guild, no views, no cached message
    action_id = "profile:forget:yes:53908232506183680"
    payload = button_payload(data={"custom_id": action_id, "component_type": 2})
    event = inbound.button_pressed(fresh.interaction(payload))
    assert event is not None
    assert (event.action_id, event.community.id) == (action_id, GUILD_ID)
    assert event.message == MessageRef("discord", "345626669114982999", "844397162624450620")


def test_a_select_menu_is_not_a_button(objects: DiscordObjects) -> None:
    data = {"custom_id": "pick", "component_type": 3, "values": ["a"]}
    assert inbound.button_pressed(objects.interaction(button_payload(data=data))) is None


def test_a_button_in_a_direct_message_from_someone_sharing_no_server_is_ignored(
    objects: DiscordObjects,
) -> None:
    payload = button_payload()
    dm = {key: value for key, value in payload.items() if key not in ("guild_id", "member")}
    dm |= {"user": payload["member"]["user"], "channel": {"id": "345626669114982999", "type": 1}}
    interaction = objects.interaction(dm)
    assert interaction.guild_id is None
    assert inbound.button_pressed(interaction) is None


def test_a_button_in_a_direct_message_that_names_its_community_is_a_members_press(
    objects: DiscordObjects,
) -> None:
    payload = button_payload(data={"custom_id": f"nudge:fine:7@{GUILD_ID}", "component_type": 2})
    dm = {key: value for key, value in payload.items() if key not in ("guild_id", "member")}
    dm |= {"user": payload["member"]["user"], "channel": {"id": "345626669114982999", "type": 1}}
    event = inbound.button_pressed(objects.interaction(dm))
    assert event is not None
    assert event.community == CommunityRef("discord", GUILD_ID)
    assert event.action_id == f"nudge:fine:7@{GUILD_ID}"
    assert event.actor.platform_level is Level.MEMBER
    assert event.interaction.channel == ChannelRef("discord", "345626669114982999")


def test_discord_py_reads_the_channel_only_from_the_channel_object(
    objects: DiscordObjects,
) -> None:
    payload = button_payload()
    del payload["channel"]  # as in the docs' sample: `channel_id` alone
    interaction = objects.interaction(payload)
    assert interaction.channel_id is None
    assert inbound.interaction_ref(interaction).channel == ChannelRef("discord", "")
    assert inbound.button_pressed(interaction) is None


# --- forms -----------------------------------------------------------------------------------


def test_a_form_in_action_rows(objects: DiscordObjects) -> None:
    interaction = objects.interaction(modal_payload())
    event = inbound.form_submitted(interaction)
    assert event == FormSubmitted(
        community=CommunityRef("discord", REPORT_GUILD_ID),
        at=interaction.created_at,
        actor=Actor(
            UserRef("discord", "53908232506183680"),
            "Mason",
            Level.ADMIN,
            frozenset(),
            locale="en-US",
        ),  # role 785609923542777878 is not one of the guild's, so discord.py drops it
        interaction=InteractionRef(
            "discord",
            "847587388497854464",
            "UNIQUE_TOKEN",
            ChannelRef("discord", "772908445358620702"),
            UserRef("discord", "53908232506183680"),
        ),
        form_id="cool_modal",
        values={"name": "John"},
    )


def test_a_form_in_labels(objects: DiscordObjects) -> None:
    # discord.py 2.7's modals wrap each input in a label (type 18) holding one `component`.
    components = [
        {"type": 10, "id": 1, "content": "Tell us about yourself"},
        {"type": 18, "id": 2, "component": {"type": 4, "custom_id": "bio", "value": "Hi!"}},
        {"type": 18, "id": 3, "component": {"type": 3, "custom_id": "tz", "values": ["UTC"]}},
        {"type": 1, "components": [{"type": 4, "custom_id": "goal", "value": ""}]},
    ]
    data = {"custom_id": "profile:edit", "components": components}
    event = inbound.form_submitted(objects.interaction(modal_payload(data=data)))
    assert event is not None
    assert (event.form_id, event.values) == ("profile:edit", {"bio": "Hi!", "goal": ""})


# --- what the interaction functions leave to others, and garbage -----------------------------

INTERACTION_FUNCTIONS = [inbound.button_pressed, inbound.form_submitted, inbound.message_reported]


def slash_command_payload() -> dict[str, Any]:
    """Return the docs' slash command with what discord.py requires added."""
    payload = sample("interaction_create__slash_command_with_option__docs.json")
    return (
        payload
        | REQUIRED
        | {
            "application_id": "775799577604522054",
            "member": payload["member"] | {"flags": 0},
            "channel": {"id": payload["channel_id"], "type": 0, "name": "cards", "position": 0},
        }
    )


def autocomplete_payload() -> dict[str, Any]:
    """Return the docs' autocomplete, which is only `type` and `data`, in the slash command's."""
    return slash_command_payload() | sample("interaction_create__autocomplete__docs.json")


@pytest.mark.parametrize("payload", [slash_command_payload(), autocomplete_payload()])
def test_slash_commands_and_autocomplete_are_read_elsewhere(
    objects: DiscordObjects, payload: dict[str, Any]
) -> None:
    interaction = objects.interaction(payload)
    assert interaction.guild_id is not None  # a real guild interaction, not a DM
    assert [translate(interaction) for translate in INTERACTION_FUNCTIONS] == [None] * 3


GARBAGE = {
    "button without data": without(button_payload(), "data"),
    "button without custom id": button_payload(data={"component_type": 2}),
    "button without message": without(button_payload(), "message"),
    "button without member": without(button_payload(), "member"),
    "button with a custom id that is no string": button_payload(
        data={"custom_id": 7, "component_type": 2}
    ),
    "modal without components": modal_payload(data={"custom_id": "f"}),
    "modal with components not a list": modal_payload(data={"custom_id": "f", "components": 4}),
    "modal with a text input without value": modal_payload(
        data={"custom_id": "f", "components": [{"type": 1, "components": [{"type": 4}]}]}
    ),
    "modal with an empty label": modal_payload(
        data={"custom_id": "f", "components": [{"type": 18}]}
    ),
    "modal without custom id": modal_payload(data={"components": []}),
    "message command without target": message_command_payload(
        data={"type": 3, "name": REPORT_COMMAND_NAME, "id": "866818195033292851"}
    ),
}


@pytest.mark.parametrize("payload", GARBAGE.values(), ids=GARBAGE.keys())
def test_partial_interactions_are_ignored(objects: DiscordObjects, payload: dict[str, Any]) -> None:
    interaction = objects.interaction(payload)
    assert [translate(interaction) for translate in INTERACTION_FUNCTIONS] == [None] * 3
