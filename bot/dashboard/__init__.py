"""The web dashboard: one-time sign-in links, server-side sessions and guarded pages.

Other packages use `DashboardAccess` (what `/dashboard` in chat asks for) and `Page` /
`PageRequest` (to add a page: see `pages.py` and `wiring.PAGES`).
"""

from bot.dashboard.access import DashboardAccess
from bot.dashboard.links import TooManyLinks
from bot.dashboard.pages import Page, PageRequest

__all__ = ["DashboardAccess", "Page", "PageRequest", "TooManyLinks"]
