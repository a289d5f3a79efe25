"""`intlmon import-tables`: the 2023 reference tables routed to each HEI's submission."""

from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from intlmon.collection.legacy import import_tables
from intlmon.collection.models import Submission
from intlmon.records.models import (
    DoubleDegreeProgramme,
    JointProgramme,
    MobilityFlow,
    Presence,
    Project,
    PublishedFigure,
)
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def registry():
    load_registry()


def test_it_imports_the_2023_tables(registry, reference_2023):
    call_command("import_tables", str(reference_2023), year=2023)
    # 85 rows; the doctoral row's HEI cell names no HEI and is placed by row_attributions.csv
    assert JointProgramme.objects.count() == 85
    # 212 rows: row 207 is empty, rows 73 and 205 repeat rows 59 and 203 in look-alike letters
    assert DoubleDegreeProgramme.objects.count() == 209
    assert Presence.objects.filter(direction="outbound").count() == 36  # 46 rows, 10 repeats
    assert Presence.objects.filter(direction="inbound").count() == 16
    assert Submission.objects.filter(period__year=2023, is_current=True).count() == 83
    kaznu_ddp = DoubleDegreeProgramme.objects.filter(institution_id="kaznu")
    assert kaznu_ddp.count() > 30
    first = DoubleDegreeProgramme.objects.get(source_sheet="ddp_programs.csv", source_row=2)
    assert (first.institution_id, first.country_id, first.level, first.enrolment) == ("choreography", "RU", "bachelor", 9)
    assert first.contract_date.isoformat() == "2021-09-02" and first.term_years == 5
    # projects per HEI: the table gives counts, kept as quantities
    kaznu_research = sum(Project.objects.filter(institution_id="kaznu", kind="research").values_list("quantity", flat=True))
    assert kaznu_research == 35
    stated = PublishedFigure.objects.get(statistic="stated:agreements_by_country.agreement_count", dimension__section="", value=6044)
    assert stated.period.year == 2023
    # figures of earlier years quoted by the report land in their own periods
    assert PublishedFigure.objects.filter(period__year=2022, statistic="publications_scopus").exists()


def test_it_makes_a_new_version_when_a_table_changes(registry, reference_2023, tmp_path):
    folder = tmp_path / "2023"
    shutil.copytree(reference_2023, folder, ignore=shutil.ignore_patterns("france"))
    call_command("import_tables", str(folder), year=2023)
    table = folder / "ddp_programs.csv"
    table.write_text(table.read_text(encoding="utf-8").replace(",HTMI,", ",HTMI (Switzerland),", 1), encoding="utf-8")
    call_command("import_tables", str(folder), year=2023)
    atu = Submission.objects.get(institution_id="atu", period__year=2023, is_current=True)
    assert atu.version == 2
    assert DoubleDegreeProgramme.objects.filter(submission__is_current=True).count() == 209
    assert DoubleDegreeProgramme.objects.filter(institution_id="atu", submission__version=1).exists()  # kept


def test_it_rejects_an_unknown_hei_and_changes_nothing(registry, reference_2023, tmp_path):
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(reference_2023 / "sop_programs.csv", folder)
    shutil.copy(reference_2023 / "row_attributions.csv", folder)
    with (folder / "sop_programs.csv").open("a", encoding="utf-8") as fh:
        fh.write("БАКАЛАВРИАТ,,99.,Университет Несуществующий Вымышленный,Partner,Россия,6B04107,2020,5 лет,3,2001,,\n")
    with pytest.raises(CommandError) as rejected:
        call_command("import_tables", str(folder), year=2023, lang="en")
    message = str(rejected.value)
    assert message.startswith("1 problem; the tables were rejected and nothing was changed:")
    assert "file sop_programs.csv, row 87, column kz_hei: The HEI 'Университет Несуществующий Вымышленный' is not " \
           "in the registry (seed 001_9c33b7804b188c2b.txt, line 2001;" in message
    assert "→ Add an alias or the institution" in message
    assert "row 86" not in message  # the doctoral row is placed by its attribution
    assert Submission.objects.count() == 0 and JointProgramme.objects.count() == 0


