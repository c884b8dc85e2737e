"""Many client addresses on one machine, for the load tests of the loopback cluster.

The balancer limits each client address (deploy/nginx/academy.conf.template: a request rate with
a burst). Learners come from many addresses; a load generator on 127.0.0.1 alone would be one
very busy client and mostly measure that limit. Linux routes the whole 127.0.0.0/8 to the
loopback interface, so each simulated client binds its own source address: ``address(n)``.
Only loopback addresses, never another network.
"""

import requests
from requests.adapters import HTTPAdapter

# Ranges per kind of client, so that one kind's flood never spends another kind's allowance.
LEARNERS, DRILL, NORMAL, FLOOD, MANAGERS = 10, 20, 30, 40, 50


def address(n: int, block: int = LEARNERS) -> str:
    """The ``n``-th client address of a block: 127.<block>.x.y (62,500 per block)."""
    if not 0 <= n < 62_500 or not 1 <= block <= 254:
        raise ValueError("n in 0..62499, block in 1..254")
    return f"127.{block}.{n // 250}.{n % 250 + 1}"


class SourceAddressAdapter(HTTPAdapter):
    """A ``requests`` transport whose connections leave from one source address."""

    def __init__(self, source: str, **kwargs):
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        super().init_poolmanager(*args, **kwargs)


def bind(session: requests.Session, source: str) -> requests.Session:
    """Send every HTTP request of ``session`` from ``source`` (a 127.x.y.z address)."""
    adapter = SourceAddressAdapter(source)
    session.mount("http://", adapter)
    return session
