"""A cohort's term in the figures: where it stands today, then one line per week so far."""

from __future__ import annotations

from bot.i18n import _, formats, ngettext
from bot.participation.stats import Figures
from bot.participation.weekly import TermPlace, WeekFigures
from bot.shared.terms import Phase


def term_lines(f: Figures) -> list[str]:
    """Return the term's lines (none for the whole community or a cohort without a term)."""
    if f.term is None:
        return []
    return [_now_line(f.term), *(_week_line(week) for week in f.weeks)]


def _now_line(place: TermPlace) -> str:
    today = place.today
    if today.phase is Phase.WEEK:
        return ngettext(
            "• Now: Week {number} of {count}", "• Now: Week {number} of {count}", place.term.weeks
        ).format(number=today.number, count=place.term.weeks)
    if today.phase is Phase.BREAK:
        return _("• Now: on a break")
    if today.phase is Phase.BEFORE:
        return _("• Now: before the term, which starts on {date}").format(
            date=formats.day(place.term.start)
        )
    return _("• Now: the term ended on {date}").format(date=formats.day(place.ends))


def _week_line(week: WeekFigures) -> str:
    """Return `• Week 2: 1 topic post, 4 replies from 3 members; 5 members active, 9 messages`."""
    posts = ngettext("{count} topic post", "{count} topic posts", week.topic_posts).format(
        count=week.topic_posts
    )
    members = ngettext("{count} member", "{count} members", week.responders).format(
        count=week.responders
    )
    replies = ngettext(
        "{count} reply from {members}", "{count} replies from {members}", week.replies
    ).format(count=week.replies, members=members)
    messages = ngettext("{count} message", "{count} messages", week.messages).format(
        count=week.messages
    )
    active = ngettext(
        "{count} member active, {messages}", "{count} members active, {messages}", week.active
    ).format(count=week.active, messages=messages)
    return _("• Week {number}: {posts}, {replies}; {active}").format(
        number=week.number, posts=posts, replies=replies, active=active
    )
