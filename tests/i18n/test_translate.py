"""`_`, `ngettext`, the language choice and the catalogue in use."""

from __future__ import annotations

import asyncio
import gettext
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from bot.i18n import Catalogues, _, language_for, ngettext, speaking, use_catalogues
from bot.i18n.catalogue import packaged_catalogues, read_translations
from bot.i18n.language import current_language


def _catalogue(tmp_path: Path, language: str, entries: dict[object, object]) -> Path:
    catalog = Catalog(locale=language, domain="cohort")
    for source, translation in entries.items():
        catalog.add(source, translation)
    path = tmp_path / language / "LC_MESSAGES" / "cohort.po"
    path.parent.mkdir(parents=True)
    buffer = io.BytesIO()
    write_po(buffer, catalog)
    path.write_bytes(buffer.getvalue())
    return path


def test_english_counts_one_and_many_with_its_own_plural_rule() -> None:
    forms = ("{count} group", "{count} groups")
    assert [ngettext(*forms, n).format(count=n) for n in (0, 1, 2)] == [
        "0 groups",
        "1 group",
        "2 groups",
    ]


def test_a_message_without_a_translation_reads_as_written() -> None:
    assert _("A sentence no catalogue has ever seen.") == "A sentence no catalogue has ever seen."


def test_the_packaged_catalogues_include_english() -> None:
    assert "en" in packaged_catalogues().languages


def test_a_po_file_is_read_with_its_languages_plural_rule(tmp_path: Path) -> None:
    # Polish has three forms: 1, 2-4 and 5+; a rule by hand ("s" when not 1) would get 5 wrong.
    path = _catalogue(
        tmp_path,
        "pl",
        {("{count} group", "{count} groups"): ("{count} grupa", "{count} grupy", "{count} grup")},
    )
    polish = read_translations(path)
    forms = [
        polish.ngettext("{count} group", "{count} groups", n).format(count=n) for n in (1, 3, 5)
    ]
    assert forms == ["1 grupa", "3 grupy", "5 grup"]


def test_speaking_a_language_uses_its_catalogue_and_unknown_ones_fall_back(tmp_path: Path) -> None:
    _catalogue(tmp_path, "en", {"Hello": "Hello"})
    _catalogue(tmp_path, "es", {"Hello": "Hola"})
    with use_catalogues(Catalogues.from_directory(tmp_path)):
        with speaking("es"):
            assert _("Hello") == "Hola"
        with speaking("tlh"):
            assert _("Hello") == "Hello"
        assert _("Hello") == "Hello"


async def test_the_language_chosen_reaches_the_tasks_a_block_starts() -> None:
    catalogues = Catalogues({"en": gettext.NullTranslations(), "de": gettext.NullTranslations()})

    async def heard() -> str:
        await asyncio.sleep(0)
        return current_language()

    with use_catalogues(catalogues), speaking("de"):
        task = asyncio.create_task(heard())
    outside = asyncio.create_task(heard())
    assert await task == "de"
    assert await outside == "en"


def test_the_language_is_the_recipients_then_their_interactions_then_the_communitys() -> None:
    available = frozenset({"en", "es", "de"})
    assert (
        language_for(recipient="de", interaction="es", community="es", available=available) == "de"
    )
    assert language_for(interaction="es-419", community="de", available=available) == "es"
    assert language_for(recipient="fr", interaction="es_ES", available=available) == "es"
    assert language_for(community="de", available=available) == "de"
    assert language_for(recipient="fr", community="ja", available=available) == "en"


def test_for_now_every_message_is_english() -> None:
    assert language_for(recipient="es", interaction="de", community="fr") == "en"
