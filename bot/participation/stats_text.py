"""The participation figures as text: the same lines in `/stats` and in the weekly digest."""

from __future__ import annotations

from collections.abc import Callable

from bot.i18n import _, formats, ngettext
from bot.participation.figures import balance, describe_duration
from bot.participation.stats import Figures, TopicThread
from bot.participation.term_text import term_lines

# How each answer to a nudge is counted, by the answer's stored key.
_ANSWERS: dict[str, Callable[[int], str]] = {
    "fine": lambda n: ngettext("{count} just reading", "{count} just reading", n),
    "snooze": lambda n: ngettext("{count} snoozed", "{count} snoozed", n),
    "pair": lambda n: ngettext("{count} asked for a buddy", "{count} asked for a buddy", n),
    "host": lambda n: ngettext("{count} asked for a host", "{count} asked for a host", n),
}


def render(figures: Figures, title: str) -> str:
    """Return the figures as a few short lines under `title`, naming members as `@name`.

    Names, not platform mentions: the digest is a post in the hosts channel, and a mention
    there would notify the members it lists (on Slack every mention notifies).
    """
    lines = [
        title,
        *term_lines(figures),
        *_people(figures),
        *_balance(figures),
        *_reactions(figures),
        *_topics(figures),
        *_other(figures),
    ]
    return "\n".join(lines)


def _people(f: Figures) -> list[str]:
    active = _("• Active members: {week} in 7 days, {month} in 30 days (of {members})")
    return [
        active.format(week=f.active_7, month=f.active_30, members=f.members),
        _("• Never posted: {number}").format(number=f.never_posted),
        _reading_line(f.reading),
        _intro_line(f.intro_pending),
        _first_post_line(f),
    ]


def _reading_line(readers: int) -> str:
    # Apart from the quiet, and said as it is: lurking is also learning.
    return ngettext(
        "• Reading: {count} member said they're just reading (lurking is learning too)",
        "• Reading: {count} members said they're just reading (lurking is learning too)",
        readers,
    ).format(count=readers)


def _intro_line(pending: int | None) -> str:
    if pending is None:
        return _("• New members without an intro: not available yet")
    return _("• New members without an intro: {number}").format(number=pending)


def _first_post_line(f: Figures) -> str:
    if f.first_post_median is None:
        return _("• Time to first post: no first posts yet")
    return ngettext(
        "• Time to first post: median {duration} ({count} member)",
        "• Time to first post: median {duration} ({count} members)",
        f.first_post_count,
    ).format(duration=describe_duration(f.first_post_median), count=f.first_post_count)


def _balance(f: Figures) -> list[str]:
    if not f.messages_by_member:
        return [_("• Participation balance: no messages in the last 30 days")]
    spread = balance(f.messages_by_member)
    total = spread.messages
    messages = ngettext("{count} message", "{count} messages", total).format(count=total)
    line = ngettext(
        "• Participation balance (30 days, {count} poster, {messages}): "
        "top 10 % wrote {share}, Gini {gini}",
        "• Participation balance (30 days, {count} posters, {messages}): "
        "top 10 % wrote {share}, Gini {gini}",
        spread.posters,
    ).format(
        count=spread.posters,
        messages=messages,
        share=formats.percent(spread.top_share),
        gini=formats.number(spread.gini, places=2),
    )
    if spread.dominated:
        warning = _("⚠ a few members dominate the conversation; consider inviting others in")
        line = f"{line} {warning}"
    return [line]


def _reactions(f: Figures) -> list[str]:
    """Return the reactions' lines: light participation, counted apart from posts."""
    if not f.reactions:
        return [_("• Reactions (30 days): none yet")]
    members = ngettext("{count} member", "{count} members", f.reactors).format(count=f.reactors)
    lines = [
        ngettext(
            "• Reactions (30 days): {count} reaction from {members}",
            "• Reactions (30 days): {count} reactions from {members}",
            f.reactions,
        ).format(count=f.reactions, members=members)
    ]
    if f.only_reacted:
        lines.append(
            ngettext(
                "• Took part by reacting only (30 days): {count} member",
                "• Took part by reacting only (30 days): {count} members",
                f.only_reacted,
            ).format(count=f.only_reacted)
        )
    return lines


