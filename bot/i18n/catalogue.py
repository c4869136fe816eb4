"""The catalogues: one `.po` file per language under `bot/locale`, read once when first used.

The `.po` files are read directly (compiled in memory with Babel), so an editable install and
the README's two commands need no separate compile step.
"""

from __future__ import annotations

import functools
import gettext
import io
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

from bot.i18n.language import DEFAULT_LANGUAGE

DOMAIN = "cohort"
LOCALE_DIRECTORY = Path(__file__).resolve().parent.parent / "locale"


class Catalogues:
    """The translations of every language that has a catalogue."""

    def __init__(self, translations: Mapping[str, gettext.NullTranslations]) -> None:
        self._translations = dict(translations)
        self._fallback = self._translations.get(DEFAULT_LANGUAGE) or gettext.NullTranslations()
        self._languages = frozenset(self._translations)

    @classmethod
    def from_directory(cls, directory: Path) -> Catalogues:
        """Read `<directory>/<language>/LC_MESSAGES/cohort.po` for every language found."""
        files = sorted(directory.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
        return cls({path.parent.parent.name: read_translations(path) for path in files})

    @property
    def languages(self) -> frozenset[str]:
        """Return the languages that have a catalogue."""
        return self._languages

    def translations(self, language: str) -> gettext.NullTranslations:
        """Return `language`'s translations, or English's when it has no catalogue."""
        return self._translations.get(language, self._fallback)


def read_translations(path: Path) -> gettext.NullTranslations:
    """Compile one `.po` file in memory into translations that follow its plural rule."""
    language = path.parent.parent.name
    with path.open("rb") as source:
        catalog = read_po(source, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(fp=compiled, domain=DOMAIN)


@functools.cache
def packaged_catalogues() -> Catalogues:
    """Return the catalogues shipped in `bot/locale`, read on first use."""
    return Catalogues.from_directory(LOCALE_DIRECTORY)


_override: ContextVar[Catalogues | None] = ContextVar("cohort_catalogues", default=None)


def active_catalogues() -> Catalogues:
    """Return the catalogues in use: the packaged ones unless a block chose others."""
    return _override.get() or packaged_catalogues()


@contextmanager
def use_catalogues(catalogues: Catalogues) -> Iterator[None]:
    """Look messages up in `catalogues` inside this block (tests use a pseudo-language)."""
    token = _override.set(catalogues)
    try:
        yield
    finally:
        _override.reset(token)
