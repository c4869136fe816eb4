"""Every word a person reads comes from one catalogue.

Write `_("Added topic {number}.").format(number=...)` for a sentence, `ngettext(...)` for one
that counts, and `N_("...")` to mark a constant that is translated where it is used. Which
language a message is in is chosen by `language_for` and made current with `speaking`.
"""

from bot.i18n.catalogue import Catalogues, use_catalogues
from bot.i18n.language import (
    DEFAULT_LANGUAGE,
    catalogue_language,
    current_language,
    language_for,
    public_language,
    publicly,
    speaking,
)
from bot.i18n.translate import N_, _, ngettext

__all__ = [
    "DEFAULT_LANGUAGE",
    "N_",
    "Catalogues",
    "_",
    "catalogue_language",
    "current_language",
    "language_for",
    "ngettext",
    "public_language",
    "publicly",
    "speaking",
    "use_catalogues",
]
