"""A record naming several countries counts once under each country and once everywhere else.

Hand-made values in the shape `statistics.base.from_records` gives when one programme has partners
in Switzerland and Spain (seed 001 line 1239) and another in Russia: the full set by level × country
× region (multi-valued over country), the set by level × region (each programme once per region) and
the set by level (each programme once).
"""

from __future__ import annotations

from intlmon.analytics.read.choice import collapse, consistent, finest, total
from intlmon.analytics.registry import Source, Value

DIMS = ("level", "country", "region")
SPREAD = ("country", "region")


def programmes() -> list[Value]:
    r = Source.RECORDS
    return [
        Value({"level": "bachelor", "country": "CH", "region": "europe"}, 1, r, "", SPREAD),
        Value({"level": "bachelor", "country": "ES", "region": "europe"}, 1, r, "", SPREAD),
        Value({"level": "master", "country": "RU", "region": "cis"}, 1, r, "", SPREAD),
        Value({"level": "bachelor", "region": "europe"}, 1, r, "", ("region",)),
        Value({"level": "master", "region": "cis"}, 1, r, "", ("region",)),
        Value({"level": "bachelor"}, 1, r),
        Value({"level": "master"}, 1, r),
    ]


def by(dim: str, **where: str) -> dict:
    return collapse(consistent(programmes(), DIMS, True, (dim,), where), dim)


def test_the_total_and_a_breakdown_by_level_count_each_programme_once():
    assert total(programmes(), DIMS) == 2
    assert by("level") == {"bachelor": 1, "master": 1}


def test_a_breakdown_by_country_counts_the_programme_under_each_of_its_countries():
    assert by("country") == {"CH": 1, "ES": 1, "RU": 1}  # adds up to 3: not additive into the total
    assert by("country", level="bachelor") == {"CH": 1, "ES": 1}


def test_a_breakdown_by_region_counts_two_countries_of_one_region_once():
    assert by("region") == {"cis": 1, "europe": 1}


def test_a_listing_of_every_value_shows_the_finest_set_only():
    assert [v.dimension.get("country") for v in finest(programmes())] == ["CH", "ES", "RU"]
    plain = [Value({"level": "bachelor"}, 3, Source.RECORDS), Value({}, 3, Source.PUBLISHED)]
    assert finest(plain) == plain  # nothing multi-valued: every value is listed
