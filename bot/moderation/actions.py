"""Moderation actions: the checks, the platform call, then the case, the log and the notice.

The platform acts first; only once it has succeeded is the case recorded (one transaction),
so a refusal (the platform's, the bot's role, a missing capability) leaves no case behind.
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.errors import PlatformError, UserFacingError
from bot.events import Actor
from bot.i18n import _, ngettext, publicly
from bot.levels import Level, effective_level
from bot.moderation import reasons, store
from bot.moderation.cases import CaseInfo, CaseKind, CaseLog, NewCase, insert_case
from bot.moderation.checks import check_allowed
from bot.moderation.citation import cite, cited_number
from bot.moderation.ladder import Step, step_for
from bot.moderation.notices import (
    log_entry,
    member_notice,
    removal_notice,
    shown_duration,
)
from bot.moderation.subjects import Subject, clear_spent, next_spent, subject_of
from bot.platform import Platform
from bot.refs import CommunityRef, MessageRef, UserRef
from bot.serving import Served
from bot.shared.communities import ChannelPurpose, CommunityService
from bot.shared.guidelines import GuidelinesService
from bot.shared.languages import LanguageService, Preferences
from bot.shared.members import MemberService
from bot.storage.database import Database

log = logging.getLogger(__name__)

_LIFTS = {CaseKind.UNBAN: CaseKind.BAN, CaseKind.UNTIMEOUT: CaseKind.TIMEOUT}


@dataclass(frozen=True, slots=True)
class Target:
    """The member an action is about, with their level as things stand now."""

    member_id: int
    user: UserRef
    level: Level


@dataclass(frozen=True, slots=True)
class Moderator:
    """Who acts: a member with their level, or None in `Action.moderator` for the bot itself."""

    member_id: int
    external_id: str
    level: Level


@dataclass(frozen=True, slots=True)
class Action:
    """One moderation action to perform and record."""

    community: CommunityRef
    community_id: int
    kind: CaseKind
    target: Target | None
    moderator: Moderator | None
    reason: str | None = None
    duration: timedelta | None = None
    excerpt: str | None = None
    message: MessageRef | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """A recorded case and what the moderator should also know (a DM that failed, ...)."""

    case: CaseInfo
    notes: list[str] = field(default_factory=list)
    escalation: CaseInfo | None = None


class ModerationService:
    """Performs moderation actions and keeps the case log."""

    def __init__(
        self,
        database: Database,
        clock: Clock,
        members: MemberService,
        communities: CommunityService,
        guidelines: GuidelinesService,
        languages: LanguageService,
        *,
        warning_expiry: timedelta,
        ladder: tuple[Step, ...],
    ) -> None:
        self._database = database
        self._clock = clock
        self._members = members
        self._communities = communities
        self._guidelines = guidelines
        self.languages = languages
        self.cases = CaseLog(database)
        self.warning_expiry = warning_expiry
        self.ladder = ladder

    async def subject(self, member_id: int) -> Subject:
        """Return a member as the case log counts them (with their forgotten self's cases)."""
        return await subject_of(self._database, member_id)

    async def spent_hashes_sweep(self, _served: Served, due: datetime) -> None:
        """The sweep: forgotten members' cases that no longer count lose their hash.

        Database bookkeeping only, for every community at once (nothing is sent, and clearing
        a hash twice changes nothing), so it does not narrow itself to the communities served.
        """
        cleared = await clear_spent(self._database, due)
        if cleared:
            log.info("forgotten members' cases that stopped counting: %d", cleared)

    async def next_spent_hash(self, _served: Served, now: datetime) -> datetime | None:
        """Return when the spent-hashes sweep next has a case to clear (None: none)."""
        return await next_spent(self._database, now)

    async def community_ref(self, community_id: int) -> CommunityRef:
        """Return the platform reference of a community."""
        async with self._database.session() as session:
            community = await store.community(session, community_id)
            return CommunityRef(community.platform, community.external_id)

    async def target(
        self,
        platform: Platform,
        community: CommunityRef,
        community_id: int,
        user: UserRef,
        *,
        absent_ok: bool = False,
    ) -> Target:
        """Return the member `user` as things stand: their row, and their level right now.

        Someone neither the platform nor Cohort knows is refused, unless `absent_ok` (an unban
        of a person banned before Cohort arrived): they get a row of their own.
        """
        actor = await platform.member(community, user)
        if actor is None and absent_ok:
            actor = await self._known_or_bare(community_id, user)
        if actor is not None:
            info = await self._members.resolve(community_id, actor)
            return Target(info.id, user, info.level)
        async with self._database.session() as session:
            row = await store.member_level(session, community_id, user.id)
        if row is None:
            raise UserFacingError(
                _(
                    "I don't know {member} here: they need to be in the community or to have "
                    "been seen in it. Nothing was done."
                ).format(member=platform.mention(user))
            )
        override = None if row.level_override is None else Level(row.level_override)
        return Target(row.id, user, effective_level(Level.MEMBER, override, []))

    async def language_of(self, community_id: int, actor: Actor) -> tuple[str, str]:
        """Return the language to answer `actor` in and the community's, without storing
        anything: their own choice, this interaction's locale (else their last), the
        community's (as `find_caller` decides a caller's)."""
        async with self._database.session() as session:
            own, locale = await store.member_language(session, community_id, actor.user.id)
        community = await self.languages.community_choice(community_id)
        answer = Preferences(own, actor.locale or locale, community).language()
        return answer, Preferences(None, None, community).language()

    async def _known_or_bare(self, community_id: int, user: UserRef) -> Actor | None:
        async with self._database.session() as session:
            known = await store.member_id(session, community_id, user.id)
        return None if known is not None else Actor(user, user.id)

    def check_allowed(self, platform: Platform, action: Action) -> None:
        """Refuse acting on oneself, on an equal or higher level, or beyond the platform."""
        check_allowed(platform, action)

    async def perform(self, platform: Platform, action: Action) -> Outcome:
        """Check, act on the platform, record the case, log it, tell the member; escalate."""
        self.check_allowed(platform, action)
        guideline = await self._cite(action.community_id, action.reason)
        subject = None
        if action.target is not None:
            subject = await self.subject(action.target.member_id)
            await self._refuse_if_pointless(platform, action, subject)
        notes: list[str] = []
        early = await self._notify_before_removal(platform, action, guideline, notes)
        try:
            await _on_platform(platform, action)
        except BaseException:
            if early is not None:
                await quietly(platform.delete(early))
            raise
        case = await self._record(action, guideline, subject)
        notes += await self._announce(platform, action.community_id, case, early)
        escalation = None
        if action.kind == CaseKind.WARN and subject is not None:
            escalation, more = await self._escalate(platform, action, subject)
            notes += more
        return Outcome(case, notes, escalation)

    async def _cite(self, community_id: int, reason: str | None) -> str | None:
        """Return the guideline a reason cites; refuse a rule the community does not have."""
        if cited_number(reason) is None:
            return None
        return cite(await self._guidelines.rules(community_id), reason)

    async def _refuse_if_pointless(
        self, platform: Platform, action: Action, subject: Subject
    ) -> None:
        """Refuse what the record shows would change nothing (a second ban, ...).

        When the record knows nothing (a ban from before Cohort), the platform decides.
        """
        assert action.target is not None
        who = platform.mention(action.target.user)
        if action.kind in (CaseKind.BAN, CaseKind.UNBAN):
            last = await self.cases.newest(subject, CaseKind.BAN, CaseKind.UNBAN)
            if action.kind == CaseKind.BAN and last is not None and last.kind == CaseKind.BAN:
                raise UserFacingError(
                    _("{member} is already banned (case {case}). Nothing was done.").format(
                        member=who, case=last.id
                    )
                )
            if action.kind == CaseKind.UNBAN and last is not None and last.kind == CaseKind.UNBAN:
                raise UserFacingError(
                    _("{member} is not banned. Nothing was done.").format(member=who)
                )
        if action.kind == CaseKind.UNTIMEOUT:
            last = await self.cases.newest(subject, CaseKind.TIMEOUT, CaseKind.UNTIMEOUT)
            if last is not None and not (
                last.kind == CaseKind.TIMEOUT and last.active_at(self._clock.now())
            ):
                raise UserFacingError(
                    _("{member} is not timed out. Nothing was done.").format(member=who)
                )

    async def _record(
        self, action: Action, guideline: str | None, subject: Subject | None
    ) -> CaseInfo:
        now = self._clock.now()
        reason = action.reason
        expires_at = None
        if action.kind == CaseKind.WARN:
            expires_at = now + self.warning_expiry
        elif action.kind == CaseKind.TIMEOUT and action.duration is not None:
            expires_at = now + action.duration
        new = NewCase(
            community_id=action.community_id,
            kind=action.kind,
            member_id=None if action.target is None else action.target.member_id,
            moderator_id=None if action.moderator is None else action.moderator.member_id,
            reason=reason,
            guideline=guideline,
            excerpt=action.excerpt,
            duration=action.duration,
            expires_at=expires_at,
        )
        lifted = _LIFTS.get(action.kind)
        async with self._database.session() as session, session.begin():
            case_id = await insert_case(session, new, now)
            if lifted is not None and subject is not None:
                # A forgotten member's lifted ban or timeout no longer counts: its hash goes.
                await store.unhash(session, subject.cases(), lifted.value)
        return await self.cases.get(action.community_id, case_id)

    async def _notify_before_removal(
        self, platform: Platform, action: Action, guideline: str | None, notes: list[str]
    ) -> MessageRef | None:
        """DM a member about to be kicked or banned: afterwards, Discord refuses the DM."""
        if action.kind not in (CaseKind.KICK, CaseKind.BAN) or action.target is None:
            return None
        async with self.languages.to_member(action.community_id, action.target.user.id):
            notice = removal_notice(action.kind, guideline, action.reason, action.excerpt)
        try:
            return await platform.direct_message(action.target.user, notice)
        except PlatformError:
            notes.append(_no_dm(platform, action.target.user))
            return None

    async def _announce(
        self,
        platform: Platform,
        community_id: int,
        case: CaseInfo,
        early: MessageRef | None = None,
    ) -> list[str]:
        notes = []
        modlog = await self._communities.channel_for(
            community_id, platform.name, ChannelPurpose.MODLOG
        )
        if modlog is None:
            notes.append(_("No mod-log channel is set (/setup channel modlog <channel>)."))
        else:
            with publicly():
                entry = log_entry(platform, case)
            try:
                await platform.post(modlog, entry)
            except PlatformError as error:
                log.warning("could not post case %s to the mod log: %s", case.id, error)
                notes.append(_("I could not post it to the mod log: {error}").format(error=error))
        told = early is not None or case.kind in (CaseKind.WARN, CaseKind.TIMEOUT)
        if told and case.member_external_id:
            notes += await self._tell_member(platform, case, case.member_external_id, early)
        return notes

    async def _tell_member(
        self, platform: Platform, case: CaseInfo, external_id: str, early: MessageRef | None
    ) -> list[str]:
        """DM the member their notice, in their language (edit the one sent before a removal)."""
        async with self.languages.to_member(case.community_id, external_id):
            notice = member_notice(case)
        if early is not None:
            await quietly(platform.edit(early, notice))
            return []
        member = UserRef(platform.name, external_id)
        try:
            await platform.direct_message(member, notice)
        except PlatformError:
            return [_no_dm(platform, member)]
        return []

    async def _escalate(
        self, platform: Platform, action: Action, subject: Subject
    ) -> tuple[CaseInfo | None, list[str]]:
        active = await self.cases.active_warnings(subject, self._clock.now())
        step = step_for(self.ladder, active)
        last = self.ladder[-1].warnings if self.ladder else 0
        if step is None or (step.warnings != active and active <= last):
            return None, []
        escalation = Action(
            community=action.community,
            community_id=action.community_id,
            kind=CaseKind.TIMEOUT,
            target=action.target,
            moderator=None,
            reason=reasons.escalation(active),
            duration=step.timeout,
        )
        try:
            outcome = await self.perform(platform, escalation)
        except (UserFacingError, PlatformError) as error:
            failed = ngettext(
                "{count} active warning calls for a {duration} timeout, which did not happen: "
                "{error}",
                "{count} active warnings call for a {duration} timeout, which did not happen: "
                "{error}",
                active,
            )
            return None, [
                failed.format(count=active, duration=shown_duration(step.timeout), error=error)
            ]
        return outcome.case, outcome.notes


def _no_dm(platform: Platform, member: UserRef) -> str:
    """Return the note that a member could not be sent their direct message."""
    return _("I could not send {member} a direct message.").format(member=platform.mention(member))


async def _on_platform(platform: Platform, action: Action) -> None:
    """Do the action on the platform; raise (and record nothing) if it refuses."""
    community = action.community
    user = None if action.target is None else action.target.user
    with publicly():  # the platform's audit log is the community's
        reason = reasons.render(action.reason)
    if action.kind == CaseKind.DELETE and action.message is not None:
        await platform.delete(action.message)
        return
    if user is None:
        return
    match action.kind:
        case CaseKind.TIMEOUT:
            assert action.duration is not None
            await platform.timeout(community, user, action.duration, reason)
        case CaseKind.UNTIMEOUT:
            await platform.untimeout(community, user)
        case CaseKind.KICK:
            await platform.kick(community, user, reason)
        case CaseKind.BAN:
            await platform.ban(community, user, reason)
        case CaseKind.UNBAN:
            await platform.unban(community, user)


async def quietly(call: object) -> None:
    """Await a best-effort platform call: a card that cannot be edited or a closed DM is fine."""
    with contextlib.suppress(PlatformError):
        await call  # type: ignore[misc]
