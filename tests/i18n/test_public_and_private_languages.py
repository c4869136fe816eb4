"""Public posts speak the community's language; private answers and DMs the member's own.

Every example script runs with the community in one pseudo-language and every member's app in
another (`tests/i18n/two_languages.py`): what the bot writes shows by its letters whom it was
written for, so a card written in the caller's language, or a DM in the community's, is found.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.core.cli_support import REPOSITORY, cohort_environment, json_lines
from tests.i18n.two_languages import COMMUNITY, MEMBER

EXAMPLES = sorted((REPOSITORY / "examples").glob("*.cohort"))
COMMUNITY_LETTERS = re.compile("[\uff21-\uff3a\uff41-\uff5a]")  # full-width
MEMBER_LETTERS = re.compile("[\u24b6-\u24e9]")  # circled
PUBLIC_KINDS = {"post", "thread", "group", "reply"}
PRIVATE_KINDS = {"ephemeral", "dm"}


def _run(workdir: Path, script: Path) -> list[dict[str, Any]]:
    arguments = ["console", "--script", str(script), "--json", "--start", "2026-01-05T08:00"]
    result = subprocess.run(
        [sys.executable, "-m", "tests.i18n.two_languages", *arguments, "--locale", MEMBER],
        cwd=workdir,
        env=cohort_environment(workdir, COHORT_LANGUAGE=COMMUNITY),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json_lines(result.stdout)


def _texts(record: dict[str, Any]) -> list[str]:
    fields = record.get("fields", [])
    texts = [record.get("text") or "", *record.get("buttons", [])]
    return texts + [part for field in fields for part in (field["name"], field["value"])]


def _audience(record: dict[str, Any], kinds: dict[str, str]) -> str | None:
    """Return `public` or `private` for what the bot wrote, None for what members did."""
    if "author" in record and record["kind"] not in PRIVATE_KINDS | PUBLIC_KINDS | {"edit"}:
        return None
    kind = record["kind"]
    if kind == "edit":
        kind = kinds.get(str(record.get("target")), "post")  # an edit names what it edits
    if kind in PUBLIC_KINDS:
        return "public"
    return "private" if kind in PRIVATE_KINDS else None


def _written_for_the_wrong_reader(records: list[dict[str, Any]]) -> list[str]:
    kinds: dict[str, str] = {}
    wrong = []
    for record in records:
        if record.get("id") and record["kind"] != "edit":
            kinds.setdefault(str(record["id"]), record["kind"])
        if record.get("author") and record["kind"] in {"post", "thread", "reply"}:
            continue  # a member's own message
        audience = _audience(record, kinds)
        if audience is None:
            continue
        stray = MEMBER_LETTERS if audience == "public" else COMMUNITY_LETTERS
        wrong += [
            f"{audience} {record['kind']} {record.get('id')}: {text!r}"
            for text in _texts(record)
            if stray.search(text)
        ]
    return wrong


@pytest.mark.parametrize("script", EXAMPLES, ids=[path.stem for path in EXAMPLES])
def test_public_posts_and_private_messages_each_speak_their_readers_language(
    tmp_path: Path, script: Path
) -> None:
    records = _run(tmp_path, script)
    written = " ".join(text for record in records for text in _texts(record))
    assert MEMBER_LETTERS.search(written), "nothing was written in the members' language"
    wrong = _written_for_the_wrong_reader(records)
    assert not wrong, "\n".join(wrong)


def test_the_examples_post_publicly_in_the_community_language(tmp_path: Path) -> None:
    records = _run(tmp_path, REPOSITORY / "examples" / "weekly-topics.cohort")
    public = [r for r in records if r["kind"] == "post" and "author" not in r]
    assert public
    assert all(COMMUNITY_LETTERS.search(r["text"]) for r in public)
