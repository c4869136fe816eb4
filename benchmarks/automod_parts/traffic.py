"""A day of chat in one community, with blocked terms planted where the generator knows it.

Members write ordinary sentences from `words.py` (so `class`, `assess` and `Cassandra` come up
all the time), some with emoji, links or mentions, some in other scripts; about one message in
seventy carries a blocked term, written plainly or disguised as people do (`a55`, `s.p.a.m`,
`s p a m`, `spaaam`, a Cyrillic `а`, a zero-width space, full-width letters, Markdown). Some
authors are exempt: staff by the platform's word, by a role's level or by their own override,
and holders of an exempt role; a few messages are in an exempt channel, a few from bots.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from benchmarks.automod_parts.words import EMOJI, NAMES, OTHER_SCRIPTS, WORDS
from bot.levels import Level

CHANNELS = ("general", "help", "python", "random", "intros", "showcase")
EXEMPT_CHANNEL = "staff-room"
EXEMPT_ROLE = "mentors"
HOST_ROLE = "hosts"
MEMBERS = 2_000
PLANTED_SHARE = 0.014

LINKS = (
    "https://docs.python.org/3/tutorial/",
    "https://github.com/example/project/pull/12",
    "docs.python.org/3/library/re.html",
    "https://docs.google.com/document/d/1x2y3z",
    "github.com/example/notes",
    "https://python.org/downloads",
    "see www.example.com/notes",
    "https://bit.ly/3xYz12",
)


@dataclass(frozen=True, slots=True)
class Author:
    """A member who writes; `exempt` says why automod leaves them alone (empty: it does not)."""

    user_id: str
    name: str
    platform_level: Level = Level.MEMBER
    role_ids: frozenset[str] = frozenset()
    is_bot: bool = False
    overridden: bool = False
    exempt: str = ""


@dataclass(frozen=True, slots=True)
class Post:
    """One message, and the blocked term planted in it (None: the generator planted none)."""

    author: Author
    channel: str
    after: timedelta
    text: str
    mentions: int
    planted: str | None
    disguise: str


def authors(rng: random.Random) -> list[Author]:
    """Return the community's writers: most plain members, a few exempt, a few bots."""
    kinds: list[tuple[float, dict[str, object]]] = [
        (0.02, {"platform_level": Level.MODERATOR, "exempt": "platform level"}),
        (0.02, {"role_ids": frozenset({HOST_ROLE}), "exempt": "role level"}),
        (0.01, {"overridden": True, "exempt": "member override"}),
        (0.03, {"role_ids": frozenset({EXEMPT_ROLE}), "exempt": "exempt role"}),
        (0.01, {"is_bot": True, "exempt": "bot"}),
    ]
    out = []
    for number in range(MEMBERS):
        roll, settings = rng.random(), {}
        for share, kind in kinds:
            if roll < share:
                settings = kind
                break
            roll -= share
        name = f"{rng.choice(NAMES)} {number}"
        out.append(Author(f"u{number}", name, **settings))  # type: ignore[arg-type]
    return out


def day_of_chat(
    rng: random.Random, count: int, writers: list[Author], terms: list[str]
) -> list[Post]:
    """Return `count` posts a few milliseconds apart, with floods and cross-posted spam."""
    out, after = [], timedelta()
    flooder, spammer = [writer for writer in writers if not writer.exempt][:2]
    for index in range(count):
        after += timedelta(milliseconds=rng.randint(5, 40))
        author, channel = rng.choice(writers), rng.choice(CHANNELS)
        if rng.random() < 0.02:
            channel = EXEMPT_CHANNEL
        burst = index % 5000
        if burst < 10:  # one member, ten quick messages
            author = flooder
        planted, disguise, text = None, "", ""
        if burst in (100, 101, 102):  # the same text in three channels
            author, channel = spammer, CHANNELS[burst - 100]
            text = "Check out my new course, half price this week only!"
        elif rng.random() < PLANTED_SHARE:
            planted = rng.choice(terms)
            disguise, text = _with_term(rng, planted)
        else:
            text = _chat(rng)
        mentions = rng.choice((0,) * 40 + (1, 1, 2, 3, 7))
        out.append(Post(author, channel, after, text, mentions, planted, disguise))
    return out


