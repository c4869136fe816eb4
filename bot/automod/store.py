"""Reading and writing a community's automatic filters in the database."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.automod.model import (
    Action,
    AutomodRules,
    ExemptionKind,
    FilterConfig,
    FilterName,
    StaffLevels,
)
from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.storage.database import insert_for
from bot.storage.models import (
    AutomodDomain,
    AutomodExemption,
    AutomodFilter,
    AutomodPattern,
    AutomodTerm,
    Member,
    RoleLevel,
)


async def load(connection: AsyncConnection, community_id: int) -> tuple[AutomodRules, StaffLevels]:
    """Return a community's rules, and what makes its members staff, in one read."""
    filters = await connection.execute(
        select(AutomodFilter).where(AutomodFilter.community_id == community_id)
    )
    terms = await connection.execute(
        select(AutomodTerm.term)
        .where(AutomodTerm.community_id == community_id)
        .order_by(AutomodTerm.id)
    )
    patterns = await connection.execute(
        select(AutomodPattern.pattern)
        .where(AutomodPattern.community_id == community_id)
        .order_by(AutomodPattern.id)
    )
    domains = await connection.execute(
        select(AutomodDomain.domain).where(AutomodDomain.community_id == community_id)
    )
    exemptions = await connection.execute(
        select(AutomodExemption.kind, AutomodExemption.external_id).where(
            AutomodExemption.community_id == community_id
        )
    )
    exempt = {kind: set[str]() for kind in ExemptionKind}
    for kind, external_id in exemptions:
        exempt[ExemptionKind(kind)].add(external_id)
    rules = AutomodRules(
        terms=tuple(terms.scalars()),
        patterns=tuple(patterns.scalars()),
        allowed_domains=frozenset(domains.scalars()),
        filters={FilterName(row.filter): _config(row) for row in filters},
        exempt_channels=frozenset(exempt[ExemptionKind.CHANNEL]),
        exempt_roles=frozenset(exempt[ExemptionKind.ROLE]),
    )
    return rules, await _staff(connection, community_id)


async def _staff(connection: AsyncConnection, community_id: int) -> StaffLevels:
    roles = await connection.execute(
        select(RoleLevel.role_external_id, RoleLevel.level).where(
            RoleLevel.community_id == community_id
        )
    )
    members = await connection.execute(
        select(Member.external_id, Member.level_override).where(
            Member.community_id == community_id, Member.level_override.is_not(None)
        )
    )
    return StaffLevels(
        roles={role: Level(level) for role, level in roles},
        members={member: Level(level) for member, level in members if level is not None},
    )


def _config(row: Any) -> FilterConfig:
    return FilterConfig(
        enabled=bool(row.enabled),
        action=Action(row.action),
        threshold=row.threshold,
        window_seconds=row.window_seconds,
        timeout=timedelta(seconds=row.timeout_seconds),
    )


async def save_filter(
    session: AsyncSession, community_id: int, name: FilterName, config: FilterConfig
) -> None:
    """Store one filter's settings (insert or replace)."""
    values = {
        "enabled": config.enabled,
        "action": config.action.value,
        "threshold": config.threshold,
        "window_seconds": config.window_seconds,
        "timeout_seconds": int(config.timeout.total_seconds()),
    }
    insert = insert_for(session)(AutomodFilter).values(
        community_id=community_id, filter=name.value, **values
    )
    await session.execute(
        insert.on_conflict_do_update(
            index_elements=[AutomodFilter.community_id, AutomodFilter.filter], set_=values
        )
    )


async def add_row(
    session: AsyncSession, model: Any, community_id: int, limit: int, refusal: str, **values: str
) -> bool:
    """Add a term, pattern, domain or exemption; return False if it was already there.

    Past `limit` rows, raise UserFacingError with `refusal` (what the moderator is told).
    """
    count = await session.scalar(
        select(func.count()).select_from(model).where(model.community_id == community_id)
    )
    insert = insert_for(session)(model).values(community_id=community_id, **values)
    added = await session.execute(insert.on_conflict_do_nothing().returning(model.id))
    if added.first() is None:
        return False
    if (count or 0) >= limit:
        raise UserFacingError(refusal)
    return True


async def remove_row(session: AsyncSession, model: Any, community_id: int, **values: str) -> bool:
    """Remove a term, pattern, domain or exemption; return whether it was there."""
    conditions = [getattr(model, name) == value for name, value in values.items()]
    removed = await session.execute(
        delete(model).where(model.community_id == community_id, *conditions).returning(model.id)
    )
    return removed.first() is not None


async def pattern_by_number(session: AsyncSession, community_id: int, number: int) -> str:
    """Return the regex rule shown as `number` (from 1), or raise NotFoundError."""
    patterns = list(
        (
            await session.execute(
                select(AutomodPattern.pattern)
                .where(AutomodPattern.community_id == community_id)
                .order_by(AutomodPattern.id)
            )
        ).scalars()
    )
    if not 1 <= number <= len(patterns):
        if not patterns:
            raise NotFoundError(_("There are no regex rules; add one with /automod regex add."))
        raise NotFoundError(
            _("There is no regex rule {number}; the rules are 1 to {last}.").format(
                number=number, last=len(patterns)
            )
        )
    return patterns[number - 1]
