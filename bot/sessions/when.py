"""Reading a session's moment and length as a host writes them, in the community's zone."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.durations import parse_duration
from bot.errors import UserFacingError
from bot.i18n import _, formats
from bot.sessions.model import DEFAULT_LENGTH, MAX_EVERY_WEEKS, MAX_LENGTH

USAGE_REST = "[duration] [every <n> weeks]"


def local_start(day: date, at: time, zone: str, now: datetime) -> datetime:
    """Return the UTC moment of `day` `at` in `zone`; refuse a skipped or a past time."""
    tz = ZoneInfo(zone)
    wall = datetime.combine(day, at)
    local = wall.replace(tzinfo=tz)
    # A wall time inside a spring-forward gap does not survive the round trip through UTC.
    if local.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != wall:
        raise UserFacingError(
            _(
                "{day} {at} does not exist in {zone}: the clocks skip that hour for daylight "
                "saving time. Pick a time outside the skipped hour. Nothing was changed."
            ).format(day=formats.day(day), at=formats.clock_time(at), zone=zone)
        )
    moment = local.astimezone(UTC)
    if moment <= now:
        raise UserFacingError(
            _("{day} {at} in {zone} has already passed. Nothing was changed.").format(
                day=formats.day(day), at=formats.clock_time(at), zone=zone
            )
        )
    return moment


def length_and_cadence(rest: str | None) -> tuple[timedelta, int | None]:
    """Read what follows the time: an optional length (`90m`, `2h`) and `every <n> weeks`.

    Without `every` the session happens once (this is not the topic schedule's reader, which
    defaults to weekly).
    """
    words = (rest or "").lower().split()
    length = DEFAULT_LENGTH
    if words and words[0] != "every":
        length = _length(words.pop(0))
    if not words:
        return length, None
    return length, _every(words)


def _length(word: str) -> timedelta:
    try:
        length = parse_duration(word)
    except ValueError:
        raise _rest_error() from None
    if not timedelta(minutes=5) <= length <= MAX_LENGTH:
        raise UserFacingError(
            _("A session lasts from 5 minutes to 12 hours, like 90m or 2h. Nothing was changed.")
        )
    return length


def _every(words: list[str]) -> int:
    if words[0] != "every" or len(words) > 3:
        raise _rest_error()
    numbers = words[1:]
    if numbers and numbers[-1] in ("week", "weeks"):
        numbers = numbers[:-1]
    if not numbers:
        return 1
    if len(numbers) != 1 or not (numbers[0].isascii() and numbers[0].isdigit()):
        raise _rest_error()
    every = int(numbers[0])
    if not 1 <= every <= MAX_EVERY_WEEKS:
        raise UserFacingError(
            _("A session repeats every 1 to {most} weeks. Nothing was changed.").format(
                most=MAX_EVERY_WEEKS
            )
        )
    return every


def _rest_error() -> UserFacingError:
    return UserFacingError(
        _(
            "After the time, write an optional length and an optional cadence, like: "
            "90m every 2 weeks. Nothing was changed."
        )
    )
