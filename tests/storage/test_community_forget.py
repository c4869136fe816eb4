"""`cohort community forget <platform> <id>`: the community and everything that cascades from
it are deleted, at once, and listed; another community is untouched; an unknown one is exit 1."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from tests.core.cli_support import run_cohort


def _community(db: sqlite3.Connection, platform: str, external_id: str) -> int:
    created = db.execute(
        "INSERT INTO communities (platform, external_id, timezone, created_at, "
        "starter_topic_index) VALUES (?, ?, 'UTC', '2026-01-05 08:00:00', 0)",
        (platform, external_id),
    )
    community_id = int(created.lastrowid or 0)
    for name in ("ada", "bo"):
        member = db.execute(
            "INSERT INTO members (community_id, external_id, display_name, joined_at) "
            "VALUES (?, ?, ?, '2026-01-05 08:00:00')",
            (community_id, f"{external_id}-{name}", name),
        )
        db.execute(
            "INSERT INTO member_interests (member_id, position, interest) VALUES (?, 0, 'rust')",
            (member.lastrowid,),
        )
    return community_id


def _count(db: sqlite3.Connection, table: str) -> int:
    return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_forget_deletes_the_community_and_what_cascades_and_says_so(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    shutil.copy(migrated_sqlite, tmp_path / "cohort.db")
    with sqlite3.connect(tmp_path / "cohort.db") as db:
        gone = _community(db, "slack", "TGONE")
        _community(db, "slack", "TSTAYS")

    result = run_cohort(tmp_path, "community", "forget", "slack", "TGONE")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"forgot the slack community TGONE (id {gone}):",
        "  2 member_interests",
        "  2 members",
    ]
    with sqlite3.connect(tmp_path / "cohort.db") as db:
        assert db.execute("SELECT external_id FROM communities").fetchall() == [("TSTAYS",)]
        assert _count(db, "members") == 2
        assert _count(db, "member_interests") == 2


def test_forgetting_an_unknown_community_changes_nothing_and_exits_1(
    tmp_path: Path, migrated_sqlite: Path
) -> None:
    shutil.copy(migrated_sqlite, tmp_path / "cohort.db")
    with sqlite3.connect(tmp_path / "cohort.db") as db:
        _community(db, "slack", "TSTAYS")

    result = run_cohort(tmp_path, "community", "forget", "slack", "TNOPE")

    assert result.returncode == 1
    assert result.stderr.strip() == "cohort community forget: no slack community TNOPE"
    with sqlite3.connect(tmp_path / "cohort.db") as db:
        assert _count(db, "communities") == 1
        assert _count(db, "members") == 2
