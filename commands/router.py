"""Turns command and button events into handler calls, with the one permission check.

For every invocation: resolve the caller and their level, find the command, check the level,
read the arguments, run the handler, answer. Every refusal is private and changes nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable
from typing import Any

from bot.errors import PlatformError, UserFacingError
from bot.events import ButtonPressed, CommandInvoked, FormSubmitted
from bot.i18n import N_, _, speaking
from bot.levels import Level, may_use
from bot.messages import Form, OutboundMessage, Reply
from bot.metrics import CommandOutcome, Metrics
from bot.platform import Platform
from bot.storage.writes import WriteCount, counting_writes
from commands.context import Caller, CallerLookup, Context, find_caller
from commands.delivery import deliver
from commands.metering import CommandTally, counted_command
from commands.parser import UsageError, bind, bind_named, resolve
from commands.registry import AnySpec, Registry
from commands.spec import ActionSpec

log = logging.getLogger(__name__)


Answer = Reply | Form
"""What a handler's result becomes: a reply, or a form opened for the caller to fill in."""

RoutedEvent = CommandInvoked | ButtonPressed | FormSubmitted


class CommandRouter:
    """Receives CommandInvoked, ButtonPressed and FormSubmitted events from the dispatcher."""

    def __init__(
        self, registry: Registry, callers: CallerLookup, metrics: Metrics | None = None
    ) -> None:
        self._registry = registry
        self._callers = callers
        self._metrics = metrics or Metrics()

    async def on_command(self, event: CommandInvoked, platform: Platform) -> None:
        """Run the command the event names and answer the caller."""
        with counted_command(self._metrics) as tally:
            caller = await find_caller(self._callers, event.community, event.actor)
            with speaking(caller.language, public=caller.public_language):
                with counting_writes() as writes:
                    reply = await self._run_command(event, platform, caller, writes, tally)
                await deliver(platform, event, reply, writes)

    async def _run_command(
        self,
        event: CommandInvoked,
        platform: Platform,
        caller: Caller,
        writes: WriteCount,
        tally: CommandTally,
    ) -> Answer:
        level = caller.member.level
        try:
            resolution = resolve(
                event.text, self._registry, lambda spec: may_use(level, spec.level)
            )
            spec = resolution.spec
            tally.path = spec.path
            if not may_use(level, spec.level):
                tally.outcome = CommandOutcome.REFUSED
                refusal = _refusal(_COMMAND_REFUSAL, spec.level, level, resolution.typed)
                # Nothing to change in a command that only shows something; saying so confuses.
                if not spec.read_only:
                    refusal = " ".join([refusal, _(_UNCHANGED)])
                return Reply.error(refusal)
            if event.options is not None:
                arguments = bind_named(spec, event.options, resolution.typed)
            else:
                arguments = bind(resolution)
            log.debug("%s runs /%s", caller.member.external_id, spec.path)
        except (UsageError, UserFacingError) as error:
            tally.outcome = CommandOutcome.USAGE
            return Reply.error(str(error))
        context = self._context(spec, event, platform, caller)
        return await _run(spec.handler(context, **arguments), platform, writes, tally)

    async def on_button(self, event: ButtonPressed, platform: Platform) -> None:
        """Run the handler for the pressed button and answer the person who pressed it."""
        if await _from_outside(event, platform):
            return
        spec = self._registry.button_for(event.action_id)
        if spec is None:
            await deliver(platform, event, Reply.error(_("That button no longer does anything.")))
            return
        caller = await find_caller(self._callers, event.community, event.actor)
        with speaking(caller.language, public=caller.public_language):
            await self._press(spec, event, platform, caller)

    async def _press(
        self, spec: ActionSpec[Any], event: ButtonPressed, platform: Platform, caller: Caller
    ) -> None:
        level = caller.member.level
        if not may_use(level, spec.level):
            refusal = Reply.error(_refused_action(_BUTTON_REFUSAL, spec.level, level))
            await deliver(platform, event, refusal)
            return
        arguments = _action_args(event.action_id, spec.prefix)
        context = self._context(spec, event, platform, caller, arguments)
        with counting_writes() as writes:
            reply = await _run(spec.handler(context), platform, writes)
        await deliver(platform, event, reply, writes)

    async def on_form(self, event: FormSubmitted, platform: Platform) -> None:
        """Run the handler for a submitted form with its values and answer the person."""
        if await _from_outside(event, platform):
            return
        form_id = _without_community(event.form_id, event)
        spec = self._registry.form_for(form_id)
        if spec is None:
            await deliver(platform, event, Reply.error(_(_STALE_FORM)))
            return
        caller = await find_caller(self._callers, event.community, event.actor)
        with speaking(caller.language, public=caller.public_language):
            await self._submit(spec, form_id, event, platform, caller)

    async def _submit(
        self,
        spec: ActionSpec[Any],
        form_id: str,
        event: FormSubmitted,
        platform: Platform,
        caller: Caller,
    ) -> None:
        level = caller.member.level
        if not may_use(level, spec.level):
            await deliver(
                platform, event, Reply.error(_refused_action(_FORM_REFUSAL, spec.level, level))
            )
            return
        arguments = _action_args(form_id, spec.prefix)
        context = self._context(spec, event, platform, caller, arguments)
        with counting_writes() as writes:
            reply = await _run(spec.handler(context), platform, writes)
        await deliver(platform, event, reply, writes)

    def _context(
        self,
        spec: AnySpec,
        event: RoutedEvent,
        platform: Platform,
        caller: Caller,
        action_args: tuple[str, ...] = (),
    ) -> Context[Any]:
        """Return the handler's context, carrying the services its feature registered with."""
        return Context(
            services=self._registry.services_for(spec),
            platform=platform,
            community=event.community,
            community_id=caller.community_id,
            caller=caller.member,
            channel=event.interaction.channel,
            interaction=event.interaction,
            message=event.message if isinstance(event, ButtonPressed) else None,
            action_args=action_args,
            form_values=event.values if isinstance(event, FormSubmitted) else {},
            parent_channel=event.parent_channel,
            caller_roles=event.actor.role_ids,
        )


