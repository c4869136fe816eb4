"""The chart's facts in words, sent beside the picture (and read where no picture can go)."""

from __future__ import annotations

from bot.charts.data import ChartData, cut_title
from bot.i18n import _, formats, ngettext

SUMMARY_TITLE_CHARS = 60
"""Words have more room than a chart: a topic title is cut to this many characters."""


def summary(data: ChartData) -> str:
    """Return the facts the chart of `data` draws, one line each."""
    return "\n".join([_weeks(data), _balance(data), _topics(data)])


def _weeks(data: ChartData) -> str:
    if not data.weeks:
        return _("• Weeks: none to show yet")
    active, peak = data.active[-1], max(data.active)
    posts, replies = data.posts[-1], data.replies[-1]
    shown = ngettext("{count} week shown", "{count} weeks shown", len(data.weeks))
    members = ngettext("{count} active member", "{count} active members", active)
    most = ngettext("at most {count} in a week", "at most {count} in a week", peak)
    wrote = ngettext("{count} post", "{count} posts", posts)
    answered = ngettext("{count} thread reply", "{count} thread replies", replies)
    return _("• {shown}; the latest ({week}): {members} ({most}), {posts} and {replies}").format(
        shown=shown.format(count=len(data.weeks)),
        week=data.weeks[-1],
        members=members.format(count=active),
        most=most.format(count=peak),
        posts=wrote.format(count=posts),
        replies=answered.format(count=replies),
    )


def _balance(data: ChartData) -> str:
    balance = data.balance
    if not balance.points:
        return _("• Participation balance ({days} days): no messages").format(days=balance.days)
    posters = ngettext("{count} poster", "{count} posters", balance.posters)
    return _(
        "• Participation balance ({days} days, {posters}): Gini {gini}, top 10 % wrote {share}"
    ).format(
        days=balance.days,
        posters=posters.format(count=balance.posters),
        gini=formats.number(balance.gini, places=2),
        share=formats.percent(balance.top_share),
    )


def _topics(data: ChartData) -> str:
    if not data.topics:
        return _("• Replies per topic: no topics posted yet")
    best = max(data.topics, key=lambda topic: topic.replies)
    replies = ngettext("{count} reply", "{count} replies", best.replies)
    shown = ngettext("{count} topic", "{count} topics", len(data.topics))
    return _("• Replies per topic ({topics}): the most, {replies}, to “{title}”").format(
        topics=shown.format(count=len(data.topics)),
        replies=replies.format(count=best.replies),
        title=cut_title(best.title, SUMMARY_TITLE_CHARS),
    )
