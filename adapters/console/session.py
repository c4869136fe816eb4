"""Runs console script lines against the app: each line becomes a core event, dispatched for real.

`ConsoleSession.say(line)` returns the records the line produced, so tests and the benchmark read
like `await session.say("@alice: /help")`.
"""

from __future__ import annotations

import functools
import itertools
from datetime import datetime
from zoneinfo import ZoneInfo

from babel.messages.pofile import read_po

from adapters.console import script
from adapters.console.platform import ConsolePlatform
from adapters.console.records import Record
from adapters.console.world import (
    BOT_NAME,
    COMMUNITY_ID,
    DEFAULT_CHANNEL,
    PLATFORM,
    ConsoleMember,
    ConsoleMessage,
    ConsoleWorld,
    channel_label,
)
from bot.clock import VirtualClock
from bot.events import (
    Actor,
    ButtonPressed,
    CommandInvoked,
    Event,
    MemberJoined,
    MemberLeft,
    MessagePosted,
    MessageReported,
    ReactionAdded,
)
from bot.i18n import _, speaking
from bot.i18n.catalogue import DOMAIN, LOCALE_DIRECTORY, active_catalogues
from bot.messages import Button
from bot.port import Core
from bot.refs import ChannelRef, CommunityRef, InteractionRef, MessageRef, UserRef

COMMUNITY = CommunityRef(PLATFORM, COMMUNITY_ID)


