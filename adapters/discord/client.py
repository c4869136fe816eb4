"""The thin class that owns the Discord connection and hands each event to the core.

Everything it receives goes through a pure function in `inbound.py` or `app_commands.py` and,
when that yields a core event, into the dispatcher. No business rule lives here.
"""

from __future__ import annotations

import logging
from typing import Any

import discord
import yarl

from adapters.discord import inbound, reactions
from adapters.discord.app_commands import (
    autocomplete_choices,
    command_bodies,
    command_invoked,
    focused_option,
    thanks_invoked,
)
from adapters.discord.metering import counting_trace
from adapters.discord.platform import DiscordPlatform
from adapters.discord.responder import DEFER_AFTER_SECONDS, Responder
from adapters.discord.sync import sync_commands
from bot.events import Event
from bot.platform import EVERY_COMMUNITY, CommunityShare
from bot.port import Core
from bot.shared.deliveries import RecentDeliveries
from commands.registry import Registry

log = logging.getLogger(__name__)

MESSAGE_CONTENT_FLAGS = (1 << 18) | (1 << 19)  # GATEWAY_MESSAGE_CONTENT(_LIMITED)


def cohort_intents() -> discord.Intents:
    """Return the intents Cohort asks for: servers, members, messages and their text,
    reactions (counted as light participation), AutoMod."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.guild_reactions = True
    intents.dm_messages = True
    intents.message_content = True
    intents.auto_moderation_execution = True
    return intents


class CohortClient(discord.AutoShardedClient):
    """discord.py's auto-sharded client, wired to the core through its port."""

    def __init__(
        self,
        core: Core[Registry],
        *,
        guild_ids: list[int],
        gateway: yarl.URL | None = None,
        defer_after: float = DEFER_AFTER_SECONDS,
        sync_on_start: bool = True,
        share: CommunityShare = EVERY_COMMUNITY,
        **options: Any,
    ) -> None:
        self._requested = cohort_intents()
        trace = counting_trace(core.metrics)
        super().__init__(
            intents=self._requested, chunk_guilds_at_startup=False, http_trace=trace, **options
        )
        self.core = core
        self._shards_down: set[int] = set()
        self._guild_ids = guild_ids
        self._gateway = gateway
        self._sync_on_start = sync_on_start
        self._share = share  # the servers of the shards in `options` (every one by default)
        self.responder = Responder(defer_after)
        self._recent = RecentDeliveries(core.clock)
        self.platform = DiscordPlatform(self, self.responder, core.buddies_channel)
        if gateway is not None:
            self.http.get_bot_gateway = self._pinned_bot_gateway  # type: ignore[method-assign]

    async def _pinned_bot_gateway(self) -> tuple[int, str, Any]:
        # The auto-sharded client connects to the URL Discord returns from GET /gateway/bot;
        # with DISCORD_GATEWAY_URL set, keep Discord's shard count and use the configured URL.
        assert self._gateway is not None
        try:
            data: Any = await self.http.request(discord.http.Route("GET", "/gateway/bot"))
        except discord.HTTPException as error:
            raise discord.GatewayNotFound() from error
        return data["shards"], str(self._gateway), data["session_start_limit"]

    async def setup_hook(self) -> None:
        """Before connecting: drop the content intent if not granted, sync commands if changed."""
        flags = self.application_flags.value
        if not flags & MESSAGE_CONTENT_FLAGS:
            self._requested.message_content = False
            self.platform.content_readable = False
            log.warning(
                "the Message Content intent is off for this application: activity is still "
                "tracked, but content filters are off. Turn it on in the Developer Portal "
                "(Bot → Privileged Gateway Intents → Message Content Intent)."
            )
        await self.core.attach(self.platform, self._share)
        if self._sync_on_start:
            await self.sync(force=False)

    # The connection, as /healthz reports it: connected once every shard is ready, until one
    # disconnects; connected again when it resumes or is ready anew.

    async def on_ready(self) -> None:
        """Report the connection: every shard is ready."""
        self._report_connection()

    async def on_shard_ready(self, shard_id: int) -> None:
        """Report the connection again once a shard that dropped is ready anew."""
        self._shards_down.discard(shard_id)
        self._report_connection()

    async def on_shard_resumed(self, shard_id: int) -> None:
        """Report the connection again once a shard that dropped has resumed."""
        self._shards_down.discard(shard_id)
        self._report_connection()

    async def on_shard_disconnect(self, shard_id: int) -> None:
        """Report that a shard lost its connection to the gateway."""
        self._shards_down.add(shard_id)
        self.core.health.disconnected(self.platform.name)

    def _report_connection(self) -> None:
        if not self.is_ready():
            return  # still connecting: on_ready reports
        if self._shards_down:
            self.core.health.disconnected(self.platform.name)
        else:
            self.core.health.connected(self.platform.name)

    async def sync(self, *, force: bool) -> list[str]:
        """Sync the slash commands when the set changed (or always, with `force`)."""
        assert self.application_id is not None  # set by login, before setup_hook
        try:
            lines = await sync_commands(
                self.http,
                self.application_id,
                command_bodies(self.core.registry),
                self.core.command_syncs,
                self._guild_ids,
                force=force,
            )
        except discord.HTTPException as error:
            log.error("could not sync slash commands: %s", error)
            return [f"sync failed: {error}"]
        for line in lines:
            log.info("slash commands: %s", line)
        return lines

    async def on_socket_event_type(self, event_type: str) -> None:
        """Keep resumes on DISCORD_GATEWAY_URL, not on the resume URL Discord sends in READY."""
        if event_type != "READY" or self._gateway is None:
            return
        for info in self.shards.values():
            # discord.py keeps each shard's socket private; a resume reconnects to `ws.gateway`.
            socket = getattr(getattr(info, "_parent", None), "ws", None)
            if socket is not None:
                socket.gateway = self._gateway

    async def on_message(self, message: discord.Message) -> None:
        """Count activity (and, later, filter) on members' messages."""
        assert self.user is not None
        event = inbound.message_posted(
            message, bot_user_id=self.user.id, content_readable=self.platform.content_readable
        )
        await self._dispatch_once_per_process(event, f"message:{message.id}")

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        """Pass members' edits on."""
        assert self.user is not None
        event = inbound.message_edited(
            payload, bot_user_id=self.user.id, content_readable=self.platform.content_readable
        )
        edited_at = payload.data.get("edited_timestamp")
        await self._dispatch_once_per_process(event, f"edit:{payload.message_id}:{edited_at}")

    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        """Count members' reactions (light participation), once per delivery like messages."""
        assert self.user is not None
        event = reactions.reaction_added(
            payload, bot_user_id=self.user.id, at=self.core.clock.now()
        )
        key = f"reaction:{payload.message_id}:{payload.user_id}:{payload.emoji}"
        await self._dispatch_once_per_process(event, key)

    async def on_member_join(self, member: discord.Member) -> None:
        """Record a new member."""
        joined_at = member.joined_at.isoformat() if member.joined_at else ""
        key = f"join:{member.guild.id}:{member.id}:{joined_at}"
        await self._dispatch_once(inbound.member_joined(member), key)

    async def on_raw_member_remove(self, payload: discord.RawMemberRemoveEvent) -> None:
        """Record that a member left (or was removed)."""
        await self._dispatch(inbound.member_left(payload))

    async def on_automod_action(self, action: discord.AutoModAction) -> None:
        """Bring Discord AutoMod's hits to Cohort's moderators."""
        message = action.message_id or action.alert_system_message_id
        if message is None:  # a blocked message has no id: nothing names a replay of it
            await self._dispatch(inbound.automod_flagged(action))
            return
        key = f"automod:{action.rule_id}:{message}:{action.action.type.value}"
        await self._dispatch_once(inbound.automod_flagged(action), key)

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """Answer slash commands, autocomplete, buttons, forms and reports."""
        if interaction.type is discord.InteractionType.autocomplete:
            await self._autocomplete(interaction)
            return
        event = self._interactive_event(interaction)
        # Held before the ledger's write, so a burst's deferral does not wait for it.
        if event is None or not self.responder.hold(interaction):
            return
        try:
            if await self._first_time(f"interaction:{interaction.id}"):
                await self._dispatch(event)
        finally:
            self.responder.release(str(interaction.id))

    def _interactive_event(self, interaction: discord.Interaction) -> Event | None:
        if interaction.guild_id is None:
            # Cohort's commands are guild-only; in a DM only buttons, and the forms they open.
            return inbound.button_pressed(interaction) or inbound.form_submitted(interaction)
        actor = inbound.interaction_actor(interaction)
        ref = inbound.interaction_ref(interaction)
        community = inbound.community_ref(interaction.guild_id)
        return (
            command_invoked(interaction, self.core.registry, actor, ref, community)
            or thanks_invoked(interaction, actor, ref, community)
            or inbound.button_pressed(interaction)
            or inbound.form_submitted(interaction)
            or inbound.message_reported(interaction)
        )

    async def _autocomplete(self, interaction: discord.Interaction) -> None:
        focused = focused_option(interaction)
        if focused is None or interaction.guild_id is None:
            return
        path, option_name, typed = focused
        found = await self.core.suggest(
            inbound.community_ref(interaction.guild_id),
            inbound.interaction_actor(interaction),
            path,
            option_name,
            typed,
        )
        choices = [
            discord.app_commands.Choice(name=choice["name"], value=choice["value"])
            for choice in autocomplete_choices(self.core.registry, path, option_name, found)
        ]
        try:
            await interaction.response.autocomplete(choices)
        except discord.HTTPException:
            log.debug("autocomplete answer for %s came too late", path)

    async def _dispatch(self, event: Event | None) -> None:
        if event is not None:
            await self.core.dispatch(event, self.platform)

    async def _dispatch_once(self, event: Event | None, key: str) -> None:
        """Dispatch `event` unless the delivery named `key` was acted on already."""
        if event is not None and await self._first_time(key):
            await self.core.dispatch(event, self.platform)

    async def _dispatch_once_per_process(self, event: Event | None, key: str) -> None:
        """Dispatch `event` unless this process acted on the delivery named `key` already.

        Members' messages and edits are the high-rate dispatches: they are remembered in memory
        (a resume replays to the process that resumed) so none waits for a write.
        """
        if event is None:
            return
        if self._recent.first_time(key):
            await self.core.dispatch(event, self.platform)
        else:
            log.info("Discord delivered %s again: not acted on", key)

    async def _first_time(self, key: str) -> bool:
        # A resume may replay dispatches already handled, and a second process on the same
        # token receives every dispatch too: the ledger in the database acts on each once.
        if await self.core.deliveries.first_time(f"{inbound.PLATFORM}:{key}"):
            return True
        log.info("Discord delivered %s again: not acted on", key)
        return False
