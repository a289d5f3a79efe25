"""`intlmon ingest`: a workbook is stored whole as a new version, or rejected with clear messages."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from intlmon.collection.models import Submission
from intlmon.collection.template import write_template
from intlmon.records.models import DoubleDegreeProgramme
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    load_registry()


def ddp(**over):
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def test_it_stores_a_clean_workbook(registry, tmp_path, cli):
    path = write_template(tmp_path / "kaznpu.xlsx", 2024, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3)]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 0
    sub = Submission.objects.get(institution_id="kaznpu", is_current=True)
    assert sub.version == 1 and sub.file_name == "kaznpu.xlsx" and sub.file_size == path.stat().st_size
    assert sub.status == "draft"  # the HEI's own until its clerk submits it
    rows = DoubleDegreeProgramme.objects.filter(submission=sub).order_by("source_row")
    assert [(r.programme_code, r.partner_id, r.country_id, r.enrolment, r.field_id) for r in rows] == [
        ("7M04107", "lorraine", "FR", 12, "04"), ("7M01705", "lorraine", "FR", 3, "01")]
    assert rows[0].valid_until.isoformat() == "2026-03-27"


def test_it_rejects_bad_rows_with_positions_and_stores_nothing(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "bad.xlsx", 2024, lang="ru", institution="kaznpu", rows={
        "double_degree_programmes": [
            ddp(level="bachelor"),  # a 7M code on a bachelor row
            ddp(programme="7M05407 Математика", enrolment=-4),
            ddp(programme="7M05408 Физика", contract_date="скоро"),
        ]})
    report = tmp_path / "report.json"
    code = cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en",
                "--report-json", str(report), "--annotated", str(tmp_path / "annotated.xlsx")])
    assert code == 1
    assert Submission.objects.count() == 0 and DoubleDegreeProgramme.objects.count() == 0
    problems = json.loads(report.read_text(encoding="utf-8"))["problems"]
    by_rule = {p["rule"]: p for p in problems}
    assert by_rule["level_code"]["row"] == 3 and by_rule["level_code"]["file"] == "bad.xlsx"
    # levels are named as the Russian form's dropdown names them, whatever the message language
    assert "belongs to the level 'магистратура'" in by_rule["level_code"]["message"]
    assert by_rule["non_negative"]["row"] == 4
    assert by_rule["date"]["row"] == 5 and by_rule["date"]["value"] == "скоро"
    sheet = by_rule["date"]["sheet"]
    out = capsys.readouterr().out
    assert "rejected" in out and f"sheet {sheet}, row 5" in out
    annotated = load_workbook(tmp_path / "annotated.xlsx")[sheet]
    cell = annotated[f"{by_rule['date']['column']}5"]
    assert cell.comment is not None and "DD.MM.YYYY" in cell.comment.text


def test_it_speaks_the_uploaders_language(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "bad.xlsx", 2024, lang="kk", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(contract_date="скоро")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "kk"]) == 1
    out = capsys.readouterr().out
    assert "қабылданбады" in out and "күн ретінде оқылмады" in out and "жол 3" in out


def test_an_unknown_partner_is_stored_with_its_text_queued_and_told(registry, tmp_path, cli, capsys):
    from intlmon.registry.models import ReviewItem

    path = write_template(tmp_path / "w.xlsx", 2024, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en"]) == 0
    assert "queued for review" in capsys.readouterr().out
    stored = DoubleDegreeProgramme.objects.get()
    assert stored.partner_id is None and stored.partner_raw == "Университет Нигде Не Существующий"
    assert ReviewItem.objects.filter(kind="organisation", raw="Университет Нигде Не Существующий").exists()


def test_an_unknown_partner_is_a_note_never_a_warning_to_confirm(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "w.xlsx", 2024, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий")]})
    code, result = _ingest_json(cli, capsys, path)
    assert code == 0 and result["to_confirm"] == [] and (result["warnings"], result["info"]) == (0, 1)
    [problem] = result["problems"]
    assert (problem["rule"], problem["severity"]) == ("unresolved_name", "info")
    assert Submission.objects.get().confirmed_warnings == []  # nothing was confirmed: nothing was asked
    capsys.readouterr()
    again = write_template(tmp_path / "w2.xlsx", 2024, lang="ru", institution="kaznpu", rows={
        "double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий", enrolment=4)]})
    assert cli(["ingest", str(again), "--year", "2024", "--institution", "kaznpu", "--lang", "ru"]) == 0
    out = capsys.readouterr().out
    assert "(0 ошибок, 0 предупреждений, 1 сведение)" in out and "[к сведению]" in out


def test_check_says_the_unknown_partner_would_be_queued_not_that_it_was(registry, tmp_path, cli, capsys):
    from intlmon.registry.models import ReviewItem

    path = write_template(tmp_path / "c.xlsx", 2024, institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en", "--check"]) == 0
    out = capsys.readouterr().out
    assert "will be queued for review when the file is stored" in out and "; queued for review." not in out
    assert not ReviewItem.objects.exists()


def test_a_confirmed_partner_of_an_upload_gets_the_rows_country_as_its_alias_country(registry, tmp_path, cli, capsys):
    from intlmon.collection.models import AuditEntry
    from intlmon.registry.models import OrganisationAlias, ReviewItem
    from intlmon.registry.partners import country_of
    from intlmon.registry.resolve import confirm, resolve_organisation

    name = "Университет Нигде Не Существующий"
    path = write_template(tmp_path / "w.xlsx", 2024, lang="ru", institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(partner=name, country="Франция")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 0
    item = ReviewItem.objects.get(kind="organisation", raw=name)
    assert item.context == "Франция"  # the row's country cell, not '<HEI> <file>'
    assert country_of(item) == "FR"
    # where the name came from is kept beside the queue: HEI, file, sheet and row
    entry = AuditEntry.objects.get(action="queue_name")
    assert entry.detail["review_item"] == item.pk and entry.detail["institution"] == "kaznpu"
    assert (entry.detail["file"], entry.detail["row"]) == ("w.xlsx", 3)
    confirm(item, "lorraine", user="analyst")
    alias = OrganisationAlias.objects.get(raw=name, organisation_id="lorraine")
    assert alias.country_raw == "Франция"
    assert resolve_organisation(name, "Франция").id == "lorraine"


def test_an_uploaded_cell_naming_several_countries_keeps_every_one(registry, tmp_path, cli):
    path = write_template(tmp_path / "multi.xlsx", 2024, lang="ru", institution="kaznpu", rows={
        "double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий", country="Швейцария, Испания"),
                                     ddp(partner="Университет Нигде Не Существующий", programme="7M01705 Иностранный язык",
                                         country="1) Греция 2) Египет")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 0
    rows = DoubleDegreeProgramme.objects.order_by("source_row")
    # as the legacy import stores it (records.PartnerMixin.countries): the first in country, each in countries
    assert [(r.country_id, r.countries, r.country_raw) for r in rows] == [
        ("CH", ["CH", "ES"], "Швейцария, Испания"), ("GR", ["GR", "EG"], "1) Греция 2) Египет")]


def test_warnings_say_how_to_confirm_them_and_are_recorded_with_the_version(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "dup.xlsx", 2024, institution="kaznpu", rows={
        "double_degree_programmes": [ddp(), ddp(programme="7M05407 Математика"), ddp()]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en"]) == 1
    out = capsys.readouterr().out
    assert "not stored until its warnings are confirmed" in out
    assert "run the command again with --confirm duplicate_row" in out
    assert Submission.objects.count() == 0
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--confirm", "duplicate_row"]) == 0
    assert Submission.objects.get().confirmed_warnings == ["duplicate_row"]


def test_check_validates_and_stores_nothing(registry, tmp_path, cli, capsys):
    from intlmon.registry.models import ReviewItem

    path = write_template(tmp_path / "c.xlsx", 2024, institution="kaznpu",
                          rows={"double_degree_programmes": [ddp(partner="Университет Нигде Не Существующий")]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en", "--check"]) == 0
    assert "valid; nothing stored (--check)" in capsys.readouterr().out
    assert Submission.objects.count() == 0 and not ReviewItem.objects.exists()
    bad = write_template(tmp_path / "b.xlsx", 2024, institution="kaznpu",
                         rows={"double_degree_programmes": [ddp(contract_date="скоро")]})
    assert cli(["ingest", str(bad), "--year", "2024", "--institution", "kaznpu", "--check"]) == 1


def test_an_identical_file_is_recognised_and_not_stored_again(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "same.xlsx", 2024, institution="kaznpu", rows={"double_degree_programmes": [ddp()]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 0
    capsys.readouterr()
    code, result = _ingest_json(cli, capsys, path)
    assert code == 0 and (result["identical_to"], result["version"]) == (1, None)
    assert Submission.objects.count() == 1 and DoubleDegreeProgramme.objects.count() == 1


def test_a_clerk_uploads_only_for_their_own_hei(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "x.xlsx", 2024, institution="kaznpu", rows={"double_degree_programmes": [ddp()]})
    clerk = ["--actor", "arman", "--role", "clerk", "--actor-hei", "kaznu"]
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", *clerk]) == 1
    assert cli(["ingest", str(path), "--year", "2024", *clerk]) == 1  # the workbook names kaznpu
    assert Submission.objects.count() == 0
    assert cli(["ingest", str(path), "--year", "2024", "--actor", "aigerim", "--role", "clerk", "--actor-hei",
                "kaznpu"]) == 0


def test_it_rejects_a_file_that_is_not_a_workbook(registry, tmp_path, cli, capsys):
    path = tmp_path / "notes.xlsx"
    path.write_text("hello", encoding="utf-8")
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 1
    assert "notes.xlsx" in capsys.readouterr().out
    assert Submission.objects.count() == 0


def test_it_rejects_a_workbook_for_another_hei(registry, tmp_path, cli):
    path = write_template(tmp_path / "x.xlsx", 2024, institution="kaznu", rows={"double_degree_programmes": [ddp()]})
    assert cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu"]) == 1
    assert Submission.objects.count() == 0


def _ingest_json(cli, capsys, path, *extra):
    code = cli(["ingest", str(path), "--year", "2024", "--institution", "kaznpu", "--lang", "en", "--format", "json", *extra])
    return code, json.loads(capsys.readouterr().out)[0]


def test_it_stores_an_exact_repeat_once_with_a_warning(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "dup.xlsx", 2024, institution="kaznpu", rows={
        "double_degree_programmes": [ddp(), ddp(programme="7M05407 Математика"), ddp()]})
    code, result = _ingest_json(cli, capsys, path)
    assert code == 1 and Submission.objects.count() == 0  # a warning to confirm, not silently merged
    repeat = [p for p in result["problems"] if p["rule"] == "duplicate_row"]
    assert [(p["row"], p["severity"]) for p in repeat] == [(5, "warning")]
    assert "repeats row 3 exactly; it will be stored once" in repeat[0]["message"]
    code, result = _ingest_json(cli, capsys, path, "--confirm", "duplicate_row")
    assert code == 0
    assert sorted(DoubleDegreeProgramme.objects.values_list("source_row", flat=True)) == [3, 4]


def test_it_reads_a_term_typed_into_the_date_column_as_the_term(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "t.xlsx", 2024, institution="kaznpu", rows={
        "double_degree_programmes": [ddp(contract_date="бессрочный", term=None), ddp(programme="7M05407", contract_date="5 лет", term="5 лет")]})
    code, result = _ingest_json(cli, capsys, path, "--accept-warnings")
    by_row = {(p["row"], p["rule"]): p for p in result["problems"]}
    assert by_row[(3, "term_in_date")]["severity"] == "warning"
    assert "looks like a contract term" in by_row[(3, "term_in_date")]["message"]
    # With a term already given, a term in the date column is an error: the row is ambiguous.
    assert by_row[(4, "date")]["severity"] == "error" and code == 1
    path = write_template(tmp_path / "t2.xlsx", 2024, institution="kaznpu", rows={
        "double_degree_programmes": [ddp(contract_date="бессрочный", term=None)]})
    code, _ = _ingest_json(cli, capsys, path, "--accept-warnings")
    stored = DoubleDegreeProgramme.objects.get()
    assert code == 0 and stored.open_ended and stored.contract_date is None and stored.term_raw == "бессрочный"


def test_it_keeps_a_row_without_a_country_with_a_warning_but_not_without_a_level(registry, tmp_path, cli, capsys):
    path = write_template(tmp_path / "c.xlsx", 2024, institution="kaznpu", rows={
        "double_degree_programmes": [ddp(country=None), ddp(programme="7M05407", level=None)]})
    code, result = _ingest_json(cli, capsys, path, "--accept-warnings")
    by_rule = {p["rule"]: p for p in result["problems"]}
    assert code == 1 and Submission.objects.count() == 0
    assert by_rule["incomplete"]["row"] == 3 and by_rule["incomplete"]["severity"] == "warning"
    assert "counts as 'not stated'" in by_rule["incomplete"]["message"]
    assert by_rule["required"]["row"] == 4 and by_rule["required"]["severity"] == "error"


def test_ingest_of_many_files_shows_a_progress_bar_on_a_terminal_only(registry, tmp_path, cli, capsys, monkeypatch):
    import io
    import sys

    files = [str(write_template(tmp_path / f"f{i}.xlsx", 2024, institution="kaznpu",
                                rows={"double_degree_programmes": [ddp(enrolment=i + 1)]})) for i in range(2)]
    assert cli(["ingest", *files, "--year", "2024", "--institution", "kaznpu", "--check"]) == 0
    captured = capsys.readouterr()  # piped: the output holds results only
    assert "━" not in captured.out + captured.err and "ingest" not in captured.err

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    assert cli(["ingest", *files, "--year", "2024", "--institution", "kaznpu", "--check"]) == 0
    assert "ingest" in terminal.getvalue() and "━" in terminal.getvalue()
