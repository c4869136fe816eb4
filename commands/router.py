"""Turns command and button events into handler calls, with the one permission check.

For every invocation: resolve the caller and their level, find the command, check the level,
read the arguments, run the handler, answer. Every refusal is private and changes nothing.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from bot.errors import UserFacingError
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted
from bot.levels import Level, may_use
from bot.messages import Form, OutboundMessage, Reply
from bot.platform import Platform
from bot.services import Services
from bot.services.members import MemberInfo
from commands.context import Context
from commands.parser import UsageError, bind, bind_named, resolve
from commands.registry import Registry

log = logging.getLogger(__name__)


Answer = Reply | Form
"""What a handler's result becomes: a reply, or a form opened for the caller to fill in."""

RoutedEvent = CommandInvoked | ButtonPressed | FormSubmitted


class CommandRouter:
    """Receives CommandInvoked, ButtonPressed and FormSubmitted events from the dispatcher."""

    def __init__(self, registry: Registry, services: Services) -> None:
        self._registry = registry
        self._services = services

    async def on_command(self, event: CommandInvoked, platform: Platform) -> None:
        """Run the command the event names and answer the caller."""
        context = await self._context(event, platform)
        reply = await self._run_command(event, context)
        await _send(platform, event, reply)

    async def _run_command(self, event: CommandInvoked, context: Context) -> Answer:
        level = context.caller.level
        try:
            resolution = resolve(
                event.text, self._registry, lambda spec: may_use(level, spec.level)
            )
            spec = resolution.spec
            if not may_use(level, spec.level):
                refusal = _refusal(f"/{resolution.typed}", spec.level, level)
                # Nothing to change in a command that only shows something; saying so confuses.
                return Reply.error(refusal.removesuffix(_UNCHANGED) if spec.read_only else refusal)
            if event.options is not None:
                arguments = bind_named(spec, event.options, resolution.typed)
            else:
                arguments = bind(resolution)
            log.debug("%s runs /%s", context.caller.external_id, spec.path)
            return _as_reply(await spec.handler(context, **arguments))
        except (UsageError, UserFacingError) as error:
            return Reply.error(str(error))

    async def on_button(self, event: ButtonPressed, platform: Platform) -> None:
        """Run the handler for the pressed button and answer the person who pressed it."""
        spec = self._registry.button_for(event.action_id)
        if spec is None:
            await _send(platform, event, Reply.error("That button no longer does anything."))
            return
        context = await self._context(event, platform)
        level = context.caller.level
        if not may_use(level, spec.level):
            await _send(platform, event, Reply.error(_refusal("This button", spec.level, level)))
            return
        arguments = tuple(event.action_id.split(":")[len(spec.prefix.split(":")) :])
        context = _with_action(context, event, arguments)
        try:
            reply = _as_reply(await spec.handler(context))
        except UserFacingError as error:
            reply = Reply.error(str(error))
        await _send(platform, event, reply)

    async def on_form(self, event: FormSubmitted, platform: Platform) -> None:
        """Run the handler for a submitted form with its values and answer the person."""
        spec = self._registry.form_for(event.form_id)
        if spec is None:
            await _send(platform, event, Reply.error(_STALE_FORM))
            return
        context = await self._context(event, platform)
        level = context.caller.level
        if not may_use(level, spec.level):
            await _send(platform, event, Reply.error(_refusal("This form", spec.level, level)))
            return
        arguments = tuple(event.form_id.split(":")[len(spec.prefix.split(":")) :])
        context = replace(context, action_args=arguments)
        try:
            reply = _as_reply(await spec.handler(context, event.values))
        except UserFacingError as error:
            reply = Reply.error(str(error))
        await _send(platform, event, reply)

    async def _context(self, event: RoutedEvent, platform: Platform) -> Context:
        community_id = await self._services.communities.ensure(event.community)
        caller: MemberInfo = await self._services.members.resolve(community_id, event.actor)
        return Context(
            services=self._services,
            platform=platform,
            community=event.community,
            community_id=community_id,
            caller=caller,
            channel=event.interaction.channel,
            interaction=event.interaction,
        )


def _with_action(context: Context, event: ButtonPressed, arguments: tuple[str, ...]) -> Context:
    return replace(context, message=event.message, action_args=arguments)


_UNCHANGED = " Nothing was changed."


def _refusal(what: str, needed: Level, have: Level) -> str:
    return f"{what} needs the {needed.label} level; you are {have.with_article}.{_UNCHANGED}"


_STALE_FORM = "That form is no longer in use; nothing was saved."


def _as_reply(result: Any) -> Answer:
    if isinstance(result, Reply | Form):
        return result
    if isinstance(result, OutboundMessage):
        return Reply(result)
    if isinstance(result, str):
        return Reply.text(result)
    raise TypeError(
        f"handlers return Reply, Form, OutboundMessage or str, not {type(result).__name__}"
    )


async def _send(platform: Platform, event: RoutedEvent, reply: Answer) -> None:
    if isinstance(reply, Form):
        await platform.open_form(event.interaction, reply)
        return
    await platform.respond(event.interaction, reply.message, private=reply.private)
    for extra in reply.extra:
        await platform.respond(event.interaction, extra, private=reply.private)