def test_a_rejected_import_prints_its_problems_in_the_one_shape_and_the_readers_language(
        registry, reference_2023, tmp_path, capsys):
    from intlmon.collection.problems import FIELDS

    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(reference_2023 / "sop_programs.csv", folder)
    with pytest.raises(CommandError) as rejected:
        call_command("import_tables", str(folder), year=2023, lang="ru", format="json")
    [problem] = __import__("json").loads(capsys.readouterr().out)["problems"]
    assert tuple(problem) == FIELDS
    assert (problem["rule"], problem["severity"], problem["file"], problem["row"], problem["column"]) == (
        "import.unknown_hei", "error", "sop_programs.csv", 86, "kz_hei")
    assert problem["message"].startswith("Вуза «Вильнюсский университет Литва")
    assert "строка 1021+1023" in problem["message"] and "row_attributions.csv" in problem["hint"]
    assert str(rejected.value).startswith("1 проблема; таблицы отклонены, ничего не изменено:")
    with pytest.raises(CommandError) as in_kazakh:
        call_command("import_tables", str(folder), year=2023, lang="kk")
    assert "ЖОО тізілімде жоқ" in str(in_kazakh.value) and "файл sop_programs.csv, жол 86" in str(in_kazakh.value)


def test_the_import_summary_is_in_the_readers_language_with_plural_forms(registry, reference_2023, capsys):
    call_command("import_tables", str(reference_2023), year=2023, lang="ru")
    out = capsys.readouterr().out
    assert "импортировано за 2023: 83 вуза, " in out and "83 новые версии; 0 вузов без изменений" in out
    assert ("повтор сохранён один раз: ddp_programs.csv, строка 74 (№ 73., строка источника 1253) повторяет строку 60 "
            "(№ 59., строка источника 1237), написано похожими буквами другого алфавита") in out
    assert ("прочитано с оговоркой: foreign_hei_branches_in_kz.csv, строка 9 (строка источника 84): страна взята из "
            "текста пункта: IR") in out
    assert "не сохранено как запись: ddp_programs.csv, строка 207: все ячейки пусты" in out
    assert "вуз указан в row_attributions.csv: sop_programs.csv, строка 86" in out
    assert "Imported" not in out and "repeated row" not in out
    call_command("import_tables", str(reference_2023), year=2023, lang="kk")
    out = capsys.readouterr().out
    assert "0 жаңа нұсқа; 83 ЖОО өзгермеген" in out


def test_piped_output_holds_no_progress_bar_and_a_terminal_gets_one(registry, reference_2023, capsys, monkeypatch):
    import io
    import sys

    call_command("import_tables", str(reference_2023), year=2023)
    captured = capsys.readouterr()
    assert captured.err == "" and "import-tables" not in captured.out and "━" not in captured.out

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    call_command("import_tables", str(reference_2023), year=2023)
    assert "import-tables" in terminal.getvalue() and "━" in terminal.getvalue()


def test_a_row_without_an_hei_is_an_error_not_a_silent_skip(registry, reference_2023, tmp_path):
    """Without row_attributions.csv the doctoral row (line 1021, HEI cell 'Вильнюсский университет …')
    cannot be placed: the import names the file, row and seed line instead of leaving the row out."""
    folder = tmp_path / "2023"
    folder.mkdir()
    shutil.copy(reference_2023 / "sop_programs.csv", folder)
    with pytest.raises(CommandError, match=r"file sop_programs.csv, row 86, column kz_hei: The HEI 'Вильнюсский "
                                           r"университет Литва.*\(seed 001_9c33b7804b188c2b.txt, line 1021\+1023;"):
        call_command("import_tables", str(folder), year=2023, lang="en")
    assert JointProgramme.objects.count() == 0


# -- the France note (imported for 2022) ---------------------------------------------------------


def mobility_sum(**filters) -> int:
    return sum(MobilityFlow.objects.filter(period__year=2022, **filters).values_list("headcount", flat=True))


def figures(statistic: str, by: str) -> dict[str, int]:
    rows = PublishedFigure.objects.filter(period__year=2022, statistic=statistic, dimension__by=by)
    return {f.dimension.get("partner") or f.dimension.get("specialty"): int(f.value) for f in rows}