class ConsoleSession:
    """A console community wired to the core (an app, through its port); feed it script lines."""

    def __init__(self, app: Core[object], clock: VirtualClock, locale: str | None = None) -> None:
        """`locale`: what every member's app is set to (Discord's and Slack's locale)."""
        self.app = app
        self._locale = locale
        self.clock = clock
        self.world = ConsoleWorld(clock)
        self._records: list[Record] = []
        self.platform = ConsolePlatform(self.world, self._records.append)
        self._interactions = itertools.count(1)
        self._line_number = 0

    async def attach(self) -> list[Record]:
        """Connect the console platform to the app and return what catching up posted."""
        self._records.clear()
        await self.app.attach(self.platform)
        self.app.health.connected(PLATFORM)  # the console is connected once it runs
        return list(self._records)

    async def refresh_timezone(self) -> None:
        """Show times in the community's time zone (it may change with /setup timezone)."""
        self.world.zone = ZoneInfo(await self.app.community_timezone(COMMUNITY))

    async def say(self, line: str) -> list[Record]:
        """Run one script line and return everything it produced, in order."""
        self._line_number += 1
        self._records.clear()
        try:
            action = script.parse_line(line)
            if action is not None:
                await self._apply(action)
        except script.ScriptError as error:
            self._records.append(
                Record(kind="error", at=self.world.now(), line=self._line_number, text=str(error))
            )
        return list(self._records)

    async def _apply(self, action: script.Action) -> None:
        match action:
            case script.AdvanceBy(delta=delta):
                await self._advance(self.clock.now() + delta)
            case script.AdvanceTo(day=day, at=at):
                await self._advance(datetime.combine(day, at, tzinfo=self.world.zone))
            case script.SetLevel(name=name, level=level):
                self._present(name).level = level
                self._echo("level", author=f"@{name}", text=level.label)
            case script.SetRole(name=name, role=role, holds=holds):
                self._present(name)
                self.world.set_role(name, role, holds=holds)
                verb = "gets" if holds else "loses"
                self._echo("role", author=f"@{name}", text=verb, target=f"&{role}")
            case script.Join(name=name):
                await self._join(name)
            case script.Leave(name=name):
                self._present(name).present = False
                self._echo("leave", author=f"@{name}")
                await self._dispatch(
                    MemberLeft(community=COMMUNITY, at=self.clock.now(), actor=self._actor(name))
                )
            case script.Say():
                await self._say(action)
            case script.Report():
                await self._report(action)
            case script.React():
                await self._react(action)
            case script.Press():
                await self._press(action)

    async def _advance(self, moment: datetime) -> None:
        if moment < self.clock.now():
            raise script.ScriptError("The virtual clock cannot go back in time.")
        self._records.append(Record(kind="time", at=moment.astimezone(self.world.zone)))
        await self.clock.advance_to(moment)

    async def _join(self, name: str) -> None:
        member = self.world.member(name)
        if member.banned:
            raise script.ScriptError(f"@{name} is banned; a moderator must unban them first.")
        member.present = True
        self._echo("join", author=f"@{name}")
        await self._dispatch(
            MemberJoined(community=COMMUNITY, at=self.clock.now(), actor=self._actor(name))
        )

    async def _say(self, action: script.Say) -> None:
        member = self._present(action.name)
        if member.timed_out_until is not None and member.timed_out_until > self.clock.now():
            until = member.timed_out_until.astimezone(self.world.zone).strftime("%Y-%m-%d %H:%M")
            raise script.ScriptError(f"@{action.name} is timed out until {until}.")
        channel_id, root = self._channel_for(action)
        if action.text.startswith("/"):
            await self._command(action.name, channel_id, action.text)
            return
        # A direct message to the bot, or a reply under one, is as private as the bot's answers.
        private = self.world.audience(channel_id)
        stored = self.world.add_message(channel_id, action.name, action.text, visible_to=private)
        self._echo(
            "message",
            id=stored.id,
            author=f"@{action.name}",
            to=_written_to(channel_id),
            text=action.text,
        )
        await self._dispatch(
            MessagePosted(
                community=COMMUNITY,
                at=self.clock.now(),
                actor=self._actor(action.name),
                message=MessageRef(PLATFORM, channel_id, stored.id),
                text=action.text,
                thread_root=root,
                mention_count=action.text.count("@"),
            )
        )

    def _channel_for(self, action: script.Say) -> tuple[str, MessageRef | None]:
        if action.direct:
            return f"dm:{action.name}", None
        if action.thread is not None:
            root = self._select(action.thread, action.name)
            return f"thread:{root.id}", MessageRef(PLATFORM, root.channel_id, root.id)
        return action.channel or DEFAULT_CHANNEL, None

    async def _command(self, name: str, channel_id: str, text: str) -> None:
        self._echo("command", author=f"@{name}", to=_written_to(channel_id), text=text)
        await self._dispatch(
            CommandInvoked(
                community=COMMUNITY,
                at=self.clock.now(),
                actor=self._actor(name),
                interaction=self._interaction(name, channel_id),
                text=text.removeprefix("/"),
                parent_channel=self._thread_parent(channel_id),
            )
        )
        if text.startswith("/setup"):  # the only command that can change the time zone
            await self.refresh_timezone()

    async def _report(self, action: script.Report) -> None:
        self._present(action.name)
        target = self._select(action.target, action.name)
        self._echo("report", author=f"@{action.name}", target=target.id, text=action.reason)
        await self._dispatch(
            MessageReported(
                community=COMMUNITY,
                at=self.clock.now(),
                actor=self._actor(action.name),
                interaction=self._interaction(action.name, target.channel_id),
                message=MessageRef(PLATFORM, target.channel_id, target.id),
                author=None if target.author == BOT_NAME else UserRef(PLATFORM, target.author),
                reason=action.reason,
                excerpt=target.text[:200],
            )
        )

    async def _react(self, action: script.React) -> None:
        self._present(action.name)
        target = self._select(action.target, action.name)
        self._echo("reaction", author=f"@{action.name}", target=target.id, text=action.emoji)
        await self._dispatch(
            ReactionAdded(
                community=COMMUNITY,
                at=self.clock.now(),
                actor=self._actor(action.name),
                message=MessageRef(PLATFORM, target.channel_id, target.id),
            )
        )

    async def _press(self, action: script.Press) -> None:
        self._present(action.name)
        message = self._button_message(action)
        button = next(b for b in message.buttons if _names(b, action.label))
        self._echo("press", author=f"@{action.name}", target=message.id, text=button.label)
        await self._dispatch(
            ButtonPressed(
                community=COMMUNITY,
                at=self.clock.now(),
                actor=self._actor(action.name),
                interaction=self._interaction(action.name, message.channel_id),
                action_id=button.action_id,
                message=MessageRef(PLATFORM, message.channel_id, message.id),
                parent_channel=self._thread_parent(message.channel_id),
            )
        )

    def _button_message(self, action: script.Press) -> ConsoleMessage:
        def has_button(message: ConsoleMessage) -> bool:
            return message.author == BOT_NAME and any(
                _names(button, action.label) for button in message.buttons
            )

        if action.target is not None:
            message = self._select(action.target, action.name)
            if not has_button(message):
                raise script.ScriptError(f"{message.id} has no button {action.label!r}.")
            return message
        found = self.world.newest(lambda m: has_button(m) and m.visible_for(action.name))
        if found is None:
            raise script.ScriptError(
                f"@{action.name} sees no message with a button {action.label!r}."
            )
        return found

    def _thread_parent(self, channel_id: str) -> ChannelRef | None:
        """Return the channel a `thread:mN` belongs to (its root's, up through nested threads);
        None for anything else."""
        parent = channel_id
        while parent.startswith("thread:"):
            root = self.world.messages.get(parent.removeprefix("thread:"))
            if root is None:
                return None
            parent = root.channel_id
        return None if parent == channel_id else ChannelRef(PLATFORM, parent)

    def _select(self, selector: script.MessageSelector, viewer: str) -> ConsoleMessage:
        if selector.message_id is not None:
            message = self.world.messages.get(selector.message_id)
            if message is None or not message.visible_for(viewer):
                raise script.ScriptError(
                    f"There is no message {selector.message_id} that @{viewer} can see."
                )
            return message
        author = selector.from_name
        found = self.world.newest(
            lambda m: (
                m.channel_id == DEFAULT_CHANNEL
                and m.visible_for(viewer)
                and (author is None or m.author == author)
            )
        )
        if found is None:
            whose = f" from @{author}" if author else ""
            raise script.ScriptError(f"There is no message{whose} in #{DEFAULT_CHANNEL} yet.")
        return found

    def _present(self, name: str) -> ConsoleMember:
        member = self.world.member(name)
        if member.banned:
            raise script.ScriptError(f"@{name} is banned from the community.")
        if not member.present:
            raise script.ScriptError(
                f'@{name} is not in the community; write "@{name} joins" first.'
            )
        return member

    def _actor(self, name: str) -> Actor:
        member = self.world.member(name)
        return Actor(
            user=UserRef(PLATFORM, name),
            display_name=name,
            platform_level=member.level,
            role_ids=frozenset(member.roles),
            locale=self._locale,
        )

    def _interaction(self, name: str, channel_id: str) -> InteractionRef:
        number = next(self._interactions)
        return InteractionRef(
            PLATFORM,
            f"i{number}",
            token=f"i{number}",
            channel=ChannelRef(PLATFORM, channel_id),
            user=UserRef(PLATFORM, name),
        )

    def _echo(self, kind: str, **fields: object) -> None:
        self._records.append(Record(kind=kind, at=self.world.now(), **fields))  # type: ignore[arg-type]

    async def _dispatch(self, event: Event) -> None:
        await self.app.dispatch(event, self.platform)


