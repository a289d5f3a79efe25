"""Explanations: remembered for the same check, HEI and statistic in later years; footnotes; CLI."""

from __future__ import annotations

import json

import pytest

from intlmon.quality.audit import run_audit
from intlmon.quality.explanations import Footnote, explain, footnotes_for
from intlmon.registry.models import InstitutionCategory
from tests.quality import synthetic
from tests.quality.synthetic import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture
def conflict():
    synthetic.build_clean()
    InstitutionCategory.objects.filter(institution_id="gamma", year=YEAR).update(conflicts="private (row 9)")
    InstitutionCategory.objects.create(institution_id="gamma", year=YEAR + 1, category="state", conflicts="private (row 4)")


def test_it_attaches_an_explanation_and_remembers_it_next_year(conflict):
    explain("category_conflict", YEAR, "Became private in 2024; the 2023 tables are right.", "A. Analyst",
            institution_id="gamma", statistic="category")
    [now] = [f for f in run_audit(YEAR) if f.check == "category_conflict"]
    [later] = [f for f in run_audit(YEAR + 1) if f.check == "category_conflict"]
    assert now.explanation.author == "A. Analyst" and later.explanation is not None
    # not before the year it was given
    [earlier] = [f for f in run_audit(YEAR - 1) if f.check == "category_conflict"] or [None]
    assert earlier is None or earlier.explanation is None


def test_it_gives_footnotes_for_a_report(conflict):
    explain("category_conflict", YEAR, "Became private in 2024.", "A. Analyst", institution_id="gamma", statistic="category")
    explain("percentages", YEAR, "The text rounds differently.", "B. Analyst", statistic="double_degree_programmes")
    assert footnotes_for(YEAR + 2, ["category"]) == [
        Footnote(check="category_conflict", statistic="category", institution_id="gamma",
                 text="Became private in 2024.", author="A. Analyst")]
    assert [n.author for n in footnotes_for(YEAR)] == ["A. Analyst", "B. Analyst"]
    assert footnotes_for(YEAR - 1) == []
    assert [n.check for n in footnotes_for(YEAR, institution_id="gamma")] == ["category_conflict"]


def test_it_explains_from_the_command_line(conflict, cli):
    code = cli(["explain", "category_conflict", "--year", str(YEAR), "--institution", "gamma",
                "--statistic", "category", "--text", "Checked with the ministry.", "--author", "C. Analyst"])
    assert code == 0
    [f] = [f for f in run_audit(YEAR) if f.check == "category_conflict"]
    assert f.explanation.text == "Checked with the ministry."


def test_it_refuses_an_unknown_check(conflict, cli):
    assert cli(["explain", "no_such_check", "--year", str(YEAR), "--text", "x", "--author", "y"]) == 2


def test_the_audit_command_groups_findings_and_fails_only_when_asked(conflict, cli, capsys):
    assert cli(["audit", "--year", str(YEAR), "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "== category_conflict [warning]" in out and "gamma" in out
    assert cli(["audit", "--year", str(YEAR), "--fail-on", "error"]) == 0
    assert cli(["audit", "--year", str(YEAR), "--fail-on", "warning"]) == 1
    capsys.readouterr()
    cli(["audit", "--year", str(YEAR), "--format", "json", "--lang", "ru"])
    payload = json.loads(capsys.readouterr().out)
    assert payload["summary"]["category_conflict"] == {"warning": 1}
    assert payload["findings"][0]["check"] == "category_conflict"