def test_it_imports_the_france_mobility_counts(registry, reference_2023):
    report = import_tables(reference_2023 / "france", 2022)
    # kz_students_outbound_2022_by_kz_hei lists 13 HEIs (1+31+1+9+3+27+1+1+19+2+3+1+2 = 101, the stated
    # total); AIMU (27, only a probable alias of AlmaU) and MUA (1, names no single HEI) are no records
    # but published figures of the list, and their names are on the review queue.
    assert mobility_sum(direction="outbound", person="student") == 1 + 31 + 1 + 9 + 3 + 1 + 19 + 2 + 3 + 1 + 2 == 73
    assert mobility_sum(direction="outbound", person="student", institution_id="kaznu") == 31
    skipped = {s["count"]: s["reason"] for s in report.skipped if s.get("table") == "student_mobility_counts.csv"}
    assert set(skipped) == {27, 1} and "'AIMU'" in skipped[27] and "'MUA'" in skipped[1]
    listed = PublishedFigure.objects.filter(period__year=2022, statistic="mobility_students_outbound")
    assert sum(int(f.value) for f in listed) == 101
    assert {f.label: int(f.value) for f in listed.filter(quantity_dimension__institution="")} == {"AIMU": 27, "MUA": 1}
    # French students by Kazakh host: AlMU 4 + KazGUU 2 + KazNU 11 = 17, the note's "17 French students"
    assert mobility_sum(direction="inbound", person="student") == 4 + 2 + 11 == 17
    assert mobility_sum(direction="inbound", person="student", institution_id="almau") == 4
    # teaching staff: 1 + 5 + 5 + 1 + 2 Kazakh ("14 PS from Kazakhstan"), 2 French ("2 teaching staff")
    assert mobility_sum(direction="outbound", person="staff") == 1 + 5 + 5 + 1 + 2 == 14
    assert mobility_sum(direction="inbound", person="staff") == 2
    assert mobility_sum(person="staff", format="online") == 5 + 2 + 2
    assert set(MobilityFlow.objects.values_list("country_id", flat=True)) == {"FR"}
    toraighyrov = MobilityFlow.objects.get(institution_id="toraighyrov")
    assert (toraighyrov.person, toraighyrov.partner_id, toraighyrov.headcount) == ("staff", "uca", 5)
    # lists with no Kazakh HEI are published figures: by French HEI 3+2+11+1 and by specialty 12+5
    assert figures("mobility_students_inbound", "french_hei") == {
        "excelia": 3, "ieseg": 2, "sciencespo-bordeaux": 11, "toulouse": 1}
    assert figures("mobility_students_inbound", "specialty") == {"International Relations": 12, "Management": 5}
    assert sum(figures("mobility_students_inbound", "french_hei").values()) == 17


def test_it_imports_the_france_projects_and_double_degrees(registry, reference_2023):
    import_tables(reference_2023 / "france", 2022)
    projects = Project.objects.filter(period__year=2022).order_by("source_row")
    assert [(p.institution_id, p.kind, p.start_year, p.end_year) for p in projects] == [
        ("kaznu", "educational", 2020, 2023),  # "Digital Humanities…", Estonia and France (line 101)
        ("kaznu", "educational", 2021, 2022),  # start cell "2021-2022", end cell garbled (102)
        ("kaznu", "research", 2021, 2022),  # "Joint scientific project" (103)
        ("kaznu", "educational", 2021, 2022),  # (104)
        ("enu", "educational", 2021, 2024),  # "Triggering innovative approaches…" (117–128)
        ("satbayev", "research", 2020, 2023),  # ACeSYRI (129–155)
        ("kozybayev", "educational", None, 2022),  # "Advanced Centre…", start "March," (156, 159)
        ("krmu", "educational", 2021, 2024),  # Erasmus+ LMQS (161)
    ]
    # the cell names both; in a note about France the project's country is France, Estonia stays listed
    assert projects[0].country_raw == "Эстония, Франция"
    assert (projects[0].country_id, projects[0].countries) == ("FR", ["EE", "FR"])
    assert all("FR" in p.countries for p in projects)
    ddp = DoubleDegreeProgramme.objects.filter(period__year=2022).order_by("source_row")
    assert ddp.count() == 8 and set(ddp.values_list("country_id", flat=True)) == {"FR"}
    first = ddp[0]  # Master's degree, AlmaU–EMLV, "Master in Management" (no code), 04 Business…
    assert (first.institution_id, first.level, first.programme_code, first.field_id, first.funding, first.enrolment) == (
        "almau", "master", "", "04", "student", 1)
    assert first.contract_date.isoformat() == "2020-07-20" and first.languages == ["en"]


def test_it_marks_the_france_tables_as_a_bilateral_slice(registry, reference_2023):
    from intlmon.collection.models import Submission

    import_tables(reference_2023 / "france", 2022)
    import_tables(reference_2023, 2023)
    assert set(Submission.objects.filter(period__year=2022).values_list("coverage", flat=True)) == {"FR"}
    assert set(Submission.objects.filter(period__year=2023).values_list("coverage", flat=True)) == {""}


def test_a_second_import_reports_each_repeated_row_once(registry, reference_2023):
    from intlmon.collection.legacy import repeated_rows

    first = import_tables(reference_2023, 2023)
    import_tables(reference_2023, 2023)
    assert len(first.repeated) == 12
    assert len(repeated_rows(2023)) == 12  # the current versions' entries, not one set per run
