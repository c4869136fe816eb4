"""The scale benchmark's world: a fake Slack with many workspaces, and the database seeded for it.

Every workspace is one community with the app installed (a bot token of its own in
slack-sdk's installation store, as the OAuth flow leaves it), `channels` topic channels each
with a weekly topic schedule, and `members` people. The schedules fall due on the minute
boundaries of the burst window, spread evenly over them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from slack_sdk.oauth.installation_store import Installation
from sqlalchemy import insert

from adapters.slack.installations import open_stores
from bot.storage import migrate
from bot.storage.database import Database
from bot.storage.models import Community, Schedule
from tests.adapters.slack.fake_slack import FakeSlack, RecordedCall
from tests.adapters.slack.fake_workspace import Workspace

CLIENT_ID = FakeSlack.client_id
OCCURRENCE_KEY = "cohort:occurrence:"


@dataclass
class Team:
    """One workspace of the fake: its id, topic channels and members."""

    workspace: Workspace
    topics: list[str]
    members: list[str]


class TimedSlack(FakeSlack):
    """The fake Slack, noting when each keyed post and each command's answer arrived."""

    def __init__(self) -> None:
        super().__init__()
        self.post_times: dict[str, list[float]] = {}
        """Each occurrence's key -> the monotonic times of its posts (exactly one, we hope)."""
        self.answered: dict[str, float] = {}
        """Each response URL's token -> when its first answer arrived."""

    async def _record(self, call: RecordedCall) -> None:
        now = time.monotonic()
        if call.method == "chat.postMessage":
            key = str(
                ((call.arguments.get("metadata") or {}).get("event_payload") or {}).get("key")
            )
            if key.startswith(OCCURRENCE_KEY) and call.ok:
                self.post_times.setdefault(key, []).append(now)
        elif call.method == "response_url":
            self.answered.setdefault(str(call.arguments["response_token"]), now)
        # Not kept in `calls`: a long run makes hundreds of thousands, and nobody waits on them.


@dataclass
class World:
    """The fake's workspaces, as the benchmark drives them."""

    fake: TimedSlack
    teams: list[Team] = field(default_factory=list)


def build_world(fake: TimedSlack, communities: int, channels: int, members: int) -> World:
    """Add `communities` workspaces to the fake, each installed with its own bot token."""
    world = World(fake)
    for number in range(communities):
        team_id = f"T{number:05d}"
        workspace = fake.installs.add_workspace(team_id, f"{number:05d}")
        fake.installed[fake.installs.token_of(team_id)] = workspace
        topics = [workspace.add_channel(f"topics-{slot}") for slot in range(channels)]
        people = [workspace.add_user(f"m{person}") for person in range(members)]
        world.teams.append(Team(workspace, topics, people))
    return world


async def seed(url: str, world: World, first_due: datetime, window_minutes: int) -> int:
    """Migrate the database at `url`; add installations, communities and schedules.

    Schedule n falls due at minute n mod `window_minutes` after `first_due`. Return how many.
    """
    database = Database(url)
    try:
        await migrate.upgrade(database)
        await _install(url, world)
        return await _schedule(database, world, first_due, window_minutes)
    finally:
        await database.close()


async def _install(url: str, world: World) -> None:
    """Save each workspace's installation as bolt's OAuth flow would, in one transaction."""
    stores = open_stores(url, CLIENT_ID)
    now = time.time()
    try:
        rows = []
        for team in world.teams:
            workspace = team.workspace
            installation = Installation(
                app_id="A1",
                team_id=workspace.team_id,
                team_name=f"Team {workspace.team_id}",
                bot_token=world.fake.installs.token_of(workspace.team_id),
                bot_id=f"B{workspace.tag}",
                bot_user_id=workspace.bot_user_id,
                bot_scopes="commands,chat:write",
                user_id=workspace.admin,
                installed_at=now,
            )
            row: dict[str, Any] = installation.to_bot().to_dict()
            row["client_id"] = CLIENT_ID
            row["installed_at"] = row["installed_at"].replace(tzinfo=None)  # the store's naive UTC
            rows.append(row)
        async with stores.engine.begin() as connection:
            await connection.execute(stores.installations.bots.insert(), rows)
    finally:
        await stores.close()


async def _schedule(
    database: Database, world: World, first_due: datetime, window_minutes: int
) -> int:
    created = first_due - timedelta(days=1)
    async with database.writing() as connection:
        ids = (
            await connection.execute(
                insert(Community).returning(Community.id, Community.external_id),
                [
                    {
                        "platform": "slack",
                        "external_id": team.workspace.team_id,
                        "timezone": "UTC",
                        "created_at": created,
                    }
                    for team in world.teams
                ],
            )
        ).all()
        community_of = {external: community_id for community_id, external in ids}
        rows: list[dict[str, Any]] = []
        for team in world.teams:
            for channel in team.topics:
                due = first_due + timedelta(minutes=len(rows) % window_minutes)
                rows.append(
                    {
                        "community_id": community_of[team.workspace.team_id],
                        "kind": "topic",
                        "channel_external_id": channel,
                        "weekday": due.weekday(),
                        "hour": due.hour,
                        "minute": due.minute,
                        "every_weeks": 1,
                        "anchor_date": due.date(),
                        "created_at": created,
                    }
                )
        for start in range(0, len(rows), 2_000):
            await connection.execute(insert(Schedule), rows[start : start + 2_000])
    return len(rows)
