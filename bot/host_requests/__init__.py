"""Host requests: a member's wish to talk with a host, or a topic suggestion, as a card in the
hosts channel that the first host to press Claim answers (re-announced once if nobody does).

`service.py` holds the rules (`HostRequestService`), `cards.py` the card, `store.py` the queries.
"""

from bot.host_requests.cards import CLAIM_ACTION
from bot.host_requests.service import HostRequestService, Opened

__all__ = ["CLAIM_ACTION", "HostRequestService", "Opened"]
