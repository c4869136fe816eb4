"""Bring the catalogues up to date with the code: `python3 dev.py catalogue`.

Runs Babel's own `pybabel extract` (into `bot/locale/cohort.pot`) and `pybabel update` (every
language's `.po`), then fills the English catalogue, whose translations are the source text.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

from bot import __version__
from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY
from bot.i18n.language import DEFAULT_LANGUAGE

ROOT = LOCALE_DIRECTORY.parent.parent
SOURCES = ("bot", "commands", "adapters", "scheduler")
TEMPLATE = LOCALE_DIRECTORY / f"{DOMAIN}.pot"
WIDTH = "100"
ENGLISH_HEADER = """\
# Cohort's English catalogue: the source text, complete by construction.
# Do not edit by hand; `python3 dev.py catalogue` rewrites it from the code."""


def main() -> int:
    """Extract, update every language, then complete the English catalogue."""
    os.chdir(ROOT)  # locations in the catalogue are written relative to the repository
    extract = ["extract", "-F", "babel.cfg", "-o", str(TEMPLATE), "--sort-by-file"]
    extract += ["--add-location=file", "-w", WIDTH, "--omit-header", "--add-comments=TRANSLATORS:"]
    _pybabel([*extract, *SOURCES])
    catalogues = ["-i", str(TEMPLATE), "-d", str(LOCALE_DIRECTORY), "-D", DOMAIN, "-w", WIDTH]
    if not (LOCALE_DIRECTORY / DEFAULT_LANGUAGE).is_dir():
        _pybabel(["init", *catalogues, "-l", DEFAULT_LANGUAGE])
    _pybabel(["update", *catalogues, "--ignore-obsolete", "--ignore-pot-creation-date"])
    fill_english(LOCALE_DIRECTORY / DEFAULT_LANGUAGE / "LC_MESSAGES" / f"{DOMAIN}.po")
    return 0


def fill_english(path: Path) -> None:
    """Make every English translation its source text, so the catalogue is complete."""
    with path.open("rb") as source:
        catalog = read_po(source, locale=DEFAULT_LANGUAGE, domain=DOMAIN)
    catalog.project, catalog.copyright_holder = "Cohort", "the Cohort contributors"
    catalog.version = __version__
    catalog.msgid_bugs_address = catalog.language_team = "the Cohort issue tracker"
    catalog.last_translator = "the Cohort contributors"
    catalog.revision_date = catalog.creation_date
    catalog.header_comment = ENGLISH_HEADER
    for message in catalog:
        if message.id:
            message.string = message.id
            message.flags.discard("fuzzy")
    _write(path, catalog)


def _write(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as target:
        write_po(target, catalog, width=int(WIDTH), sort_by_file=True, include_lineno=False)


def _pybabel(arguments: list[str]) -> None:
    CommandLineInterface().run(["pybabel", "-q", *arguments])


if __name__ == "__main__":
    sys.exit(main())
