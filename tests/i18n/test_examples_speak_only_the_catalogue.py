"""Every example script, run in a pseudo-language, shows no word that bypassed the catalogue."""

from __future__ import annotations

import calendar
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from bot.i18n.catalogue import packaged_catalogues
from bot.shared.languages import language_name
from tests.core.cli_support import REPOSITORY, cohort_environment, json_lines
from tests.i18n.pseudo import widen

EXAMPLES = sorted((REPOSITORY / "examples").glob("*.cohort"))
WORD = re.compile(r"[A-Za-z]{3,}")
# Day and month names are data formatted by the calendar, not sentences (Babel formats them
# for the locale once there is more than one language).
CALENDAR_WORDS = {
    name.lower()
    for names in (calendar.day_name, calendar.day_abbr, calendar.month_name, calendar.month_abbr)
    for name in names
    if name
} | {"utc"}  # and the community's time zone, a name from the tz database
# A language is named in its own language by Babel (`English`, `español`), as data too.
LANGUAGE_NAMES = {
    word.lower()
    for code in (*packaged_catalogues().languages, "en")
    for word in WORD.findall(language_name(code))
}


def _run_in_pseudo_language(workdir: Path, script: Path) -> list[dict[str, Any]]:
    arguments = ["console", "--script", str(script), "--json", "--start", "2026-01-05T08:00"]
    result = subprocess.run(
        [sys.executable, "-m", "tests.i18n.pseudo", *arguments],
        cwd=workdir,
        env=cohort_environment(workdir),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


def _bot_texts(record: dict[str, Any]) -> list[str]:
    if "author" in record or "text" not in record:
        return []  # what members did, not what the bot wrote
    fields = record.get("fields", [])
    texts = [record["text"], *record.get("buttons", [])]
    return texts + [part for field in fields for part in (field["name"], field["value"])]


# Command words stay English in every language: a command path (`/topic suggest`), its
# options in a usage line (`<zone>`, `[command]`); and a channel's name is data (`#general`).
COMMAND_WORDS = re.compile(r"/[a-z]+(?: [a-z]+)?|<[^<>]*>|\[[^\[\]]*\]|#[\w-]+")


def _plain_words(text: str, allowed: set[str]) -> set[str]:
    words = WORD.findall(COMMAND_WORDS.sub(" ", text))
    return {word for word in words if word.lower() not in allowed}


def test_widening_keeps_placeholders_and_changes_every_letter() -> None:
    assert (
        widen("Added topic {number}: {text!s:>4}") == "Ａｄｄｅｄ ｔｏｐｉｃ {number}: {text!s:>4}"
    )
    assert widen("{{literal}} 1") == "{{ｌｉｔｅｒａｌ}} 1"


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_the_example_shows_only_catalogue_words(tmp_path: Path, script: Path) -> None:
    written = script.read_text(encoding="utf-8")
    allowed = {word.lower() for word in WORD.findall(written)} | CALENDAR_WORDS | LANGUAGE_NAMES
    records = _run_in_pseudo_language(tmp_path, script)
    leaks = {
        text: words
        for record in records
        for text in _bot_texts(record)
        if (words := _plain_words(text, allowed))
    }
    assert not leaks, "\n".join(f"{sorted(words)} in {text!r}" for text, words in leaks.items())