def _written_to(channel_id: str) -> str:
    """Return where a member's line went: a direct message goes to `@bot`, not to its author."""
    if channel_id.startswith("dm:"):
        return f"@{BOT_NAME}"
    return channel_label(channel_id)


def _names(button: Button, label: str) -> bool:
    """Whether a script's `presses "label"` means `button`: its label as shown, or the source
    text of that label, so a script written in English presses the same button in any language;
    a label in a shipped catalogue's language (`"Entendido"`) stands for its English source."""
    sources = {label, *_sources_of(label.casefold())}
    wanted = {label.casefold()}
    for language in active_catalogues().languages:
        with speaking(language):
            wanted.update(_(source).casefold() for source in sources)
    return button.label.casefold() in wanted


def _sources_of(translation: str) -> frozenset[str]:
    """Return the English texts a shipped catalogue translates as `translation` (casefolded)."""
    return _sources_by_translation().get(translation, frozenset())


@functools.cache
def _sources_by_translation() -> dict[str, frozenset[str]]:
    """Every translated text in the shipped catalogues (casefolded), with its English sources."""
    found: dict[str, set[str]] = {}
    for path in sorted(LOCALE_DIRECTORY.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        with path.open("rb") as source:
            catalog = read_po(source, domain=DOMAIN)
        for message in catalog:
            translated = message.string if isinstance(message.string, str) else ""
            if isinstance(message.id, str) and message.id and translated:
                found.setdefault(translated.casefold(), set()).add(message.id)
    return {text: frozenset(sources) for text, sources in found.items()}
