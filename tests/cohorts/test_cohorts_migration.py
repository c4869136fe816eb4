"""Migration 0014 adds the registry to a database seeded at 0013 (SQLite and PostgreSQL): the
existing rows stay, names are unique per community in any case, and members cascade away."""

from __future__ import annotations

import pytest
from sqlalchemy import delete, func, insert, select
from sqlalchemy.exc import IntegrityError

from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Cohort, CohortMember, CohortRole, Member
from tests.pairing.history_support import START, community_with_members

BEFORE_COHORTS = "0013"


async def test_upgrading_keeps_members_and_adds_the_registry(empty_database: Database) -> None:
    await migrate.upgrade(empty_database, BEFORE_COHORTS)
    async with empty_database.writing() as connection:
        community, member_ids = await community_with_members(connection, "seeded", 3)

    await migrate.upgrade(empty_database)

    async with empty_database.writing() as connection:
        cohort_id = (
            await connection.execute(
                insert(Cohort)
                .values(
                    community_id=community,
                    name="Spring",
                    name_key="spring",
                    home_channel_external_id="c1",
                    created_at=START,
                )
                .returning(Cohort.id)
            )
        ).scalar_one()
        await connection.execute(
            insert(CohortMember),
            [{"cohort_id": cohort_id, "member_id": m, "listed": True} for m in member_ids],
        )
        await connection.execute(
            insert(CohortRole).values(cohort_id=cohort_id, role_external_id="R")
        )
        await connection.execute(delete(Member).where(Member.id == member_ids[0]))
        followed = (await connection.execute(select(Cohort.followed))).scalar_one()
        left = (await connection.execute(select(func.count()).select_from(CohortMember))).scalar()
    assert followed is False
    assert left == 2  # the deleted member's row went with them
    with pytest.raises(IntegrityError):
        async with empty_database.writing() as connection:
            await connection.execute(
                insert(Cohort).values(
                    community_id=community,
                    name="SPRING",
                    name_key="spring",
                    home_channel_external_id="c2",
                    created_at=START,
                )
            )
