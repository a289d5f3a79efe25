"""One truth: the national report, `intlmon stats --format json` and the audit give the same value for
the same quantity, because all three read it through `analytics.read`.

Built once on the real 2023 tables. If a second implementation of totals, dimension choice or the
published-figure policy reappears in a report, the CLI or the audit, one of these comparisons breaks.
"""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import translation

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def three(django_db_setup, django_db_blocker, reference_2023, compiled_catalogues):
    from intlmon.analytics.read import Reader
    from intlmon.quality.audit import run_audit
    from intlmon.quality.checks.figure_keys import Key
    from intlmon.quality.checks.stated import RecordTotals
    from intlmon.reports.document import Table
    from intlmon.reports.national import build_national_report
    from intlmon.reports.reconcile import printed_values

    with django_db_blocker.unblock(), loaded_reference(reference_2023, france=False):
        doc = build_national_report(2023, "en")
        printed, _problems = printed_values(doc)
        out = StringIO()
        call_command("stats", "--year", "2023", "--format", "json", stdout=out)
        reader = Reader(2023, national=True)
        expected = {}
        for q in printed:
            where = dict(q.where)
            dim = where.pop("count", None)
            if dim:
                expected[q] = reader.count(q.statistic, q.year, dim, **where)
            else:
                expected[q] = reader.figure(q.statistic, q.year, **where).value
        totals = RecordTotals(2023)
        audit = {k: totals.value(Key(*k)) for k in (("ddp", "count"), ("ddp", "countries"), ("ddp", "enrolment"),
                                                    ("sop", "count"), ("sop", "countries"), ("projects", "research"),
                                                    ("presence_out", "count"), ("presence_out", "countries"))}
        findings = [f.message("en") for f in run_audit(2023, ["published_sums"])]
        tables = {b.caption: b for b in doc.blocks if isinstance(b, Table)}
        with translation.override("en"):
            names = {c: reader.label("country", c, "en")
                     for c in reader.by("projects_by_country", 2023, "country", kind="research")}
        yield {"printed": printed, "expected": expected, "json": json.loads(out.getvalue())["figures"],
               "audit": audit, "findings": findings, "tables": tables, "names": names}


def figure(figures, statistic, **dimension):
    return next(f for f in figures if f["statistic"] == statistic and f["dimension"] == dimension)


def test_every_number_the_report_prints_is_the_read_services_value(three):
    wrong = {str(q): (sorted({str(v) for v, _ in values}), three["expected"][q])
             for q, values in three["printed"].items() if any(v != three["expected"][q] for v, _ in values)}
    assert not wrong, wrong
    assert len(three["printed"]) > 20  # the report annotates its numbers; an empty map would prove nothing


def test_the_report_and_stats_json_agree_on_agreements_and_partner_countries(three):
    from intlmon.reports.document import quantity

    agreements = figure(three["json"], "agreements")
    countries = figure(three["json"], "agreement_partner_countries")
    # 78 rows by partner country add up to 6 050 (the printed headline 6 044 is the footnote); 82 stated
    assert (agreements["value"], countries["value"]) == (6050, 78)
    assert "published: 6044" in agreements["note"] and "published: 82" in countries["note"]
    assert {v for v, _ in three["printed"][quantity("agreements", 2023)]} == {6050}
    assert {v for v, _ in three["printed"][quantity("agreement_partner_countries", 2023)]} == {78}
    # the audit's sum of the same table's rows
    assert any("agreements_by_country" in m and "add up to 6050" in m for m in three["findings"])


def test_the_audit_counts_what_stats_json_counts(three):
    json_figures, audit = three["json"], three["audit"]
    assert audit[("ddp", "count")] == figure(json_figures, "double_degree_programmes")["value"]
    assert audit[("ddp", "enrolment")] == figure(json_figures, "double_degree_programmes_enrolment")["value"]
    assert audit[("ddp", "countries")] == figure(json_figures, "double_degree_partner_countries")["value"]
    assert audit[("sop", "count")] == figure(json_figures, "joint_programmes")["value"]
    assert audit[("sop", "countries")] == figure(json_figures, "joint_programme_partner_countries")["value"]
    assert audit[("presence_out", "count")] == figure(json_figures, "kz_branches_abroad")["value"] == 36
    assert audit[("presence_out", "countries")] == figure(json_figures, "kz_branches_abroad_countries")["value"]
    research = sum(f["value"] for f in json_figures if f["statistic"] == "projects" and f["dimension"].get("kind") == "research")
    assert audit[("projects", "research")] == research


def test_research_projects_by_country_are_the_same_in_the_report_and_stats_json(three):
    from_json = {f["dimension"]["country"]: f["value"] for f in three["json"]
                 if f["statistic"] == "projects_by_country" and f["dimension"].get("kind") == "research"}
    by_name = {three["names"][c]: v for c, v in from_json.items() if c}
    [table] = [t for caption, t in three["tables"].items()
               if caption.startswith("Joint research projects") and "by partner country" in caption]
    in_report = {str(row[0]): row[1] for row in table.rows}
    assert by_name and {k: v for k, v in in_report.items() if k in by_name} == by_name
