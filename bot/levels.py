"""The four permission levels and the one check every command and button goes through."""

from __future__ import annotations

from enum import IntEnum

from bot.i18n import N_, _


class Level(IntEnum):
    """Who may do what; everyone above a level may do what it allows."""

    MEMBER = 0
    HOST = 1
    MODERATOR = 2
    ADMIN = 3

    @property
    def label(self) -> str:
        """Return the lower-case name users type and read."""
        return self.name.lower()

    @property
    def shown(self) -> str:
        """Return the level's name as a person reads it, in the current language: `host`."""
        return _(_SHOWN[self])

    @property
    def with_article(self) -> str:
        """Return the shown name with its article, in the current language: `a host`, `an admin`."""
        return _(_WITH_ARTICLE[self])

    @classmethod
    def parse(cls, text: str) -> Level:
        """Return the level named by `text` (case-insensitive), or raise ValueError."""
        try:
            return cls[text.strip().upper()]
        except KeyError:
            names = ", ".join(level.label for level in cls)
            raise ValueError(f"unknown level {text!r}; use one of {names}") from None


_SHOWN = {
    Level.MEMBER: N_("member"),
    Level.HOST: N_("host"),
    Level.MODERATOR: N_("moderator"),
    Level.ADMIN: N_("admin"),
}
_WITH_ARTICLE = {
    Level.MEMBER: N_("a member"),
    Level.HOST: N_("a host"),
    Level.MODERATOR: N_("a moderator"),
    Level.ADMIN: N_("an admin"),
}


def may_use(caller: Level, required: Level) -> bool:
    """Return whether a caller at `caller` level may use something that needs `required`."""
    return caller >= required


def effective_level(
    platform_level: Level,
    override: Level | None,
    role_levels: list[Level],
) -> Level:
    """Combine the platform's word, a member override and configured roles: the highest wins."""
    candidates = [platform_level, *role_levels]
    if override is not None:
        candidates.append(override)
    return max(candidates)
