"""What stands between the public help form and the intake queue, besides the form's own checks
(honeypot, signed start time): per client network, a limit on requests sent and a generous one
on posts, and each signed form sending one request. Kept in the cache: a restart forgets it,
which costs an hour's limits at most."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60 * 60
# Every post costs the server but stores nothing; only a sent request counts against
# PUBLIC_FORM_RATE_LIMIT, so a resident who corrects mistakes is not locked out by them.
POSTS_PER_SENT = 10
# A signed form is accepted for 24 hours (PublicRequestForm): remember its use a little longer.
USED_FORM_SECONDS = 25 * 60 * 60


@dataclass(frozen=True)
class PublicFormGate:
    network: str  # toegang.http.client_network: an IPv4 address or an IPv6 /64

    def post_allowed(self) -> bool:
        """Counts this post."""
        key = f"public-form-posts:{self.network}"
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        return cache.incr(key) <= settings.PUBLIC_FORM_RATE_LIMIT * POSTS_PER_SENT

    def send_allowed(self) -> bool:
        return cache.get(f"public-form:{self.network}", 0) < settings.PUBLIC_FORM_RATE_LIMIT

    def first_use(self, started: str) -> bool:
        """True once per signed form: a double click or a replayed form sends nothing twice."""
        digest = hashlib.sha256(started.encode()).hexdigest()
        return cache.add(f"public-form-used:{digest}", 1, timeout=USED_FORM_SECONDS)

    def count_sent(self) -> None:
        key = f"public-form:{self.network}"
        cache.add(key, 0, timeout=WINDOW_SECONDS)
        cache.incr(key)
