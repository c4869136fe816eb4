"""The language option of `/setup language` and `/profile language`: a catalogue's code."""

from __future__ import annotations

from typing import Annotated, Any

from bot.shared.languages import available_languages, language_name
from commands.context import SuggestContext
from commands.spec import Suggest, Suggestion


async def language_codes(_context: SuggestContext[Any], typed: str) -> list[Suggestion]:
    """Offer every language with a catalogue, named in itself (`es · español`)."""
    typed = typed.strip().lower()
    return [
        Suggestion(f"{code} · {language_name(code)}", code)
        for code in sorted(available_languages())
        if typed in code.lower() or typed in language_name(code).lower()
    ]


LanguageCode = Annotated[str, "a language code, like es or de", Suggest(language_codes)]
