"""Correcting, deleting and adding a row in the browser: a new draft version through the workbook's validation."""

from __future__ import annotations

from intlmon.collection.cells import record_cells, records_of
from intlmon.collection.correct import add_row, correct_row, delete_row
from intlmon.collection.diff import diff_versions
from intlmon.collection.ingest import ingest_file
from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.sections import section
from intlmon.collection.template import write_template
from intlmon.collection.workflow import Actor, NotAllowed, Role
from intlmon.records.models import DoubleDegreeProgramme

CLERK = Actor("aigerim", Role.CLERK, "kaznpu")
DDP = "double_degree_programmes"


def ddp(**over):
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def first_version(tmp_path, rows=None):
    rows = rows or {DDP: [ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3)]}
    path = write_template(tmp_path / "v1.xlsx", 2024, lang="ru", institution="kaznpu", rows=rows)
    result = ingest_file(path, 2024, "kaznpu", actor=CLERK)
    assert result.stored is not None, [p.as_dict("en") for p in result.problems]
    return result.stored.submission


def ddp_record(sub, code):
    return DoubleDegreeProgramme.objects.get(submission=sub, programme_code=code)


def test_correcting_one_cell_makes_a_new_draft_that_differs_in_exactly_that_cell(reg, tmp_path):
    v1 = first_version(tmp_path)
    done = correct_row(v1, DDP, ddp_record(v1, "7M01705").pk, {"enrolment": "7"}, CLERK, lang="en")
    assert done.problems == [] and done.stored is not None
    v2 = done.stored
    assert (v2.version, v2.status, v2.is_current) == (2, "draft", True)
    assert ddp_record(v2, "7M01705").enrolment == 7 and ddp_record(v2, "7M04107").enrolment == 12
    # everything else came through the rebuilt workbook unchanged (partner resolved, term read, dates kept)
    [change] = diff_versions(v1, v2, lang="en").sections[0].changed
    assert [(c.column, c.old, c.new) for c in change.changed] == [("enrolment", "3", "7")]
    entry = AuditEntry.objects.get(action="correct_edit")
    assert entry.actor == "aigerim" and entry.detail["base_version"] == 1 and entry.detail["cells"] == {"enrolment": "7"}


def test_an_invalid_date_is_refused_with_row_and_column_and_nothing_is_stored(reg, tmp_path):
    v1 = first_version(tmp_path)
    done = correct_row(v1, DDP, ddp_record(v1, "7M01705").pk, {"contract_date": "31.02.2021"}, CLERK, lang="en")
    assert done.stored is None and Submission.objects.filter(institution_id="kaznpu").count() == 1
    [problem] = done.row_problems()
    assert problem.rule == "date" and problem.row == 4 and problem.value == "31.02.2021"
    assert problem.column == "F"  # the contract date is the sixth column of the sheet
    shown = problem.as_dict("en")
    assert "'31.02.2021' is not a date" in shown["message"] and "DD.MM.YYYY" in shown["hint"]
    assert problem.message("ru") == "«31.02.2021» не распознано как дата."  # the same problem in a Russian page


def test_a_new_warning_must_be_confirmed_before_the_version_is_made(reg, tmp_path):
    v1 = first_version(tmp_path)
    record = ddp_record(v1, "7M01705")
    done = correct_row(v1, DDP, record.pk, {"level": "бакалавриат"}, CLERK, lang="en")  # a 7M code on a bachelor row
    assert done.stored is None and done.to_confirm == ["level_code"]
    confirmed = correct_row(v1, DDP, record.pk, {"level": "бакалавриат"}, CLERK, lang="en", confirmed=["level_code"])
    assert confirmed.stored is not None and ddp_record(confirmed.stored, "7M01705").level == "bachelor"
    assert "level_code" in confirmed.stored.confirmed_warnings


def test_deleting_and_adding_rows(reg, tmp_path):
    v1 = first_version(tmp_path)
    deleted = delete_row(v1, DDP, ddp_record(v1, "7M04107").pk, CLERK)
    v2 = deleted.stored
    assert list(DoubleDegreeProgramme.objects.filter(submission=v2).values_list("programme_code", flat=True)) == ["7M01705"]
    added = add_row(v2, "agreements", {"partner": "Университет Лотарингии", "country": "Франция",
                                       "signed_on": "01.09.2022", "term": "бессрочный"}, CLERK)
    assert added.problems == [] and added.stored.version == 3 and added.row == 3
    [agreement] = records_of(added.stored, section("agreements"))
    assert (agreement.partner_id, agreement.country_id, agreement.open_ended) == ("lorraine", "FR", True)
    bad = add_row(added.stored, "agreements", {"country": "Франция"}, CLERK, lang="en")  # no partner
    assert bad.stored is None and [p.rule for p in bad.row_problems()] == ["required"]


def test_only_the_current_version_of_ones_own_hei_is_corrected(reg, tmp_path):
    import pytest

    v1 = first_version(tmp_path)
    record = ddp_record(v1, "7M01705")
    v2 = correct_row(v1, DDP, record.pk, {"enrolment": "4"}, CLERK).stored
    stale = correct_row(v1, DDP, record.pk, {"enrolment": "5"}, CLERK, lang="en")
    assert [p.rule for p in stale.problems] == ["correct.not_current"] and stale.stored is None
    assert "replaced by version 2" in stale.problems[0].message("en")
    same = correct_row(v2, DDP, ddp_record(v2, "7M01705").pk, {"enrolment": "4"}, CLERK, lang="en")
    assert [p.rule for p in same.problems] == ["correct.unchanged"]
    wrong_row = correct_row(v2, DDP, record.pk, {"enrolment": "5"}, CLERK, lang="en")  # a row of v1, not of v2
    assert [p.rule for p in wrong_row.problems] == ["correct.no_row"]
    with pytest.raises(NotAllowed):
        correct_row(v2, DDP, ddp_record(v2, "7M01705").pk, {"enrolment": "9"}, Actor("bolat", Role.CLERK, "kaznu"))
    assert Submission.objects.filter(institution_id="kaznpu").count() == 2


def test_the_rebuilt_workbook_holds_every_cell_of_the_version(reg, tmp_path):
    """What the correction writes back is what was stored: a round trip changes nothing."""
    v1 = first_version(tmp_path, {DDP: [ddp()], "agreements": [
        {"partner": "Университет Лотарингии", "country": "Франция", "signed_on": "01.09.2022", "term": "5 лет",
         "directions": ["mobility", "research"], "auto_renewal": True}]})
    cells = record_cells(section("agreements"), records_of(v1, section("agreements")).get())
    assert cells["directions"] == ["mobility", "research"] and cells["auto_renewal"] is True
    v2 = correct_row(v1, DDP, ddp_record(v1, "7M04107").pk, {"enrolment": "13"}, CLERK).stored
    diff = diff_versions(v1, v2)
    assert [s.key for s in diff.sections] == [DDP] and diff.counts() == {"added": 0, "removed": 0, "changed": 1}
