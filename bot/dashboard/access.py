"""What `/dashboard` in chat uses: whether the dashboard is served, and a new sign-in link."""

from __future__ import annotations

from dataclasses import dataclass

from bot.dashboard.links import SignInLinks
from bot.dashboard.site import Site


@dataclass(frozen=True, slots=True)
class DashboardAccess:
    """The dashboard's address and its sign-in links."""

    site: Site
    links: SignInLinks

    async def link_for(self, community_id: int, member_id: int) -> str | None:
        """Return a new one-time link for the member (None: no dashboard is served).

        Raises `TooManyLinks` when the member asked for too many lately.
        """
        if not self.site.served:
            return None
        token = await self.links.issue(community_id, member_id)
        return self.site.link(f"/signin/{token}")
