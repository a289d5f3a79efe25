"""One pass per section (`statistics.passes`) gives exactly what one query per statistic gave.

The whole set (`compute_all`) reads each section table once for all of its statistics; a statistic read
alone still runs its own grouped query. A world with the awkward cases — a cell naming two countries,
a row whose country comes from its resolved partner, empty cells that `require_known` leaves out, a
condition that holds for no row of an HEI (presences abroad), an HEI without a category that year, a
returned version that must not count — must give the same values both ways, for every statistic.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from intlmon.analytics.registry import all_statistics, compute, compute_all
from intlmon.analytics.statistics.base import PLANS
from intlmon.collection.models import Submission
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
from intlmon.registry.models import ForeignOrganisation, Institution
from tests.analytics.conftest import World


@pytest.fixture
def busy(db):
    world = World(n_heis=3)
    h1, h2, h3 = world.heis
    uncategorised = Institution.objects.create(id="hei9", name_en="University 9")
    ForeignOrganisation.objects.create(id="sorbonne", name_en="Sorbonne", country_id="FR")
    world.add(Agreement, h1, country_id="RU", countries=["RU"], directions=["mobility", "research"])
    world.add(Agreement, h1, partner_id="sorbonne", directions=["research"])  # country from the partner
    world.add(Agreement, h2, country_id="CN", countries=["CN", "TR"], directions=[])  # two countries, one cell
    world.add(Agreement, uncategorised, country_id="FR", countries=["FR"], directions=["mobility"])
    world.add(Presence, h1, direction="inbound", kind="branch", name="Centre", country_id="FR", status="operating")
    world.add(Presence, h2, direction="outbound", kind="office", name="Office", country_id="TR", status="planned")
    world.add(Project, h1, kind="research", country_id="FR", field_id="04", funder="Erasmus+", quantity=2)
    world.add(Project, h2, kind="educational", funder="", quantity=3)  # no country, field or funder
    world.add(Project, h3, kind="research", country_id="CN", quantity=0)
    for model in (JointProgramme, DoubleDegreeProgramme):
        world.add(model, h1, level="master", country_id="FR", countries=["FR", "TR"], field_id="05",
                  funding="grant", enrolment=12, languages=["en", "ru"])
        world.add(model, h2, level="bachelor", partner_id="sorbonne", enrolment=None, languages=[])
    world.add(MobilityFlow, h1, direction="outbound", person="student", level="master", country_id="FR",
              field_id="04", format="physical", funding="grant", headcount=4)
    world.add(MobilityFlow, h2, direction="inbound", person="staff", country_id="CN", countries=["CN", "RU"],
              headcount=2)
    world.add(VisitingFaculty, h3, headcount=1, country_id="TR", field_id="05", academic_degree="PhD")
    world.add(InternationalStudents, h1, country_id="CN", level="bachelor", headcount=7)
    world.add(InternationalStudents, h2, level="master", headcount=1)
    world.add(Publications, h1, database="scopus", field_id="04", count=3, with_foreign_coauthors=1)
    world.add(Publications, h2, database="wos", count=5, with_foreign_coauthors=None)
    Submission.objects.filter(institution=h3).update(is_current=False)
    returned = world.submission(h3, status="returned")  # a newer version sent back does not count
    world.add(Agreement, h3, returned, country_id="RU", countries=["RU"])
    return world


def test_every_statistic_is_the_same_from_one_pass_as_from_its_own_query(busy):
    alone = {stat_id: compute(stat_id, 2023).values for stat_id in all_statistics()}
    together = {stat_id: r.values for stat_id, r in compute_all(2023).items()}
    assert together == alone
    assert together["agreements"] and together["mobility_by_country"]  # the world was counted


def test_the_whole_set_reads_each_section_table_once(busy):
    with CaptureQueriesContext(connection) as ctx:
        compute_all(2023)
    tables = {model._meta.db_table for model in PLANS}
    scans = {table: sum(f'FROM "{table}"' in q["sql"] for q in ctx.captured_queries) for table in tables}
    # one pass each, the enrolment per programme (its own ratio) included
    assert {t: n for t, n in scans.items() if n != 1} == {}
    assert {JointProgramme._meta.db_table, DoubleDegreeProgramme._meta.db_table} <= set(scans)


def test_a_year_where_no_version_counts_gives_what_each_statistic_gives_alone(busy):
    busy.submission(busy.heis[0], status="submitted", year=2022)  # a version, but none approved
    alone = {stat_id: compute(stat_id, 2022).values for stat_id in all_statistics()}
    assert {stat_id: r.values for stat_id, r in compute_all(2022).items()} == alone


def test_the_dimension_sets_known_as_values_are_made_are_those_the_read_service_would_group(busy):
    """`shaping.Shaped.sets` (handed to the read service) groups every statistic's values exactly as
    `read.choice.value_sets` groups them: the same sets, in the same order, each with the same values."""
    from intlmon.analytics.read.choice import value_sets

    checked = 0
    for stat_id, result in compute_all(2023).items():
        made = getattr(result.values, "sets", None)
        if made is None:
            continue
        grouped = value_sets(list(result.values))
        assert [(s.dims, s.multi, s.values) for s in made] == [(s.dims, s.multi, s.values) for s in grouped], stat_id
        checked += 1
    assert checked > 20
