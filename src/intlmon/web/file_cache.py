"""Django's file cache, counting its files less often: the `pages` and `sessions` caches (settings.CACHES).

Why: `FileBasedCache` lists every file of its folder on each write (`_cull`), to see whether it holds more
than `MAX_ENTRIES`. The page cache holds hundreds to thousands of entries (pages, figures, exports, the
year stores), so each kept page's first request paid a directory listing — ~1 ms of CPU and more of waiting
with a few hundred files, growing with the cache. This class lists the folder on the first write of a
process and then on every `CULL_EVERY`-th, so the folder may hold up to `CULL_EVERY` entries per worker
more than `MAX_ENTRIES` before it is culled (5,000 and 50,000 here: a bound on disk use, not on
correctness — every key holds its data stamp, analytics/stamp.py). Reads are Django's own; writes are in
Django's format, compressed at zlib's fastest level (`COMPRESS_LEVEL`).
"""

from __future__ import annotations

import itertools
import pickle
import zlib

from django.core.cache.backends.filebased import FileBasedCache

CULL_EVERY = 64
#: zlib's fastest level: a year's statistics (~6 MB pickled on 1,000 HEIs) compressed in a third of the time
#: of Django's default level, to a file some 15 % larger; read back by Django's own `get` (zlib reads any level)
COMPRESS_LEVEL = 1


class FileCache(FileBasedCache):
    def __init__(self, dir, params):
        super().__init__(dir, params)
        self._writes = itertools.count()  # thread-safe enough: next() on a count is atomic under the GIL

    def _write_content(self, file, timeout, value):
        """Django's file format, compressed at `COMPRESS_LEVEL` (why: there)."""
        file.write(pickle.dumps(self.get_backend_timeout(timeout), self.pickle_protocol))
        file.write(zlib.compress(pickle.dumps(value, self.pickle_protocol), COMPRESS_LEVEL))

    def _cull(self):
        if next(self._writes) % CULL_EVERY == 0:
            super()._cull()
