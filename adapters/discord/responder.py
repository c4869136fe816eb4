"""Answers to interactions: the first answer is the response, later ones are follow-ups.

Discord drops an interaction that gets no response within 3 seconds. Each interaction is held
here while the core works on it; if nothing has been sent after `defer_after` seconds it is
deferred (a "thinking…" placeholder only the caller sees), and the real answer follows up.
In a burst (`BUSY_HOLDING` already held: a thousand members pressing one card) a new one is
deferred at once: the core answers them in turn, and a timer of two seconds fired late on a
busy event loop let one press in six reach Discord's 3 seconds first. An interaction is held
as soon as it arrives, before the delivery ledger's write: in a burst that write waits its turn
behind the others, and the deferral must not wait with it. A replay that another process
answered is then deferred for nothing; Discord refuses that deferral (already acknowledged),
or, if it came first, the other process's answer goes as a follow-up, as after any deferral.
"""

from __future__ import annotations

import asyncio
import io
import logging
from dataclasses import dataclass, field

import discord

from adapters.discord.errors import calling_discord
from adapters.discord.render import (
    StaticForm,
    allowed_mentions,
    content,
    cut,
    embeds_for,
    message_payload,
    view_for,
)
from adapters.mentions import unmarked
from bot.errors import PlatformError
from bot.i18n import _
from bot.messages import Form, OutboundFile, OutboundMessage
from bot.refs import InteractionRef, MessageRef

log = logging.getLogger(__name__)

DEFER_AFTER_SECONDS = 2.0
BUSY_HOLDING = 20
"""With this many interactions held, a new one is deferred at once."""
PLATFORM = "discord"
_ACKNOWLEDGED = 40060  # "Interaction has already been acknowledged"


@dataclass
class _Pending:
    interaction: discord.Interaction
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    deferred_privately: bool = False
    timer: asyncio.TimerHandle | None = None


