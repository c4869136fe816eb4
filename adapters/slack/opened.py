"""The DMs and group DMs the app has opened, per workspace, so each is opened once.

`conversations.open` is Tier 3 (about 50 calls a minute per workspace): opening a member's DM
before every message would hold 5,000 reminders to 50 a minute. A conversation's id never
changes for the same people, so the id is remembered (the least recently used forgotten beyond
`most`) and the next message to the same people goes straight to `chat.postMessage`.
"""

from __future__ import annotations

from collections import OrderedDict

MOST = 50_000
"""Conversations remembered at most (a few MB): beyond it the least recently used is opened
again when next written to."""


class OpenedConversations:
    """Conversation ids by workspace and the people in them (sorted ids, comma-joined)."""

    def __init__(self, most: int = MOST) -> None:
        self._most = most
        self._ids: OrderedDict[tuple[str, str], str] = OrderedDict()

    def get(self, team_id: str, people: str) -> str | None:
        """Return the conversation of `people` in `team_id` if it was opened, else None."""
        key = (team_id, people)
        found = self._ids.get(key)
        if found is not None:
            self._ids.move_to_end(key)
        return found

    def remember(self, team_id: str, people: str, channel_id: str) -> None:
        """Remember the conversation `conversations.open` gave for `people`."""
        self._ids[(team_id, people)] = channel_id
        self._ids.move_to_end((team_id, people))
        while len(self._ids) > self._most:
            self._ids.popitem(last=False)

    def __len__(self) -> int:
        return len(self._ids)
