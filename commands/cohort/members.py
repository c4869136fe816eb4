"""`/cohort create`, `add`, `remove` and `follow`: a cohort and who is in it."""

from __future__ import annotations

from typing import Annotated

from bot.errors import UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Reply
from bot.platform import Capability, require
from bot.refs import ChannelRef, RoleRef, UserRef
from commands.cohort.common import CohortContext, Name
from commands.spec import command
from commands.types import ChannelMention, RoleOrMember


@command("cohort create", level=Level.HOST)
async def create_cohort(
    context: CohortContext,
    name: Annotated[str, "letters, digits and dashes"],
    channel: Annotated[ChannelMention, "its home channel"],
) -> Reply:
    """Create a cohort whose home is a channel."""
    cohort = await context.services.cohorts.create(context.community_id, name, channel.id)
    home = context.platform.mention(ChannelRef(context.platform.name, channel.id))
    return Reply.text(
        _(
            "Created the cohort {name}, at home in {channel}. Add people with "
            "/cohort add {name} <member or role>."
        ).format(name=cohort.name, channel=home)
    )


@command("cohort add", level=Level.HOST)
async def add_to_cohort(
    context: CohortContext,
    name: Name,
    who: Annotated[RoleOrMember, "a member, role or user group"],
) -> Reply:
    """Add a member, or everyone holding a role, to a cohort."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    if who.is_role:
        role = RoleRef(context.platform.name, who.id)
        await context.platform.role_members(context.community, role)  # an unknown role: refused
        added = await context.services.cohorts.set_role(cohort, who.id, True)
        shown = context.platform.mention(role)
        template = (
            _("Everyone holding {role} is now in {name}.")
            if added
            else _("{role} was already in {name}. Nothing was changed.")
        )
        return Reply.text(template.format(role=shown, name=cohort.name))
    member_id = await _member_here(context, who.id)
    added = await context.services.cohorts.set_listed(cohort, member_id, True)
    shown = context.platform.mention(UserRef(context.platform.name, who.id))
    template = (
        _("{member} is now in {name}.")
        if added
        else _("{member} was already in {name}. Nothing was changed.")
    )
    return Reply.text(template.format(member=shown, name=cohort.name))


async def _member_here(context: CohortContext, user_id: str) -> int:
    """Return the member's id; refuse someone the platform does not know in this community."""
    user = UserRef(context.platform.name, user_id)
    actor = await context.platform.member(context.community, user)
    if actor is None or actor.is_bot:
        raise UserFacingError(
            _("{member} is not a member here. Nothing was changed.").format(
                member=context.platform.mention(user)
            )
        )
    return (await context.services.members.resolve(context.community_id, actor)).id


@command("cohort remove", level=Level.HOST)
async def remove_from_cohort(
    context: CohortContext,
    name: Name,
    who: Annotated[RoleOrMember, "a member, role or user group"],
) -> Reply:
    """Take a member, or a role, out of a cohort."""
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    if who.is_role:
        shown = context.platform.mention(RoleRef(context.platform.name, who.id))
        if not await context.services.cohorts.set_role(cohort, who.id, False):
            raise UserFacingError(
                _("{role} is not one of {name}'s roles. Nothing was changed.").format(
                    role=shown, name=cohort.name
                )
            )
        return Reply.text(_("{role} is no longer in {name}.").format(role=shown, name=cohort.name))
    shown = context.platform.mention(UserRef(context.platform.name, who.id))
    member_id = await _known_id(context, who.id)
    removed = member_id is not None and await context.services.cohorts.set_listed(
        cohort, member_id, False
    )
    if not removed:
        raise UserFacingError(
            _("{member} is not listed in {name}. Nothing was changed.").format(
                member=shown, name=cohort.name
            )
        )
    return Reply.text(
        _("{member} is no longer listed in {name}.").format(member=shown, name=cohort.name)
    )


async def _known_id(context: CohortContext, user_id: str) -> int | None:
    try:
        return await context.services.members.find_id(context.community_id, user_id)
    except UserFacingError:
        return None


@command("cohort follow", level=Level.HOST)
async def follow_home(context: CohortContext, name: Name) -> Reply:
    """Slack: the cohort's members are its home channel's members, kept in step."""
    require(context.platform, Capability.CHANNEL_MEMBERSHIP)
    cohort = await context.services.cohorts.find_active(context.community_id, name)
    home = context.platform.mention(ChannelRef(context.platform.name, cohort.home_channel))
    if not await context.services.cohorts.follow(cohort):
        return Reply.text(
            _("{name} already follows {channel}. Nothing was changed.").format(
                name=cohort.name, channel=home
            )
        )
    return Reply.text(
        _(
            "{name} now follows {channel}: whoever joins it from now on is in the cohort, "
            "whoever leaves it is out. People already in the channel are not counted until "
            "they join again; add them with /cohort add."
        ).format(name=cohort.name, channel=home)
    )
