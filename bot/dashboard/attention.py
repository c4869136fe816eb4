"""The Overview's "needs attention" list as sections a template shows: a heading with the
count, the first few, and a link to the page where each kind is handled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.dashboard.site import PREFIX
from bot.i18n import _, ngettext
from bot.i18n.formats import day
from bot.levels import Level
from bot.participation import Attention
from bot.participation.attention import Item, Waiting

TOPICS = PREFIX + "/topics"
MODERATION = PREFIX + "/moderation"
MEMBERS = PREFIX + "/members"


@dataclass(frozen=True, slots=True)
class Section:
    """One kind of thing waiting, worded: heading, lines (member-written parts are escaped by
    the template), where it is handled, and a note."""

    key: str
    heading: str
    count: int
    lines: tuple[str, ...]
    more: int
    link: str | None
    link_text: str
    note: str | None = None


def attention_sections(attention: Attention, level: Level) -> list[Section]:
    """Return the sections of the "needs attention" list, in the order a host handles them;
    a page `level` may not open is named, not linked."""
    quiet_note = None
    if attention.readers:
        quiet_note = ngettext(
            "Apart: {count} member said they're just reading (lurking is learning too).",
            "Apart: {count} members said they're just reading (lurking is learning too).",
            attention.readers,
        ).format(count=attention.readers)
    quiet_heading = ngettext(
        "Quiet for {days} day or more", "Quiet for {days} days or more", attention.quiet_days
    ).format(days=attention.quiet_days)
    return [
        _section("suggestions", _("Pending suggestions"), attention.suggestions, TOPICS,
                 _("Decide on the Topics page")),
        _flags_section(attention, level),
        _section("intros", _("Intros pending"), attention.intros, MEMBERS,
                 _("See the Members page")),
        _section("quiet", quiet_heading, attention.quiet, MEMBERS, _("See the Members page"),
                 quiet_note),
        _section("questions", _("Unanswered questions (30 days)"), attention.questions, None,
                 _("Not answered within a day; answer them in the chat")),
        _section("requests", _("Unclaimed host requests"), attention.requests, None,
                 _("Claim them with the card's button in the hosts channel")),
    ]  # fmt: skip


def _flags_section(attention: Attention, level: Level) -> Section:
    if level >= Level.MODERATOR:
        return _section("flags", _("Unhandled flags"), attention.flags, MODERATION,
                        _("Handle on the Moderation page"))  # fmt: skip
    return _section("flags", _("Unhandled flags"), attention.flags, None,
                    _("Moderators handle them in the moderation queue"))  # fmt: skip


def _section(
    key: str,
    heading: str,
    waiting: Waiting,
    link: str | None,
    link_text: str,
    note: str | None = None,
) -> Section:
    lines = tuple(_line(item) for item in waiting.items)
    more = max(waiting.count - len(lines), 0)
    return Section(key, heading, waiting.count, lines, more, link, link_text, note)


def _line(item: Item) -> str:
    """Return "who · what · date", leaving out what is unknown."""
    parts = [item.who or _("someone who left"), item.what, _day(item.at)]
    return " · ".join(part for part in parts if part)


def _day(moment: datetime | None) -> str | None:
    return None if moment is None else day(moment.date())
