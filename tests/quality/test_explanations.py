"""Explanations: only for findings the year's audit produces; remembered in later years; listed and
withdrawn; each one a single footnote with author and date; the audit and explain commands."""

from __future__ import annotations

import json

import pytest
from django.utils import timezone, translation

from intlmon.quality.audit import run_audit
from intlmon.quality.explanations import (
    ExplanationRefused,
    explain,
    footnotes_for,
    one_footnote_each,
    withdraw,
)
from intlmon.records.models import PublishedFigure
from intlmon.registry.models import InstitutionCategory
from tests.quality import synthetic
from tests.quality.synthetic import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The domain functions speak the active language; these tests read the English messages."""
    with translation.override("en"):
        yield


@pytest.fixture
def conflict():
    synthetic.build_clean()
    InstitutionCategory.objects.filter(institution_id="gamma", year=YEAR).update(conflicts="private (row 9)")
    InstitutionCategory.objects.create(institution_id="gamma", year=YEAR + 1, category="state", conflicts="private (row 4)")
    [finding] = [f for f in run_audit(YEAR) if f.check == "category_conflict"]
    return finding.statistic  # the statistic id the audit gives this finding (as `audit --format json` prints it)


@pytest.fixture
def percentage(conflict):
    """A national finding on a statistic the national report prints: 15 → 18 stated as +12 %."""
    PublishedFigure.objects.filter(period__year=YEAR - 1, statistic="double_degree_programmes").update(
        label="2022 жылмен салыстырғанда (15 ҚДП) 12% өсім байқалады")
    [finding] = [f for f in run_audit(YEAR) if f.check == "percentages"]
    return finding


def test_it_attaches_an_explanation_and_remembers_it_next_year(conflict):
    explain("category_conflict", YEAR, "Became private in 2024; the 2023 tables are right.", "A. Analyst",
            institution_id="gamma", statistic=conflict)
    [now] = [f for f in run_audit(YEAR) if f.check == "category_conflict"]
    [later] = [f for f in run_audit(YEAR + 1) if f.check == "category_conflict"]
    assert now.explanation.author == "A. Analyst" and later.explanation is not None
    # not before the year it was given
    [earlier] = [f for f in run_audit(YEAR - 1) if f.check == "category_conflict"] or [None]
    assert earlier is None or earlier.explanation is None


def test_it_gives_one_footnote_per_explanation_with_author_and_date(conflict, percentage):
    statistic = percentage.statistic
    explain("percentages", YEAR, "The text rounds differently.", "B. Analyst", statistic=statistic)
    explain("category_conflict", YEAR, "Became private in 2024.", "A. Analyst", institution_id="gamma", statistic=conflict)
    [note] = footnotes_for(YEAR + 2, [statistic])
    today = timezone.localdate().isoformat()
    assert note.author == "B. Analyst" and note.text == f"The text rounds differently. (B. Analyst, {today})"
    assert sorted(n.author for n in footnotes_for(YEAR)) == ["A. Analyst", "B. Analyst"]
    assert footnotes_for(YEAR - 1) == []
    assert [n.check for n in footnotes_for(YEAR, institution_id="gamma")] == ["category_conflict"]
    with one_footnote_each():  # one document: the second paragraph on the same statistic gets none
        assert len(footnotes_for(YEAR, [statistic])) == 1
        assert footnotes_for(YEAR, [statistic]) == []
    assert len(footnotes_for(YEAR, [statistic])) == 1  # the next document has it again


def test_a_withdrawn_explanation_explains_nothing_and_prints_no_footnote(percentage):
    e = explain("percentages", YEAR, "The text rounds differently.", "B. Analyst", statistic=percentage.statistic)
    withdraw(e.pk, by="C. Head")
    assert footnotes_for(YEAR) == []
    [finding] = [f for f in run_audit(YEAR) if f.check == "percentages"]
    assert finding.explanation is None
    with pytest.raises(ExplanationRefused, match="already withdrawn"):
        withdraw(e.pk)
    # once withdrawn, the finding may be explained afresh
    explain("percentages", YEAR, "Checked: the text is wrong.", "C. Head", statistic=percentage.statistic)
    assert [n.author for n in footnotes_for(YEAR)] == ["C. Head"]


def test_it_refuses_a_second_explanation_of_the_same_finding(percentage):
    explain("percentages", YEAR, "First.", "B. Analyst", statistic=percentage.statistic)
    with pytest.raises(ExplanationRefused, match="already explained"):
        explain("percentages", YEAR, "Second.", "B. Analyst", statistic=percentage.statistic)


def test_it_explains_from_the_command_line(conflict, cli, capsys):
    code = cli(["explain", "category_conflict", "--year", str(YEAR), "--institution", "gamma",
                "--statistic", conflict, "--text", "Checked with the ministry.", "--author", "C. Analyst"])
    assert code == 0
    [f] = [f for f in run_audit(YEAR) if f.check == "category_conflict"]
    assert f.explanation.text == "Checked with the ministry."


@pytest.mark.parametrize("args, message", [
    (["no_such_check", "--year", str(YEAR)], "unknown check 'no_such_check'"),
    (["category_conflict", "--year", str(YEAR), "--institution", "omega"], "unknown institution 'omega'"),
    (["category_conflict", "--year", str(YEAR), "--institution", "gamma", "--statistic", "agreements_by_countri"],
     "unknown statistic 'agreements_by_countri'"),
    (["category_conflict", "--year", "1850", "--institution", "gamma"], "no data for 1850"),
    # a real statistic and a real HEI, but the audit found nothing of this check about them
    (["category_conflict", "--year", str(YEAR), "--institution", "alpha", "--statistic", "double_degree_programmes"],
     "has no finding of category_conflict for institution alpha"),
])
def test_it_refuses_what_does_not_exist_and_changes_nothing(conflict, cli, capsys, args, message):
    from intlmon.quality.models import Explanation

    code = cli(["explain", *args, "--text", "test", "--author", "y", "--lang", "en"])
    err = capsys.readouterr().err
    assert code == 1 and message in err
    assert not Explanation.objects.exists()


def test_it_lists_the_findings_it_would_accept_when_refusing(conflict, cli, capsys):
    assert cli(["explain", "category_conflict", "--year", str(YEAR), "--institution", "alpha",
                "--text", "x", "--author", "y", "--lang", "en"]) == 1
    assert f"gamma/{conflict}" in capsys.readouterr().err


def test_it_refuses_in_the_users_language(conflict, cli, capsys, compiled_catalogues):
    assert cli(["explain", "no_such_check", "--year", str(YEAR), "--text", "x", "--author", "y", "--lang", "ru"]) == 1
    assert "неизвестная проверка" in capsys.readouterr().err
    assert cli(["explain", "category_conflict", "--year", "1850", "--text", "x", "--author", "y", "--lang", "kk"]) == 1
    assert "1850 жылға деректер жоқ" in capsys.readouterr().err


def test_it_lists_and_withdraws_from_the_command_line(conflict, cli, capsys):
    assert cli(["explain", "category_conflict", "--year", str(YEAR), "--institution", "gamma", "--statistic", conflict,
                "--text", "Checked.", "--author", "C. Analyst"]) == 0
    capsys.readouterr()
    assert cli(["explain", "--list", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert (row["check"], row["institution"], row["author"], row["withdrawn"]) == (
        "category_conflict", "gamma", "C. Analyst", None)
    assert cli(["explain", "--list", "--year", str(YEAR - 1)]) == 0
    assert "C. Analyst" not in capsys.readouterr().out  # given for YEAR, not valid in YEAR - 1
    assert cli(["explain", "--withdraw", str(row["id"]), "--author", "D. Head"]) == 0
    capsys.readouterr()
    assert cli(["explain", "--list"]) == 0
    assert "C. Analyst" not in capsys.readouterr().out
    assert cli(["explain", "--list", "--all", "--format", "json"]) == 0
    [row] = json.loads(capsys.readouterr().out)
    assert row["withdrawn_by"] == "D. Head" and row["withdrawn"]
    assert cli(["explain", "--withdraw", "999999"]) == 1
    assert cli(["explain", "category_conflict"]) == 2  # a usage error: no year, text or author


def test_the_audit_command_groups_findings_and_fails_only_when_asked(conflict, cli, capsys):
    assert cli(["audit", "--year", str(YEAR), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    gamma = InstitutionCategory.objects.get(institution_id="gamma", year=YEAR).institution.display_name("en")
    assert "== category_conflict [warning]" in out and gamma in out  # named, not by its id
    assert cli(["audit", "--year", str(YEAR), "--fail-on", "error"]) == 0
    assert cli(["audit", "--year", str(YEAR), "--fail-on", "warning"]) == 1
    capsys.readouterr()
    cli(["audit", "--year", str(YEAR), "--format", "json", "--lang", "ru"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"]["category_conflict"] == {"warning": 1}
    assert payload["findings"][0]["check"] == "category_conflict"


def test_an_audit_of_a_year_without_data_is_not_a_clean_audit(conflict, cli, capsys):
    assert cli(["audit", "--year", "2031", "--lang", "en"]) == 1
    captured = capsys.readouterr()
    assert "no data for 2031" in captured.err and "No findings" not in captured.out


def test_the_statistic_id_the_audit_prints_reaches_the_report_once(percentage, cli, capsys, tmp_path):
    """The id from `audit --format json` is accepted by `explain` and gives one footnote in the report,
    although the statistic feeds two paragraphs of it (the summary and its own section)."""
    capsys.readouterr()
    cli(["audit", "--year", str(YEAR), "--format", "json", "--only", "percentages"])
    [printed] = json.loads(capsys.readouterr().out)["findings"]
    assert cli(["explain", "percentages", "--year", str(YEAR), "--statistic", printed["statistic"],
                "--text", "The report of 2023 rounds differently.", "--author", "B. Analyst"]) == 0
    assert cli(["report", "national", "--year", str(YEAR), "--lang", "en", "--format", "html", "-o", str(tmp_path)]) == 0
    assert capsys.readouterr().err == ""  # no timings (they were printed in red) unless -v 2
    html = (tmp_path / f"national_report_{YEAR}_en.html").read_text(encoding="utf-8")
    assert html.count("The report of 2023 rounds differently.") == 1
    assert f"B. Analyst, {timezone.localdate().isoformat()}" in html


def test_a_national_report_built_directly_prints_each_explanation_once(percentage):
    """Whoever builds the document (the `report` command, the portal, this test) gets one footnote per
    explanation: the double-degree programmes feed several paragraphs, the explanation is printed once."""
    from intlmon.reports.national import build_national_report

    explain("percentages", YEAR, "The text rounds differently.", "B. Analyst", statistic=percentage.statistic)
    for _ in range(2):  # a second build (another language, another page view) has it again, once
        notes = build_national_report(YEAR, "en").all_footnotes()
        assert len([n for n in notes if n.startswith("The text rounds differently.")]) == 1


def test_a_report_does_not_hide_a_failure_to_read_the_explanations(percentage, monkeypatch):
    from intlmon.quality import explanations
    from intlmon.reports.national import build_national_report

    def broken(*args, **kwargs):
        raise RuntimeError("explanations table unreadable")

    monkeypatch.setattr(explanations, "footnotes_for", broken)
    with pytest.raises(RuntimeError, match="unreadable"):
        build_national_report(YEAR, "en")
