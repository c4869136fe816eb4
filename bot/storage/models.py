"""The relational schema. Every change to it goes through a migration in `migrations/versions`."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.storage.types import UTCDateTime

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names, so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class Community(Base):
    """A Discord guild, a Slack workspace or the console community, with its settings."""

    __tablename__ = "communities"
    __table_args__ = (UniqueConstraint("platform", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    platform: Mapped[str] = mapped_column(String(32))
    external_id: Mapped[str] = mapped_column(String(64))
    timezone: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    starter_topic_index: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """How many starter prompts the community has used (posted or skipped): the next one's index."""
    welcome_text: Mapped[str | None] = mapped_column(Text)
    """The admins' welcome text (`/setup welcome`), with `{member}` and `{guidelines}`; None for
    the default."""


class Member(Base):
    """A person in one community; the row exists from the first event that names them."""

    __tablename__ = "members"
    # AUTOINCREMENT: SQLite would otherwise reuse a forgotten member's id, and another process
    # still holding that id (pending activity, say) would write onto the next new member.
    __table_args__ = (
        UniqueConstraint("community_id", "external_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    external_id: Mapped[str] = mapped_column(String(64))
    display_name: Mapped[str] = mapped_column(String(200))
    level_override: Mapped[int | None] = mapped_column(Integer)
    timezone: Mapped[str | None] = mapped_column(String(64))
    joined_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    interests: Mapped[list[MemberInterest]] = relationship(
        cascade="all, delete-orphan", passive_deletes=True, order_by="MemberInterest.position"
    )


class MemberInterest(Base):
    """One interest a member listed, in the order they gave."""

    __tablename__ = "member_interests"
    __table_args__ = (UniqueConstraint("member_id", "interest"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    interest: Mapped[str] = mapped_column(String(80))


class ChannelAssignment(Base):
    """Which channel the bot uses for a purpose (intros, topics, modlog, ...)."""

    __tablename__ = "channel_assignments"
    __table_args__ = (UniqueConstraint("community_id", "purpose"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    purpose: Mapped[str] = mapped_column(String(32))
    channel_external_id: Mapped[str] = mapped_column(String(64))


class RoleLevel(Base):
    """A platform role (Discord role, Slack user group) that grants a level."""

    __tablename__ = "role_levels"
    __table_args__ = (UniqueConstraint("community_id", "role_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    role_external_id: Mapped[str] = mapped_column(String(64))
    level: Mapped[int] = mapped_column(Integer)


class Guideline(Base):
    """One numbered rule of a community's guidelines."""

    __tablename__ = "guidelines"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)


class CommandSync(Base):
    """The digest of the command set last registered with a platform, per scope.

    A scope is `discord:global` or `discord:guild:<id>`; commands are registered again only
    when the digest of the current set differs, since platforms rate-limit registration.
    """

    __tablename__ = "command_syncs"

    scope: Mapped[str] = mapped_column(String(100), primary_key=True)
    digest: Mapped[str] = mapped_column(String(64))
    synced_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Topic(Base):
    """A discussion prompt in a community's bank: added by a host, or suggested by a member."""

    __tablename__ = "topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16))
    """`approved` (in the bank), `pending` (a suggestion awaiting hosts) or `rejected`."""
    suggested_by: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    times_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Schedule(Base):
    """A recurring job of a community: weekly (or every n weeks) at a local time."""

    __tablename__ = "schedules"
    __table_args__ = (
        UniqueConstraint("community_id", "kind", "channel_external_id"),
        {"sqlite_autoincrement": True},  # an id is never reused: ledger keys stay unambiguous
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    channel_external_id: Mapped[str] = mapped_column(String(64))
    weekday: Mapped[int] = mapped_column(Integer)
    hour: Mapped[int] = mapped_column(Integer)
    minute: Mapped[int] = mapped_column(Integer)
    every_weeks: Mapped[int] = mapped_column(Integer)
    anchor_date: Mapped[date] = mapped_column(Date)
    """The local date of the first occurrence; every-n-weeks counts from it."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Occurrence(Base):
    """The ledger: one row per (schedule, due time), so each occurrence fires exactly once."""

    __tablename__ = "occurrences"
    __table_args__ = (UniqueConstraint("schedule_id", "due_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    schedule_id: Mapped[int] = mapped_column(ForeignKey("schedules.id", ondelete="CASCADE"))
    due_at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16))
    """`claimed` (being done), `done`, `failed`, `missed` (too late) or `paused` (a break)."""
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """While claimed: until when the claimer owns it; after that another process may take over."""
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    detail: Mapped[str | None] = mapped_column(String(500))


class TopicPost(Base):
    """A topic posted in a channel, with the thread its discussion happens in."""

    __tablename__ = "topic_posts"
    __table_args__ = (Index("ix_topic_posts_message", "community_id", "message_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("topics.id", ondelete="SET NULL"))
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    text: Mapped[str] = mapped_column(Text)
    channel_external_id: Mapped[str] = mapped_column(String(64))
    message_external_id: Mapped[str] = mapped_column(String(64))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TopicResponse(Base):
    """A member's reply in a topic's thread: who and when, never what they wrote."""

    __tablename__ = "topic_responses"
    __table_args__ = (UniqueConstraint("topic_post_id", "message_external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic_post_id: Mapped[int] = mapped_column(
        ForeignKey("topic_posts.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    message_external_id: Mapped[str] = mapped_column(String(64))
    responded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Break(Base):
    """A term break: every scheduled job of the community pauses from one date to another."""

    __tablename__ = "breaks"
    __table_args__ = (UniqueConstraint("community_id", "starts_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    """Inclusive: the last local date of the break."""


class Newcomer(Base):
    """A member the bot saw join: when it last welcomed them, and their one intro reminder.

    A row exists from the member's first join after intros shipped (members known before have
    none, so they are never reminded). Bots get a row marked `is_bot`, so they are never
    welcomed, reminded or listed as not introduced.
    """

    __tablename__ = "newcomers"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    welcomed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_lease_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """While a process is sending the reminder: until when it owns it (a crash lets it lapse)."""
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When the one reminder went out (or was given up on); never sent again after that."""


class Intro(Base):
    """A member's introduction: the newest one, with where it was posted."""

    __tablename__ = "intros"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    text: Mapped[str] = mapped_column(Text)
    """The intro as posted (without the bot's heading): what pairing shows a member's buddies."""
    about: Mapped[str | None] = mapped_column(Text)
    learning: Mapped[str | None] = mapped_column(Text)
    goals: Mapped[str | None] = mapped_column(Text)
    """The form's answers, to fill the form in again next time (None for a typed intro)."""
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    """The post, to edit it when the member updates their intro (None if it was not posted)."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class BuddyOptIn(Base):
    """A member who takes part in buddy pairing, and whether they are paused."""

    __tablename__ = "buddy_optins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), unique=True
    )
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime())
    paused_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """`/buddy pause <weeks>`: left out of rounds until then."""
    auto_paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Paused after ignoring check-ins in a row, until the member joins again."""
    ignored_checkins: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Check-ins ignored in a row; an answer sets it back to 0."""


class BuddyRound(Base):
    """One pairing round of a community: its seed (to reproduce it) and its check-in times."""

    __tablename__ = "buddy_rounds"
    __table_args__ = (
        UniqueConstraint("community_id", "number"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    """1, 2, 3, ... within the community."""
    seed: Mapped[int] = mapped_column(BigInteger)
    schedule_id: Mapped[int | None] = mapped_column(ForeignKey("schedules.id", ondelete="SET NULL"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    checkin_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    """Halfway to the next round: each group is asked whether they met."""
    closes_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    """Check-ins unanswered by then count as ignored."""


class BuddyGroup(Base):
    """A pair or trio of a round, the private conversation it got, and its check-in's state."""

    __tablename__ = "buddy_groups"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    round_id: Mapped[int] = mapped_column(
        ForeignKey("buddy_rounds.id", ondelete="CASCADE"), index=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    checkin: Mapped[str | None] = mapped_column(String(16), index=True)
    """None until due; `sent`, `skipped` (a break, or never opened) or `closed`."""


class BuddyGroupMember(Base):
    """A member of a group, with their check-in answer (`met`, `notyet`, `skip`)."""

    __tablename__ = "buddy_group_members"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("buddy_groups.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answer: Mapped[str | None] = mapped_column(String(16))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class ModCase(Base):
    """One moderation action (warn, timeout, kick, ban, note, ...): the case log.

    `member_id` is the member acted on and `moderator_id` who acted (None: the bot itself, an
    escalation or a filter). Forgetting a member keeps the cases about them as an anonymous
    record (member and excerpt gone; see `moderation/forget.py`).
    """

    __tablename__ = "mod_cases"
    __table_args__ = (
        Index("ix_mod_cases_member", "member_id", "kind", "expires_at"),
        {"sqlite_autoincrement": True},  # case numbers are never reused
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    moderator_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    guideline: Mapped[str | None] = mapped_column(Text)
    """The guideline the action cites (its text when the case was made)."""
    excerpt: Mapped[str | None] = mapped_column(Text)
    duration_seconds: Mapped[int | None] = mapped_column(Integer)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """When a warning stops counting, or a timeout ends."""
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    automatic: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    """Made by the bot itself (escalation, a filter), not by a moderator since forgotten."""


class ModFlag(Base):
    """A message brought to the moderators (filter hit, report, AutoMod): a card in the queue."""

    __tablename__ = "mod_flags"
    __table_args__ = (
        Index("ix_mod_flags_unhandled", "handled_at", "reannounced_at", "created_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    source: Mapped[str] = mapped_column(String(16))
    """`filter`, `report` or `automod`."""
    rule: Mapped[str | None] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("members.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str | None] = mapped_column(Text)
    channel_external_id: Mapped[str | None] = mapped_column(String(64))
    message_external_id: Mapped[str | None] = mapped_column(String(64))
    excerpt: Mapped[str | None] = mapped_column(Text)
    already_done: Mapped[str | None] = mapped_column(String(200))
    card_channel_external_id: Mapped[str | None] = mapped_column(String(64))
    card_message_external_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("members.id", ondelete="SET NULL"))
    outcome: Mapped[str | None] = mapped_column(String(32))
    reannounced_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AutomodFilter(Base):
    """One automatic filter's settings in a community; a filter without a row has its defaults."""

    __tablename__ = "automod_filters"
    __table_args__ = (UniqueConstraint("community_id", "filter"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    filter: Mapped[str] = mapped_column(String(16))
    """`terms`, `regex`, `invites`, `links`, `repeats`, `mentions` or `flood`."""
    enabled: Mapped[bool] = mapped_column(Boolean)
    action: Mapped[str] = mapped_column(String(16))
    """`flag`, `delete` or `timeout`."""
    threshold: Mapped[int | None] = mapped_column(Integer)
    window_seconds: Mapped[int | None] = mapped_column(Integer)
    timeout_seconds: Mapped[int] = mapped_column(Integer)
    """How long the `timeout` action times a member out."""


class AutomodTerm(Base):
    """A blocked term (folded and normalized: lower case, words separated by single spaces)."""

    __tablename__ = "automod_terms"
    __table_args__ = (UniqueConstraint("community_id", "term"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    term: Mapped[str] = mapped_column(String(60))


class AutomodPattern(Base):
    """A regex rule, accepted by RE2 when it was added; numbered by id order."""

    __tablename__ = "automod_patterns"
    __table_args__ = (
        UniqueConstraint("community_id", "pattern"),
        {"sqlite_autoincrement": True},  # rule numbers follow the order rules were added
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    pattern: Mapped[str] = mapped_column(String(200))


class AutomodDomain(Base):
    """A domain (and its subdomains) that the links filter allows."""

    __tablename__ = "automod_domains"
    __table_args__ = (UniqueConstraint("community_id", "domain"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    domain: Mapped[str] = mapped_column(String(253))


class AutomodExemption(Base):
    """A channel or role whose messages no automatic filter screens."""

    __tablename__ = "automod_exemptions"
    __table_args__ = (UniqueConstraint("community_id", "kind", "external_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16))
    """`channel` or `role`."""
    external_id: Mapped[str] = mapped_column(String(64))


class DailyActivity(Base):
    """How many messages (and of them thread replies) a member posted on one UTC day."""

    __tablename__ = "daily_activity"
    __table_args__ = (
        PrimaryKeyConstraint("member_id", "day"),
        Index("ix_daily_activity_community_day", "community_id", "day"),
    )

    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    messages: Mapped[int] = mapped_column(Integer)
    replies: Mapped[int] = mapped_column(Integer)


class Participation(Base):
    """Per member: the first post, quiet-member nudge preferences and the last nudge."""

    __tablename__ = "participation"

    member_id: Mapped[int] = mapped_column(
        ForeignKey("members.id", ondelete="CASCADE"), primary_key=True
    )
    community_id: Mapped[int] = mapped_column(
        ForeignKey("communities.id", ondelete="CASCADE"), index=True
    )
    first_post_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    is_bot: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    nudges_off: Mapped[bool] = mapped_column(Boolean, default=False, server_default="0")
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_nudged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    """Set by the claim before a nudge is sent: the conditional UPDATE only one process wins."""


class Question(Base):
    """A question a member asked (a top-level post ending in `?`): ids and times, no text."""

    __tablename__ = "questions"
    __table_args__ = (
        UniqueConstraint("community_id", "message_external_id"),
        Index("ix_questions_community_asked", "community_id", "asked_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    message_external_id: Mapped[str] = mapped_column(String(64))
    asked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Nudge(Base):
    """One quiet-member nudge: claimed before sending, then sent (or not), then answered."""

    __tablename__ = "nudges"
    __table_args__ = (Index("ix_nudges_community_claimed", "community_id", "claimed_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    community_id: Mapped[int] = mapped_column(ForeignKey("communities.id", ondelete="CASCADE"))
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(16))
    """`claimed` (about to be sent), `sent`, `failed` (the platform refused) or `unknown`."""
    claimed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str | None] = mapped_column(String(16))
    """The member's answer: `fine`, `snooze`, `pair` or `host`."""
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
