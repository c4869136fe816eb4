"""Finding peers: `/peers`, findability and the once-a-month "Say hello".

`service.py` holds the rules (`PeerService`), `store.py` the queries, `zones.py` whether two
members' clocks are near. The tables' rows go with a member's row when they are forgotten.
"""

from bot.peers.service import MAX_PEERS, NOT_FINDABLE, Peer, PeerService

__all__ = ["MAX_PEERS", "NOT_FINDABLE", "Peer", "PeerService"]
