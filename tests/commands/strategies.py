"""Hypothesis strategies for what people type: mentions, durations, times, zones, quotes.

Shared by the parser properties and the end-to-end permission properties.
"""

from __future__ import annotations

from datetime import date
from zoneinfo import available_timezones

from hypothesis import strategies as st

from commands.registry import Registry
from commands.spec import OptionKind
from commands.types import Weekday

ZONES = sorted(available_timezones())

ids = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=1, max_size=12)
names = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,10}", fullmatch=True)

mentions = st.one_of(
    ids.map(lambda i: f"<@{i}>"),
    st.tuples(ids, names).map(lambda p: f"<@{p[0]}|{p[1]}>"),
    ids.map(lambda i: f"<@!{i}>"),
    st.tuples(ids, names).map(lambda p: f"<#{p[0]}|{p[1]}>"),
    ids.map(lambda i: f"<#{i}>"),
    st.integers(0, 10**20).map(lambda i: f"<@&{i}>"),
    st.tuples(ids, names).map(lambda p: f"<!subteam^{p[0]}|@{p[1]}>"),
    names.map(lambda n: f"@{n}"),
    names.map(lambda n: f"#{n}"),
    st.sampled_from(["@", "#", "<@>", "<#", "<@&x>", "<!subteam^>", "@@a", "#-x"]),
)
durations = st.one_of(
    st.lists(
        st.tuples(st.integers(0, 10**7), st.sampled_from("mhdwyMHDs")), min_size=1, max_size=4
    ).map(lambda parts: "".join(f"{n}{u}" for n, u in parts)),
    st.just("999999w" * 150),
)
weekdays = st.one_of(
    st.sampled_from([day.name for day in Weekday]).flatmap(
        lambda name: st.sampled_from([name, name.lower(), name[:3], name[:2], name + "s"])
    ),
    st.sampled_from(["Mon", "tue", "WED", "thurs", "Fri", "sat", "sun", "Funday"]),
)
times = st.tuples(st.integers(-1, 99), st.integers(-1, 99), st.sampled_from(":.h")).map(
    lambda t: f"{t[0]}{t[2]}{t[1]:02d}"
)
zones = st.one_of(
    st.sampled_from(ZONES).flatmap(lambda z: st.sampled_from([z, z.lower(), z.upper(), z[:-1]])),
    st.sampled_from(["Mars/Olympus", "berlin", "UTC", "utc", "Etc/GMT+5", "../etc/passwd"]),
)
numbers = st.integers(-(10**12), 10**12).map(str)
words = st.text(max_size=12).filter(lambda w: w.strip() and not any(c.isspace() for c in w))
plain = st.one_of(
    words,
    st.sampled_from(["I'm", "Alice's", "don't", "host", "moderator", "member", "intros", "every"]),
)
quoted = st.one_of(
    st.text(max_size=20).map(lambda w: f'"{w}"'),
    st.text(max_size=20).map(lambda w: f"“{w}”"),
    st.text(max_size=20).map(lambda w: f"„{w}“"),
    st.text(max_size=20).map(lambda w: f'"{w}'),  # unclosed
)
dates = st.one_of(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["2026-02-30", "2026-13-01", "21.12.2026", "2026-1-5", "tomorrow"]),
)
arguments = st.one_of(mentions, durations, weekdays, times, dates, zones, numbers, plain, quoted)
ARGUMENTS_BY_KIND = {
    OptionKind.WORD: plain,
    OptionKind.TEXT: st.text(max_size=30),
    OptionKind.INTEGER: numbers,
    OptionKind.DURATION: durations,
    OptionKind.WEEKDAY: weekdays,
    OptionKind.TIME: times,
    OptionKind.DATE: dates,
    OptionKind.TIMEZONE: zones,
    OptionKind.MEMBER: mentions,
    OptionKind.CHANNEL: mentions,
    OptionKind.ROLE_OR_MEMBER: mentions,
    OptionKind.CHOICE: st.sampled_from(["on", "OFF", "intros", "host", "Moderator", "nope"]),
}
separators = st.sampled_from([" ", "  ", "\t", "\n", " \u00a0", "\u3000"])


def command_lines(registry: Registry) -> st.SearchStrategy[str]:
    """Lines that name one of `registry`'s commands (or nearly) followed by plausible arguments."""
    paths = sorted(spec.path for spec in registry)
    heads = st.one_of(
        st.sampled_from(paths),
        st.sampled_from(registry.top_level_names()),
        st.sampled_from(paths).map(str.upper),
        st.sampled_from(paths).map(lambda p: p[:-1]),
        st.sampled_from(paths).map(lambda p: f'"{p}"'),
    )

    @st.composite
    def lines(draw: st.DrawFn) -> str:
        head = draw(st.sampled_from(["", "/", "//"])) + draw(heads)
        spec = registry.get(head.lstrip("/").lower())
        if spec is not None and draw(st.booleans()):
            # Mostly the right kind of argument for each option, so whole lines often bind.
            drawn = [
                draw(ARGUMENTS_BY_KIND[option.kind] if draw(st.integers(0, 9)) else arguments)
                for option in spec.options
            ]
            drawn = drawn[: draw(st.integers(0, len(drawn)))] if draw(st.booleans()) else drawn
            drawn += draw(st.lists(arguments, max_size=2))
        else:
            drawn = draw(st.lists(arguments, max_size=6))
        line = ""
        for part in [head, *drawn]:
            line += part + draw(separators)
        return draw(st.sampled_from([line, line.strip(), line.rstrip()]))

    return lines()
