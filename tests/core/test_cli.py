"""The `cohort` command end to end, as a subprocess: version, settings, database, run, signals."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from bot import __version__
from tests.core.cli_support import cohort_environment, json_lines, run_cohort


def test_version(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"cohort {__version__}"


def test_invalid_setting_stops_start_up_with_one_line(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "check", COHORT_TIMEZONE="Moon/Base")
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "cohort: invalid setting COHORT_TIMEZONE: 'Moon/Base' is not an IANA time zone "
        "(for example Europe/Berlin)"
    ]


def test_invalid_setting_in_dotenv_is_named_too(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("COHORT_LOG_LEVEL=chatty\n")
    result = run_cohort(tmp_path, "check")
    assert result.returncode == 2
    assert "invalid setting COHORT_LOG_LEVEL" in result.stderr


def test_check_never_creates_the_database_and_says_how_to(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "check")
    assert result.returncode == 1
    assert not (tmp_path / "cohort.db").exists()
    assert result.stdout.splitlines()[-1] == (
        f"database: none yet at {tmp_path / 'cohort.db'}; create it with `cohort db upgrade`"
    )


def test_check_reports_pending_migrations_then_db_upgrade_fixes_them(tmp_path: Path) -> None:
    sqlite3.connect(tmp_path / "cohort.db").close()  # an empty database: no migrations yet
    before = run_cohort(tmp_path, "check")
    assert before.returncode == 1
    assert "migrations: behind" in before.stdout
    upgrade = run_cohort(tmp_path, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    assert "database is at revision" in upgrade.stdout
    after = run_cohort(tmp_path, "check")
    assert after.returncode == 0, after.stdout
    assert "database: reachable" in after.stdout
    assert "migrations: current" in after.stdout


def test_check_says_when_the_database_is_unreachable(tmp_path: Path) -> None:
    # Port 9 (discard) on loopback: nothing listens there, so the connection is refused.
    url = "postgresql+asyncpg://nobody:hunter2@127.0.0.1:9/none"
    result = run_cohort(tmp_path, "check", COHORT_DATABASE_URL=url)
    assert result.returncode == 1
    assert "database: unreachable" in result.stdout
    assert "hunter2" not in result.stdout + result.stderr


def test_run_without_a_token_explains_and_starts_the_console(tmp_path: Path) -> None:
    result = run_cohort(tmp_path, "run", stdin="@ana: /guidelines\n")
    assert result.returncode == 0, result.stderr
    assert "No platform token is configured" in result.stderr
    assert "DISCORD_TOKEN" in result.stderr
    assert "#general @ana: /guidelines" in result.stdout
    assert "ephemeral @ana: This community has no written guidelines yet" in result.stdout


def test_run_when_slack_cannot_be_reached_says_so_without_the_token(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path,
        "run",
        SLACK_BOT_TOKEN="xoxb-very-secret-value",
        SLACK_APP_TOKEN="xapp-secret",
        SLACK_API_URL="http://127.0.0.1:9/api/",  # the discard port: nothing listens
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()
    assert line.startswith("cohort: could not reach Slack: Cannot connect to host 127.0.0.1:9")
    assert "very-secret-value" not in result.stderr + result.stdout
    assert "xapp-secret" not in result.stderr + result.stdout


def test_run_when_discord_cannot_be_reached_says_so_in_one_line(tmp_path: Path) -> None:
    result = run_cohort(
        tmp_path,
        "run",
        DISCORD_TOKEN="MTIz.very-secret.value",
        DISCORD_API_URL="http://127.0.0.1:9/api/v10",  # the discard port: nothing listens
    )
    assert result.returncode == 1
    [line] = result.stderr.strip().splitlines()  # no traceback, no library chatter
    assert line.startswith("cohort: could not reach Discord: Cannot connect to host 127.0.0.1:9")
    assert "very-secret" not in result.stderr + result.stdout


def test_sigterm_stops_the_console_cleanly_and_flushes_activity(tmp_path: Path) -> None:
    database = tmp_path / "state.db"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "console", "--json", "--db", str(database)],
        cwd=tmp_path,
        env=cohort_environment(tmp_path, COHORT_ACTIVITY_FLUSH_SECONDS="3600"),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdin is not None
    assert process.stdout is not None
    process.stdin.write("@ana: hello\n@ana: /profile\n")
    process.stdin.flush()
    # Read until the bot has answered the command: by then the message was processed too.
    seen = []
    while not any(record.get("kind") == "ephemeral" for record in seen):
        line = process.stdout.readline()
        assert line, process.stderr.read() if process.stderr else "console ended early"
        seen.extend(json_lines(line))
    process.send_signal(signal.SIGTERM)
    _out, errors = process.communicate(timeout=120)
    assert process.returncode == 0, errors
    with sqlite3.connect(database) as connection:
        rows = connection.execute(
            "SELECT external_id, last_active_at FROM members WHERE external_id = 'ana'"
        ).fetchall()
    assert len(rows) == 1
    assert rows[0][1] is not None, "buffered activity was lost on SIGTERM"
