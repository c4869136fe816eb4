"""The dashboard's Topics page (host and above): the banks, suggestions, the term plan.

`page.py` declares the page and shows it, `view.py` reads what it shows, `actions.py` makes
each change through the same service and level as the chat command, and `notices.py` carries
a change's result across the redirect that follows it.
"""

from bot.dashboard.topics.page import TOPICS

__all__ = ["TOPICS"]
