"""The years the dashboards offer are exactly the years a report or an audit accepts (`has_data`)."""

from __future__ import annotations

from intlmon.analytics.availability import has_data, years_with_data
from intlmon.records.models import ReportingPeriod


def test_the_years_with_data_are_those_has_data_accepts(world):
    a, b = world.heis
    ReportingPeriod.objects.get_or_create(year=2015)  # a period and nothing else
    world.submission(a, year=2016, status="draft", origin="import")  # imported: counts as it is
    # an approved version newer than the one the HEI works on does not count (scope's rule)
    world.submission(a, year=2017, status="draft", current=True)
    world.submission(a, year=2017, status="approved", current=False)
    world.submission(a, year=2018, status="submitted")  # awaiting approval: nothing counts
    world.submission(b, year=2018, status="returned")
    world.submission(a, year=2019, status="approved", current=False)  # approved, then a new draft
    world.submission(a, year=2019, status="draft")
    world.publish("double_degree_programmes", {}, 195, year=2020)  # printed figures only
    world.submission(a, year=2021, status="approved")
    years = ReportingPeriod.objects.order_by("year").values_list("year", flat=True)
    expected = [y for y in years if has_data(y)]
    assert expected == [2016, 2019, 2020, 2021]
    assert years_with_data() == expected


def test_no_period_no_year(db):
    assert years_with_data() == []