def _chat(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.04:
        return rng.choice(OTHER_SCRIPTS) + (f" {rng.choice(EMOJI)}" if rng.random() < 0.3 else "")
    words = _words(rng)
    if roll < 0.10:
        words.insert(rng.randrange(len(words) + 1), rng.choice(LINKS))
    elif roll < 0.102:
        words.append("join us at discord.gg/abc123")
    elif roll < 0.105:
        words.insert(0, rng.choice(("free nitro", "crypto giveaway", "limited offer")))
    elif roll < 0.20:
        words.insert(rng.randrange(len(words) + 1), rng.choice(EMOJI))
    return _sentence(rng, words)


def _words(rng: random.Random) -> list[str]:
    length = rng.choice((1, 2, 3, 5, 8, 12, 20, 30, 60, 120))
    return [rng.choice(NAMES) if rng.random() < 0.08 else rng.choice(WORDS) for _ in range(length)]


def _sentence(rng: random.Random, words: list[str]) -> str:
    text = " ".join(words)
    return text[:1].upper() + text[1:] + rng.choice((".", "?", "!", "", " :)", "!!"))


def _with_term(rng: random.Random, term: str) -> tuple[str, str]:
    """Return a disguise's name and a chat message holding `term` written that way."""
    latin = term.isascii()
    name, disguise = rng.choice(_LATIN if latin else _OTHER)
    written = disguise(term)
    if not latin and _unspaced(term) and rng.random() < 0.5:
        return name, rng.choice(OTHER_SCRIPTS[9:12]) + written  # inside Chinese, no spaces
    # A letter on its own beside a spelled-out word would join it (`a s p a m` is `aspam`).
    words = [word for word in _words(rng) if len(word) > 1] or ["well"]
    words.insert(rng.randrange(len(words) + 1), written)
    return name, _sentence(rng, words)


def _unspaced(term: str) -> bool:
    return all("\u4e00" <= char <= "\u9fff" for char in term)


def _per_word(change: Callable[[str], str], between: str = " ") -> Callable[[str], str]:
    return lambda term: between.join(change(word) for word in term.split())


def _leet(word: str) -> str:
    return word.translate(str.maketrans("aeios", "43105"))


def _repeated(word: str) -> str:
    at = len(word) // 2
    return word[:at] + word[at] * 3 + word[at + 1 :]


def _cyrillic(word: str) -> str:
    return word.translate(str.maketrans("aeocp", "аеоср"))


def _full_width(word: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isalpha() else char for char in word)


_LATIN: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("plain", lambda term: term),
    ("capitals", str.upper),
    ("title case", str.title),
    ("l33t", _per_word(_leet)),
    ("dotted", _per_word(".".join)),
    ("spaced out", _per_word(" ".join, between="   ")),
    ("repeated letters", _per_word(_repeated)),
    ("cyrillic look-alikes", _per_word(_cyrillic)),
    ("zero-width space", _per_word("\u200b".join)),
    ("full-width", _full_width),
    ("markdown bold", lambda term: f"**{term}**"),
    ("markdown italics", lambda term: f"_{term}_"),
    ("spoiler", lambda term: f"||{term}||"),
    ("hyphenated", lambda term: term.replace(" ", "-")),
    ("run together", lambda term: term.replace(" ", "")),
    ("trailing punctuation", lambda term: f"{term}!!!"),
)
_OTHER: tuple[tuple[str, Callable[[str], str]], ...] = (
    ("plain", lambda term: term),
    ("capitals", str.upper),
    ("repeated letters", _per_word(_repeated)),
    ("zero-width space", _per_word("\u200b".join)),
    ("markdown bold", lambda term: f"**{term}**"),
)
