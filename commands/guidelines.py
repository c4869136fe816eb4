"""`/guidelines`: show the community guidelines; hosts edit them."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from bot.errors import UserFacingError
from bot.i18n import _
from bot.levels import Level
from bot.messages import Form, FormField, Reply
from bot.platform import Capability
from bot.shared.guidelines import GuidelinesService, format_rules, replaced_answer
from commands.context import Context, SuggestContext
from commands.registry import Registry
from commands.spec import Suggest, Suggestion, command, form
from commands.suggest import containing
from commands.types import Text

MAX_FORM_TEXT = 4000


@dataclass(frozen=True, slots=True)
class GuidelinesServices:
    """What the guidelines commands use."""

    guidelines: GuidelinesService


GuidelinesContext = Context[GuidelinesServices]


@command("guidelines show", level=Level.MEMBER, group_default=True, read_only=True)
async def show_guidelines(context: GuidelinesContext) -> Reply:
    """Show the community guidelines."""
    rules = await context.services.guidelines.rules(context.community_id)
    if not rules:
        return Reply.text(
            _(
                "This community has no written guidelines yet. Hosts can add them with "
                "/guidelines add <rule>."
            )
        )
    return Reply.text(format_rules(rules))


@command("guidelines set", level=Level.HOST)
async def set_guidelines(
    context: GuidelinesContext, text: Annotated[Text | None, "the rules, one per line"] = None
) -> Reply | Form:
    """Replace all the guidelines (one rule per line; a form opens where there are forms)."""
    if text is None:
        if Capability.FORMS not in context.platform.capabilities:
            raise UserFacingError(_("Text is missing. Usage: /guidelines set <text>"))
        return await _guidelines_form(context)
    return await _replace(context, text)


@form("guidelines:set", level=Level.HOST)
async def submit_guidelines(context: GuidelinesContext) -> Reply:
    """Replace the guidelines with the rules written in the form."""
    return await _replace(context, context.form_values.get("rules", ""))


async def _guidelines_form(context: GuidelinesContext) -> Form:
    rules = await context.services.guidelines.rules(context.community_id)
    current = "\n".join(rules)[:MAX_FORM_TEXT]
    field = FormField(
        "rules",
        _("One rule per line"),
        long=True,
        default=current or None,
        placeholder=_("Be kind.\nStay on topic."),
        max_length=MAX_FORM_TEXT,
    )
    return Form("guidelines:set", _("Community guidelines"), (field,))


async def _replace(context: GuidelinesContext, text: str) -> Reply:
    rules = await context.services.guidelines.replace(context.community_id, text)
    return Reply.text(replaced_answer(rules))


@command("guidelines add", level=Level.HOST)
async def add_guideline(
    context: GuidelinesContext, rule: Annotated[Text, "the rule to add"]
) -> Reply:
    """Add a rule at the end of the guidelines."""
    number = await context.services.guidelines.add(context.community_id, rule)
    return Reply.text(_("Added rule {number}.").format(number=number))


async def rule_numbers(context: SuggestContext[GuidelinesServices], typed: str) -> list[Suggestion]:
    """Suggest the current rules by number, keeping those whose line contains what was typed."""
    rules = await context.services.guidelines.rules(context.community_id)
    numbered = [
        Suggestion(f"{number}. {rule}", str(number)) for number, rule in enumerate(rules, start=1)
    ]
    return containing(typed, numbered)


@command("guidelines remove", level=Level.HOST)
async def remove_guideline(
    context: GuidelinesContext,
    number: Annotated[int, "the rule's number in /guidelines", Suggest(rule_numbers)],
) -> Reply:
    """Remove a rule by its number."""
    removed = await context.services.guidelines.remove(context.community_id, number)
    return Reply.text(_("Removed rule {number}: {rule}").format(number=number, rule=removed))


def setup(registry: Registry, services: GuidelinesServices) -> None:
    """Register the guidelines commands, bound to `services`."""
    registry.add(
        show_guidelines,
        set_guidelines,
        add_guideline,
        remove_guideline,
        submit_guidelines,
        services=services,
    )
