"""Host requests: a member's wish to talk with a host, or a topic suggestion, as a card in the
hosts channel that the first host to press Claim answers (re-announced once if nobody does).

`service.py` holds the rules (`HostRequestService`), `cards.py` the card, `store.py` the queries,
`decisions.py` a suggestion's decision and its announcement (the card's buttons and the
dashboard call the same `decide_suggestion`).
"""

from bot.host_requests.cards import CLAIM_ACTION
from bot.host_requests.decisions import DECIDES_SUGGESTIONS, decide_suggestion
from bot.host_requests.service import HostRequestService, Opened

__all__ = [
    "CLAIM_ACTION",
    "DECIDES_SUGGESTIONS",
    "HostRequestService",
    "Opened",
    "decide_suggestion",
]
