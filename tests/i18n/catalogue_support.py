"""Reading the code's messages and the catalogues, for the catalogue tests."""

from __future__ import annotations

import functools
import string
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY

REPOSITORY = Path(__file__).resolve().parents[2]
PACKAGES = ("bot", "commands", "adapters", "scheduler")
METHOD_MAP = [
    ("**.py", "bot.i18n.extract:extract"),
    ("dashboard/templates/**.html", "jinja2"),  # as babel.cfg: the dashboard's templates
]

MessageId = str | tuple[str, ...]


@functools.cache
def extracted_messages() -> dict[MessageId, str]:
    """Every message the code marks for the catalogue, with the first file that has it."""
    found: dict[MessageId, str] = {}
    for package in PACKAGES:
        for filename, _line, message, _comments, _context in extract_from_dir(
            str(REPOSITORY / package), METHOD_MAP
        ):
            found.setdefault(message, f"{package}/{filename}")
    return found


def catalogue_files() -> list[Path]:
    """Every language's `.po` file."""
    return sorted(LOCALE_DIRECTORY.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def read_catalogue(path: Path) -> Catalog:
    """Parse one `.po` file."""
    with path.open("rb") as source:
        return read_po(source, locale=path.parent.parent.name, domain=DOMAIN)


def messages(catalog: Catalog) -> Iterator[Message]:
    """The catalogue's messages, without its header."""
    return (message for message in catalog if message.id)


def placeholders(text: str) -> set[str]:
    """The `{name}` fields of a format string."""
    return {field for _text, field, _spec, _conv in string.Formatter().parse(text) if field}


def placeholder_faults(message: Message) -> list[str]:
    """What a translation dropped or added, compared with its source text; [] when it keeps them.

    A counted message's forms may leave out `{count}` ("one group"), nothing else.
    """
    sources = (message.id,) if isinstance(message.id, str) else tuple(message.id)
    forms = (message.string,) if isinstance(message.string, str) else tuple(message.string)
    wanted = set().union(*(placeholders(source) for source in sources))
    faults = []
    for form in forms:
        if not form:
            continue
        have = placeholders(form)
        required = wanted - {"count"} if len(sources) > 1 else wanted
        if missing := required - have:
            faults.append(f"drops {sorted(missing)}")
        if added := have - wanted:
            faults.append(f"adds {sorted(added)}")
    return faults


def missing_translations(catalog: Catalog, code: dict[MessageId, str]) -> list[str]:
    """What a language lacks of the code's messages: missing, empty (a counted message needs
    every form its plural rule has) or fuzzy (a guess `pybabel update` made from a changed text)."""
    faults = []
    for message in messages(catalog):
        forms = (message.string,) if isinstance(message.string, str) else tuple(message.string)
        counted = isinstance(message.id, tuple)
        if not all(forms) or (counted and len(forms) < catalog.num_plurals):
            faults.append(f"empty: {message.id!r}")
        elif message.fuzzy:
            faults.append(f"fuzzy: {message.id!r}")
    present = {message.id for message in messages(catalog)}
    faults += [f"missing: {message!r}" for message in code if message not in present]
    return faults
