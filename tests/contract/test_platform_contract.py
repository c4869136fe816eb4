"""The `Platform` port's contract: what every adapter must do, checked through its harness.

Each test reads back what the adapter's chat server observed, normalized, so the same
assertions hold for the console, Discord and Slack.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

import pytest

from adapters.mentions import unmarked
from bot.errors import PlatformError, UnsupportedOnPlatform
from bot.levels import Level
from bot.messages import Button, ButtonStyle, Field, Form, FormField, OutboundMessage
from bot.platform import Capability, Platform
from bot.refs import ChannelRef, MessageRef, RoleRef, UserRef
from tests.contract.harness import Kind, Observation, PlatformHarness


def requires(harness: PlatformHarness, capability: Capability) -> None:
    """Skip a test of something the platform says it cannot do."""
    if capability not in harness.platform.capabilities:
        pytest.skip(f"{harness.platform.name} does not declare {capability.value}")


async def only(harness: PlatformHarness) -> Observation:
    """Return the one thing observed since the last look; fail if there was not exactly one."""
    observed = await harness.observed()
    assert len(observed) == 1, observed
    return observed[0]


def test_it_is_a_platform_with_a_name_and_capabilities(harness: PlatformHarness) -> None:
    platform = harness.platform
    assert isinstance(platform, Platform)
    assert platform.name == harness.channel.platform == harness.community.platform
    assert isinstance(platform.capabilities, frozenset)
    assert all(isinstance(capability, Capability) for capability in platform.capabilities)


async def test_post_returns_a_new_reference_for_each_message(harness: PlatformHarness) -> None:
    platform, channel = harness.platform, harness.channel
    first = await platform.post(channel, OutboundMessage("first"))
    second = await platform.post(channel, OutboundMessage("second"))
    assert first.id != second.id
    assert first.platform == second.platform == platform.name
    assert first.channel == second.channel == channel
    assert await harness.observed() == [
        Observation(Kind.POST, message=first, channel=channel, text="first"),
        Observation(Kind.POST, message=second, channel=channel, text="second"),
    ]


async def test_text_fields_and_buttons_arrive_intact(harness: PlatformHarness) -> None:
    requires(harness, Capability.BUTTONS)
    alice = harness.user("alice")
    text = f"Welcome {harness.platform.mention(alice)}!\nLine two — ünïcode ✓, *stars* and <angles>"
    fields = (Field("Reported by", "bob"), Field("Reason", "rude, twice"))
    buttons = (
        Button("Delete", "mod:delete:41", ButtonStyle.DANGER),
        Button("Warn", "mod:warn:41", ButtonStyle.PRIMARY),
        Button("Dismiss", "mod:dismiss:41"),
    )
    sent = await harness.platform.post(harness.channel, OutboundMessage(text, fields, buttons))
    seen = await only(harness)
    assert seen.message == sent
    assert seen.text == unmarked(text)  # as people see it: the mention's marks stay inside
    assert seen.fields == fields
    assert seen.buttons == (
        ("Delete", "mod:delete:41"),
        ("Warn", "mod:warn:41"),
        ("Dismiss", "mod:dismiss:41"),
    )


async def test_thread_replies_land_in_the_thread_of_their_root(harness: PlatformHarness) -> None:
    requires(harness, Capability.THREADS)
    platform = harness.platform
    root = await platform.post(harness.channel, OutboundMessage("This week: favourite tools?"))
    other = await platform.post(harness.channel, OutboundMessage("Another post"))
    await platform.open_thread(root, "Favourite tools")
    await harness.observed()  # opening a thread is not one of the observed kinds
    first = await platform.post_in_thread(root, OutboundMessage("Reply here"))
    second = await platform.post_in_thread(root, OutboundMessage("Still open"))
    observed = await harness.observed()
    assert [(seen.kind, seen.thread_root, seen.text) for seen in observed] == [
        (Kind.THREAD, root, "Reply here"),
        (Kind.THREAD, root, "Still open"),
    ]
    assert [seen.message for seen in observed] == [first, second]
    assert len({root.id, other.id, first.id, second.id}) == 4


async def test_a_private_response_is_seen_only_by_the_caller(harness: PlatformHarness) -> None:
    requires(harness, Capability.EPHEMERAL)
    alice = harness.user("alice")
    harness.user("bob")
    interaction = await harness.interaction(alice, harness.channel)
    sent = await harness.platform.respond(interaction, OutboundMessage("Only you"), private=True)
    seen = await only(harness)
    assert seen.kind == Kind.EPHEMERAL
    assert seen.users == {alice}
    assert seen.text == "Only you"
    if sent is not None:
        assert seen.message == sent


async def test_a_public_response_goes_to_the_interaction_channel(
    harness: PlatformHarness,
) -> None:
    alice = harness.user("alice")
    interaction = await harness.interaction(alice, harness.channel)
    sent = await harness.platform.respond(interaction, OutboundMessage("Everyone"), private=False)
    seen = await only(harness)
    assert seen.kind == Kind.REPLY
    assert seen.channel == harness.channel
    assert seen.users == frozenset()
    assert seen.text == "Everyone"
    if sent is not None:
        assert seen.message == sent


async def test_one_interaction_can_be_answered_more_than_once(harness: PlatformHarness) -> None:
    # The command router sends a reply's extra messages as further answers to one interaction.
    requires(harness, Capability.EPHEMERAL)
    alice = harness.user("alice")
    interaction = await harness.interaction(alice, harness.channel)
    platform = harness.platform
    await platform.respond(interaction, OutboundMessage("Step 1"), private=True)
    await platform.respond(interaction, OutboundMessage("Step 2"), private=True)
    await platform.respond(interaction, OutboundMessage("For everyone"), private=False)
    observed = await harness.observed()
    assert [(seen.kind, seen.users, seen.text) for seen in observed] == [
        (Kind.EPHEMERAL, {alice}, "Step 1"),
        (Kind.EPHEMERAL, {alice}, "Step 2"),
        (Kind.REPLY, frozenset(), "For everyone"),
    ]
    assert observed[2].channel == harness.channel


async def test_direct_messages_reach_one_member_in_one_conversation(
    harness: PlatformHarness,
) -> None:
    requires(harness, Capability.DIRECT_MESSAGES)
    platform = harness.platform
    alice, bob = harness.user("alice"), harness.user("bob")
    first = await platform.direct_message(alice, OutboundMessage("Hello Alice"))
    second = await platform.direct_message(alice, OutboundMessage("Again"))
    to_bob = await platform.direct_message(bob, OutboundMessage("Hello Bob"))
    assert await harness.observed() == [
        Observation(Kind.DM, message=first, users=frozenset({alice}), text="Hello Alice"),
        Observation(Kind.DM, message=second, users=frozenset({alice}), text="Again"),
        Observation(Kind.DM, message=to_bob, users=frozenset({bob}), text="Hello Bob"),
    ]
    assert first.channel == second.channel != to_bob.channel
    assert first.id != second.id


async def test_a_group_message_reaches_exactly_the_members_named(
    harness: PlatformHarness,
) -> None:
    requires(harness, Capability.GROUP_CONVERSATIONS)
    alice, bob, carl = harness.user("alice"), harness.user("bob"), harness.user("carl")
    harness.user("dana")
    sent = await harness.platform.group_message(
        harness.community, [carl, alice, bob, alice], OutboundMessage("Meet your buddies")
    )
    seen = await only(harness)
    assert seen.kind == Kind.GROUP
    assert seen.message == sent
    assert seen.users == {alice, bob, carl}
    assert seen.text == "Meet your buddies"


async def test_the_same_people_share_one_group_conversation(harness: PlatformHarness) -> None:
    requires(harness, Capability.GROUP_CONVERSATIONS)
    alice, bob, carl = harness.user("alice"), harness.user("bob"), harness.user("carl")
    platform = harness.platform
    first = await platform.group_message(harness.community, [alice, bob], OutboundMessage("Week 1"))
    again = await platform.group_message(harness.community, [bob, alice], OutboundMessage("Week 2"))
    others = await platform.group_message(
        harness.community, [alice, carl], OutboundMessage("Hello")
    )
    assert first.channel == again.channel != others.channel
    assert first.id != again.id
    assert [seen.users for seen in await harness.observed()] == [
        {alice, bob},
        {alice, bob},
        {alice, carl},
    ]


async def test_edit_replaces_text_fields_and_buttons(harness: PlatformHarness) -> None:
    requires(harness, Capability.EDIT)
    platform = harness.platform
    sent = await platform.post(
        harness.channel,
        OutboundMessage(
            "Suggested: tools?",
            fields=(Field("By", "alice"),),
            buttons=(Button("Approve", "topic:approve:7"),),
        ),
    )
    await harness.observed()
    await platform.edit(
        sent,
        OutboundMessage(
            "Suggested: tools? (approved)",
            fields=(Field("Approved by", "hana"),),
            buttons=(Button("Undo", "topic:undo:7"),),
        ),
    )
    assert await only(harness) == Observation(
        Kind.EDIT,
        message=sent,
        text="Suggested: tools? (approved)",
        fields=(Field("Approved by", "hana"),),
        buttons=(("Undo", "topic:undo:7"),),
    )
    await platform.edit(sent, OutboundMessage("Suggested: tools? (done)"))
    final = await only(harness)
    assert (final.kind, final.message, final.text, final.fields, final.buttons) == (
        Kind.EDIT,
        sent,
        "Suggested: tools? (done)",
        (),
        (),
    )


async def test_the_bot_cannot_edit_a_members_message(harness: PlatformHarness) -> None:
    requires(harness, Capability.EDIT)
    theirs = await harness.member_message(harness.user("alice"), harness.channel, "mine")
    with pytest.raises(PlatformError):
        await harness.platform.edit(theirs, OutboundMessage("changed by the bot"))
    assert await harness.observed() == []


async def test_delete_removes_the_message_for_good(harness: PlatformHarness) -> None:
    platform = harness.platform
    kept = await platform.post(harness.channel, OutboundMessage("kept"))
    doomed = await platform.post(harness.channel, OutboundMessage("doomed"))
    await harness.observed()
    await platform.delete(doomed)
    assert await only(harness) == Observation(Kind.DELETE, message=doomed)
    with pytest.raises(PlatformError):
        await platform.delete(doomed)
    await platform.delete(kept)  # the other message was untouched
    assert await only(harness) == Observation(Kind.DELETE, message=kept)


async def test_delete_removes_a_members_message(harness: PlatformHarness) -> None:
    requires(harness, Capability.DELETE_MEMBER_MESSAGES)
    theirs = await harness.member_message(harness.user("carl"), harness.channel, "spam link")
    await harness.platform.delete(theirs)
    assert await only(harness) == Observation(Kind.DELETE, message=theirs)


async def test_timeout_and_untimeout_reach_the_member_with_the_duration(
    harness: PlatformHarness,
) -> None:
    requires(harness, Capability.TIMEOUT)
    platform, community = harness.platform, harness.community
    carl = harness.user("carl")
    harness.user("dana")
    await platform.timeout(community, carl, timedelta(hours=1, minutes=30), "spam")
    assert await only(harness) == Observation(
        Kind.TIMEOUT, users=frozenset({carl}), duration=timedelta(hours=1, minutes=30)
    )
    await platform.untimeout(community, carl)
    assert await only(harness) == Observation(Kind.UNTIMEOUT, users=frozenset({carl}))


async def test_kick_reaches_the_member(harness: PlatformHarness) -> None:
    requires(harness, Capability.KICK)
    carl = harness.user("carl")
    harness.user("dana")
    await harness.platform.kick(harness.community, carl, "repeated spam")
    assert await only(harness) == Observation(Kind.KICK, users=frozenset({carl}))


async def test_ban_and_unban_reach_the_member(harness: PlatformHarness) -> None:
    requires(harness, Capability.BAN)
    platform, community = harness.platform, harness.community
    carl = harness.user("carl")
    harness.user("dana")
    await platform.ban(community, carl, None)
    assert await only(harness) == Observation(Kind.BAN, users=frozenset({carl}))
    await platform.unban(community, carl)
    assert await only(harness) == Observation(Kind.UNBAN, users=frozenset({carl}))


def test_mentions_name_users_channels_and_roles_distinctly(harness: PlatformHarness) -> None:
    platform = harness.platform
    alice, bob = harness.user("alice"), harness.user("bob")
    same_id = alice.id
    as_user = platform.mention(alice)
    as_channel = platform.mention(ChannelRef(platform.name, same_id))
    as_role = platform.mention(RoleRef(platform.name, same_id))
    assert len({as_user, as_channel, as_role}) == 3
    assert all(same_id in rendered for rendered in (as_user, as_channel, as_role))
    assert platform.mention(bob) != as_user
    assert platform.mention(alice) == as_user  # stable: the same ref renders the same way


ActOnMessage = Callable[[PlatformHarness, MessageRef], Awaitable[object]]

# `open_thread` is left out: where threads need no opening (Slack) it is a no-op and cannot know.
ACTIONS_ON_A_MESSAGE: dict[str, ActOnMessage] = {
    "edit": lambda h, ref: h.platform.edit(ref, OutboundMessage("new")),
    "delete": lambda h, ref: h.platform.delete(ref),
    "post_in_thread": lambda h, ref: h.platform.post_in_thread(ref, OutboundMessage("hi")),
}


@pytest.mark.parametrize("operation", sorted(ACTIONS_ON_A_MESSAGE))
async def test_acting_on_a_message_that_does_not_exist_raises(
    harness: PlatformHarness, operation: str
) -> None:
    with pytest.raises(PlatformError) as raised:
        await ACTIONS_ON_A_MESSAGE[operation](harness, harness.unknown_message())
    assert not raised.value.retryable  # trying again cannot make the message exist
    assert await harness.observed() == []


@pytest.mark.parametrize("operation", sorted(ACTIONS_ON_A_MESSAGE))
async def test_acting_on_a_deleted_message_raises(harness: PlatformHarness, operation: str) -> None:
    gone = await harness.platform.post(harness.channel, OutboundMessage("soon gone"))
    await harness.platform.delete(gone)
    await harness.observed()
    with pytest.raises(PlatformError):
        await ACTIONS_ON_A_MESSAGE[operation](harness, gone)
    assert await harness.observed() == []


async def test_purge_deletes_the_newest_messages_of_a_channel(harness: PlatformHarness) -> None:
    requires(harness, Capability.DELETE_MEMBER_MESSAGES)
    alice, carl = harness.user("alice"), harness.user("carl")
    oldest = await harness.member_message(alice, harness.channel, "keep me")
    spam = [await harness.member_message(carl, harness.channel, f"spam {n}") for n in range(3)]
    newest = await harness.member_message(alice, harness.channel, "and me")
    await harness.observed()
    deleted = await harness.platform.purge(harness.channel, 3, carl)
    assert deleted == list(reversed(spam))
    assert {seen.message for seen in await harness.observed()} == set(spam)
    everything = await harness.platform.purge(harness.channel, 10)
    assert newest in everything
    assert oldest in everything
    assert not set(spam) & set(everything)


async def test_a_form_opens_in_answer_to_an_interaction(harness: PlatformHarness) -> None:
    alice = harness.user("alice")
    interaction = await harness.interaction(alice, harness.channel)
    form = Form(
        "guidelines:set",
        "Community guidelines",
        (FormField("rules", "One rule per line", long=True, default="Be kind.", max_length=1000),),
    )
    if Capability.FORMS not in harness.platform.capabilities:
        with pytest.raises(UnsupportedOnPlatform):
            await harness.platform.open_form(interaction, form)
        assert await harness.observed() == []
        return
    await harness.platform.open_form(interaction, form)
    seen = await only(harness)
    assert (seen.kind, seen.users, seen.form) == (Kind.FORM, {alice}, form)


async def test_member_says_who_a_person_is_and_none_for_a_stranger(
    harness: PlatformHarness,
) -> None:
    alice = harness.user("alice")
    found = await harness.platform.member(harness.community, alice)
    assert found is not None
    assert (found.user, found.platform_level, found.is_bot) == (alice, Level.MEMBER, False)
    stranger = UserRef(harness.platform.name, "999999999999999999")
    assert await harness.platform.member(harness.community, stranger) is None


async def test_a_keyed_post_is_made_once_and_found_again_where_the_platform_can(
    harness: PlatformHarness,
) -> None:
    platform, channel, alice = harness.platform, harness.channel, harness.user("alice")
    posted = await platform.post(channel, OutboundMessage("once"), key="contract:post:1")
    dm = await platform.direct_message(alice, OutboundMessage("once too"), key="contract:dm:1")
    assert [o.kind for o in await harness.observed()] == [Kind.POST, Kind.DM]
    found = await platform.find_sent(channel, "contract:post:1")
    found_dm = await platform.find_sent(alice, "contract:dm:1")
    if platform.name == "discord":  # Discord keeps no nonce: resending with it is its way
        assert (found, found_dm) == (None, None)
        return
    assert found == posted
    assert found_dm == dm
    assert await platform.find_sent(channel, "contract:post:2") is None
    assert await platform.find_sent(channel, "contract:dm:1") is None  # not in that channel
