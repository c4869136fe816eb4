"""Links and invite links in a message, and the domains a community allows.

A link is a web address with `http://` or `https://`, one starting `www.`, or a bare host name
ending in a top-level domain that links commonly use (`bit.ly/x`, `example.com`). File names
such as `main.py` or `README.md` are not links, although `.py` and `.md` are country domains.
Invite links are Discord's (`discord.gg/…`, `discord.com/invite/…`) and Slack's
(`join.slack.com/t/…`, `<workspace>.slack.com/join/…`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from bot.errors import UserFacingError
from bot.i18n import _

# Top-level domains that bare host names are recognised by (with a scheme or `www.`, any is).
# Not `.py`, `.md`, `.sh`, `.rs` (file names) nor `.info`, `.app`, `.to` (`df.info()`,
# `pd.to_csv`): a learning community writes those in prose.
_TLD_TEXT = (
    "com net org io gg co me ly be xyz biz dev link site online club shop store pro vip win bid "
    "click top icu tv cc us uk de fr nl eu ca au jp br es pl ch ru su cn tk ml ga cf gq gl gd ws"
)
LINK_TLDS = frozenset(_TLD_TEXT.split())

# Labels cannot contain dots, so each repetition is decided by one character: linear time.
_HOST = r"[a-z0-9](?:[a-z0-9-]*)(?:\.[a-z0-9-]+)+"
_LINK = re.compile(rf"(https?://)?(?<![a-z0-9.@-])({_HOST})(?![a-z0-9_])")
_INVITE = re.compile(
    r"discord(?:app)?\s*\.\s*com\s*/\s*invite\s*/\s*[a-z0-9-]+"
    r"|discord\s*\.\s*gg\s*/\s*[a-z0-9-]+"
    r"|join\s*\.\s*slack\s*\.\s*com\s*/\s*t\s*/\s*[a-z0-9-]+"
    r"|[a-z0-9-]+\.slack\.com/join/[a-z0-9_/-]+"
)


def hosts(lowered: str) -> Iterator[str]:
    """Yield the host of every link in lower-cased text, in order."""
    for match in link_matches(lowered):
        scheme, host = match.group(1), match.group(2).rstrip(".-")
        bare = scheme is None and not host.startswith("www.")
        if bare and host.rpartition(".")[2] not in LINK_TLDS:
            continue
        yield host.removeprefix("www.")


# A host starts where a run of these characters starts (`_LINK`'s look-behind) and needs a dot.
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789.-")
_HOST_CHARS_AFTER = re.compile(r"[a-z0-9.-]*")
_SCHEME = len("https://")


def link_matches(lowered: str) -> Iterator[re.Match[str]]:
    """Yield `_LINK`'s matches in `lowered` as `finditer` over the whole text would.

    Python's `re` tries `_LINK` at every position, about 50 ns a character: most of screening a
    long message with a link. A match's host is a run of host characters with a dot, starting
    where the run starts, so only the run around each dot (and a scheme just before it) is
    searched; the end passed to `search` keeps the character after the run in view.
    """
    end = 0  # where the last match ended: matches never overlap
    dot = lowered.find(".")
    while dot != -1:
        start = dot
        while start > 0 and lowered[start - 1] in _HOST_CHARS:
            start -= 1
        after = _HOST_CHARS_AFTER.match(lowered, dot)  # always matches: the dot at least
        stop = after.end() if after is not None else dot + 1
        match = _LINK.search(lowered, max(start - _SCHEME, end), stop + 1)
        if match is not None:
            yield match
            end = match.end()
        dot = lowered.find(".", stop)


def is_allowed(host: str, allowed: frozenset[str]) -> bool:
    """Return whether `host` is an allowed domain or one of its subdomains."""
    if host in allowed:
        return True
    parts = host.split(".")
    return any(".".join(parts[index:]) in allowed for index in range(1, len(parts) - 1))


def first_disallowed(lowered: str, allowed: frozenset[str]) -> str | None:
    """Return the host of the first link whose domain is not allowed, if any."""
    return next((host for host in hosts(lowered) if not is_allowed(host, allowed)), None)


def first_invite(lowered: str) -> str | None:
    """Return the first Discord or Slack invite link in lower-cased text, if any."""
    if "discord" not in lowered and "slack" not in lowered:
        return None
    match = _INVITE.search(lowered)
    return None if match is None else "".join(match.group(0).split())


_DOMAIN = re.compile(r"[a-z0-9](?:[a-z0-9-]{0,62})(?:\.[a-z0-9-]{1,63})+")


def normalize_domain(raw: str) -> str:
    """Return a domain as stored (`https://www.Example.com/x` → `example.com`), or raise."""
    text = raw.strip().strip("<>").split("|", 1)[0].lower()
    text = re.sub(r"^[a-z][a-z0-9+.-]*://", "", text)
    host = re.split(r"[/?#:]", text, maxsplit=1)[0].removeprefix("www.").strip(".")
    if not _DOMAIN.fullmatch(host) or len(host) > 253:
        raise UserFacingError(
            _(
                "{domain} is not a domain; write it like example.com (subdomains of an allowed "
                "domain are allowed too)."
            ).format(domain=repr(raw.strip()[:60]))
        )
    return host


def domains_listed(domains: Iterable[str]) -> str:
    """Return domains as a sorted, comma-separated list for moderators."""
    return ", ".join(sorted(domains))
