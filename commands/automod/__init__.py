"""`/automod`: the automatic filters moderators set up — terms, rules, links, spam thresholds.

`common` holds what every command shares (the services, titles, how actions read), `switches`
the on|off commands as one table, `rules` the commands that change terms, patterns, domains,
actions and exemptions, `listing` `/automod list`.
"""

from __future__ import annotations

from bot.automod.model import FilterName
from commands.automod.common import AutomodServices
from commands.automod.listing import list_filters
from commands.automod.rules import (
    block_term,
    change_domain,
    change_exemption,
    change_regex,
    set_action,
    unblock_term,
)
from commands.automod.switches import SWITCHES, switch_command
from commands.registry import Registry

__all__ = ["AutomodServices", "setup"]


def setup(registry: Registry, services: AutomodServices) -> None:
    """Register the automatic filter commands, bound to `services`."""
    switch = {name: switch_command(row) for name, row in SWITCHES.items()}
    registry.add(
        list_filters,
        block_term,
        unblock_term,
        change_regex,
        switch[FilterName.LINKS],
        change_domain,
        switch[FilterName.INVITES],
        switch[FilterName.MENTIONS],
        switch[FilterName.FLOOD],
        switch[FilterName.REPEATS],
        set_action,
        change_exemption,
        services=services,
    )
