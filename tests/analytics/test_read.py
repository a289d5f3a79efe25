"""The read service: one dimension set per question, ranking with ties, the published-figure policy,
the cache, labels once per build and the one JSON shape of a figure."""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from intlmon.analytics.read import Reader, Topic, leading, rank_of, ranking, session
from intlmon.analytics.read import label as read_label
from intlmon.analytics.read.choice import consistent
from intlmon.analytics.registry import Source, Value
from intlmon.records.models import Agreement, DoubleDegreeProgramme, Project


def test_it_ranks_with_ties_sharing_a_rank_and_keeps_every_tied_row_at_the_cut():
    values = {"AA": 10, "BB": 7, "CC": 7, "DD": 5, "EE": 5, "FF": 1, "": 50}
    # "1224" ranking; the unknown country ("") is not ranked; DD and EE tie at the 4th place
    assert [(r.code, r.value, r.rank) for r in ranking(values, 4)] == [
        ("AA", 10, 1), ("BB", 7, 2), ("CC", 7, 2), ("DD", 5, 4), ("EE", 5, 4)]
    assert leading(values, 2) == [("AA", 10), ("BB", 7), ("CC", 7)]
    assert leading(values, 0) == []
    assert rank_of(values, "DD") == (5, 2)  # the unknown code's 50 is still a larger value among peers
    assert rank_of({"a": 3, "b": 0}, "missing") == (2, 1)  # a peer without a value counts as 0


def test_it_answers_a_slice_from_the_table_that_covers_it_not_from_a_lone_quote():
    values = [Value({"kind": "research", "institution": "a"}, 30, Source.PUBLISHED),
              Value({"kind": "research", "institution": "b"}, 20, Source.PUBLISHED),
              Value({"kind": "educational", "institution": "a"}, 90, Source.PUBLISHED),
              Value({"kind": "research"}, 158, Source.PUBLISHED),
              Value({"kind": "educational"}, 60, Source.PUBLISHED)]
    dims = ("kind", "institution")
    # by HEI for research: only the set with an HEI key can answer, whatever the headline says
    assert sum(v.value for v in consistent(values, dims, needed=("institution",), where={"kind": "research"})) == 50
    # research in all: the set by kind adds up to more for research (158) than the top list by HEI (50)
    assert [v.value for v in consistent(values, dims, where={"kind": "research"})] == [158]
    # never two sets summed: by kind comes from one set only
    assert sum(v.value for v in consistent(values, dims, needed=("kind",))) == 218


def test_a_national_reader_reads_a_bilateral_slice_year_from_its_published_figures(world):
    sub = world.submission(world.heis[0], origin="import", year=2022)
    sub.coverage = "FR"
    sub.save()
    for _ in range(8):
        world.add(DoubleDegreeProgramme, world.heis[0], sub=sub, level="master", country_id="FR")
    world.publish("double_degree_programmes", {}, 195, "report 2022 line 516", year=2022)
    assert Reader(2022, national=True).total("double_degree_programmes") == 195
    assert Reader(2022).total("double_degree_programmes") == 8  # a country note reads the slice's records
    assert Reader(2022).slice(Topic(("double_degree_programmes",)), {"country": "FR"}).total() == 8


def test_it_computes_each_statistic_once_per_reader(world):
    world.add(Project, world.heis[0], kind="research", country_id="FR", quantity=3)
    reader = Reader(2023)
    assert reader.by("projects_by_country", None, "country", kind="research") == {"FR": 3}
    with CaptureQueriesContext(connection) as ctx:
        assert reader.total("projects_by_country") == 3
        assert reader.part("projects_by_country", None, "kind", "research") == 3
    assert len(ctx.captured_queries) == 0


def test_it_fetches_the_names_of_a_dimension_in_one_query_per_build(world):
    with session():
        with CaptureQueriesContext(connection) as first:
            assert read_label("country", "FR", "ru") == "Франция"
        with CaptureQueriesContext(connection) as later:
            assert [read_label("country", c, "ru") for c in ("RU", "CN", "FR")] == ["Россия", "Китай", "Франция"]
            assert read_label("institution", "hei1", "en") == "University 1"
            assert read_label("institution", "hei2", "en") == "University 2"
        assert len(first.captured_queries) == 1
        assert len(later.captured_queries) == 1  # the HEIs' names, all at once
    assert read_label("country", "TR", "en") == "Türkiye"  # outside a build: asked directly


def test_every_figure_has_one_json_shape_with_its_source(world):
    world.add(Agreement, world.heis[0], country_id="FR")
    world.add(Agreement, world.heis[1], country_id="RU")
    world.publish("projects_research", {"institution": "hei1"}, Decimal("12"), "seed line 301")
    reader = Reader(2023)
    assert reader.figure("agreements_by_country", country="FR").as_json() == {
        "statistic": "agreements_by_country", "year": 2023, "dimension": {"country": "FR"}, "value": 1,
        "unit": "agreements", "source": "records", "note": ""}
    assert reader.figure("agreements_by_country").as_json()["value"] == 2
    projects = reader.figure("projects", kind="research").as_json()
    assert (projects["value"], projects["source"], projects["note"]) == (12, "published", "seed line 301")
    assert reader.figure("projects_by_field").as_json()["value"] is None  # no data: null, not 0


def test_it_files_a_published_figure_under_the_statistic_that_reads_it():
    from intlmon.analytics.read import statistic_reading

    assert statistic_reading("agreements", {"country": "EC", "region_section": "Африка"}) == "agreements_by_country"
    assert statistic_reading("agreements", {"direction": "Бірлескен зерттеу"}) == "agreements_by_direction"
    assert statistic_reading("agreements", {}) == "agreements"
    assert statistic_reading("projects_research", {"institution": "kaznu"}) == "projects"
    assert statistic_reading("publications", {"institution": "kariu"}) == "publications_by_institution"
    assert statistic_reading("mobility_students_inbound", {"country": "FR", "by": "specialty"}) == "mobility"
    assert statistic_reading("no_such_figure", {}) == ""
