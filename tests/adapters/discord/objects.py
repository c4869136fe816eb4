"""Real discord.py objects built from payload dicts, for the adapter's unit tests.

`DiscordObjects` holds the `ConnectionState` of an unconnected `discord.Client` with the guilds
it is given. Gateway events go through discord.py's own parser (`ConnectionState.parse_*`), and
each builder returns what discord.py dispatches to the client's handler: `on_message`,
`on_raw_message_edit`, `on_member_join`, `on_raw_member_remove`, `on_automod_action`.
Interactions are built with `discord.Interaction(data=..., state=...)`, which is all the parser
does with them besides routing to views; the constructor also takes the partial payloads that
the parser itself would refuse.

This reaches into discord.py's private API (`Client._connection`, `ConnectionState.parse_*`,
`_add_guild`, `dispatch`). That is acceptable in a test helper, never in the adapter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import discord

BOT_USER_ID = 775799577604522054


def cohort_like_intents() -> discord.Intents:
    """Return the intents the Cohort client asks for (members and message content included)."""
    intents = discord.Intents.none()
    intents.guilds = True
    intents.members = True
    intents.guild_messages = True
    intents.dm_messages = True
    intents.message_content = True
    intents.auto_moderation_execution = True
    return intents


class DiscordObjects:
    """An unconnected client's state that turns payloads into the objects handlers receive."""

    def __init__(self, guilds: Iterable[dict[str, Any]] = (), *, bot_user_id: int = BOT_USER_ID):
        client = discord.Client(intents=cohort_like_intents())
        self.state = client._connection
        self.state.user = discord.ClientUser(
            state=self.state,
            data={
                "id": str(bot_user_id),
                "username": "cohort",
                "discriminator": "0",
                "avatar": None,
            },  # type: ignore[typeddict-item]
        )
        self._dispatched: list[tuple[str, tuple[Any, ...]]] = []
        # The parser hands every event to `dispatch`; keep them instead of scheduling handlers.
        self.state.dispatch = self._record
        for data in guilds:
            self.state._add_guild(discord.Guild(data=data, state=self.state))  # type: ignore[arg-type]

    def message(self, data: dict[str, Any]) -> discord.Message:
        """Return what `on_message` receives for this MESSAGE_CREATE payload."""
        self.state.parse_message_create(data)  # type: ignore[arg-type]
        message: discord.Message = self._take("message")[0]
        return message

    def message_edit(self, data: dict[str, Any]) -> discord.RawMessageUpdateEvent:
        """Return what `on_raw_message_edit` receives for this MESSAGE_UPDATE payload."""
        self.state.parse_message_update(data)  # type: ignore[arg-type]
        payload: discord.RawMessageUpdateEvent = self._take("raw_message_edit")[0]
        return payload

    def member_join(self, data: dict[str, Any]) -> discord.Member:
        """Return what `on_member_join` receives for this GUILD_MEMBER_ADD payload."""
        self.state.parse_guild_member_add(data)  # type: ignore[arg-type]
        member: discord.Member = self._take("member_join")[0]
        return member

    def member_remove(self, data: dict[str, Any]) -> discord.RawMemberRemoveEvent:
        """Return what `on_raw_member_remove` receives for this GUILD_MEMBER_REMOVE payload."""
        self.state.parse_guild_member_remove(data)  # type: ignore[arg-type]
        payload: discord.RawMemberRemoveEvent = self._take("raw_member_remove")[0]
        return payload

    def automod_action(self, data: dict[str, Any]) -> discord.AutoModAction:
        """Return what `on_automod_action` receives for AUTO_MODERATION_ACTION_EXECUTION."""
        self.state.parse_auto_moderation_action_execution(data)  # type: ignore[arg-type]
        action: discord.AutoModAction = self._take("automod_action")[0]
        return action

    def interaction(self, data: dict[str, Any]) -> discord.Interaction:
        """Return what `on_interaction` receives for this INTERACTION_CREATE payload."""
        return discord.Interaction(data=data, state=self.state)  # type: ignore[arg-type]

    def _record(self, event: str, *args: Any) -> None:
        self._dispatched.append((event, args))

    def _take(self, event: str) -> tuple[Any, ...]:
        found = [args for name, args in self._dispatched if name == event]
        self._dispatched.clear()
        if not found:
            raise LookupError(f"discord.py dispatched no {event!r} for this payload")
        return found[-1]
