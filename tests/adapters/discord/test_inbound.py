"""Inbound translation, on Discord's documented payloads turned into real discord.py objects.

The samples come from Discord's docs (copied into samples/, CC BY-SA 4.0 / MIT,
see SOURCES.md there). Where discord.py 2.7 needs fields a sample lacks, or a test needs a
variation, the test completes the sample with a visible `sample | {...}` and says why.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import discord
import pytest

from adapters.discord import inbound
from adapters.discord.app_commands import REPORT_COMMAND_NAME
from bot.events import (
    Actor,
    ButtonPressed,
    FormSubmitted,
    MemberJoined,
    MemberLeft,
    MessageEdited,
    MessageFlagged,
    MessagePosted,
    MessageReported,
)
from bot.levels import Level
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef
from tests.adapters.discord.objects import BOT_USER_ID, DiscordObjects
from tests.adapters.discord.openapi import SAMPLES

GUILD_ID = "290926798626357999"  # the guild of the button and slash command samples
REPORT_GUILD_ID = "772904309264089089"  # the guild of the modal and message command samples
OWNER_ID = "73193882359173120"  # the guild sample's owner
GENERAL_ID = "290926798999357250"  # the message sample's channel
THREAD_ID = "334385199974967042"  # a thread started from the message sample: same id
PRIVATE_THREAD_ID = "334385199974967100"
FORUM_ID = "290926798999357300"
FORUM_POST_ID = "334385199974967200"
AUTHOR_ID = "53908099506183680"  # the message sample's author
MODERATOR_ROLE = "400000000000000001"
MESSAGES_ROLE = "400000000000000002"
ADMIN_ROLE = "400000000000000003"
HOST_ROLE = "400000000000000004"
ATTACHMENT_SIZE_LIMIT = 8388608

# Every interaction payload Discord sends carries these; the docs' samples lack some, and
# discord.py 2.7 raises KeyError without them.
REQUIRED = {"version": 1, "attachment_size_limit": ATTACHMENT_SIZE_LIMIT}


def sample(name: str) -> dict[str, Any]:
    """Return one of Discord's documented payloads, freshly parsed."""
    loaded: dict[str, Any] = json.loads((SAMPLES / name).read_text())
    return loaded


def role(role_id: str, name: str, permissions: int) -> dict[str, Any]:
    """Return a role payload."""
    return {"id": role_id, "name": name, "permissions": str(permissions), "position": 1}


def text_channel(channel_id: str, guild_id: str, name: str = "general") -> dict[str, Any]:
    """Return the docs' text channel with another id."""
    return sample("channel__guild_text__docs.json") | {
        "id": channel_id,
        "guild_id": guild_id,
        "name": name,
    }


def thread(thread_id: str, parent_id: str, kind: int) -> dict[str, Any]:
    """Return the docs' thread with other ids and type (11 public, 12 private)."""
    return sample("channel__thread__docs.json") | {
        "id": thread_id,
        "guild_id": GUILD_ID,
        "parent_id": parent_id,
        "owner_id": AUTHOR_ID,
        "type": kind,
    }


def guild_payload(guild_id: str) -> dict[str, Any]:
    """Return the docs' guild as GUILD_CREATE would: with its roles, channels and threads."""
    return sample("guild__example__docs.json") | {
        "id": guild_id,
        "roles": [
            role(guild_id, "@everyone", 1024),  # view channel
            role(MODERATOR_ROLE, "mods", 1 << 40),  # moderate members
            role(MESSAGES_ROLE, "tidiers", 1 << 13),  # manage messages
            role(ADMIN_ROLE, "admins", 1 << 3),  # administrator
            role(HOST_ROLE, "hosts", 0),
        ],
        "channels": [
            text_channel(GENERAL_ID, guild_id),
            text_channel(FORUM_ID, guild_id, "questions") | {"type": 15},
        ],
        "threads": [
            thread(THREAD_ID, GENERAL_ID, 11),
            thread(PRIVATE_THREAD_ID, GENERAL_ID, 12),
            thread(FORUM_POST_ID, FORUM_ID, 11),
        ],
    }


def known_guilds() -> DiscordObjects:
    """Return an unconnected client's state that knows both sample guilds."""
    return DiscordObjects([guild_payload(GUILD_ID), guild_payload(REPORT_GUILD_ID)])


@pytest.fixture
def objects() -> DiscordObjects:
    """An unconnected client's state that knows both sample guilds."""
    return known_guilds()