async def _run(
    handling: Awaitable[Any],
    platform: Platform,
    writes: WriteCount,
    tally: CommandTally | None = None,
) -> Answer:
    """Await a handler; what it refuses, and what the platform would not take, is an answer."""
    tally = tally or CommandTally()
    try:
        answer = _as_reply(await handling)
        tally.outcome = CommandOutcome.OK
        return answer
    except UserFacingError as error:  # PlatformRefused too: it says what to fix
        refused = isinstance(error, PlatformError)
        tally.outcome = CommandOutcome.PLATFORM_ERROR if refused else CommandOutcome.USER_ERROR
        return Reply.error(str(error))
    except PlatformError as error:
        tally.outcome = CommandOutcome.PLATFORM_ERROR
        changed = writes.committed > 0
        log.warning("the platform failed a command (%s); changes saved: %s", error, changed)
        return Reply.error(_not_accepted(platform, error, changed=changed))
    except Exception:
        if not writes.committed:
            raise  # the dispatcher's answer, "nothing was changed", is then true
        reference = uuid.uuid4().hex[:8]
        log.exception("a command failed after saving part of its work (ref %s)", reference)
        return Reply.error(_(_PARTLY_SAVED).format(reference=reference))


def _not_accepted(platform: Platform, error: PlatformError, *, changed: bool) -> str:
    refused = _("{platform} did not accept that ({error}).").format(
        platform=platform.name.capitalize(), error=error
    )
    if changed:
        outcome = _(
            "Part of it was saved before that happened: check the result before trying again."
        )
        return " ".join([refused, outcome])
    if error.retryable:
        return " ".join([refused, _(_UNCHANGED), _("Please try again in a moment.")])
    return " ".join([refused, _(_UNCHANGED)])


async def _from_outside(event: ButtonPressed | FormSubmitted, platform: Platform) -> bool:
    """Refuse a press or form from a DM unless the person and the bot share its community.

    The community comes from the action id there, which anyone can send: checked before
    anything is created for it.
    """
    if not event.in_direct_message:
        return False
    if await platform.member(event.community, event.actor.user) is not None:
        return False
    log.info("refused %s from outside %s", type(event).__name__, event.community)
    await deliver(platform, event, Reply.error(_(_OUTSIDE)))
    return True


def _without_community(form_id: str, event: FormSubmitted) -> str:
    """Return the form id without the `@<community>` a form opened from a DM carries."""
    suffix = f"@{event.community.id}"
    return form_id.removesuffix(suffix) if event.in_direct_message else form_id


def _action_args(action_id: str, prefix: str) -> tuple[str, ...]:
    """Return the words of an action (or form) id after its handler's prefix."""
    return tuple(action_id.split(":")[len(prefix.split(":")) :])


_UNCHANGED = N_("Nothing was changed.")
_COMMAND_REFUSAL = N_("/{command} needs the {level} level; you are {caller}.")
_BUTTON_REFUSAL = N_("This button needs the {level} level; you are {caller}.")
_FORM_REFUSAL = N_("This form needs the {level} level; you are {caller}.")


def _refusal(template: str, needed: Level, have: Level, command: str = "") -> str:
    """Return `template` (one of the refusals above) in the current language, filled in."""
    return _(template).format(command=command, level=needed.shown, caller=have.with_article)


def _refused_action(template: str, needed: Level, have: Level) -> str:
    return " ".join([_refusal(template, needed, have), _(_UNCHANGED)])


_PARTLY_SAVED = N_(
    "Something went wrong on my side after part of it was saved: check the result before "
    "trying again, and tell an admin if it keeps happening (reference {reference})."
)
_STALE_FORM = N_("That form is no longer in use; nothing was saved.")
_OUTSIDE = N_("That belongs to a server you and I are not both in; nothing was changed.")


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
