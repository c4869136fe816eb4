"""The community's set-up: what `/setup` and the dashboard's Settings page change, one way."""

from bot.setup.changes import (
    GRANTABLE_LEVELS,
    PURPOSES,
    SetupChange,
    SetupUses,
    add_break,
    assign_channel,
    grant_level,
    purpose_label,
    remove_break,
    set_language,
    set_timezone,
    set_welcome,
)

__all__ = [
    "GRANTABLE_LEVELS",
    "PURPOSES",
    "SetupChange",
    "SetupUses",
    "add_break",
    "assign_channel",
    "grant_level",
    "purpose_label",
    "remove_break",
    "set_language",
    "set_timezone",
    "set_welcome",
]
