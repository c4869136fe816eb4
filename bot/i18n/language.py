"""Which language a message is in: decided here, from the recipient and the community.

Two languages are current while something is handled: the one the text being written is in
(`current_language`, read by `_()`), and the community's (`public_language`), which a public post
switches to with `publicly()`. A command runs in its caller's language, so its private answer
needs nothing; the card it posts in a channel is written inside `with publicly():`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token

DEFAULT_LANGUAGE = "en"

_current: ContextVar[str] = ContextVar("cohort_language", default=DEFAULT_LANGUAGE)
_public: ContextVar[str] = ContextVar("cohort_public_language", default=DEFAULT_LANGUAGE)


def language_for(
    *,
    recipient: str | None = None,
    interaction: str | None = None,
    community: str | None = None,
    available: frozenset[str] = frozenset({DEFAULT_LANGUAGE}),
) -> str:
    """Return the language to write in: the recipient's own choice, the locale of their last
    interaction, the community's language, then English; the first one with a catalogue wins.

    A public post passes only `community`; a private answer or a DM passes all three.
    """
    for preference in (recipient, interaction, community):
        found = catalogue_language(preference, available)
        if found is not None:
            return found
    return DEFAULT_LANGUAGE


def catalogue_language(preference: str | None, available: frozenset[str]) -> str | None:
    """Return the catalogue that serves `preference` (`es-419` by `es-419`, then `es`), if any."""
    for candidate in _candidates(preference):
        if candidate in available:
            return candidate
    return None


def _candidates(preference: str | None) -> tuple[str, ...]:
    """`es-419` may be served by `es-419`, then `es`; Discord and Slack write `es_ES` or `es-ES`."""
    if not preference:
        return ()
    tag = preference.replace("_", "-").strip()
    base = tag.split("-", 1)[0].lower()
    return (tag, base) if base != tag else (tag,)


def current_language() -> str:
    """Return the language the current message is being written in."""
    return _current.get()


def public_language() -> str:
    """Return the language of what is posted for everyone: the community's."""
    return _public.get()


Switched = tuple[Token[str], Token[str]]


def switch_to(language: str) -> Switched:
    """Make `language` current and public until `restore`: `speaking` without a generator, for
    the dispatcher's every event."""
    return _current.set(language), _public.set(language)


def restore(switched: Switched) -> None:
    """Undo a `switch_to`."""
    current, public = switched
    _public.reset(public)
    _current.reset(current)


@contextmanager
def speaking(language: str, *, public: str | None = None) -> Iterator[None]:
    """Write every message in `language` inside this block (and in the tasks it starts).

    `public` is the community's language, for what the block posts publicly; without it the
    block's public posts are in `language` too (a scheduled job, an event in a channel).
    """
    token = _current.set(language)
    public_token = _public.set(public or language)
    try:
        yield
    finally:
        _public.reset(public_token)
        _current.reset(token)


@contextmanager
def publicly() -> Iterator[None]:
    """Write a public post (a card, an announcement, a topic) in the community's language."""
    token = _current.set(_public.get())
    try:
        yield
    finally:
        _current.reset(token)
