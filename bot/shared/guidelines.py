"""The community's guidelines: an ordered list of rules that hosts edit and members read."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from bot.errors import NotFoundError, UserFacingError
from bot.i18n import _, ngettext
from bot.storage.database import Database
from bot.storage.models import Guideline

MAX_RULES = 50
MAX_RULE_LENGTH = 1000


class GuidelinesService:
    """Reads and edits guidelines; every change is committed before it is confirmed."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def rules(self, community_id: int) -> list[str]:
        """Return the rules in order."""
        query = (
            select(Guideline.text)
            .where(Guideline.community_id == community_id)
            .order_by(Guideline.position, Guideline.id)
        )
        async with self._database.reading() as connection:
            return list((await connection.execute(query)).scalars())

    async def replace(self, community_id: int, text: str) -> list[str]:
        """Replace all rules with the lines of `text`; return the new rules."""
        rules = split_rules(text)
        async with self._database.session() as session, session.begin():
            await session.execute(delete(Guideline).where(Guideline.community_id == community_id))
            session.add_all(
                Guideline(community_id=community_id, position=position, text=rule)
                for position, rule in enumerate(rules)
            )
        return rules

    async def add(self, community_id: int, rule: str) -> int:
        """Append a rule; return its number (1-based)."""
        rule = _checked_rule(_strip_marker(rule))
        async with self._database.session() as session, session.begin():
            count_query = select(func.count(), func.max(Guideline.position)).where(
                Guideline.community_id == community_id
            )
            count, last_position = (await session.execute(count_query)).one()
            if count >= MAX_RULES:
                raise UserFacingError(
                    ngettext(
                        "The guidelines already have {count} rule.",
                        "The guidelines already have {count} rules.",
                        MAX_RULES,
                    ).format(count=MAX_RULES)
                )
            next_position = 0 if last_position is None else last_position + 1
            session.add(Guideline(community_id=community_id, position=next_position, text=rule))
        return count + 1

    async def remove(self, community_id: int, number: int) -> str:
        """Remove rule `number` (1-based) and return its text; later rules move up."""
        async with self._database.session() as session, session.begin():
            query = (
                select(Guideline)
                .where(Guideline.community_id == community_id)
                .order_by(Guideline.position, Guideline.id)
            )
            rules = list((await session.execute(query)).scalars())
            if not 1 <= number <= len(rules):
                raise NotFoundError(_no_such_rule(number, len(rules)))
            removed = rules[number - 1]
            await session.delete(removed)
            return removed.text


def format_rules(rules: list[str]) -> str:
    """Return the guidelines as a numbered list."""
    lines = [_("Community guidelines:")]
    lines += [f"{number}. {rule}" for number, rule in enumerate(rules, start=1)]
    return "\n".join(lines)


def replaced_answer(rules: list[str]) -> str:
    """Return what replacing the guidelines with `rules` answers (the command and the page)."""
    replaced = ngettext(
        "Guidelines replaced ({count} rule).", "Guidelines replaced ({count} rules).", len(rules)
    ).format(count=len(rules))
    return "\n".join([replaced, format_rules(rules)])


def split_rules(text: str) -> list[str]:
    """Split guidelines text into rules: one per line, list markers and blank lines dropped."""
    rules = [_strip_marker(line) for line in text.splitlines()]
    rules = [_checked_rule(rule) for rule in rules if rule]
    if not rules:
        raise UserFacingError(_("Give at least one rule, one per line."))
    if len(rules) > MAX_RULES:
        raise UserFacingError(
            ngettext(
                "Guidelines can have at most {count} rule.",
                "Guidelines can have at most {count} rules.",
                MAX_RULES,
            ).format(count=MAX_RULES)
        )
    return rules


def _strip_marker(line: str) -> str:
    # A marker alone on its line (an empty bullet) leaves nothing, so the line is dropped.
    stripped = line.strip()
    for marker in ("-", "*", "•"):
        if stripped == marker or stripped.startswith(marker + " "):
            return stripped[len(marker) :].strip()
    head, dot, rest = stripped.partition(".")
    if dot and head.isdigit() and (not rest or rest[0].isspace()):
        return rest.strip()
    return stripped


def _checked_rule(rule: str) -> str:
    rule = " ".join(rule.split())
    if not rule:
        raise UserFacingError(_("A rule cannot be empty."))
    if len(rule) > MAX_RULE_LENGTH:
        raise UserFacingError(
            ngettext(
                "Keep each rule under {count} character.",
                "Keep each rule under {count} characters.",
                MAX_RULE_LENGTH,
            ).format(count=MAX_RULE_LENGTH)
        )
    return rule


def _no_such_rule(number: int, count: int) -> str:
    if count == 0:
        return _("There are no guidelines yet; add one with /guidelines add <rule>.")
    return ngettext(
        "There is no rule {number}; the guidelines have only rule {count}.",
        "There is no rule {number}; the guidelines have rules 1 to {count}.",
        count,
    ).format(number=number, count=count)
