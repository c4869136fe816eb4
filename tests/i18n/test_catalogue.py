"""The catalogue holds every word the code marks, completely, with its placeholders intact."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from bot.i18n.language import DEFAULT_LANGUAGE
from tests.i18n.catalogue_support import (
    catalogue_files,
    extracted_messages,
    messages,
    missing_translations,
    placeholder_faults,
    read_catalogue,
)

FIX = "run `python3 dev.py catalogue` to bring the catalogues up to date"


def _english() -> dict[object, Message]:
    (path,) = [path for path in catalogue_files() if path.parent.parent.name == DEFAULT_LANGUAGE]
    return {message.id: message for message in messages(read_catalogue(path))}


def test_every_message_in_the_code_is_in_the_english_catalogue() -> None:
    code = extracted_messages()
    english = _english()
    missing = {message: where for message, where in code.items() if message not in english}
    assert not missing, f"{len(missing)} messages are not in the catalogue ({FIX}): {missing}"


def test_the_english_catalogue_holds_nothing_the_code_no_longer_says() -> None:
    stale = set(_english()) - set(extracted_messages())
    assert not stale, f"the catalogue has messages no code uses ({FIX}): {sorted(map(str, stale))}"


def test_every_english_message_is_translated_by_its_own_text() -> None:
    untranslated = [
        message.id
        for message in _english().values()
        if message.string != message.id and list(message.string) != list(message.id)
    ]
    assert not untranslated, f"{FIX}: {untranslated[:10]}"


def test_no_translation_drops_or_adds_a_placeholder() -> None:
    faults = {
        f"{path.parent.parent.name}: {message.id!r}": fault
        for path in catalogue_files()
        for message in messages(read_catalogue(path))
        # A fuzzy entry is a guess `pybabel update` made, never used (`write_mo` skips it).
        if not message.fuzzy and (fault := placeholder_faults(message))
    }
    assert not faults, faults


def _translated_catalogues() -> list[Path]:
    return [path for path in catalogue_files() if path.parent.parent.name != DEFAULT_LANGUAGE]


def test_spanish_and_german_have_catalogues() -> None:
    assert {path.parent.parent.name for path in _translated_catalogues()} >= {"es", "de"}


@pytest.mark.parametrize("path", _translated_catalogues(), ids=lambda path: path.parent.parent.name)
def test_every_language_translates_every_message_the_code_says(path: Path) -> None:
    catalog = read_catalogue(path)
    faults = missing_translations(catalog, extracted_messages())
    assert not faults, f"{path.parent.parent.name} lacks {len(faults)} translations: {faults[:10]}"


def test_a_missing_empty_fuzzy_or_short_of_forms_translation_is_found() -> None:
    catalog = Catalog(locale="de", domain="cohort")
    catalog.add("Added rule {number}.", "Regel {number} hinzugefügt.")
    catalog.add("Nothing was changed.", "")
    catalog.add("Done.", "Erledigt.", flags=["fuzzy"])
    catalog.add(("{count} group", "{count} groups"), ("{count} Gruppe", ""))
    code = {
        "Added rule {number}.": "x",
        "Nothing was changed.": "x",
        "Done.": "x",
        ("{count} group", "{count} groups"): "x",
        "Unknown.": "x",
    }
    assert missing_translations(catalog, code) == [
        "empty: 'Nothing was changed.'",
        "fuzzy: 'Done.'",
        "empty: ('{count} group', '{count} groups')",
        "missing: 'Unknown.'",
    ]


def test_a_dropped_or_added_placeholder_is_found() -> None:
    kept = Message("Added topic {number}: {text}", "Tema {number} añadido: {text}")
    dropped = Message("Added topic {number}: {text}", "Tema añadido: {text}")
    added = Message("Skipped: {text}", "Saltado: {text} ({number})")
    assert placeholder_faults(kept) == []
    assert placeholder_faults(dropped) == ["drops ['number']"]
    assert placeholder_faults(added) == ["adds ['number']"]


def test_a_counted_form_may_leave_out_the_count_but_nothing_else() -> None:
    source = ("{count} group in {channel}", "{count} groups in {channel}")
    one = Message(source, ("un grupo en {channel}", "{count} grupos en {channel}"))
    lost = Message(source, ("un grupo", "{count} grupos en {channel}"))
    assert placeholder_faults(one) == []
    assert placeholder_faults(lost) == ["drops ['channel']"]
