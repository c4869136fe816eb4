"""Automatic filters as a service: moderators' edits, and screening every member's message.

Screening reads no database per message. Each community's rules are compiled once into a
`Screener` and kept in memory with what makes a member staff (role levels, member overrides);
an edit in this process drops the entry at once (the next message waits for the reload), and
every entry is reloaded within `cache_seconds` anyway, so an edit made by another process is
seen within that time. That reload is started early, by the first message after
`REFRESH_AFTER` of the cache time, and runs in the background while messages are screened with
the rules in memory: on a busy community no message waits for the database (one message per
community every 15 s did: 5 to 20 ms for the read of 500 terms, more on a busy machine). A
reload that finds the same rules keeps the compiled screener, whose RE2 automata are warm.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from bot.automod import store
from bot.automod.engine import Message, Screener
from bot.automod.folding import normalize_term
from bot.automod.links import normalize_domain
from bot.automod.model import (
    Action,
    AutomodRules,
    ExemptionKind,
    FilterConfig,
    FilterHit,
    FilterName,
    Limit,
    StaffLevels,
    excerpt,
)
from bot.automod.patterns import check_pattern
from bot.automod.rates import Rates
from bot.clock import Clock
from bot.errors import NotFoundError, UserFacingError
from bot.events import Actor, MessagePosted
from bot.i18n import _, ngettext
from bot.levels import Level, effective_level
from bot.storage.database import Database
from bot.storage.models import AutomodDomain, AutomodExemption, AutomodPattern, AutomodTerm

log = logging.getLogger(__name__)

EXEMPT_LEVEL = Level.HOST
"""Hosts, moderators and admins are never screened."""
REFRESH_AFTER = 0.8
"""The share of the cache time after which a message starts a reload in the background."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """A community's compiled rules and staff levels, valid until `expires`; reloaded in the
    background from `refresh` on."""

    screener: Screener
    staff: StaffLevels
    expires: datetime
    refresh: datetime

    def exempts(self, actor: Actor, channel_id: str) -> bool:
        rules = self.screener.rules
        if channel_id in rules.exempt_channels or not rules.exempt_roles.isdisjoint(actor.role_ids):
            return True
        return _is_staff(actor, self.staff)


@dataclass(frozen=True, slots=True)
class _Load:
    """A load of a community's rules under way, started when they were at `generation`."""

    generation: int
    task: asyncio.Task[_Entry]


