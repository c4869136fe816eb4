"""A pseudo-language: every catalogue message with its letters swapped for full-width ones.

Text the catalogue supplies reads `Ａｄｄｅｄ ｔｏｐｉｃ 1`; text that bypassed it stays plain
ASCII, so it shows up in what the bot wrote. Placeholders keep their names.

`python -m tests.i18n.pseudo console ...` runs `cohort` with this language as its catalogue.
"""

from __future__ import annotations

import gettext
import io
import string
import sys

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from bot.i18n import Catalogues, use_catalogues
from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY

_WIDE = str.maketrans(
    string.ascii_letters,
    "".join(chr(ord(letter) + 0xFEE0) for letter in string.ascii_letters),
)


def widen(text: str) -> str:
    """Swap the letters of a format string's literal text, leaving its `{fields}` as they are."""
    parts = []
    for literal, field, spec, conversion in string.Formatter().parse(text):
        parts.append(literal.replace("{", "{{").replace("}", "}}").translate(_WIDE))
        if field is not None:
            parts.append("{" + field + (f"!{conversion}" if conversion else ""))
            parts.append((f":{spec}" if spec else "") + "}")
    return "".join(parts)


def pseudo_catalogues() -> Catalogues:
    """English's catalogue, every message widened."""
    path = LOCALE_DIRECTORY / "en" / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as source:
        english = read_po(source, locale="en", domain=DOMAIN)
    pseudo = Catalog(locale="en", domain=DOMAIN)
    for message in english:
        if message.id:
            forms = message.id if isinstance(message.id, tuple) else (message.id,)
            widened = tuple(widen(form) for form in forms)
            pseudo.add(message.id, widened if len(forms) > 1 else widened[0])
    compiled = io.BytesIO()
    write_mo(compiled, pseudo)
    compiled.seek(0)
    return Catalogues({"en": gettext.GNUTranslations(compiled)})


if __name__ == "__main__":
    from bot.cli import main

    with use_catalogues(pseudo_catalogues()):
        sys.exit(main(sys.argv[1:]))
