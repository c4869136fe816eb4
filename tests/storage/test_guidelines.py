"""Guidelines: replaced from text, added to, removed from; a refused edit changes nothing."""

from __future__ import annotations

import pytest

from bot.errors import NotFoundError, UserFacingError
from bot.refs import CommunityRef
from bot.shared.communities import CommunityService
from bot.shared.guidelines import MAX_RULE_LENGTH, MAX_RULES, GuidelinesService, split_rules
from bot.storage.database import Database


@pytest.fixture
def guidelines(any_database: Database) -> GuidelinesService:
    """The guidelines service on the test's database."""
    return GuidelinesService(any_database)


async def test_a_new_community_has_no_rules(
    guidelines: GuidelinesService, community_id: int
) -> None:
    assert await guidelines.rules(community_id) == []


async def test_replace_splits_lines_and_strips_list_markers(
    guidelines: GuidelinesService, community_id: int
) -> None:
    text = "\n".join(
        [
            "- Be kind",
            "* Stay on topic",
            "",
            "1. Share what you learn",
            "  12.   Ask   for help  ",
            "• No spam",
            "   ",
            "Dr. Who fans welcome",
            "3.5 hours of office hours a week",
        ]
    )

    stored = await guidelines.replace(community_id, text)

    expected = [
        "Be kind",
        "Stay on topic",
        "Share what you learn",
        "Ask for help",
        "No spam",
        "Dr. Who fans welcome",
        "3.5 hours of office hours a week",
    ]
    assert stored == expected
    assert await guidelines.rules(community_id) == expected


async def test_replace_replaces_everything(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "One\nTwo\nThree")
    await guidelines.replace(community_id, "Only this")
    assert await guidelines.rules(community_id) == ["Only this"]


@pytest.mark.parametrize("text", ["", "   \n\n  ", "- \n*  \n", "1.\n2. \n•"])
async def test_replace_with_no_rules_is_refused_and_changes_nothing(
    guidelines: GuidelinesService, community_id: int, text: str
) -> None:
    await guidelines.replace(community_id, "Be kind\nStay on topic")
    with pytest.raises(UserFacingError, match="at least one rule"):
        await guidelines.replace(community_id, text)
    assert await guidelines.rules(community_id) == ["Be kind", "Stay on topic"]


async def test_replace_with_too_many_rules_is_refused_and_changes_nothing(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "Be kind")
    many = "\n".join(f"Rule {number}" for number in range(MAX_RULES + 1))
    with pytest.raises(UserFacingError, match=str(MAX_RULES)):
        await guidelines.replace(community_id, many)
    assert await guidelines.rules(community_id) == ["Be kind"]

    exactly = "\n".join(f"Rule {number}" for number in range(MAX_RULES))
    assert len(await guidelines.replace(community_id, exactly)) == MAX_RULES


async def test_replace_with_an_overlong_rule_is_refused_and_changes_nothing(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "Be kind")
    with pytest.raises(UserFacingError, match=f"{MAX_RULE_LENGTH:,}"):
        await guidelines.replace(community_id, "Fine\n" + "x" * (MAX_RULE_LENGTH + 1))
    assert await guidelines.rules(community_id) == ["Be kind"]


async def test_add_appends_and_returns_the_rule_number(
    guidelines: GuidelinesService, community_id: int
) -> None:
    assert await guidelines.add(community_id, "Be kind") == 1
    assert await guidelines.add(community_id, "  Stay   on topic ") == 2
    await guidelines.replace(community_id, "A\nB\nC")
    assert await guidelines.add(community_id, "D") == 4
    assert await guidelines.rules(community_id) == ["A", "B", "C", "D"]


