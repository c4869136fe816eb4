"""The sessions benchmark's Slack part, small: every reminder arrives once through the real
Slack adapter to the rate-limited fake Slack, and a member written to before is not reopened."""

from __future__ import annotations

from pathlib import Path

from benchmarks.session_parts import slack_reminders


async def test_reminders_to_members_written_to_before_reopen_no_dm(tmp_path: Path) -> None:
    measured = await slack_reminders.measure(tmp_path / "warm.db", 5, limited=True, warm=True)
    assert (measured["arrived"], measured["recipients"], measured["twice"]) == (5, 5, 0)
    assert measured["dms_opened"] == 0
    assert measured["unsent_claims"] == 0


async def test_reminders_to_members_never_written_to_open_each_dm_once(tmp_path: Path) -> None:
    measured = await slack_reminders.measure(tmp_path / "cold.db", 4, limited=True, warm=False)
    assert (measured["arrived"], measured["twice"], measured["dms_opened"]) == (4, 0, 4)
