"""web/file_cache.py: the file cache counts its files on the first write and then every CULL_EVERY-th, and
still culls once it holds more than MAX_ENTRIES."""

from __future__ import annotations

from intlmon.web import file_cache
from intlmon.web.file_cache import FileCache


def test_the_folder_is_counted_every_cull_every_writes_and_culled_when_full(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "CULL_EVERY", 5)
    cache = FileCache(str(tmp_path), {"OPTIONS": {"MAX_ENTRIES": 10, "CULL_FREQUENCY": 2}})
    listed = []
    real = FileCache._list_cache_files
    monkeypatch.setattr(FileCache, "_list_cache_files", lambda self: listed.append(1) or real(self))
    for i in range(10):
        cache.set(f"key-{i}", i)
    assert len(listed) == 2  # the 1st and the 6th write counted the folder, not each of the ten
    for i in range(10, 16):
        cache.set(f"key-{i}", i)
    assert len(listed) == 4 and len(list(tmp_path.glob("*.djcache"))) < 16  # the 11th and 16th: full, culled
    assert cache.get("key-15") == 15  # what was just written is readable as with Django's own class
