"""Neutral messages and forms as Block Kit, within Slack's documented limits."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from adapters.mentions import own
from adapters.slack import blocks
from bot.i18n import use_catalogues
from bot.messages import Button, ButtonStyle, Field, Form, FormField, OutboundMessage
from tests.i18n.pseudo import pseudo_catalogues, widen

WORD_JOINER = "\u2060"


def test_plain_text_is_escaped_but_the_bots_own_mentions_and_links_are_kept() -> None:
    text = (
        f"a < b & c > d, ask {own('<@U123>')} in <#C9|intro> or {own('<!subteam^S1|tutors>')}, "
        "<https://x.org|x>"
    )
    escaped = blocks.escape(text)
    assert escaped.startswith("a &lt; b &amp; c &gt; d")
    for kept in ("<@U123>", "<#C9|intro>", "<!subteam^S1|tutors>", "<https://x.org|x>"):
        assert kept in escaped
    assert "\ue000" not in escaped, "the marks never reach Slack"


def test_mentions_members_wrote_ping_nobody_but_links_stay() -> None:
    written = (
        "hi <!channel> <!here> <!everyone|everyone> <!subteam^S1|@tutors> <!subteam^S2> "
        "<@U999> <@U998|sam>, see <#C9|intro> and <https://x.org|x>"
    )
    escaped = blocks.escape(f"{own('<@U1>')} wrote: {written}")
    assert escaped.startswith("<@U1> wrote: hi ")
    for inert in ("<!channel>", "<!here>", "<!everyone", "<!subteam", "<@U999>", "<@U998"):
        assert inert not in escaped
    shown = escaped.replace(WORD_JOINER, "")
    for plain in ("@channel", "@here", "@everyone", "@tutors", "@subteam S2", "@U999", "@sam"):
        assert plain in shown
    assert "<#C9|intro>" in escaped
    assert "<https://x.org|x>" in escaped


def test_forged_marks_do_not_make_a_members_mention_live() -> None:
    forged = "\ue000000000000000\ue001<!channel>\ue002"
    escaped = blocks.escape(forged)
    assert "<!channel>" not in escaped
    assert "\ue000" not in escaped
    assert "\ue002" not in escaped


def test_text_objects_are_verbatim_so_slack_does_not_parse_plain_mentions() -> None:
    made = blocks.message_blocks(OutboundMessage("@here", fields=(Field("a", "@channel"),)))
    assert made[0]["text"]["verbatim"] is True
    assert made[1]["fields"][0]["verbatim"] is True


def test_a_made_up_control_sequence_is_escaped() -> None:
    assert blocks.escape("<script>") == "&lt;script&gt;"
    assert blocks.escape("<!nope>") == "&lt;!nope&gt;"


# Without @, #, ! or "http" no control sequence can form, so everything must be escaped.
@given(st.text(alphabet="ab <>&;lgtamp\n", max_size=200))
def test_escape_then_unescape_gives_the_text_back(text: str) -> None:
    escaped = blocks.escape(text)
    assert "<" not in escaped
    assert ">" not in escaped
    assert blocks.unescape(escaped) == text


def test_long_text_is_split_into_sections_at_line_breaks_and_nothing_is_lost() -> None:
    lines = [f"rule {n}: " + "x" * 90 for n in range(100)]  # about 10,000 characters
    made = blocks.message_blocks(OutboundMessage("\n".join(lines)))
    texts = [block["text"]["text"] for block in made]
    assert all(len(text) <= blocks.MAX_SECTION_TEXT for text in texts)
    assert "\n".join(texts) == "\n".join(lines)


def test_fields_and_buttons_round_trip_with_their_styles() -> None:
    message = OutboundMessage(
        "Flagged",
        fields=(Field("Reported by", own("<@U1>")), Field("Why", "rude & loud")),
        buttons=(
            Button("Remove", "flag:remove:7", ButtonStyle.DANGER),
            Button("Keep", "flag:keep:7", ButtonStyle.PRIMARY),
            Button("Later", "flag:later:7"),
        ),
    )
    made = blocks.message_blocks(message)
    assert blocks.fields_of(made) == (Field("Reported by", "<@U1>"), Field("Why", "rude & loud"))
    assert blocks.buttons_of(made) == tuple((b.label, b.action_id) for b in message.buttons)
    styles = [element.get("style") for element in made[-1]["elements"]]
    assert styles == ["danger", "primary", None]


def test_many_fields_fill_sections_of_ten() -> None:
    fields = tuple(Field(f"n{i}", f"v{i}") for i in range(23))
    made = blocks.message_blocks(OutboundMessage("", fields=fields))
    assert [len(block["fields"]) for block in made] == [10, 10, 3]


def test_message_arguments_carry_a_notification_fallback_text() -> None:
    arguments = blocks.message_arguments(OutboundMessage("Hi <you> & all"))
    assert arguments["text"] == "Hi &lt;you&gt; &amp; all"
    assert arguments["blocks"][0]["text"]["text"] == arguments["text"]


def test_a_form_is_a_modal_that_remembers_its_channel() -> None:
    form = Form(
        "guidelines:set",
        "Community guidelines for this cohort",
        (
            FormField("rules", "One rule per line", long=True, default="Be kind.", max_length=1000),
            FormField("note", "Note", required=False, placeholder="optional"),
        ),
    )
    view = blocks.form_view(form, "C42")
    assert view["type"] == "modal"
    assert view["callback_id"] == "guidelines:set"
    assert len(view["title"]["text"]) <= blocks.MAX_VIEW_TITLE
    assert json.loads(view["private_metadata"]) == {"channel": "C42"}
    rules, note = view["blocks"]
    assert rules["element"]["multiline"] is True
    assert rules["element"]["initial_value"] == "Be kind."
    assert rules["element"]["max_length"] == 1000
    assert rules["optional"] is False
    assert note["optional"] is True
    assert note["element"]["max_length"] == blocks.MAX_INPUT  # Slack's cap, below ours
    assert note["element"]["placeholder"]["text"] == "optional"


def test_a_forms_save_and_cancel_words_come_from_the_catalogue() -> None:
    form = Form("note:set", "Note", (FormField("note", "Note"),))
    assert blocks.form_view(form, "C1")["submit"]["text"] == "Save"
    with use_catalogues(pseudo_catalogues()):
        view = blocks.form_view(form, "C1")
    assert (view["submit"]["text"], view["close"]["text"]) == (widen("Save"), widen("Cancel"))
