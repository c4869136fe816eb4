"""A cohort's member query, shared by the statements of one `/stats`, keeps their cache keys
whichever of them is compiled first (else each order compiles them anew: 2 to 45 ms a miss)."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.dialects import sqlite
from sqlalchemy.ext.asyncio import AsyncConnection

from bot.cohorts.store import member_query
from bot.storage.id_lists import IdQuery, among, only_among
from bot.storage.models import Member, Question


class _Sqlite:
    """What `among` asks of a connection: its dialect."""

    dialect = sqlite.dialect()


CONNECTION: AsyncConnection = _Sqlite()  # type: ignore[assignment]


def _joined(ids: IdQuery) -> Select[tuple[int]]:
    return only_among(CONNECTION, select(func.count()).select_from(Member), Member.id, ids)


def _tested(ids: IdQuery) -> Select[tuple[int]]:
    query = select(func.count()).select_from(Question)
    return query.where(*among(CONNECTION, Question.member_id, ids))


def test_compiling_one_statement_leaves_the_others_keys_alone() -> None:
    untouched = IdQuery(member_query(7))
    expected = (_joined(untouched)._generate_cache_key(), _tested(untouched)._generate_cache_key())
    shared = IdQuery(member_query(7))
    for statement in (_joined(shared), _tested(shared)):
        statement.compile(dialect=sqlite.dialect())
        keys = (_joined(shared)._generate_cache_key(), _tested(shared)._generate_cache_key())
        assert [key.key if key else None for key in keys] == [
            key.key if key else None for key in expected
        ]
