"""Correcting, deleting and adding a row in the browser: a new draft version through the workbook's validation."""

from __future__ import annotations

from datetime import date

from intlmon.collection.cells import records_of
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


def test_a_form_prefilled_with_the_rows_texts_is_recognised_as_unchanged(reg, tmp_path):
    from intlmon.collection.cells import version_rows

    v1 = first_version(tmp_path)
    rows = version_rows(v1, DDP, lang="kk")
    assert [(r.source_row, r.cells["programme"], r.cells["enrolment"]) for r in rows] == [
        (3, "7M04107 Экономика", "12"), (4, "7M01705 Иностранный язык", "3")]
    assert rows[0].cells["level"] == "магистратура" and rows[0].cells["country"] == "Франция"
    same = correct_row(v1, DDP, rows[1].record_id, rows[1].cells, CLERK, lang="kk")
    assert [p.rule for p in same.problems] == ["correct.unchanged"]
    edited = correct_row(v1, DDP, rows[1].record_id, {**rows[1].cells, "enrolment": "8"}, CLERK, lang="kk")
    assert edited.problems == [] and ddp_record(edited.stored, "7M01705").enrolment == 8


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


EVERY_SECTION = {
    "profile": [{"students": 12000, "academic_staff": 800}],
    "agreements": [{"partner": "Университет Лотарингии", "country": "Франция", "signed_on": "01.09.2022",
                    "term": "5 лет", "directions": ["mobility", "research"], "auto_renewal": True}],
    "presences": [{"direction": "outbound", "kind": "representation", "name": "Представительство в Бишкеке",
                   "country": "Кыргызстан", "city": "Бишкек", "opened_on": date(2019, 9, 1), "status": "operating"}],
    "projects": [{"kind": "research", "title": "Erasmus+ CBHE", "funder": "EU", "partner": "Университет Лотарингии",
                  "country": "Франция", "field": "04", "role": "partner", "start_year": 2022, "end_year": 2025}],
    "joint_programmes": [ddp(programme="7M01705 Иностранный язык", term="бессрочный")],
    "double_degree_programmes": [ddp()],
    "mobility": [{"direction": "outbound", "person": "student", "level": "master", "partner": "Университет Лотарингии",
                  "country": "Франция", "field": "04", "format": "physical", "funding": "grant", "headcount": 4}],
    "visiting_faculty": [{"partner": "Университет Лотарингии", "country": "Франция", "headcount": 2,
                          "academic_degree": "PhD", "field": "04", "format": "online", "funding": "partner"}],
    "international_students": [{"country": "Китай", "level": "bachelor", "headcount": 30}],
    "publications": [{"database": "scopus", "field": "04", "count": 15, "with_foreign_coauthors": 6}],
    "strategic_partnerships": [{"model": "consortium", "partner": "Университет Лотарингии", "country": "Франция",
                                "start_year": 2021, "term_years": 5, "partner_ranking": 300,
                                "foreign_staff_share": 12.5, "languages": ["en", "ru"],
                                "kazakh_language_disciplines": 3, "registered": True, "licensed": False,
                                "funding": "partner"}],
}


def test_the_rebuilt_workbook_holds_every_cell_of_every_section(reg, tmp_path):
    """A correction rewrites the whole version: every other cell of every section must come back as stored."""
    path = write_template(tmp_path / "v1.xlsx", 2024, lang="kk", institution="kaznpu", rows=EVERY_SECTION)
    v1 = ingest_file(path, 2024, "kaznpu", actor=CLERK, accept_warnings=True).stored.submission
    assert set(v1.confirmed_warnings) <= {"unresolved_name"}
    mobility = records_of(v1, section("mobility")).get()
    done = correct_row(v1, "mobility", mobility.pk, {"headcount": "6"}, CLERK, lang="ru")
    assert done.problems == [] and done.stored is not None
    diff = diff_versions(v1, done.stored, lang="en")
    assert [s.key for s in diff.sections] == ["mobility"]
    assert [(c.column, c.old, c.new) for c in diff.sections[0].changed[0].changed] == [("headcount", "4", "6")]
    counts = {s: len(rows) for s, rows in EVERY_SECTION.items()}
    from intlmon.collection.cells import MODEL_BY_SECTION

    assert {s: MODEL_BY_SECTION[s].objects.filter(submission=done.stored).count() for s in counts} == counts


def test_imported_tables_are_not_corrected_row_by_row(reg):
    from intlmon.collection.store import store_version

    imported = store_version(institution_id="kaznpu", year=2023, origin=Submission.Origin.IMPORT, status="approved",
                             records={"DoubleDegreeProgramme": [{"level": "master", "programme_raw": "7M04107",
                                                                 "programme_code": "7M04107", "enrolment": 3}]})
    record = DoubleDegreeProgramme.objects.get(submission=imported.submission)
    done = correct_row(imported.submission, DDP, record.pk, {"enrolment": "4"}, CLERK, lang="en")
    assert [p.rule for p in done.problems] == ["correct.imported"] and done.stored is None
    assert "upload it instead" in done.problems[0].hint("en")
    assert Submission.objects.filter(institution_id="kaznpu").count() == 1


def test_a_correction_is_refused_when_another_version_landed_while_it_was_made(reg, tmp_path, monkeypatch):
    """The race: the version is current when the edit starts, another upload is stored before the edit's store."""
    import intlmon.collection.correct as correct

    v1 = first_version(tmp_path)
    other = write_template(tmp_path / "other.xlsx", 2024, lang="ru", institution="kaznpu",
                           rows={DDP: [ddp(enrolment=40)]})
    real = correct.ingest_file

    def another_upload_first(*args, **kwargs):
        assert ingest_file(other, 2024, "kaznpu", actor=CLERK).stored is not None  # v2 lands in the window
        return real(*args, **kwargs)

    monkeypatch.setattr(correct, "ingest_file", another_upload_first)
    done = correct_row(v1, DDP, ddp_record(v1, "7M01705").pk, {"enrolment": "7"}, CLERK, lang="en")
    assert done.stored is None and [p.rule for p in done.problems] == ["version_changed"]
    assert done.problems[0].message("en") == ("Version 1 was replaced by version 2 since you opened it; "
                                              "nothing was stored.")
    assert "внесите изменение" in done.problems[0].hint("ru")
    current = Submission.objects.get(institution_id="kaznpu", is_current=True)
    assert current.version == 2 and ddp_record(current, "7M04107").enrolment == 40  # the other upload kept whole
    assert not AuditEntry.objects.filter(action="correct_edit").exists()