def member_data(roles: list[str], *, nick: str | None = None) -> dict[str, Any]:
    """Return the `member` a guild message carries (no user; discord.py needs `flags`)."""
    joined_at = "2017-03-13T19:19:14.040000+00:00"
    return {"roles": roles, "nick": nick, "joined_at": joined_at, "flags": 0}


def message_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' message as MESSAGE_CREATE in the guild (it adds guild_id and member)."""
    return (
        sample("message__example_message__docs.json")
        | {"guild_id": GUILD_ID, "member": member_data([GUILD_ID])}
        | changes
    )


def sample_author(**changes: Any) -> dict[str, Any]:
    """Return the message sample's author, changed."""
    return sample("message__example_message__docs.json")["author"] | changes


def posted(objects: DiscordObjects, *, readable: bool = True, **changes: Any) -> Any:
    """Translate a MESSAGE_CREATE built from the docs' message."""
    message = objects.message(message_payload(**changes))
    return inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=readable)


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


def button_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' button click, completed as Discord sends it today.

    Added: what discord.py requires (`attachment_size_limit`, `flags` on the member) and the
    `channel` object, the only place discord.py reads an interaction's channel from.
    """
    payload = sample("interaction_create__button_click__docs_2025.json")
    channel = {"id": payload["channel_id"], "type": 0, "guild_id": GUILD_ID, "name": "general"}
    return (
        payload
        | REQUIRED
        | {"channel": channel | {"position": 0}, "member": payload["member"] | {"flags": 0}}
        | changes
    )


def test_an_interactions_actor_uses_the_permissions_discord_sent(objects: DiscordObjects) -> None:
    interaction = objects.interaction(button_payload())
    # 17179869183 has the administrator bit; the member's only role is @everyone (the guild id).
    assert inbound.interaction_actor(interaction) == Actor(
        UserRef("discord", "53908232506183680"), "Mason", Level.ADMIN, frozenset()
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


def modal_payload(**changes: Any) -> dict[str, Any]:
    """Return the docs' modal submission with what discord.py requires added."""
    payload = sample("interaction_create__modal_submit__docs_2025.json")
    return payload | REQUIRED | {"member": payload["member"] | {"flags": 0}} | changes