class AutomodService:
    """Keeps each community's filters and screens members' messages against them."""

    def __init__(self, database: Database, clock: Clock, cache_seconds: float = 15.0) -> None:
        self._database = database
        self._clock = clock
        self._ttl = timedelta(seconds=cache_seconds)
        self._entries: dict[int, _Entry] = {}
        self._generations: dict[int, int] = {}
        self._loads: dict[int, _Load] = {}
        self._rates: dict[int, Rates] = {}

    # -- Screening -------------------------------------------------------------------------

    async def screen(
        self,
        community_id: int,
        event: MessagePosted,
        *,
        content_readable: bool,
        counts_as_new: bool = True,
    ) -> FilterHit | None:
        """Return the filter hit on a member's message, or None (also for exempt members).

        Without `content_readable` (Discord without the Message Content intent) only the
        filters that work from metadata run: mention spam and flooding. A message that does not
        `counts_as_new` (an edit) is screened for what it says, not counted towards flooding or
        repeats.
        """
        actor = event.actor
        if actor.is_bot:
            return None
        entry = self._entries.get(community_id)
        if entry is None or self._clock.now() >= entry.refresh:  # else no coroutine: hot path
            entry = await self._entry(community_id)
        channel_id = event.message.channel_id
        if entry.exempts(actor, channel_id):
            return None
        text = event.text if content_readable else None
        message = Message(actor.user.id, channel_id, event.at, text, event.mention_count)
        rates = self._rates.get(community_id) if counts_as_new else Rates()
        if rates is None:
            rates = self._rates[community_id] = Rates()
        verdict = entry.screener.screen(message, rates)
        if verdict is None:
            return None
        return FilterHit(
            community_id=community_id,
            community=event.community,
            filter=verdict.filter,
            rule=verdict.rule,
            action=verdict.action,
            excerpt=excerpt(text),
            author=actor.user,
            author_name=actor.display_name,
            channel=event.message.channel,
            message=event.message,
            at=event.at,
            timeout=verdict.timeout,
        )

    async def _entry(self, community_id: int) -> _Entry:
        entry = self._entries.get(community_id)
        now = self._clock.now()
        if entry is not None and now < entry.expires:
            if now >= entry.refresh:
                self._reload(community_id, entry)  # in the background: this message goes on
            return entry
        return await asyncio.shield(self._reload(community_id, entry))

    def _reload(self, community_id: int, previous: _Entry | None) -> asyncio.Task[_Entry]:
        """Return the load of the community's rules started since they last changed here, or
        start one: messages arriving while the rules load share one load."""
        generation = self._generations.get(community_id, 0)
        load = self._loads.get(community_id)
        if load is not None and load.generation == generation:
            return load.task
        task = asyncio.ensure_future(self._load(community_id, previous, generation))
        self._loads[community_id] = _Load(generation, task)
        task.add_done_callback(lambda done: self._loaded(community_id, done))
        return task

    def _loaded(self, community_id: int, done: asyncio.Task[_Entry]) -> None:
        load = self._loads.get(community_id)
        if load is not None and load.task is done:
            del self._loads[community_id]
        if not done.cancelled() and (error := done.exception()) is not None:
            log.warning(
                "could not load the automatic filters of community %d: %s", community_id, error
            )

    async def _load(self, community_id: int, previous: _Entry | None, generation: int) -> _Entry:
        async with self._database.reading() as connection:
            rules, staff = await store.load(connection, community_id)
        if previous is not None and previous.screener.rules == rules:
            screener = previous.screener
        else:
            # Compiling 1,000 long terms takes about a second; RE2 releases the GIL meanwhile,
            # so in a thread it does not hold up other communities' messages.
            screener = await asyncio.to_thread(Screener, rules)
        now = self._clock.now()
        expires, refresh = now + self._ttl, now + self._ttl * REFRESH_AFTER
        if self._generations.get(community_id, 0) != generation:
            expires = refresh = now  # changed while loading: use once, reload next time
        entry = _Entry(screener, staff, expires, refresh)
        self._entries[community_id] = entry
        return entry

    async def reloaded(self) -> None:
        """Wait for the reloads under way (started in the background) to finish."""
        tasks = [load.task for load in self._loads.values()]
        await asyncio.gather(*tasks, return_exceptions=True)

    def invalidate(self, community_id: int) -> None:
        """Forget a community's cached rules (they changed); the next message reloads them."""
        self._generations[community_id] = self._generations.get(community_id, 0) + 1
        entry = self._entries.get(community_id)
        if entry is not None:
            now = self._clock.now()
            self._entries[community_id] = replace(entry, expires=now, refresh=now)

    # -- Reading ---------------------------------------------------------------------------

    async def rules(self, community_id: int) -> AutomodRules:
        """Return the community's filters as stored."""
        async with self._database.reading() as connection:
            rules, _staff = await store.load(connection, community_id)
        return rules

    # -- Blocked terms, regex rules, domains, exemptions -----------------------------------

    async def block(self, community_id: int, raw: str) -> str:
        """Block a term; return it as stored (folded). Raise if it is already blocked."""
        term = normalize_term(raw)
        added = await self._add(AutomodTerm, community_id, Limit.TERMS, term=term)
        if not added:
            raise UserFacingError(
                _('"{term}" is already blocked. Nothing was changed.').format(term=term)
            )
        return term

    async def unblock(self, community_id: int, raw: str) -> str:
        """Unblock a term; return it. Raise NotFoundError if it was not blocked."""
        term = normalize_term(raw)
        if not await self._remove(AutomodTerm, community_id, term=term):
            raise NotFoundError(_('"{term}" is not blocked; see /automod list.').format(term=term))
        return term

    async def add_pattern(self, community_id: int, raw: str) -> tuple[int, str]:
        """Add a regex rule after checking it; return its number and the pattern as stored."""
        pattern = check_pattern(raw)
        added = await self._add(AutomodPattern, community_id, Limit.PATTERNS, pattern=pattern)
        if not added:
            raise UserFacingError(_("That regex rule already exists. Nothing was changed."))
        rules = await self.rules(community_id)
        return rules.patterns.index(pattern) + 1, pattern

    async def remove_pattern(self, community_id: int, which: str) -> str:
        """Remove a regex rule by its number or its pattern; return the pattern."""
        async with self._database.session() as session, session.begin():
            text = which.strip()
            if text.isascii() and text.isdigit():  # not "²", which int() refuses
                pattern = await store.pattern_by_number(session, community_id, int(text))
            else:
                pattern = text[1:-1] if len(text) > 2 and text[0] == text[-1] == "/" else text
            removed = await store.remove_row(session, AutomodPattern, community_id, pattern=pattern)
        if not removed:
            raise NotFoundError(_("There is no such regex rule; see the numbers in /automod list."))
        self.invalidate(community_id)
        return pattern

    async def allow_domain(self, community_id: int, raw: str) -> str:
        """Allow links to a domain and its subdomains; return the domain as stored."""
        domain = normalize_domain(raw)
        added = await self._add(AutomodDomain, community_id, Limit.DOMAINS, domain=domain)
        if not added:
            raise UserFacingError(
                _("{domain} is already allowed. Nothing was changed.").format(domain=domain)
            )
        return domain

    async def disallow_domain(self, community_id: int, raw: str) -> str:
        """Stop allowing a domain; return it."""
        domain = normalize_domain(raw)
        if not await self._remove(AutomodDomain, community_id, domain=domain):
            raise NotFoundError(
                _("{domain} is not an allowed domain; see /automod list.").format(domain=domain)
            )
        return domain

    async def exempt(self, community_id: int, kind: ExemptionKind, external_id: str) -> None:
        """Stop screening a channel, or members holding a role."""
        added = await self._add(
            AutomodExemption,
            community_id,
            Limit.EXEMPTIONS,
            kind=kind.value,
            external_id=external_id,
        )
        if not added:
            if kind is ExemptionKind.CHANNEL:
                raise UserFacingError(_("That channel is already exempt. Nothing was changed."))
            raise UserFacingError(_("That role is already exempt. Nothing was changed."))

    async def unexempt(self, community_id: int, kind: ExemptionKind, external_id: str) -> None:
        """Screen a channel, or a role's members, again."""
        removed = await self._remove(
            AutomodExemption, community_id, kind=kind.value, external_id=external_id
        )
        if not removed:
            if kind is ExemptionKind.CHANNEL:
                raise NotFoundError(_("That channel is not exempt; see /automod list."))
            raise NotFoundError(_("That role is not exempt; see /automod list."))

    async def _add(self, model: type, community_id: int, limit: int, **values: str) -> bool:
        refusal = _at_most(model, limit)
        async with self._database.session() as session, session.begin():
            added = await store.add_row(session, model, community_id, limit, refusal, **values)
        if added:
            self.invalidate(community_id)
        return added

    async def _remove(self, model: type, community_id: int, **values: str) -> bool:
        async with self._database.session() as session, session.begin():
            removed = await store.remove_row(session, model, community_id, **values)
        if removed:
            self.invalidate(community_id)
        return removed

    # -- Filter settings -------------------------------------------------------------------

    async def configure(
        self,
        community_id: int,
        name: FilterName,
        *,
        enabled: bool | None = None,
        threshold: int | None = None,
        window_seconds: int | None = None,
        action: Action | None = None,
        timeout_for: timedelta | None = None,
    ) -> FilterConfig:
        """Change some of one filter's settings (the rest stay); return the new settings.

        `timeout_for` is how long the `timeout` action times members out.
        """
        async with self._database.session() as session, session.begin():
            rules, _staff = await store.load(await session.connection(), community_id)
            current = rules.config(name)
            changes: dict[str, object] = {
                key: value
                for key, value in {
                    "enabled": enabled,
                    "threshold": threshold,
                    "window_seconds": window_seconds,
                    "action": action,
                    "timeout": timeout_for,
                }.items()
                if value is not None
            }
            config = replace(current, **changes)  # type: ignore[arg-type]
            await store.save_filter(session, community_id, name, config)
        self.invalidate(community_id)
        return config


