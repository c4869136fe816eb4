"""Row ids for `column IN (...)` over thousands of ids: a bound list, or a subquery.

Binding each id as its own parameter makes a query's text grow with the list (and SQLite caps
the number of parameters); one array (PostgreSQL) or one JSON text (SQLite) keeps the query the
same whatever the list's length, so the database plans it once. When the ids are rows of a
table anyway (a cohort's listed members), `IdQuery` names them by a subquery instead: nothing
is read into Python, sorted and bound again for every statement, and the database reads them
through its own index. `only_among` joins a query to those rows rather than testing each row
against them: SQLite then walks the rows' index once instead of first building a list of
them (a cohort of 10,000 of 12,000 members counted in 2 ms instead of 7).

A query that also tests a column with an index of its own (the community's members) may still
be planned from that index, each row then probed against the ids: `unindexed` and `led_by`
keep such an index out of the plan, so the given rows lead (a cohort's median first-post wait
in 6 ms instead of 12, its pending intros in 2 ms instead of 5).
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import dataclass
from typing import TypeVar

from sqlalchemy import ColumnElement, Integer, Select, bindparam, func, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression


@dataclass(frozen=True, slots=True)
class IdQuery:
    """Row ids chosen by a query (one integer column, each id at most once: a join to it must
    not repeat rows), rendered as a subquery where used.

    Select the table's columns (`Model.__table__.c`), not the mapped class's attributes: the
    statements that share one `IdQuery` keep the same cache keys whichever is compiled first
    (an ORM select is changed by the first compile, and the others then miss the cache)."""

    select: Select[int]


Ids = Collection[int] | IdQuery
"""Row ids, listed or chosen by a query: what `among` takes."""

Query = TypeVar("Query", bound=Select)


def id_list(connection: AsyncConnection, ids: Collection[int]) -> Select[tuple[int]]:
    """Return a subquery of `ids`, bound as one array (PostgreSQL) or JSON text (SQLite)."""
    values = sorted(ids)
    if connection.dialect.name == "postgresql":
        array = bindparam("ids", values, type_=postgresql.ARRAY(Integer), unique=True)
        return select(func.unnest(array))
    table = func.json_each(bindparam("ids", json.dumps(values), unique=True))
    return select(table.table_valued("value").c.value)


def among(
    connection: AsyncConnection,
    column: ColumnElement[int] | InstrumentedAttribute[int],
    ids: Ids | None,
) -> list[ColumnElement[bool]]:
    """Return the condition "`column` is one of `ids`" as a list; none when `ids` is None (all)."""
    if ids is None:
        return []
    if isinstance(ids, IdQuery):
        return [column.in_(ids.select)]
    return [column.in_(id_list(connection, ids))]


def only_among(
    connection: AsyncConnection,
    query: Query,
    column: ColumnElement[int] | InstrumentedAttribute[int],
    ids: Ids | None,
) -> Query:
    """Return `query` keeping only rows whose `column` is one of `ids` (all when None): joined
    to the rows of an `IdQuery`, else `among`'s condition."""
    if isinstance(ids, IdQuery):
        rows = ids.select.subquery()
        (key,) = rows.c
        return query.join(rows, key == column)
    return query.where(*among(connection, column, ids))


def unindexed(column: ColumnElement[int] | InstrumentedAttribute[int]) -> ColumnElement[int]:
    """Return `+column`: the same value, which SQLite will not look up through an index (its
    documented way to keep an index out of a plan); PostgreSQL reads it as the value too."""
    element = column if isinstance(column, ColumnElement) else column.expression
    return UnaryExpression(element, operator=operators.custom_op("+"), type_=Integer())


def led_by(
    column: ColumnElement[int] | InstrumentedAttribute[int], value: int, ids: Ids | None
) -> ColumnElement[bool]:
    """Return the condition "`column` is `value`", through `column`'s index only when no ids
    are given: given ids (a cohort's members) lead the plan instead of being probed."""
    return column == value if ids is None else unindexed(column) == value


def probed(
    connection: AsyncConnection,
    column: ColumnElement[int] | InstrumentedAttribute[int],
    ids: Ids | None,
) -> list[ColumnElement[bool]]:
    """Return the condition "`column` is one of `ids`" as a list (none when None), tested on
    each row as another index reads it: an `IdQuery` as a correlated EXISTS through its own
    index. For reads that a narrower index leads (a few recent days of a community's activity:
    about a thousand rows), where walking every id (ten thousand) would cost more."""
    if not isinstance(ids, IdQuery):
        return among(connection, unindexed(column), ids)
    (key,) = ids.select.selected_columns
    return [ids.select.where(key == column).exists()]
