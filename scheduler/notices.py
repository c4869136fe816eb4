"""What the scheduler tells the hosts: a post that did not happen, was given up, or was missed.

Each notice is one whole sentence in the catalogue, with a variant for a post that has no
channel (buddy pairing is the community's, not a channel's) and, for missed posts, one that
counts the earlier ones missed with it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import DBAPIError

from bot.errors import PlatformError
from bot.i18n import N_, _, formats, ngettext
from bot.pairing.service import PAIRING_CHANNEL, PAIRING_SCHEDULE
from bot.participation import DIGEST_SCHEDULE
from bot.platform import Platform
from bot.refs import ChannelRef
from bot.shared.schedules import ScheduleInfo
from bot.thanks import THANKS_SCHEDULE
from bot.topics import TOPIC_SCHEDULE

KIND_LABELS = {
    # TRANSLATORS: a kind of scheduled post, in "The {kind} post due ... did not happen".
    TOPIC_SCHEDULE: N_("topic"),
    # TRANSLATORS: a kind of scheduled post (a buddy pairing round), in "The {kind} post due ...".
    PAIRING_SCHEDULE: N_("pairing"),
    # TRANSLATORS: a kind of scheduled post (the hosts' weekly figures), in "The {kind} post ...".
    DIGEST_SCHEDULE: N_("digest"),
    # TRANSLATORS: a kind of scheduled post (who was thanked this week), in "The {kind} post ...".
    THANKS_SCHEDULE: N_("thanks"),
}
"""Each schedule kind as the hosts' notices name it (the stored kind is a code, not a word)."""


def kind_label(kind: str) -> str:
    """Return a schedule kind as a word in the current language (an unknown kind as stored)."""
    label = KIND_LABELS.get(kind)
    return kind if label is None else _(label)


@dataclass(frozen=True, slots=True)
class PostDue:
    """An occurrence as the hosts read it: its kind, local due time and zone, and channel."""

    kind: str
    time: str
    zone: str
    channel: str | None  # a mention; None for a post that is the community's (pairing)

    def values(self) -> dict[str, str]:
        """Return the placeholders every notice about this post fills."""
        channel = self.channel or ""
        kind = kind_label(self.kind)
        return {"kind": kind, "time": self.time, "zone": self.zone, "channel": channel}


def post_due(info: ScheduleInfo, due: datetime, platform: Platform) -> PostDue:
    """Describe an occurrence by its local due time and its channel (a mention, for the hosts),
    in the current language."""
    zone = info.rule.zone
    local = formats.moment_in(due, zone)
    if info.channel_id == PAIRING_CHANNEL:
        return PostDue(info.kind, local, zone, None)
    channel = platform.mention(ChannelRef(info.platform, info.channel_id))
    return PostDue(info.kind, local, zone, channel)


def did_not_happen(post: PostDue, reason: str) -> str:
    """Return the notice for a post a host must fix before it can happen."""
    if post.channel is None:
        text = _("The {kind} post due {time} ({zone}) did not happen: {reason}")
    else:
        text = _("The {kind} post due {time} ({zone}) in {channel} did not happen: {reason}")
    return text.format(**post.values(), reason=reason)


def given_up(post: PostDue, attempts: int, reason: str) -> str:
    """Return the notice for a post that kept failing until the scheduler gave it up."""
    if post.channel is None:
        text = ngettext(
            "The {kind} post due {time} ({zone}) failed {count} time and was given up: {reason}",
            "The {kind} post due {time} ({zone}) failed {count} times and was given up: {reason}",
            attempts,
        )
    else:
        text = ngettext(
            "The {kind} post due {time} ({zone}) in {channel} failed {count} time and was given "
            "up: {reason}",
            "The {kind} post due {time} ({zone}) in {channel} failed {count} times and was "
            "given up: {reason}",
            attempts,
        )
    return text.format(**post.values(), count=attempts, reason=reason)


def missed(post: PostDue, earlier: int, grace: timedelta, *, started: bool) -> str:
    """Return the notice for a post skipped as too late, with how many `earlier` went with it.

    `started`: it was claimed but never finished (a crash), rather than missed while down.
    """
    values = {**post.values(), "count": earlier, "grace": _grace(grace)}
    if started:
        return _never_finished(post, earlier).format(**values)
    return _missed_while_down(post, earlier).format(**values)


def _missed_while_down(post: PostDue, earlier: int) -> str:
    if post.channel is None and not earlier:
        return _(
            "The {kind} post due {time} ({zone}) was missed while the bot was not running, more "
            "than {grace} ago, so it was skipped rather than posted late."
        )
    if post.channel is None:
        return ngettext(
            "The {kind} post due {time} ({zone}) (and {count} earlier) was missed while the bot "
            "was not running, more than {grace} ago, so it was skipped rather than posted late.",
            "The {kind} post due {time} ({zone}) (and {count} earlier) was missed while the bot "
            "was not running, more than {grace} ago, so it was skipped rather than posted late.",
            earlier,
        )
    if not earlier:
        return _(
            "The {kind} post due {time} ({zone}) in {channel} was missed while the bot was not "
            "running, more than {grace} ago, so it was skipped rather than posted late."
        )
    return ngettext(
        "The {kind} post due {time} ({zone}) in {channel} (and {count} earlier) was missed while "
        "the bot was not running, more than {grace} ago, so it was skipped rather than posted "
        "late.",
        "The {kind} post due {time} ({zone}) in {channel} (and {count} earlier) was missed while "
        "the bot was not running, more than {grace} ago, so it was skipped rather than posted "
        "late.",
        earlier,
    )


def _never_finished(post: PostDue, earlier: int) -> str:
    if post.channel is None and not earlier:
        return _(
            "The {kind} post due {time} ({zone}) was started but never finished, more than "
            "{grace} ago, so it was skipped rather than posted late."
        )
    if post.channel is None:
        return ngettext(
            "The {kind} post due {time} ({zone}) (and {count} earlier) was started but never "
            "finished, more than {grace} ago, so it was skipped rather than posted late.",
            "The {kind} post due {time} ({zone}) (and {count} earlier) was started but never "
            "finished, more than {grace} ago, so it was skipped rather than posted late.",
            earlier,
        )
    if not earlier:
        return _(
            "The {kind} post due {time} ({zone}) in {channel} was started but never finished, "
            "more than {grace} ago, so it was skipped rather than posted late."
        )
    return ngettext(
        "The {kind} post due {time} ({zone}) in {channel} (and {count} earlier) was started but "
        "never finished, more than {grace} ago, so it was skipped rather than posted late.",
        "The {kind} post due {time} ({zone}) in {channel} (and {count} earlier) was started but "
        "never finished, more than {grace} ago, so it was skipped rather than posted late.",
        earlier,
    )


def reason(error: Exception) -> str:
    """Return why an attempt failed in one line for the hosts: no SQL, no traceback."""
    if isinstance(error, PlatformError):
        return str(error)
    cause = error.orig if isinstance(error, DBAPIError) else error
    first_line = next(iter(str(cause).splitlines()), "")[:200]
    return _("an error inside the bot ({error}: {detail})").format(
        error=type(cause).__name__, detail=first_line
    )


def _grace(span: timedelta) -> str:
    hours = span.total_seconds() / 3600
    if hours.is_integer():
        return ngettext("{count} hour", "{count} hours", int(hours)).format(count=int(hours))
    return _("{hours} hours").format(hours=formats.number(hours))
