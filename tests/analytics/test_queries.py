"""Query discipline: each statistic takes the same number of queries for 2 HEIs as for 20."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intlmon.analytics.registry import all_statistics, compute, compute_all
from intlmon.records.models import (
    Agreement,
    DoubleDegreeProgramme,
    InternationalStudents,
    JointProgramme,
    MobilityFlow,
    Presence,
    Project,
    Publications,
    VisitingFaculty,
)
from tests.analytics.conftest import World


def fill(world):
    countries = ["FR", "RU", "CN", "TR"]
    for i, hei in enumerate(world.heis):
        c = countries[i % 4]
        world.add(Agreement, hei, country_id=c, directions=["mobility", "research"])
        world.add(Presence, hei, direction="inbound" if i % 2 else "outbound", name=f"P{i}", country_id=c)
        world.add(Project, hei, kind="research", country_id=c, field_id="04", funder=f"F{i}")
        for model in (JointProgramme, DoubleDegreeProgramme):
            world.add(model, hei, level="master", country_id=c, field_id="05", enrolment=i, languages=["en", "ru"])
        world.add(MobilityFlow, hei, direction="outbound", person="student", country_id=c, headcount=i + 1)
        world.add(VisitingFaculty, hei, headcount=1, country_id=c)
        world.add(InternationalStudents, hei, country_id=c, level="bachelor", headcount=2)
        world.add(Publications, hei, database="scopus", field_id="04", count=3)


def query_counts() -> dict[str, int]:
    counts = {}
    for stat_id in all_statistics():
        with CaptureQueriesContext(connection) as ctx:
            compute(stat_id, 2023)
        counts[stat_id] = len(ctx.captured_queries)
    return counts


def whole_set_count() -> int:
    with CaptureQueriesContext(connection) as ctx:
        results = compute_all(2023)
    assert results["agreements"].total() > 0  # the set was computed over records, not an empty year
    return len(ctx.captured_queries)


@pytest.fixture
def counts_for(db):
    def run(n, count=query_counts):
        world = World(n_heis=n)
        fill(world)
        counts = count()
        # clean the world away for the next size within the same test transaction
        from django.apps import apps

        for model in ("records.Agreement", "records.Presence", "records.Project", "records.JointProgramme",
                      "records.DoubleDegreeProgramme", "records.MobilityFlow", "records.VisitingFaculty",
                      "records.InternationalStudents", "records.Publications", "collection.Submission",
                      "registry.InstitutionCategory", "registry.Institution", "registry.CountryRegion",
                      "registry.Country", "registry.Region", "registry.FieldOfEducation"):
            apps.get_model(model).objects.all().delete()
        return counts

    return run


def test_it_takes_as_many_queries_for_20_heis_as_for_2(counts_for):
    small, large = counts_for(2), counts_for(20)
    assert small == large
    from intlmon.analytics.statistics.summary import INDICATORS

    assert small["summary"] <= 4 * len(INDICATORS)  # the summary card runs the statistics it shows
    assert all(n <= 4 for stat_id, n in small.items() if stat_id != "summary"), small


def test_the_whole_set_takes_as_many_queries_for_30_heis_as_for_3(counts_for):
    """`compute_all` (what a report or a dashboard reads) reads which versions count once, not per statistic."""
    small, large = counts_for(3, whole_set_count), counts_for(30, whole_set_count)
    assert small == large
    per_statistic = counts_for(3)
    assert small < sum(per_statistic.values())
