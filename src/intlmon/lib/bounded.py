"""A mapping kept in a process that holds its newest entries only: what several caches of ours need.

Why one class: the kept section passes (`analytics.statistics.kept_passes`), the year stores a process read
(`web.dashboards.shared_store`) and the analyst board's drawn rows (`web.analyst_board`) each kept an
`OrderedDict` with a lock and the same three steps (read and mark as used, put and drop the oldest, clear).
Threads share it (the dashboards' warming thread beside a request), so every step holds the lock.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Hashable


class Bounded:
    """At most `limit` entries; reading or putting one makes it the newest, the oldest is dropped first."""

    def __init__(self, limit: int):
        if limit < 1:
            raise ValueError("a bounded mapping holds at least one entry")
        self.limit = limit
        self._entries: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable, default=None):
        with self._lock:
            found = self._entries.get(key, _MISSING)
            if found is _MISSING:
                return default
            self._entries.move_to_end(key)
            return found

    def put(self, key: Hashable, value) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.limit:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: Hashable) -> bool:
        return key in self._entries


_MISSING = object()
