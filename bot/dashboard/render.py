"""Jinja2 templates (autoescaped), the layout's navigation and the dashboard's own text.

A template is rendered in the current language: `_`, `ngettext` and `number` read it when the
page is rendered, and `current_language()` names it in `<html lang>`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import jinja2
from aiohttp import web

from bot.i18n import _, current_language, ngettext
from bot.i18n.formats import number

TEMPLATES = jinja2.PackageLoader("bot.dashboard", "templates")


def environment() -> jinja2.Environment:
    """Return the dashboard's template environment: autoescape on for every template."""
    env = jinja2.Environment(
        loader=TEMPLATES,
        autoescape=True,  # every template, whatever its name: member-written text is escaped
        undefined=jinja2.StrictUndefined,
        enable_async=False,
    )
    env.globals.update(
        {"_": _, "ngettext": ngettext, "number": number, "current_language": current_language}
    )
    return env


class Renderer:
    """Renders a template to an HTML response."""

    def __init__(self) -> None:
        self._env = environment()

    def page(self, template: str, context: Mapping[str, Any], *, status: int = 200) -> web.Response:
        """Return `template` rendered with `context` as an HTML response."""
        html = self._env.get_template(template).render(**context)
        return web.Response(text=html, status=status, content_type="text/html", charset="utf-8")

    def notice(self, title: str, text: str, *, status: int) -> web.Response:
        """Return a page with one short message (a link that no longer works, a refusal)."""
        return self.page("notice.html", {"title": title, "text": text}, status=status)
