"""`_`, `ngettext` and `N_`: look a message up in the current language's catalogue."""

from __future__ import annotations

from bot.i18n.catalogue import active_catalogues
from bot.i18n.formats import Localized
from bot.i18n.language import current_language


def _(message: str) -> str:
    """Return `message` in the current language (the English text when it has no translation).

    Its `.format` writes a `{count}` as the language groups digits.
    """
    return Localized(active_catalogues().translations(current_language()).gettext(message))


def ngettext(singular: str, plural: str, count: int) -> str:
    """Return the form of a counted message that fits `count` under the language's plural rule.

    Both forms name the number `{count}`: `ngettext("{count} group", "{count} groups", n)`.
    """
    translations = active_catalogues().translations(current_language())
    return Localized(translations.ngettext(singular, plural, count))


def N_(message: str) -> str:
    """Mark `message` for the catalogue without translating it: `_()` it where it is shown."""
    return message