def _topics(f: Figures) -> list[str]:
    unanswered = _(
        "• Unanswered posts (questions with no reply within 24 hours, 30 days): "
        "{unanswered} of {questions}"
    )
    lines = [unanswered.format(unanswered=f.unanswered, questions=f.questions)]
    if not f.threads:
        lines.append(_("• Topic threads: none posted yet"))
    lines += [_thread_line(thread) for thread in f.threads]
    if f.non_responder_count:
        lines.append(_non_responders_line(f))
    return lines


def _thread_line(thread: TopicThread) -> str:
    day = formats.day(thread.posted_at.date())
    title = thread.text if len(thread.text) <= 60 else thread.text[:57] + "..."
    members = ngettext("{count} member", "{count} members", thread.responders).format(
        count=thread.responders
    )
    return ngettext(
        "• Topic {day} “{title}”: {count} reply from {members}",
        "• Topic {day} “{title}”: {count} replies from {members}",
        thread.replies,
    ).format(day=day, title=title, count=thread.replies, members=members)


def _non_responders_line(f: Figures) -> str:
    more = f.non_responder_count - len(f.non_responders)
    names = ", ".join(f"@{name}" for name in f.non_responders)
    if not more:
        return _("• Active but not in the last two topic threads: {names}").format(names=names)
    return ngettext(
        "• Active but not in the last two topic threads: {names} and {count} more",
        "• Active but not in the last two topic threads: {names} and {count} more",
        more,
    ).format(names=names, count=more)


def _other(f: Figures) -> list[str]:
    return [_pairing_line(f), _turnout_line(f.turnout), _nudges_line(f.nudges)]


def _turnout_line(turnout: tuple[int, int] | None) -> str:
    if turnout is None:
        return _("• Session turnout: not available yet")
    going, made_it = turnout
    if not going:
        return _("• Session turnout (30 days): nobody answered Going to a session")
    return ngettext(
        "• Session turnout (30 days): {count} of {going} who answered Going said they made it",
        "• Session turnout (30 days): {count} of {going} who answered Going said they made it",
        made_it,
    ).format(count=made_it, going=going)


def _pairing_line(f: Figures) -> str:
    if not f.pairing_known:
        return _("• Pairing meeting rate: not available yet")
    if f.pairing_rate is None:
        if f.cohort:
            return _("• Pairing meeting rate (whole community): no pairing rounds yet")
        return _("• Pairing meeting rate: no pairing rounds yet")
    rate = formats.percent(f.pairing_rate)
    if f.cohort:
        return _("• Pairing meeting rate (whole community): {rate} of pairs met").format(rate=rate)
    return _("• Pairing meeting rate: {rate} of pairs met").format(rate=rate)


def _nudges_line(nudges: dict[str, int]) -> str:
    sent = nudges.get("sent", 0)
    retry = nudges.get("retry", 0)
    refused = nudges.get("refused", 0) + nudges.get("failed", 0)
    counts = [ngettext("{count} sent", "{count} sent", sent).format(count=sent)]
    if retry:
        counts.append(
            ngettext("{count} to try again", "{count} to try again", retry).format(count=retry)
        )
    if refused:
        counts.append(ngettext("{count} refused", "{count} refused", refused).format(count=refused))
    answers = [
        count_answers(number).format(count=number)
        for key, count_answers in _ANSWERS.items()
        if (number := nudges.get(f"answer:{key}", 0))
    ]
    if not answers:
        return _("• Quiet-member nudges (30 days): {counts}").format(counts=", ".join(counts))
    return _("• Quiet-member nudges (30 days): {counts}; answers: {answers}").format(
        counts=", ".join(counts), answers=", ".join(answers)
    )
