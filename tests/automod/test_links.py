"""Links with allowed domains, and invite links."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.automod import links
from bot.automod.links import first_invite, hosts, link_matches, normalize_domain
from bot.automod.model import FilterName
from bot.errors import UserFacingError
from tests.automod.support import check, on, screener

ALLOWED = frozenset({"python.org", "github.com"})


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("read https://Example.com/page", ["example.com"]),
        ("http://127.0.0.1:8000/x", ["127.0.0.1"]),
        ("see www.example.xyz/notes.", ["example.xyz"]),
        ("short: bit.ly/abc and youtu.be/x", ["bit.ly", "youtu.be"]),
        ("<https://docs.python.org/3|docs>", ["docs.python.org"]),
        ("visit evil.com.", ["evil.com"]),
        ("write to me@example.com", []),
        ("run main.py and read README.md", []),
        ("call df.info() then pd.to_csv", []),
        ("e.g. 3.14 in v2.0.1", []),
        ("no links here", []),
    ],
)
def test_links_are_found_with_their_hosts(text: str, found: list[str]) -> None:
    assert list(hosts(text.lower())) == found


def test_a_link_to_a_domain_that_is_not_allowed_is_hit() -> None:
    screen = screener(allowed=ALLOWED, links=on())
    verdict = check(screen, "look at https://evil.example.com/x")
    assert verdict is not None
    assert verdict.filter is FilterName.LINKS
    assert verdict.rule == "link to evil.example.com (not an allowed domain)"


def test_allowed_domains_and_their_subdomains_pass() -> None:
    screen = screener(allowed=ALLOWED, links=on())
    assert check(screen, "https://docs.python.org/3/ and github.com/x/y") is None
    assert check(screen, "python.org.evil.com") is not None
    assert check(screen, "notpython.org") is not None


def test_links_are_not_screened_until_switched_on() -> None:
    assert check(screener(), "https://evil.com") is None


@pytest.mark.parametrize(
    "text",
    [
        "join discord.gg/abc123",
        "https://discord.com/invite/abc",
        "https://discordapp.com/invite/abc",
        "Discord . gg / abc",
        "https://join.slack.com/t/workspace/shared_invite/zt-1",
        "https://myteam.slack.com/join/shared_invite/abc",
    ],
)
def test_invite_links_are_found(text: str) -> None:
    screen = screener(invites=on())
    verdict = check(screen, text)
    assert verdict is not None
    assert verdict.filter is FilterName.INVITES
    assert first_invite(text.lower()) is not None


def test_mentioning_discord_or_slack_is_not_an_invite() -> None:
    screen = screener(invites=on())
    assert check(screen, "I prefer Discord to Slack") is None
    assert check(screen, "https://discord.com/channels/1/2") is None


def test_domains_are_stored_plainly_and_nonsense_is_refused() -> None:
    assert normalize_domain("https://www.Example.com/path?q=1") == "example.com"
    assert normalize_domain("<https://python.org|python.org>") == "python.org"
    assert normalize_domain("docs.github.com:443") == "docs.github.com"
    for bad in ("word", "", "http://", "exa mple.com"):
        with pytest.raises(UserFacingError, match="is not a domain"):
            normalize_domain(bad)


# What links are made of, and what sits around them: schemes, `@`, `_`, dots at the ends.
link_text = st.lists(
    st.sampled_from(["a", "b", "z", "0", "9", ".", "-", "_", "@", "/", ":", " ", "é", "https://"]),
    max_size=40,
).map("".join)


@given(text=link_text)
@example(text="abc.def-x_y.z https://x..https://y.com")
@example(text="x.https://y.com")
@example(text="me@a.com .b.com -c.com a..b.com https://-d.com")
def test_links_are_found_around_dots_as_by_reading_every_position(text: str) -> None:
    def found(matches: object) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
        return [(match.span(), match.groups()) for match in matches]  # type: ignore[attr-defined]

    assert found(link_matches(text)) == found(links._LINK.finditer(text))


def test_a_link_in_a_long_message_is_found_wherever_it_is() -> None:
    words = "We went over the notes. Then everyone read chapter two, and then three... " * 6
    for at in (0, len(words) // 2, len(words)):
        text = f"{words[:at]}https://evil.com/x {words[at:]}"
        assert list(hosts(text.lower())) == ["evil.com"], at
