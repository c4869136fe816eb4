"""The chart: valid PNG and SVG from the same drawing, empty communities, the palette, words."""

from __future__ import annotations

import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from bot.charts import PALETTE, ChartData, LorenzBalance, TopicReplies, draw, lorenz_points
from bot.charts.data import TOPIC_TITLE_CHARS, cut_title
from bot.charts.summary import summary

ROOT = Path(__file__).resolve().parents[2]
PANELS = (
    "Active members per week",
    "Posts and thread replies per week",
    "Participation balance (30 days)",
    "Replies per topic",
)


def sample() -> ChartData:
    counts = [1, 1, 2, 3, 5, 8, 13, 40]
    return ChartData(
        weeks=("W1", "W2", "W3"),
        active=(4, 6, 5),
        posts=(10, 12, 7),
        replies=(3, 9, 4),
        balance=LorenzBalance(lorenz_points(counts), 0.52, 0.55, len(counts)),
        topics=(
            TopicReplies("What did you build this week?", 7),
            TopicReplies("Saving $5 on books: tips", 2),
        ),
    )


def png_size(png: bytes) -> tuple[int, int]:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    width, height = struct.unpack(">II", png[16:24])
    return width, height


def svg_text(svg: bytes) -> str:
    root = ET.fromstring(svg)
    return " ".join(text for element in root.iter() for text in [element.text] if text)


def test_png_is_readable_at_chat_size() -> None:
    png = draw(sample(), "png")
    width, height = png_size(png)
    assert width >= 1200
    assert height >= 800


def test_svg_comes_from_the_same_drawing_with_its_panel_titles() -> None:
    svg = draw(sample(), "svg")
    text = svg_text(svg)
    for title in PANELS:
        assert title in text
    assert "Gini 0.52" in text
    assert "Top 10 % wrote 55%" in text
    assert "Saving $5 on books: tips" in text  # a dollar is a dollar, not maths


def test_only_the_colour_blind_safe_palette_colours_the_data() -> None:
    svg = draw(sample(), "svg").decode().lower()
    for colour in ("blue", "orange", "green", "vermillion", "sky"):
        assert PALETTE[colour].lower() in svg
    assert "#1f77b4" not in svg  # matplotlib's default first colour is never used


def test_an_empty_community_draws_a_sensible_picture() -> None:
    empty = ChartData()
    assert empty.empty
    assert png_size(draw(empty, "png"))[0] >= 1200
    text = svg_text(draw(empty, "svg"))
    assert "No weeks to show yet" in text
    assert "No messages yet" in text
    assert "No topics posted yet" in text


def test_weeks_without_messages_draw_zeros() -> None:
    quiet = ChartData(weeks=("01-05", "01-12"), active=(0, 0), posts=(0, 0), replies=(0, 0))
    assert quiet.empty
    text = svg_text(draw(quiet, "svg"))
    assert "01-12" in text
    assert "No messages yet" in text


def test_week_series_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same length"):
        ChartData(weeks=("W1",), active=(), posts=(1,), replies=(1,))


def test_a_long_title_is_cut_on_one_line() -> None:
    cut = cut_title("A very\nlong title " + "word " * 30)
    assert len(cut) == TOPIC_TITLE_CHARS
    assert cut.endswith("…")
    assert "\n" not in cut
    assert cut_title("Short") == "Short"


def test_lorenz_points_of_equal_members_lie_on_the_diagonal() -> None:
    points = lorenz_points([3, 3, 3, 3])
    assert points[0] == (0.0, 0.0)
    assert points[-1] == (1.0, 1.0)
    assert all(abs(x - y) < 1e-9 for x, y in points)


def test_lorenz_points_of_ten_thousand_members_stay_few() -> None:
    points = lorenz_points(list(range(1, 10_001)))
    assert len(points) == 101
    assert points[-1] == (1.0, 1.0)
    assert all(y <= x for x, y in points)  # below the line of equality
    assert lorenz_points([0, 0]) == ()
    assert lorenz_points([]) == ()


def test_summary_says_the_charts_facts_in_words() -> None:
    text = summary(sample())
    assert "3 weeks shown; the latest (W3): 5 active members (at most 6 in a week)" in text
    assert "7 posts and 4 thread replies" in text
    assert "(30 days, 8 posters): Gini 0.52, top 10 % wrote 55%" in text
    assert "(2 topics): the most, 7 replies, to “What did you build this week?”" in text


def test_summary_of_an_empty_community() -> None:
    text = summary(ChartData())
    assert "Weeks: none to show yet" in text
    assert "no messages" in text
    assert "no topics posted yet" in text


def test_the_app_starts_without_importing_matplotlib() -> None:
    code = "import sys, bot.app, bot.charts, bot.participation; print('matplotlib' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert out.stdout.strip() == "False"
