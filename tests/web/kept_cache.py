"""A test's own page-cache folder (as tests/web/test_page_cache.py's `fresh_cache`), so nothing kept by another
test or run can answer; safe when the test never reaches the cache (a skip)."""

from __future__ import annotations

import pytest


@pytest.fixture
def own_cache(settings, tmp_path):
    from django.core.cache import caches

    from intlmon.analytics import stamp

    settings.CACHES = {**settings.CACHES, stamp.CACHE_ALIAS: {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path / "cache")}}
    caches[stamp.CACHE_ALIAS].close()
    del caches[stamp.CACHE_ALIAS]  # re-created from the settings above on next use
    caches[stamp.CACHE_ALIAS]
    settings.VAR_DIR = tmp_path / "var"
    yield tmp_path / "cache"
    caches[stamp.CACHE_ALIAS]
    del caches[stamp.CACHE_ALIAS]
