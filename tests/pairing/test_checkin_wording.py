"""What a member paused for unanswered check-ins is told: the count, with its noun's right form."""

from __future__ import annotations

from bot.pairing.checkins import Answer, checkin_message, rejoin_hint


def test_the_rejoin_hint_counts_check_ins_in_the_singular_and_the_plural() -> None:
    assert rejoin_hint(1).startswith("You didn't answer your last 1 buddy check-in, so")
    assert rejoin_hint(3).startswith("You didn't answer your last 3 buddy check-ins, so")
    assert rejoin_hint(3).endswith("Whenever you'd like a buddy again, run /buddy join.")


def test_the_check_in_buttons_carry_their_labels_and_the_groups_action() -> None:
    buttons = checkin_message(7).buttons
    assert [(button.label, button.action_id) for button in buttons] == [
        ("We met", "buddy:met:7"),
        ("Not yet", "buddy:notyet:7"),
        ("Skip", "buddy:skip:7"),
    ]
    assert [answer.label for answer in Answer] == ["We met", "Not yet", "Skip"]