class Responder:
    """Holds the interactions the core is answering, and answers them."""

    def __init__(self, defer_after: float = DEFER_AFTER_SECONDS) -> None:
        self._defer_after = defer_after
        self._pending: dict[str, _Pending] = {}

    def hold(self, interaction: discord.Interaction) -> bool:
        """Keep `interaction` until `release`, deferring it if the core is slow to answer;
        return False (and change nothing) if it is held already: a replay of one under way."""
        if str(interaction.id) in self._pending:
            return False
        pending = _Pending(interaction)
        loop = asyncio.get_running_loop()
        delay = 0.0 if len(self._pending) >= BUSY_HOLDING else self._defer_after
        pending.timer = loop.call_later(delay, self._schedule_defer, pending)
        self._pending[str(interaction.id)] = pending
        return True

    def release(self, interaction_id: str) -> None:
        """Forget an interaction once the core has finished with it."""
        pending = self._pending.pop(interaction_id, None)
        if pending is not None and pending.timer is not None:
            pending.timer.cancel()

    async def respond(
        self, ref: InteractionRef, message: OutboundMessage, *, private: bool
    ) -> MessageRef | None:
        """Answer: as the response if none was sent yet, else as a follow-up."""
        pending = self._get(ref)
        async with pending.lock:
            interaction = pending.interaction
            if not interaction.response.is_done():
                return await self._first_answer(interaction, message, private)
            if pending.deferred_privately and not private:
                return await self._public_after_private_deferral(pending, message)
            sent = await calling_discord(
                _("answer"), _follow_up(interaction, message, private=private)
            )
            return MessageRef(PLATFORM, str(sent.channel.id), str(sent.id))

    async def open_form(self, ref: InteractionRef, form: Form) -> None:
        """Answer by opening a modal; only possible as the first answer."""
        pending = self._get(ref)
        async with pending.lock:
            if pending.interaction.response.is_done():
                raise PlatformError(_("a form can only open as the first answer to an interaction"))
            await calling_discord(
                _("open the form"), pending.interaction.response.send_modal(StaticForm(form))
            )

    async def respond_file(self, ref: InteractionRef, file: OutboundFile) -> None:
        """Answer privately with a file attached: as the response, or as a follow-up."""
        pending = self._get(ref)
        async with pending.lock:
            interaction = pending.interaction
            attachment = discord.File(io.BytesIO(file.content), filename=file.name)
            text = cut(unmarked(file.text), 2000)
            none = discord.AllowedMentions.none()
            if not interaction.response.is_done():
                await calling_discord(
                    _("send a file"),
                    interaction.response.send_message(
                        text, file=attachment, ephemeral=True, allowed_mentions=none
                    ),
                )
                return
            await calling_discord(
                _("send a file"),
                interaction.followup.send(
                    text, file=attachment, ephemeral=True, allowed_mentions=none, wait=True
                ),
            )

    def _get(self, ref: InteractionRef) -> _Pending:
        pending = self._pending.get(ref.id)
        if pending is None:
            raise PlatformError(_("that interaction has expired; it can no longer be answered"))
        return pending

    async def _first_answer(
        self, interaction: discord.Interaction, message: OutboundMessage, private: bool
    ) -> MessageRef | None:
        try:
            response = await calling_discord(
                _("answer"),
                interaction.response.send_message(
                    content(message) or "\u200b",
                    embeds=embeds_for(message),
                    view=view_for(message) or discord.utils.MISSING,
                    ephemeral=private,
                    allowed_mentions=allowed_mentions(message),
                    suppress_embeds=message.suppress_previews,
                ),
            )
        except PlatformError as error:
            if not _may_have_arrived(error):
                raise
            # Discord may have taken the response while its answer was lost (a dropped
            # connection, a server error): then the interaction is acknowledged, and a
            # follow-up is how the answer still reaches the person.
            log.warning("the answer to interaction %s was lost (%s)", interaction.id, error)
            again = await calling_discord(
                _("answer"), _follow_up(interaction, message, private=private)
            )
            return MessageRef(PLATFORM, str(again.channel.id), str(again.id))
        sent = response.resource
        if isinstance(sent, discord.InteractionMessage):
            return MessageRef(PLATFORM, str(interaction.channel_id), str(sent.id))
        return None

    async def _public_after_private_deferral(
        self, pending: _Pending, message: OutboundMessage
    ) -> MessageRef:
        # A private "thinking…" placeholder cannot turn public: post in the channel instead,
        # then take the placeholder away.
        interaction = pending.interaction
        client = interaction.client
        channel_id = interaction.channel_id
        data = await calling_discord(
            _("answer"),
            client.http.send_message(channel_id, params=_params(message)),  # type: ignore[arg-type]
        )
        pending.deferred_privately = False
        try:
            await interaction.delete_original_response()
        except discord.HTTPException:
            log.debug("the deferral placeholder was already gone")
        return MessageRef(PLATFORM, str(data["channel_id"]), str(data["id"]))

    def _schedule_defer(self, pending: _Pending) -> None:
        asyncio.get_running_loop().create_task(self._defer(pending))

    async def _defer(self, pending: _Pending) -> None:
        async with pending.lock:
            interaction = pending.interaction
            if interaction.response.is_done() or str(interaction.id) not in self._pending:
                return
            try:
                if interaction.type is discord.InteractionType.component:
                    await interaction.response.defer()
                else:
                    await interaction.response.defer(ephemeral=True, thinking=True)
                    pending.deferred_privately = True
            except discord.HTTPException as error:
                if error.code == _ACKNOWLEDGED:  # a replay another process answered
                    log.debug("interaction %s was answered elsewhere", interaction.id)
                    return
                log.warning("could not defer interaction %s", interaction.id, exc_info=True)


async def _follow_up(
    interaction: discord.Interaction, message: OutboundMessage, *, private: bool
) -> discord.WebhookMessage:
    return await interaction.followup.send(
        content(message) or "\u200b",
        embeds=embeds_for(message),
        view=view_for(message) or discord.utils.MISSING,
        ephemeral=private,
        allowed_mentions=allowed_mentions(message),
        suppress_embeds=message.suppress_previews,
        wait=True,
    )


def _may_have_arrived(error: PlatformError) -> bool:
    """Return whether a failed interaction response may still have reached Discord."""
    cause = error.__cause__
    acknowledged = isinstance(cause, discord.HTTPException) and cause.code == _ACKNOWLEDGED
    return error.retryable or acknowledged


def _params(message: OutboundMessage) -> discord.http.MultipartParameters:
    payload = message_payload(message)
    return discord.http.MultipartParameters(payload=payload, multipart=None, files=None)
