"""Which language a message is in: decided here, from the recipient and the community."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LANGUAGE = "en"

_current: ContextVar[str] = ContextVar("cohort_language", default=DEFAULT_LANGUAGE)


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
        for candidate in _candidates(preference):
            if candidate in available:
                return candidate
    return DEFAULT_LANGUAGE


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


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Write every message in `language` inside this block (and in the tasks it starts)."""
    token = _current.set(language)
    try:
        yield
    finally:
        _current.reset(token)
