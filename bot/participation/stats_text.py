"""The participation figures as text: the same lines in `/stats` and in the weekly digest."""

from __future__ import annotations

from bot.participation.figures import describe_duration, gini, monopolized, top_share
from bot.participation.stats import Figures

NOT_YET = "not available yet"
OUTCOME_NAMES = {
    "fine": "just reading",
    "snooze": "snoozed",
    "pair": "asked for a buddy",
    "host": "asked for a host",
}


def render(figures: Figures, title: str) -> str:
    """Return the figures as a few short lines under `title`, naming members as `@name`.

    Names, not platform mentions: the digest is a post in the hosts channel, and a mention
    there would notify the members it lists (on Slack every mention notifies).
    """
    lines = [title, *_people(figures), *_balance(figures), *_topics(figures), *_other(figures)]
    return "\n".join(lines)


def _people(f: Figures) -> list[str]:
    intro = NOT_YET if f.intro_pending is None else str(f.intro_pending)
    first = (
        f"median {describe_duration(f.first_post_median)} ({f.first_post_count} members)"
        if f.first_post_median is not None
        else "no first posts yet"
    )
    return [
        f"• Active members: {f.active_7} in 7 days, {f.active_30} in 30 days (of {f.members})",
        f"• Never posted: {f.never_posted}",
        f"• New members without an intro: {intro}",
        f"• Time to first post: {first}",
    ]


def _balance(f: Figures) -> list[str]:
    values = f.messages_by_member
    if not values:
        return ["• Participation balance: no messages in the last 30 days"]
    line = (
        f"• Participation balance (30 days, {len(values)} posters, {sum(values)} messages): "
        f"top 10 % wrote {top_share(values):.0%}, Gini {gini(values):.2f}"
    )
    if monopolized(values):
        line += " ⚠ a few members dominate the conversation; consider inviting others in"
    return [line]


def _topics(f: Figures) -> list[str]:
    lines = [
        f"• Unanswered posts (questions with no reply within 24 hours, 30 days): "
        f"{f.unanswered} of {f.questions}"
    ]
    if not f.threads:
        lines.append("• Topic threads: none posted yet")
    for thread in f.threads:
        day = thread.posted_at.date().isoformat()
        title = thread.text if len(thread.text) <= 60 else thread.text[:57] + "..."
        lines.append(
            f"• Topic {day} “{title}”: {thread.replies} replies from {thread.responders} members"
        )
    if f.non_responder_count:
        more = f.non_responder_count - len(f.non_responders)
        names = ", ".join(f"@{name}" for name in f.non_responders)
        names += f" and {more} more" if more else ""
        lines.append(f"• Active but not in the last two topic threads: {names}")
    return lines


def _other(f: Figures) -> list[str]:
    if not f.pairing_known:
        pairing = NOT_YET
    elif f.pairing_rate is None:
        pairing = "no pairing rounds yet"
    else:
        pairing = f"{f.pairing_rate:.0%} of pairs met"
    sent = f.nudges.get("sent", 0)
    answers = [
        f"{f.nudges[f'answer:{key}']} {name}"
        for key, name in OUTCOME_NAMES.items()
        if f.nudges.get(f"answer:{key}")
    ]
    unsent = [
        f"{count} {name}"
        for count, name in (
            (f.nudges.get("retry", 0), "to try again"),
            (f.nudges.get("refused", 0) + f.nudges.get("failed", 0), "refused"),
        )
        if count
    ]
    nudges = ", ".join([f"{sent} sent", *unsent])
    nudges += f"; answers: {', '.join(answers)}" if answers else ""
    return [f"• Pairing meeting rate: {pairing}", f"• Quiet-member nudges (30 days): {nudges}"]
