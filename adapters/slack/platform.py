"""The Slack implementation of the `Platform` port, over slack-sdk's async Web API client."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Sequence
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.mentions import own
from adapters.slack.blocks import form_view, message_arguments
from adapters.slack.directory import Directory
from adapters.slack.errors import calling_slack, error_code, platform_error
from adapters.slack.files import slack_time, upload_to
from adapters.slack.opened import OpenedConversations
from adapters.slack.posting import PLATFORM, answer_by_url, find_keyed, post_message
from adapters.slack.workspaces import OneWorkspace, Workspace, Workspaces
from bot.errors import PlatformError, UnsupportedOnPlatform
from bot.events import Actor
from bot.i18n import N_, _, ngettext
from bot.messages import Form, OutboundFile, OutboundMessage
from bot.platform import Capability, require
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, RoleRef, UserRef

log = logging.getLogger(__name__)

MAX_GROUP = 8  # a multi-person DM holds at most 8 people besides the bot
NO_TIMEOUTS = N_(
    "Slack does not let apps time members out or ban them. A workspace admin can deactivate "
    "an account (Admin → Manage members); /mod kick removes the member from every channel "
    "Cohort is in. Nothing was done."
)

_ALWAYS = frozenset(
    {
        Capability.THREADS,
        Capability.EPHEMERAL,
        Capability.DIRECT_MESSAGES,
        Capability.GROUP_CONVERSATIONS,
        Capability.BUTTONS,
        Capability.EDIT,
        Capability.KICK,
        Capability.FORMS,
        Capability.FILES,
        Capability.MESSAGE_CONTENT,
        Capability.CHANNEL_MEMBERSHIP,
        Capability.FILES,
    }
)
"""No `PRIVATE_FILES`: an ephemeral message cannot carry a file, so the core sends it by DM."""
_WITH_ADMIN = _ALWAYS | {Capability.DELETE_MEMBER_MESSAGES}


class SlackPlatform:
    """Posts, answers, threads and channel removals on Slack.

    Each call goes out with the token of the workspace it is for (`workspaces.py`): one
    workspace with SLACK_BOT_TOKEN; with many, the community's when the platform is bound to one
    (`serving`), else the workspace that holds the channel or person.
    """

    def __init__(
        self,
        client: AsyncWebClient | None = None,
        admin: AsyncWebClient | None = None,
        directory: Directory | None = None,
        *,
        workspaces: Workspaces | None = None,
        team: str | None = None,
        opened: OpenedConversations | None = None,
    ) -> None:
        if workspaces is None:
            assert client is not None, "a client, or the workspaces"
            workspaces = OneWorkspace(client, directory)
        self._workspaces = workspaces
        self._admin = admin
        self._team = team
        self._opened = opened or OpenedConversations()
        self._bound: dict[str, SlackPlatform] = {}
        self._told_gone: set[str] = set()

    def serving(self, community: CommunityRef) -> SlackPlatform | None:
        """Return this platform for `community`'s workspace; None once it uninstalled the app."""
        if not self._workspaces.many:
            return self
        if not self._workspaces.serves(community.id):
            if community.id not in self._told_gone:  # once: every sweep run asks again
                self._told_gone.add(community.id)
                log.warning(
                    "Slack workspace %s uninstalled Cohort: its work is skipped", community.id
                )
            return None
        bound = self._bound.get(community.id)
        if bound is None:
            bound = SlackPlatform(
                workspaces=self._workspaces, team=community.id, opened=self._opened
            )
            self._bound[community.id] = bound
        return bound

    async def _at_channel(self, channel_id: str) -> AsyncWebClient:
        if self._team is not None:
            return (await self._workspaces.team(self._team)).client
        return (await self._workspaces.of_channel(channel_id)).client

    async def _at_user(self, user_id: str) -> Workspace:
        if self._team is not None:
            return await self._workspaces.team(self._team)
        return await self._workspaces.of_user(user_id)

    async def _open_conversation(self, workspace: Workspace, people: str) -> str:
        """Return the DM or group DM of `people`, opened once (`opened.py`)."""
        known = self._opened.get(workspace.team_id, people)
        if known is not None:
            return known
        opened = await calling_slack(
            _("open a conversation"), workspace.client.conversations_open(users=people)
        )
        channel_id = str(opened["channel"]["id"])
        self._workspaces.learn(workspace.team_id, channel_id)  # a DM: its workspace for later
        self._opened.remember(workspace.team_id, people, channel_id)
        return channel_id

    async def _at(self, community: CommunityRef) -> Workspace:
        return await self._workspaces.team(community.id)

    @property
    def name(self) -> str:
        """Return `slack`."""
        return PLATFORM

    @property
    def capabilities(self) -> frozenset[Capability]:
        """Return what the app can do; deleting members' messages needs an admin user token."""
        if self._admin is not None:
            return _WITH_ADMIN
        return _ALWAYS

    def mention(self, ref: UserRef | ChannelRef | RoleRef) -> str:
        """Return Slack's mention syntax: `<@U1>`, `<#C1>`, `<!subteam^S1>`.

        People and groups are marked as the bot's own: only these ping (see `blocks.escape`).
        """
        if isinstance(ref, UserRef):
            return own(f"<@{ref.id}>")
        if isinstance(ref, RoleRef):
            return own(f"<!subteam^{ref.id}>")
        return f"<#{ref.id}>"

    async def post(
        self, channel: ChannelRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Post a message in a channel; `key` rides in its metadata so it can be found again."""
        return await self._post(channel.id, message, _("post in that channel"), key=key)

    async def find_sent(self, where: ChannelRef | UserRef, key: str) -> MessageRef | None:
        """Return the app's recent message whose metadata carries `key`, if it is there."""
        if isinstance(where, UserRef):
            opened = await self._open_conversation(await self._at_user(where.id), where.id)
            return await find_keyed(await self._at_channel(opened), opened, key)
        return await find_keyed(await self._at_channel(where.id), where.id, key)

    async def open_thread(self, root: MessageRef, title: str) -> None:
        """Do nothing: on Slack a thread exists once someone replies."""

    async def post_in_thread(self, root: MessageRef, message: OutboundMessage) -> MessageRef:
        """Reply in the thread of `root` (which must still exist)."""
        client = await self._at_channel(root.channel_id)
        await calling_slack(
            _("find the thread"),
            client.conversations_replies(channel=root.channel_id, ts=root.id, limit=1),
        )
        return await self._post(
            root.channel_id, message, _("post in the thread"), thread_ts=root.id
        )

    async def respond(
        self, interaction: InteractionRef, message: OutboundMessage, *, private: bool
    ) -> MessageRef | None:
        """Answer through the response URL (or, for a form, in the channel it came from)."""
        if interaction.token:
            await answer_by_url(interaction.token, message, private=private)
            return None
        channel = interaction.channel.id
        if not private:
            return await self._post(channel, message, "answer")
        client = await self._at_channel(channel)
        answer = await calling_slack(
            _("answer"),
            client.chat_postEphemeral(
                channel=channel, user=interaction.user.id, **message_arguments(message)
            ),
        )
        return MessageRef(PLATFORM, channel, str(answer["message_ts"]))

    async def open_form(self, interaction: InteractionRef, form: Form) -> None:
        """Open a modal; Slack's trigger id (the interaction id) is valid for 3 seconds."""
        view = form_view(form, interaction.channel.id)
        client = await self._at_channel(interaction.channel.id)
        await calling_slack(
            _("open the form"), client.views_open(trigger_id=interaction.id, view=view)
        )

    async def direct_message(
        self, user: UserRef, message: OutboundMessage, *, key: str | None = None
    ) -> MessageRef:
        """Send a DM (`key` as for `post`)."""
        return await self._conversation([user.id], message, key)

    async def send_file(self, user: UserRef, file: OutboundFile) -> None:
        """Upload the file into the person's DM with the app (`files.py`)."""
        workspace = await self._at_user(user.id)
        opened = await self._open_conversation(workspace, user.id)
        await upload_to(workspace.client, opened, file)

    async def post_file(self, channel: ChannelRef, file: OutboundFile) -> None:
        """Upload the file and share it in the channel (`files.py`)."""
        await upload_to(await self._at_channel(channel.id), channel.id, file)

    async def respond_file(self, interaction: InteractionRef, file: OutboundFile) -> None:
        """Refuse: an ephemeral message cannot carry a file (the core sends it by DM)."""
        require(self, Capability.PRIVATE_FILES)

    def show_time(self, moment: datetime, zone: str) -> str:
        """Return Slack's `<!date^...>`: each reader sees their own zone (`files.py`)."""
        return slack_time(moment, zone)

    async def group_message(
        self, community: CommunityRef, users: Sequence[UserRef], message: OutboundMessage
    ) -> MessageRef:
        """Post in the multi-person DM of exactly these people (Slack reuses it)."""
        people = sorted({user.id for user in users})
        if len(people) > MAX_GROUP:
            most = ngettext(
                "a Slack group conversation holds at most {count} person",
                "a Slack group conversation holds at most {count} people",
                MAX_GROUP,
            )
            raise PlatformError(most.format(count=MAX_GROUP))
        return await self._conversation(people, message, team=community.id)

    async def edit(self, message_ref: MessageRef, message: OutboundMessage) -> None:
        """Replace a bot message's text and blocks."""
        client = await self._at_channel(message_ref.channel_id)
        await calling_slack(
            _("edit the message"),
            client.chat_update(
                channel=message_ref.channel_id, ts=message_ref.id, **message_arguments(message)
            ),
        )

    async def delete(self, message_ref: MessageRef) -> None:
        """Delete a message: the bot's own, or anyone's with the admin user token."""
        channel, ts = message_ref.channel_id, message_ref.id
        client = await self._at_channel(channel)
        code = await _error_of(client.chat_delete(channel=channel, ts=ts))
        if code is None:
            return
        if code == "cant_delete_message" and self._admin is not None:
            await calling_slack(
                _("delete the message"), self._admin.chat_delete(channel=channel, ts=ts)
            )
            return
        if code == "cant_delete_message":
            raise PlatformError(
                _(
                    "could not delete the message: without SLACK_ADMIN_USER_TOKEN the app can "
                    "only delete its own messages"
                )
            )
        raise platform_error(_("delete the message"), code)

    async def purge(
        self, channel: ChannelRef, count: int, author: UserRef | None = None
    ) -> list[MessageRef]:
        """Delete the newest messages the app may delete, newest first."""
        client = await self._at_channel(channel.id)
        history = await calling_slack(
            _("read the channel"), client.conversations_history(channel=channel.id, limit=200)
        )
        wanted = [
            MessageRef(PLATFORM, channel.id, str(message["ts"]))
            for message in history["messages"]
            if author is None or message.get("user") == author.id
        ][:count]
        deleted = []
        for ref in wanted:
            try:
                await self.delete(ref)
            except PlatformError:
                continue  # not ours to delete without the admin token, or already gone
            deleted.append(ref)
        return deleted

    async def timeout(
        self, community: CommunityRef, user: UserRef, duration: timedelta, reason: str | None
    ) -> None:
        """Refuse: Slack has no timeouts for apps."""
        raise UnsupportedOnPlatform(_(NO_TIMEOUTS))

    async def untimeout(self, community: CommunityRef, user: UserRef) -> None:
        """Refuse: Slack has no timeouts for apps."""
        raise UnsupportedOnPlatform(_(NO_TIMEOUTS))

    async def kick(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Remove the member from every channel the app is in (Slack has no workspace kick)."""
        client = (await self._at(community)).client
        channels = await calling_slack(
            _("list the member's channels"),
            client.users_conversations(
                user=user.id, types="public_channel,private_channel", limit=200
            ),
        )
        for channel in channels["channels"]:
            kicking = client.conversations_kick(channel=channel["id"], user=user.id)
            code = await _error_of(kicking)
            if code not in (None, "not_in_channel"):
                raise platform_error(_("remove {member}").format(member=f"<@{user.id}>"), code)

    async def ban(self, community: CommunityRef, user: UserRef, reason: str | None) -> None:
        """Refuse: Slack has no bans for apps."""
        raise UnsupportedOnPlatform(_(NO_TIMEOUTS))

    async def unban(self, community: CommunityRef, user: UserRef) -> None:
        """Refuse: Slack has no bans for apps."""
        raise UnsupportedOnPlatform(_(NO_TIMEOUTS))

    async def member(self, community: CommunityRef, user: UserRef) -> Actor | None:
        """Return the person as users.info describes them (cached for minutes)."""
        return await (await self._at(community)).directory.find(user.id)

    async def role_members(self, community: CommunityRef, role: RoleRef) -> list[UserRef]:
        """Return the members of a user group (usergroups.users.list), without bots."""
        directory = (await self._at(community)).directory
        return [UserRef(PLATFORM, user) for user in await directory.group_members(role.id)]

    async def _conversation(
        self,
        people: list[str],
        message: OutboundMessage,
        key: str | None = None,
        *,
        team: str | None = None,
    ) -> MessageRef:
        if team is not None:
            workspace = await self._workspaces.team(team)
        else:
            workspace = await self._at_user(people[0])
        opened = await self._open_conversation(workspace, ",".join(people))
        return await self._post(opened, message, _("send the message"), key=key)

    async def _post(
        self,
        channel_id: str,
        message: OutboundMessage,
        what: str,
        *,
        key: str | None = None,
        **extra: Any,
    ) -> MessageRef:
        """Post with the token of the channel's workspace (`posting.py`)."""
        client = await self._at_channel(channel_id)
        return await post_message(client, channel_id, message, what, key=key, **extra)


async def _error_of(call: Awaitable[Any]) -> str | None:
    """Return Slack's error code for a call that may fail in an expected way, or None."""
    try:
        await call
    except SlackApiError as error:
        return error_code(error)
    return None