async def test_add_drops_a_list_marker_as_replace_does(
    guidelines: GuidelinesService, community_id: int
) -> None:
    # The guidelines are shown numbered; "1. - Be kind" or "2. 2. Cite sources" would be noise.
    await guidelines.add(community_id, "- Be kind")
    await guidelines.add(community_id, "2. Cite sources")
    await guidelines.add(community_id, "Be-kind-ish rules stay as written")
    assert await guidelines.rules(community_id) == [
        "Be kind",
        "Cite sources",
        "Be-kind-ish rules stay as written",
    ]


@pytest.mark.parametrize("rule", ["", "   ", "x" * (MAX_RULE_LENGTH + 1)])
async def test_add_refuses_empty_or_overlong_rules(
    guidelines: GuidelinesService, community_id: int, rule: str
) -> None:
    await guidelines.add(community_id, "Be kind")
    with pytest.raises(UserFacingError):
        await guidelines.add(community_id, rule)
    assert await guidelines.rules(community_id) == ["Be kind"]


async def test_add_beyond_the_maximum_is_refused(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "\n".join(f"Rule {n}" for n in range(MAX_RULES - 1)))
    assert await guidelines.add(community_id, "The last one") == MAX_RULES

    with pytest.raises(UserFacingError, match=str(MAX_RULES)):
        await guidelines.add(community_id, "One too many")

    rules = await guidelines.rules(community_id)
    assert len(rules) == MAX_RULES
    assert rules[-1] == "The last one"


async def test_remove_returns_the_text_and_renumbers(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "A\nB\nC\nD")

    assert await guidelines.remove(community_id, 2) == "B"
    assert await guidelines.rules(community_id) == ["A", "C", "D"]
    # What was rule 3 is now rule 2.
    assert await guidelines.remove(community_id, 2) == "C"
    assert await guidelines.rules(community_id) == ["A", "D"]


async def test_add_after_remove_goes_last_with_the_next_number(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "A\nB\nC")
    await guidelines.remove(community_id, 3)
    await guidelines.remove(community_id, 1)

    assert await guidelines.add(community_id, "D") == 2
    assert await guidelines.rules(community_id) == ["B", "D"]


@pytest.mark.parametrize("number", [0, -1, 4, 100])
async def test_remove_out_of_range_raises_and_changes_nothing(
    guidelines: GuidelinesService, community_id: int, number: int
) -> None:
    await guidelines.replace(community_id, "A\nB\nC")
    with pytest.raises(NotFoundError, match="rules 1 to 3"):
        await guidelines.remove(community_id, number)
    assert await guidelines.rules(community_id) == ["A", "B", "C"]


async def test_remove_past_a_single_rule_names_that_one_rule(
    guidelines: GuidelinesService, community_id: int
) -> None:
    await guidelines.replace(community_id, "A")
    with pytest.raises(NotFoundError) as refused:
        await guidelines.remove(community_id, 2)
    assert str(refused.value) == "There is no rule 2; the guidelines have only rule 1."


async def test_remove_when_there_are_no_rules_says_so(
    guidelines: GuidelinesService, community_id: int
) -> None:
    with pytest.raises(NotFoundError, match="no guidelines yet"):
        await guidelines.remove(community_id, 1)


async def test_each_community_has_its_own_guidelines(
    guidelines: GuidelinesService, communities: CommunityService, community_id: int
) -> None:
    elsewhere = await communities.ensure(CommunityRef("console", "elsewhere"))
    await guidelines.replace(community_id, "Here 1\nHere 2")
    await guidelines.replace(elsewhere, "There 1")

    await guidelines.remove(community_id, 1)
    assert await guidelines.add(elsewhere, "There 2") == 2

    assert await guidelines.rules(community_id) == ["Here 2"]
    assert await guidelines.rules(elsewhere) == ["There 1", "There 2"]


def test_split_rules_keeps_marker_like_text_that_is_not_a_marker() -> None:
    text = "Use - and * freely\nSee rule 1. for details\n**Bold** is fine\n1.Tight numbering"
    assert split_rules(text) == [
        "Use - and * freely",
        "See rule 1. for details",
        "**Bold** is fine",
        "1.Tight numbering",
    ]