def test_a_form_in_action_rows(objects: DiscordObjects) -> None:
    interaction = objects.interaction(modal_payload())
    event = inbound.form_submitted(interaction)
    assert event == FormSubmitted(
        community=CommunityRef("discord", REPORT_GUILD_ID),
        at=interaction.created_at,
        actor=Actor(
            UserRef("discord", "53908232506183680"), "Mason", Level.ADMIN, frozenset()
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


# --- reports ---------------------------------------------------------------------------------


def message_command_payload(name: str = REPORT_COMMAND_NAME, **changes: Any) -> dict[str, Any]:
    """Return the docs' message command, renamed, with what discord.py requires added.

    Added: `attachment_size_limit`, the member's `flags` and the `channel` object.
    """
    payload = sample("interaction_create__message_command__docs.json")
    channel = modal_payload()["channel"]  # the same channel, in the same guild
    return (
        payload
        | REQUIRED
        | {
            "data": payload["data"] | {"name": name},
            "member": payload["member"] | {"flags": 0},
            "channel": channel,
        }
        | changes
    )


def test_the_report_command_is_the_one_app_commands_registers() -> None:
    assert inbound.REPORT_COMMAND == REPORT_COMMAND_NAME


def test_a_report(objects: DiscordObjects) -> None:
    interaction = objects.interaction(message_command_payload())
    event = inbound.message_reported(interaction)
    assert event == MessageReported(
        community=CommunityRef("discord", REPORT_GUILD_ID),
        at=interaction.created_at,
        actor=inbound.interaction_actor(interaction),
        interaction=inbound.interaction_ref(interaction),
        message=MessageRef("discord", "772908445358620702", "867793854505943041"),
        author=UserRef("discord", "167348773423415296"),
        reason=None,
        excerpt="some message",
    )
    assert event is not None
    assert event.actor.display_name == "ian"


@pytest.mark.parametrize(
    ("content", "excerpt"),
    [("", None), ("x" * 300, "x" * 300), ("y" * 301, "y" * 299 + "…")],
)
def test_a_reports_excerpt_is_cut_to_300_characters(
    objects: DiscordObjects, content: str, excerpt: str | None
) -> None:
    payload = message_command_payload()
    target = payload["data"]["resolved"]["messages"]["867793854505943041"]
    target["content"] = content
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert event.excerpt == excerpt


def test_a_report_without_the_resolved_message_still_stands(objects: DiscordObjects) -> None:
    payload = message_command_payload()
    del payload["data"]["resolved"]
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert (event.message.id, event.author, event.excerpt) == ("867793854505943041", None, None)


def test_another_message_command_is_not_a_report(objects: DiscordObjects) -> None:
    interaction = objects.interaction(message_command_payload(name="context-menu-message-2"))
    assert inbound.message_reported(interaction) is None


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


def without(payload: dict[str, Any], key: str) -> dict[str, Any]:
    """Return `payload` without `key`."""
    return {name: value for name, value in payload.items() if name != key}


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


def test_a_garbled_resolved_message_leaves_the_report_on_its_id(objects: DiscordObjects) -> None:
    payload = message_command_payload()
    payload["data"]["resolved"]["messages"]["867793854505943041"] = {"author": "nobody"}
    event = inbound.message_reported(objects.interaction(payload))
    assert event is not None
    assert (event.message.id, event.author, event.excerpt) == ("867793854505943041", None, None)


# --- messages --------------------------------------------------------------------------------


def test_a_message(objects: DiscordObjects) -> None:
    message = objects.message(message_payload())
    event = inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True)
    assert event == MessagePosted(
        community=CommunityRef("discord", GUILD_ID),
        # discord.py's created_at comes from the id; the docs' `timestamp` disagrees with it
        at=datetime(2017, 7, 11, 17, 27, 24, 250000, tzinfo=UTC),
        actor=Actor(UserRef("discord", AUTHOR_ID), "Mason"),
        message=MessageRef("discord", GENERAL_ID, "334385199974967042"),
        text="Supa Hot",
    )
    assert event is not None
    assert event.raw is message


def test_without_the_content_intent_activity_counts_but_text_is_hidden(
    objects: DiscordObjects,
) -> None:
    event = posted(objects, readable=False, content="")
    assert isinstance(event, MessagePosted)
    assert (event.text, event.actor.user.id) == (None, AUTHOR_ID)


def test_a_reply_counts(objects: DiscordObjects) -> None:
    event = posted(
        objects,
        type=19,
        message_reference={"message_id": "334385199974967000", "channel_id": GENERAL_ID},
    )
    assert isinstance(event, MessagePosted)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"author": sample_author(bot=True)}, id="a bot"),
        # Only the id says it is the bot itself here: no `bot` flag.
        pytest.param({"author": sample_author(id=str(BOT_USER_ID))}, id="the bot itself"),
        pytest.param({"author": sample_author(system=True)}, id="Discord's system user"),
        pytest.param({"webhook_id": "223704706495545344"}, id="a webhook"),
        pytest.param({"type": 7}, id="a join message"),
        pytest.param({"type": 6}, id="a pin notice"),
        pytest.param({"type": 21}, id="a thread's starter message"),
        pytest.param({"type": 20}, id="a slash command's answer"),
    ],
)
def test_messages_not_written_by_a_member_are_ignored(
    objects: DiscordObjects, changes: dict[str, Any]
) -> None:
    message = objects.message(message_payload(**changes))
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None
    # The same message from a member counts, so it is what was changed that is ignored. (A fresh
    # state: discord.py caches users by id, so a bot stays a bot in this one.)
    assert posted(known_guilds()) is not None


