"""Pace requests by the API's own count of what is left, so a long run never meets 429 twice.

Heroku gives each account a bucket of 4,500 request tokens, refilled at about 75 a minute, and
says on every response how many are left (``RateLimit-Remaining``). Exporting a whole team spends
~25 requests per app; without pacing, a team of a few hundred apps empties the bucket and then
meets a 429 on every other request.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from email.message import Message

__all__ = ["RatePacer"]

_HEROKU_REFILL_PER_SECOND = 75 / 60


class RatePacer:
    """While fewer than ``reserve`` tokens are left, wait for the bucket to refill that far.

    Shared by the threads that fetch one app's resources at once: the wait holds a lock, so
    every thread waits, not only the one that noticed.
    """

    def __init__(
        self,
        *,
        reserve: int = 50,
        refill_per_second: float = _HEROKU_REFILL_PER_SECOND,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.reserve = reserve
        self.refill_per_second = refill_per_second
        self._sleep = sleep
        self._remaining: int | None = None
        self._lock = threading.Lock()
        self.waited = 0.0
        """Seconds spent waiting so far (reported, and read by tests)."""

    def before_request(self) -> None:
        with self._lock:
            if self._remaining is None or self._remaining >= self.reserve:
                return
            wait = (self.reserve - self._remaining) / self.refill_per_second
            self._sleep(wait)
            self.waited += wait
            self._remaining = self.reserve

    def observe(self, headers: Message) -> None:
        """Read ``RateLimit-Remaining`` from a response, when the API sends it."""
        value = headers.get("RateLimit-Remaining")
        if value is not None and value.strip().isdigit():
            with self._lock:
                self._remaining = int(value.strip())

    def limited(self) -> None:
        """A 429: the bucket is empty, whatever the last response said."""
        with self._lock:
            self._remaining = 0