def _at_most(model: type, limit: int) -> str:
    """Return the refusal of one more term, rule, domain or exemption than `limit`."""
    if model is AutomodTerm:
        text = ngettext(
            "A community can have at most {count} blocked term. Nothing was changed.",
            "A community can have at most {count} blocked terms. Nothing was changed.",
            limit,
        )
    elif model is AutomodPattern:
        text = ngettext(
            "A community can have at most {count} regex rule. Nothing was changed.",
            "A community can have at most {count} regex rules. Nothing was changed.",
            limit,
        )
    elif model is AutomodDomain:
        text = ngettext(
            "A community can have at most {count} allowed domain. Nothing was changed.",
            "A community can have at most {count} allowed domains. Nothing was changed.",
            limit,
        )
    else:
        text = ngettext(
            "A community can have at most {count} exemption. Nothing was changed.",
            "A community can have at most {count} exemptions. Nothing was changed.",
            limit,
        )
    return text.format(count=limit)


def _is_staff(actor: Actor, staff: StaffLevels) -> bool:
    """Return whether the actor is a host or above, as `effective_level` judges it."""
    if actor.platform_level >= EXEMPT_LEVEL:
        return True
    if not (staff.members or staff.roles):
        return False  # the usual case on every message: no levels set in the community
    override = staff.members.get(actor.user.id)
    roles = [staff.roles[role] for role in actor.role_ids if role in staff.roles]
    return effective_level(actor.platform_level, override, roles) >= EXEMPT_LEVEL