def test_a_direct_message_is_ignored(objects: DiscordObjects) -> None:
    payload = without(message_payload(), "guild_id")
    message = objects.message(without(payload, "member"))
    assert message.guild is None
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_message_without_an_author_is_ignored(objects: DiscordObjects) -> None:
    message = objects.message(without(without(message_payload(), "author"), "member"))
    assert inbound.message_posted(message, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_reply_in_a_thread_names_the_message_it_grew_from(objects: DiscordObjects) -> None:
    event = posted(objects, id="334385199974967050", channel_id=THREAD_ID)
    assert isinstance(event, MessagePosted)
    assert event.message == MessageRef("discord", THREAD_ID, "334385199974967050")
    assert event.thread_root == MessageRef("discord", GENERAL_ID, THREAD_ID)


def test_a_forum_posts_root_is_its_opening_message_in_the_thread(
    objects: DiscordObjects,
) -> None:
    opening = posted(objects, id=FORUM_POST_ID, channel_id=FORUM_POST_ID)
    reply = posted(objects, id="334385199974967250", channel_id=FORUM_POST_ID)
    assert isinstance(opening, MessagePosted)
    assert isinstance(reply, MessagePosted)
    assert opening.thread_root is None
    assert reply.thread_root == MessageRef("discord", FORUM_POST_ID, FORUM_POST_ID)


def test_a_private_thread_has_no_root(objects: DiscordObjects) -> None:
    event = posted(objects, id="334385199974967150", channel_id=PRIVATE_THREAD_ID)
    assert isinstance(event, MessagePosted)
    assert (event.message.channel_id, event.thread_root) == (PRIVATE_THREAD_ID, None)


def test_mentions_are_counted(objects: DiscordObjects) -> None:
    mentions = [sample_author(id="1"), sample_author(id="2")]
    event = posted(
        objects, mentions=mentions, mention_roles=[MODERATOR_ROLE], mention_everyone=True
    )
    assert isinstance(event, MessagePosted)
    assert event.mention_count == 4


# --- edits -----------------------------------------------------------------------------------

EDITED_AT = "2017-07-11T17:30:00.000000+00:00"


def edited(objects: DiscordObjects, *, readable: bool = True, **changes: Any) -> Any:
    """Translate a MESSAGE_UPDATE: the docs' message, edited, with guild_id and member."""
    payload = message_payload(content="Supa Hot Fire", edited_timestamp=EDITED_AT) | changes
    update = objects.message_edit(payload)
    return inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=readable)


def test_an_edit(objects: DiscordObjects) -> None:
    update = objects.message_edit(
        message_payload(content="Supa Hot Fire", edited_timestamp=EDITED_AT)
    )
    event = inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=True)
    assert event == MessageEdited(
        community=CommunityRef("discord", GUILD_ID),
        at=datetime(2017, 7, 11, 17, 30, tzinfo=UTC),
        actor=Actor(UserRef("discord", AUTHOR_ID), "Mason"),
        message=MessageRef("discord", GENERAL_ID, "334385199974967042"),
        text="Supa Hot Fire",
    )
    assert event is not None
    assert event.raw is update


def test_an_edit_without_the_content_intent_hides_the_text(objects: DiscordObjects) -> None:
    event = edited(objects, readable=False)
    assert isinstance(event, MessageEdited)
    assert event.text is None


def test_an_update_nobody_typed_is_not_an_edit(objects: DiscordObjects) -> None:
    # A link preview arriving, or a pin: Discord sends MESSAGE_UPDATE without edited_timestamp.
    assert edited(objects, edited_timestamp=None, pinned=True) is None


def test_an_update_without_an_author_is_ignored(objects: DiscordObjects) -> None:
    payload = message_payload(edited_timestamp=EDITED_AT)
    update = objects.message_edit(without(without(payload, "author"), "member"))
    assert inbound.message_edited(update, bot_user_id=BOT_USER_ID, content_readable=True) is None


def test_a_bots_edit_is_ignored(objects: DiscordObjects) -> None:
    assert edited(objects, author=sample_author(bot=True)) is None
    assert edited(known_guilds()) is not None


# --- members ---------------------------------------------------------------------------------


NEWCOMER_ID = "80351110224678912"


def user_payload(**changes: Any) -> dict[str, Any]:
    """Return a full user, as GUILD_MEMBER_ADD and GUILD_MEMBER_REMOVE carry."""
    user = {"id": NEWCOMER_ID, "username": "nelly", "discriminator": "0", "avatar": None}
    return user | changes


def member_add_payload(**user: Any) -> dict[str, Any]:
    """Return GUILD_MEMBER_ADD: the docs' member (whose `user` is empty), guild_id, user, flags."""
    return sample("guild_member__example__docs.json") | {
        "guild_id": GUILD_ID,
        "user": user_payload(**user),
        "flags": 0,
    }


def test_a_member_joins(objects: DiscordObjects) -> None:
    member = objects.member_join(member_add_payload())
    event = inbound.member_joined(member)
    assert event == MemberJoined(
        community=CommunityRef("discord", GUILD_ID),
        at=datetime(2015, 4, 26, 6, 26, 56, 936000, tzinfo=UTC),
        actor=Actor(UserRef("discord", NEWCOMER_ID), "NOT API SUPPORT"),
    )
    assert event is not None
    assert event.raw is member


