"""What the scheduler tells the hosts outside any occurrence (a post missed while the bot was
down, reported when a platform attaches) is in the community's language (real catalogue)."""

from __future__ import annotations

from datetime import timedelta

from bot.settings import Settings
from bot.storage.database import Database
from tests.scheduler.test_exactly_once import WEDNESDAY_18, process, schedule_wednesdays


async def test_the_missed_notice_is_in_the_communitys_language(
    settings: Settings, any_database: Database
) -> None:
    await schedule_wednesdays(settings, any_database, "@hana: /setup language es")
    async with process(settings, any_database, WEDNESDAY_18 + timedelta(hours=7)) as late:
        (note,) = [r for r in late.caught_up if r.to == "#hosts"]
    text = note.text or ""
    assert text.startswith("La publicación programada «tema» prevista para el 7 ene 2026 18:00")
    assert "se perdió mientras el bot no estaba en marcha" in text
