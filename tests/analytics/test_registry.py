"""StatResult shortcuts (total, get, by — answered by the read service), the registry, and docs/statistics.md."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from intlmon.analytics.registry import (
    STATISTICS,
    Source,
    Statistic,
    StatResult,
    Value,
    all_statistics,
    compute,
)

STAT = Statistic("demo", "Demo", "", ("country", "level"), "programmes", lambda year: [])


def result(*rows):
    return StatResult(STAT, 2023, [Value(dict(d), v, Source.RECORDS) for d, v in rows])


def test_it_collapses_a_cross_table_to_one_dimension():
    r = result(({"country": "FR", "level": "master"}, 3), ({"country": "FR", "level": "bachelor"}, 2),
               ({"country": "RU", "level": "master"}, 4))
    assert r.total() == 9
    assert r.by("country") == {"FR": 5, "RU": 4}
    assert r.by("level") == {"master": 7, "bachelor": 2}
    assert r.get(country="FR").value == 5
    assert r.get(country="FR", level="master").value == 3
    assert r.get(country="DE") is None


def test_it_reports_empty_results_and_their_sources():
    assert result().is_empty and result().total() == 0 and result().sources == set()


def test_it_prefers_the_printed_table_over_a_lone_quote_and_over_a_smaller_headline():
    stat = Statistic("p", "P", "", ("database", "field"), "publications", lambda y: [])
    values = [Value({"database": "scopus", "field": "07"}, 900, Source.PUBLISHED),
              Value({"database": "wos", "field": "07"}, 300, Source.PUBLISHED),
              Value({"database": "scopus", "field": "05"}, 100, Source.PUBLISHED),
              Value({"field": "07"}, 1207, Source.PUBLISHED)]
    r = StatResult(stat, 2022, values)
    assert r.by("field") == {"07": 1200, "05": 100}  # the table (1 300 in all) beats the quote (1 207)
    assert r.total() == 1300
    r.values.append(Value({}, 1250, Source.PUBLISHED))
    assert r.total() == 1300  # the finest data held: the table adds up to more than the printed headline
    r.values[-1] = Value({}, 1400, Source.PUBLISHED)
    assert r.total() == 1400  # a table adding up to less than the headline is partial: the headline stands


def test_it_raises_keyerror_for_an_unknown_statistic(db):
    with pytest.raises(KeyError):
        compute("no_such_statistic", 2023)


def test_it_registers_every_statistic_with_title_unit_and_known_dimensions():
    known = {"country", "region", "institution", "category", "level", "field", "database", "direction", "kind",
             "format", "funding", "person", "language", "degree", "funder", "indicator", "status"}
    stats = all_statistics()
    assert len(stats) >= 35
    for stat in stats.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", stat.id)
        assert str(stat.title) and str(stat.description) and stat.unit
        assert set(stat.dimensions) <= known, stat.id


def test_it_lists_every_registered_statistic_in_docs_statistics_md():
    doc = (Path(__file__).resolve().parents[2] / "docs" / "statistics.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^\| `([a-z0-9_]+)` \|", doc, flags=re.M))
    all_statistics()
    missing = sorted(set(STATISTICS) - listed)
    assert not missing, f"add to docs/statistics.md: {missing}"
    stale = sorted(listed - set(STATISTICS))
    assert not stale, f"no such statistic any more: {stale}"