def test_a_join_without_a_time_happens_now(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    payload = without(member_add_payload(), "joined_at")
    event = inbound.member_joined(objects.member_join(payload))
    assert event is not None
    assert before <= event.at <= discord.utils.utcnow()


def test_a_bot_joining_is_ignored(objects: DiscordObjects) -> None:
    assert inbound.member_joined(objects.member_join(member_add_payload(bot=True))) is None


def test_a_member_leaves(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload()})
    event = inbound.member_left(payload)
    assert isinstance(event, MemberLeft)
    assert event.actor == Actor(UserRef("discord", NEWCOMER_ID), "nelly")
    assert event.community == CommunityRef("discord", GUILD_ID)
    assert before <= event.at <= discord.utils.utcnow()
    assert event.raw is payload


def test_a_known_member_leaving_keeps_their_nickname(objects: DiscordObjects) -> None:
    objects.member_join(member_add_payload())
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload()})
    assert isinstance(payload.user, discord.Member)  # discord.py found it in its cache
    event = inbound.member_left(payload)
    assert event is not None
    assert event.actor.display_name == "NOT API SUPPORT"


def test_a_bot_leaving_is_ignored(objects: DiscordObjects) -> None:
    payload = objects.member_remove({"guild_id": GUILD_ID, "user": user_payload(bot=True)})
    assert inbound.member_left(payload) is None


# --- Discord AutoMod -------------------------------------------------------------------------

# No sample exists; the fields are AUTO_MODERATION_ACTION_EXECUTION's, from Discord's docs.
BLOCK = {"type": 1, "metadata": {}}
ALERT = {"type": 2, "metadata": {"channel_id": "290926798999357299"}}
TIMEOUT = {"type": 3, "metadata": {"duration_seconds": 60}}


def automod_payload(action: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """Return an AutoMod execution of a keyword rule on the message sample's author."""
    return {
        "guild_id": GUILD_ID,
        "action": action,
        "rule_id": "1000000000000000001",
        "rule_trigger_type": 1,
        "user_id": AUTHOR_ID,
        "channel_id": GENERAL_ID,
        "content": "you badword",
        "matched_keyword": "badword",
        "matched_content": "badword",
    } | changes


def test_automod_blocking_a_message(objects: DiscordObjects) -> None:
    before = discord.utils.utcnow()
    action = objects.automod_action(automod_payload(BLOCK))
    event = inbound.automod_flagged(action)
    assert isinstance(event, MessageFlagged)
    assert event == MessageFlagged(
        community=CommunityRef("discord", GUILD_ID),
        at=event.at,
        author=UserRef("discord", AUTHOR_ID),
        channel=ChannelRef("discord", GENERAL_ID),
        message=None,  # blocked: it was never posted
        excerpt="you badword",
        rule='Discord AutoMod: matched "badword"',
        removed=True,
    )
    assert before <= event.at <= discord.utils.utcnow()
    assert event.raw is action


def test_automod_alerting_on_a_message(objects: DiscordObjects) -> None:
    payload = automod_payload(
        ALERT, message_id="334385199974967042", alert_system_message_id="334385199974967999"
    )
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert isinstance(event, MessageFlagged)
    assert event.message == MessageRef("discord", GENERAL_ID, "334385199974967042")
    assert event.removed is False


def test_automod_timeouts_make_no_second_flag(objects: DiscordObjects) -> None:
    assert inbound.automod_flagged(objects.automod_action(automod_payload(TIMEOUT))) is None


def test_automod_without_a_keyword_names_the_trigger(objects: DiscordObjects) -> None:
    payload = automod_payload(BLOCK, rule_trigger_type=3, matched_keyword=None)
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert event is not None
    assert event.rule == "Discord AutoMod: spam"


@pytest.mark.parametrize(
    ("content", "matched", "excerpt"),
    [
        ("", None, None),  # no Message Content intent: Discord sends neither
        ("", "badword", "badword"),
        ("z" * 400, "badword", "z" * 299 + "…"),
    ],
)
def test_automod_excerpt(
    objects: DiscordObjects, content: str, matched: str | None, excerpt: str | None
) -> None:
    payload = automod_payload(ALERT, content=content, matched_content=matched)
    event = inbound.automod_flagged(objects.automod_action(payload))
    assert event is not None
    assert event.excerpt == excerpt
