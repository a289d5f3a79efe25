"""The process-kept mapping (`lib.bounded.Bounded`) behind the kept passes, the year stores and the board's rows:
the oldest unused entry goes first, a read counts as a use, and a clear empties it."""

from __future__ import annotations

import pytest

from intlmon.lib.bounded import Bounded


def test_the_least_recently_used_entry_is_dropped_first():
    kept = Bounded(2)
    kept.put("a", 1)
    kept.put("b", 2)
    assert kept.get("a") == 1  # read: now the newest
    kept.put("c", 3)
    assert "b" not in kept and kept.get("a") == 1 and kept.get("c") == 3 and len(kept) == 2


def test_a_missing_key_gives_the_default_and_a_clear_empties_it():
    kept = Bounded(3)
    kept.put("a", None)  # a value of None is a value
    assert kept.get("a", "default") is None and kept.get("x", "default") == "default"
    kept.clear()
    assert not kept and kept.get("a") is None


def test_a_mapping_of_nothing_is_refused():
    with pytest.raises(ValueError):
        Bounded(0)
