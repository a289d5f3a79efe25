"""Only the current, approved (or imported) version of each HEI's submission is counted."""

from __future__ import annotations

import pytest

from intlmon.analytics.registry import compute
from intlmon.records.models import DoubleDegreeProgramme


@pytest.mark.parametrize(
    ("status", "origin", "counted"),
    [
        ("approved", "upload", True),
        ("draft", "upload", False),
        ("submitted", "upload", False),
        ("returned", "upload", False),
        ("draft", "import", True),  # imported consolidated tables count as they are
    ],
)
def test_it_counts_only_approved_or_imported_current_submissions(world, status, origin, counted):
    hei = world.heis[0]
    sub = world.submission(hei, status=status, origin=origin)
    world.add(DoubleDegreeProgramme, hei, sub, level="master", enrolment=7)
    assert compute("double_degree_programmes", 2023).total() == (1 if counted else 0)
    assert compute("double_degree_programmes_enrolment", 2023).total() == (7 if counted else 0)


def test_it_ignores_a_superseded_version_even_when_it_was_approved(world):
    hei = world.heis[0]
    old = world.submission(hei, status="approved", current=False)
    world.add(DoubleDegreeProgramme, hei, old, level="master")
    world.add(DoubleDegreeProgramme, hei, old, level="master")
    new = world.submission(hei, status="approved")
    world.add(DoubleDegreeProgramme, hei, new, level="bachelor")
    assert compute("double_degree_programmes", 2023).by("level") == {"bachelor": 1}


def test_it_does_not_mix_years(world):
    hei = world.heis[0]
    world.add(DoubleDegreeProgramme, hei, world.submission(hei, year=2022), level="master")
    world.add(DoubleDegreeProgramme, hei, level="bachelor")
    assert compute("double_degree_programmes", 2022).by("level") == {"master": 1}
    assert compute("double_degree_programmes", 2023).by("level") == {"bachelor": 1}


def test_it_prefers_records_and_falls_back_to_published_only_without_them(world):
    world.publish("double_degree_programmes", {}, 195, year=2023)
    fallback = compute("double_degree_programmes", 2023)
    assert (fallback.total(), {str(s) for s in fallback.sources}) == (195, {"published"})
    world.add(DoubleDegreeProgramme, world.heis[0], level="master")
    records = compute("double_degree_programmes", 2023)
    assert (records.total(), {str(s) for s in records.sources}) == (1, {"records"})
    # asked for explicitly, the printed figure is still there
    assert compute("double_degree_programmes", 2023, source="published").total() == 195


def test_it_tells_a_national_year_from_a_bilateral_slice(world):
    from intlmon.analytics.read import Reader
    from intlmon.analytics.scope import is_national

    hei = world.heis[0]
    slice_2022 = world.submission(hei, origin="import", year=2022)
    slice_2022.coverage = "FR"
    slice_2022.save()
    world.add(DoubleDegreeProgramme, hei, slice_2022, level="master")  # the one programme with a French partner
    world.publish("double_degree_programmes", {}, 195, year=2022)  # the national figure printed for 2022
    world.add(DoubleDegreeProgramme, hei, level="master")
    world.add(DoubleDegreeProgramme, world.heis[1], level="bachelor")
    assert (is_national(2022), is_national(2023)) == (False, True)
    # The bilateral slice still answers questions about France …
    assert compute("double_degree_programmes", 2022).total() == 1
    # … but the national report compares 2023 with what was published nationally for 2022.
    stats = Reader(national=True)
    assert (stats.total("double_degree_programmes", 2022), stats.total("double_degree_programmes", 2023)) == (195, 2)
