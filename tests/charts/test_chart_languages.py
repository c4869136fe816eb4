"""The chart speaks its reader's language, with the real catalogues: `/stats` answers a host in
theirs (its chart made after the answer, still in theirs), the weekly digest and its chart are
the community's; the chart's labels are written when it is drawn, in the language current then.
"""

from __future__ import annotations

import asyncio

from adapters.console.records import Record
from adapters.console.session import ConsoleSession
from bot.charts import draw
from bot.i18n import speaking
from tests.charts.test_drawing import sample, svg_text
from tests.console.test_session import say_all
from tests.participation.test_stats_console import community_with_traffic


def _files(records: list[Record]) -> list[Record]:
    return [record for record in records if record.kind == "file"]


async def test_stats_answers_in_the_hosts_language_and_the_digest_in_the_communitys(
    console: ConsoleSession,
) -> None:
    await community_with_traffic(console)  # @hana is the admin
    await say_all(console, "@hana: /setup language es", "@hana: /profile language de")
    records = await console.say("@hana: /stats")
    (answer,) = [r for r in records if r.kind == "ephemeral"]
    assert (answer.text or "").startswith("📊 Zustand der Community")
    (chart,) = _files(records)
    assert chart.to == "@hana"
    assert (chart.text or "").startswith("📈 Das Diagramm in Worten:")

    await console.say("@hana: /stats digest mon 09:00")
    to_hosts = [r for r in await console.say("time 2026-01-12 10:00") if r.to == "#hosts"]
    assert [r.kind for r in to_hosts] == ["post", "file"]
    assert (to_hosts[0].text or "").startswith("📊 Resumen semanal de participación")
    assert (to_hosts[1].text or "").startswith("📈 El gráfico en palabras:")


async def test_the_charts_labels_are_in_the_language_current_when_it_is_drawn() -> None:
    # Drawn off the event loop as `chart_file` draws it: the thread keeps the language.
    with speaking("de"):
        german = svg_text(await asyncio.to_thread(draw, sample(), "svg"))
    with speaking("es"):
        spanish = svg_text(await asyncio.to_thread(draw, sample(), "svg"))
    assert "Aktive Mitglieder pro Woche" in german
    assert "Miembros activos por semana" in spanish
    assert "Active members per week" not in german + spanish
