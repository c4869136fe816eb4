"""Announcements: hosts post them with a "Got it" button and see who has read them.

`service.py` holds the rules (`AnnouncementService`), `card.py` the post, `store.py` the
queries.
"""

from bot.announcements.card import GOT_IT_ACTION
from bot.announcements.service import AnnouncementService, Posted, ReadStatus

__all__ = ["GOT_IT_ACTION", "AnnouncementService", "Posted", "ReadStatus"]
