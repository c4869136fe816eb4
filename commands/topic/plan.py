"""`/topic plan`: a cohort's term week by week — its posts, their topics, breaks, missed pins.

The plan starts at the current week (the weeks already over are counted in one line) and is
cut into pages that fit a message (a 52-week term is a few pages), each with the warnings.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from bot.i18n import _, formats, ngettext
from bot.levels import Level
from bot.messages import Reply
from bot.refs import ChannelRef
from bot.topics import TOPIC_SCHEDULE, Source
from bot.topics.plan import MissedPin, Plan, PlannedPost, PlannedWeek, build_plan
from commands.arguments import past_the_last_page, shortened
from commands.spec import command
from commands.topic.common import TopicContext, saying, scope_here, term_of

PAGE_BUDGET = 1200
"""Characters of week lines a page holds: with the heading and warnings, within Discord's 2000."""
TOPIC_SHOWN = 60
MAX_WARNINGS = 4


@command("topic plan", level=Level.HOST, read_only=True)
async def show_plan(
    context: TopicContext, page: Annotated[int | None, "page number, from 1"] = None
) -> Reply:
    """Show the cohort's term week by week: posts, topics, breaks and missed pins."""
    scope = await scope_here(context)
    services, community_id = context.services, context.community_id
    with saying(scope):
        cohort, term = term_of(scope)
        schedules = await services.schedules.for_scope(community_id, cohort.id, TOPIC_SCHEDULE)
        zone = await services.communities.timezone(community_id)
        plan = build_plan(
            term,
            await services.breaks.list(community_id),
            [(info.channel_id, info.rule) for info in schedules],
            zone,
            services.clock.now(),
            await services.topics.bank_state(community_id, cohort.id),
        )
        pages = _pages([_week_lines(context, week) for week in plan.weeks])
        number = page or 1
        if not 1 <= number <= len(pages):
            raise past_the_last_page(len(pages))
    lines = [_heading(plan, zone)]
    if number == 1:
        lines += _before_the_weeks(plan, has_schedules=bool(schedules))
    lines += pages[number - 1]
    lines += _warnings(plan.missed)
    if len(pages) > 1:
        lines.append(
            _("Page {number} of {pages}: /topic plan <page> shows another.").format(
                number=number, pages=len(pages)
            )
        )
    return Reply.text(scope.says("\n".join(lines)))


def _heading(plan: Plan, zone: str) -> str:
    return ngettext(
        "Term plan: {count} week from {start} to {end}, times in {zone}.",
        "Term plan: {count} weeks from {start} to {end}, times in {zone}.",
        plan.term.weeks,
    ).format(
        count=plan.term.weeks,
        start=formats.day(plan.term.start),
        end=formats.day(plan.last_day),
        zone=zone,
    )


def _before_the_weeks(plan: Plan, *, has_schedules: bool) -> list[str]:
    lines = []
    if not has_schedules:
        lines.append(
            _(
                "No topics are scheduled for this cohort: add a schedule with /topic schedule "
                "<channel> <weekday> <HH:MM> in its home channel."
            )
        )
    if plan.past_weeks:
        lines.append(
            ngettext(
                "{count} week of the term is over.",
                "{count} weeks of the term are over.",
                plan.past_weeks,
            ).format(count=plan.past_weeks)
        )
    if not plan.weeks:
        lines.append(_("The term ended on {end}.").format(end=formats.day(plan.last_day)))
    return lines


def _pages(weeks: list[list[str]]) -> list[list[str]]:
    """Cut the weeks' lines into pages of at most `PAGE_BUDGET` characters (a week or more)."""
    pages: list[list[str]] = [[]]
    used = 0
    for lines in weeks:
        size = sum(len(line) + 1 for line in lines)
        if pages[-1] and used + size > PAGE_BUDGET:
            pages.append([])
            used = 0
        pages[-1].extend(lines)
        used += size
    return pages


def _week_lines(context: TopicContext, week: PlannedWeek) -> list[str]:
    last = week.first_day + timedelta(days=6)
    dates = {"first": formats.day(week.first_day), "last": formats.day(last)}
    if week.number is None:
        return [_("{first} to {last}: break").format(**dates)]
    if not week.posts and week.posted is None:
        return [
            _("Week {number}, {first} to {last}: no post scheduled").format(
                number=week.number, **dates
            )
        ]
    lines = [_("Week {number}, {first} to {last}:").format(number=week.number, **dates)]
    if week.posted is not None:
        lines.append("  " + _("posted: {topic}").format(topic=shortened(week.posted, TOPIC_SHOWN)))
    lines += ["  " + _post_line(context, post) for post in week.posts]
    return lines


def _post_line(context: TopicContext, post: PlannedPost) -> str:
    when = f"{formats.weekday(post.at, short=True)} {formats.moment(post.at)}"
    channel = context.platform.mention(ChannelRef(context.platform.name, post.channel_id))
    if post.text is None:
        return _("{when} in {channel}: nothing to post, the bank is empty").format(
            when=when, channel=channel
        )
    topic = shortened(post.text, TOPIC_SHOWN)
    if post.source is Source.PIN:
        template = _("{when} in {channel}: {topic} (pinned)")
    elif post.source is Source.COMMUNITY:
        template = _("{when} in {channel}: {topic} (from the community's bank)")
    elif post.source is Source.STARTER:
        template = _("{when} in {channel}: {topic} (a starter prompt)")
    else:
        template = _("{when} in {channel}: {topic}")
    return template.format(when=when, channel=channel, topic=topic)


def _warnings(missed: tuple[MissedPin, ...]) -> list[str]:
    lines = [_warning(pin) for pin in missed[:MAX_WARNINGS]]
    more = len(missed) - MAX_WARNINGS
    if more > 0:
        lines.append(
            ngettext(
                "⚠ {count} more pin will not be posted.",
                "⚠ {count} more pins will not be posted.",
                more,
            ).format(count=more)
        )
    return lines


def _warning(pin: MissedPin) -> str:
    if pin.beyond_term:
        return _(
            "⚠ Topic {number} is pinned to week {week}, after the term's last week: it will "
            "not be posted."
        ).format(number=pin.topic_id, week=pin.week)
    return _(
        "⚠ Topic {number} is pinned to week {week}, but no scheduled post falls in that week: "
        "it will not be posted."
    ).format(number=pin.topic_id, week=pin.week)
