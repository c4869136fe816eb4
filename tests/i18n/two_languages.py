"""Two pseudo-languages at once: `xx` (full-width letters) and `yy` (circled letters).

Run with the community in `xx` (`COHORT_LANGUAGE=xx`) and every member's app in `yy`
(`console --locale yy`), each thing the bot writes shows by its letters whom it was written
for: a public post must be all `xx`, a private answer or a DM all `yy`.

`python -m tests.i18n.two_languages console ...` runs `cohort` with these catalogues.
"""

from __future__ import annotations

import gettext
import io
import string
import sys
from collections.abc import Callable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import Catalogues, use_catalogues
from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY, read_translations

COMMUNITY, MEMBER = "xx", "yy"
WIDE = str.maketrans(
    string.ascii_letters, "".join(chr(ord(c) + 0xFEE0) for c in string.ascii_letters)
)
CIRCLED = str.maketrans(
    string.ascii_letters,
    "".join(chr(0x24D0 + i) for i in range(26)) + "".join(chr(0x24B6 + i) for i in range(26)),
)


def transformed(text: str, table: dict[int, int]) -> str:
    """Swap the letters of a format string's literal text, leaving its `{fields}` as they are."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        parts.append(literal.replace("{", "{{").replace("}", "}}").translate(table))
        if field is not None:
            parts.append("{" + field + (f"!{conversion}" if conversion else ""))
            parts.append((f":{spec}" if spec else "") + "}")
    return "".join(parts)


def _pseudo(english: Catalog, change: Callable[[str], str]) -> gettext.NullTranslations:
    pseudo = Catalog(locale="en", domain=DOMAIN)
    for message in english:
        if message.id:
            forms = message.id if isinstance(message.id, tuple) else (message.id,)
            changed = tuple(change(form) for form in forms)
            pseudo.add(message.id, changed if len(forms) > 1 else changed[0])
    compiled = io.BytesIO()
    write_mo(compiled, pseudo)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def two_language_catalogues() -> Catalogues:
    """English, and the two pseudo-languages made from it."""
    path = LOCALE_DIRECTORY / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        english = read_po(source, locale="en", domain=DOMAIN)
    return Catalogues(
        {
            "en": read_translations(path),
            COMMUNITY: _pseudo(english, lambda text: transformed(text, WIDE)),
            MEMBER: _pseudo(english, lambda text: transformed(text, CIRCLED)),
        }
    )


if __name__ == "__main__":
    from bot.cli import main

    with use_catalogues(two_language_catalogues()):
        sys.exit(main(sys.argv[1:]))
