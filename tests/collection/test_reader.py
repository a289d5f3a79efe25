from __future__ import annotations

import datetime as dt

import openpyxl
import pytest

from intlmon.collection import sections as S
from intlmon.collection.reader import RULES, _openpyxl_merges, read_workbook
from intlmon.collection.template import write_template
from tests.collection import make_registry


@pytest.fixture(autouse=True)
def _catalogues(compiled_catalogues):
    """Messages are read in kk and ru from the compiled catalogues."""

ROWS = {
    "profile": [{"students": 21450, "academic_staff": 1890}],
    "agreements": [
        {"partner": "Sorbonne Université", "country": "FR", "directions": ["mobility", "research"],
         "signed_on": dt.date(2021, 9, 1), "term": "5 лет", "auto_renewal": True},
        {"partner": "Lomonosov Moscow State University", "country": "RU", "directions": ["joint_projects"],
         "signed_on": "14 июня 2022 г.", "term": "бессрочный", "auto_renewal": False},
    ],
    "presences": [
        {"direction": "outbound", "kind": "representation", "name": "Представительство КазНУ в Париже",
         "country": "FR", "city": "Париж", "opened_on": "2019", "status": "operating"},
    ],
    "projects": [
        {"kind": "research", "title": "Digital Humanities in Kazakhstan", "funder": "Erasmus+",
         "partner": "Aix-Marseille Université", "country": "FR", "field": "04", "role": "partner",
         "start_year": 2020, "end_year": 2023},
    ],
    "double_degree_programmes": [
        {"level": "master", "programme": "7M05407 Математика", "partner": "Université de Reims",
         "country": "FR", "field": "05", "contract_date": dt.date(2020, 7, 20), "term": "5 лет",
         "languages": ["ru", "kk", "fr"], "funding": "student", "enrolment": 8},
        {"level": "bachelor", "programme": "6B04107 Экономика", "partner": "Université de Poitiers",
         "country": "FR", "contract_date": "2019", "term": "5 years", "languages": ["en"],
         "funding": "extra_budgetary", "enrolment": 23},
    ],
    "mobility": [
        {"direction": "outbound", "person": "student", "level": "bachelor", "partner": "TU Berlin",
         "country": "DE", "field": "04", "format": "physical", "funding": "republican_budget", "headcount": 12},
    ],
    "visiting_faculty": [
        {"partner": "University of Grenoble-Alpes", "country": "FR", "headcount": 1,
         "academic_degree": "Master of Science", "field": "04", "format": "online", "funding": "extra_budgetary"},
    ],
    "international_students": [{"country": "KR", "level": "doctorate", "headcount": 3}],
    "publications": [{"database": "scopus", "field": "05", "count": 245, "with_foreign_coauthors": 80}],
    "strategic_partnerships": [
        {"model": "joint_school", "partner": "Sorbonne Université", "country": "FR", "start_year": 2024,
         "term_years": 5, "partner_ranking": 43, "foreign_staff_share": "30", "languages": ["fr", "kk"],
         "kazakh_language_disciplines": 4, "registered": True, "licensed": False, "funding": "partner"},
    ],
}


def normalised(column: S.Column, raw):
    """What the storing code will make of a raw cell — enough to compare a round trip."""
    if raw is None:
        return None
    if column.kind == "boolean":
        return S.parse_boolean(raw)
    if column.choices in S.MULTI_VALUE_LISTS:
        values, unknown = S.split_choices(column.choices, raw)
        assert not unknown
        return values
    if column.choices:
        value = S.choice_value(column.choices, raw)
        assert value is not None, (column.key, raw)
        return value
    return raw


@pytest.mark.django_db
@pytest.mark.parametrize("lang", S.LANGS)
def test_it_reads_back_what_the_template_wrote(tmp_path, lang):
    make_registry()
    path = write_template(tmp_path / "form.xlsx", 2024, lang, institution="kaznu", rows=ROWS)
    result = read_workbook(path, file_label="kaznu-2024.xlsx")
    assert result.problems == []
    assert result.skipped == []
    assert result.meta.year == 2024 and result.meta.institution == "kaznu" and result.meta.lang == lang
    assert set(result.sections) == {s.key for s in S.SECTIONS}
    for sec in S.SECTIONS:
        rows = result.sections[sec.key]
        expected = ROWS.get(sec.key, [])
        assert len(rows) == len(expected), sec.key
        for i, (row, want) in enumerate(zip(rows, expected, strict=True)):
            assert row.row == 3 + i and row.sheet == result.meta.sheets[sec.key]
            assert set(row.cells) == set(sec.column_keys)
            for col in sec.columns:
                assert normalised(col, row.raw(col.key)) == want.get(col.key), (sec.key, col.key)
            assert row.cells[sec.columns[0].key].column == "A"


def _legacy_ddp_workbook(path):
    """A consolidated table as the Centre's staff make them: title, shuffled Russian headers, merged HEI."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ДДП 2023"
    ws["A1"] = "Сведения о реализации программ двойного диплома в 2023 году"
    ws.merge_cells("A1:J1")
    ws["A2"] = "(по состоянию на 1 октября)"
    headers = ["№", "Наименование вуза", "Страна", "Партнер", "Шифр и наименование ОП", "Контингент",
               "Дата договора", "Срок договора", "Уровень обучения", "Комментарий куратора"]
    ws.append([])
    ws.append(headers)  # row 4
    ws.append(list(range(1, 11)))  # row 5: column numbers
    ws.append(["МАГИСТРАТУРА"])  # row 6: a heading across the table
    ws.merge_cells("A6:J6")
    ws.append([1, "КазНУ им. аль-Фараби", "Франция", "Université de Reims", "7M05407 Математика", 8,
               dt.date(2020, 7, 20), "5 лет", "магистратура", None])  # row 7
    ws.append([2, None, "Россия", "МГУ им. М.В. Ломоносова", "7M04101 Экономика", "12",
               "14 июня 2022 г.", "бессрочный", "магистратура", "проверить"])  # row 8
    ws.append([None] * 10)  # row 9: blank, but inside the merged HEI range
    ws.merge_cells("B7:B9")
    ws.append([])  # row 10: blank
    ws.append([3, "ЕНУ им. Л.Н. Гумилева", "Германия", "TU Berlin", "7M07101 Машиностроение", 5, "2019",
               "до 31.12.2025", "магистратура"])  # row 11
    ws.append([None, "Всего", None, None, None, 25])  # row 12
    ws.append(["Примечание: контингент — обучающиеся в первом полугодии 2023 года."])  # row 13
    ws.append(["Данные представлены вузами в Национальный центр развития высшего образования в октябре."])  # 14
    wb.create_sheet("Лист2")
    wb.save(path)
    return path


def test_it_reads_a_legacy_table_with_titles_shuffled_headers_totals_notes_and_merged_cells(tmp_path):
    path = _legacy_ddp_workbook(tmp_path / "ddp.xlsx")
    result = read_workbook(path)
    assert result.sheets == {"ДДП 2023": "double_degree_programmes"}
    rows = result.sections["double_degree_programmes"]
    assert [r.row for r in rows] == [7, 8, 11]
    assert [r.raw("institution") for r in rows] == ["КазНУ им. аль-Фараби", "КазНУ им. аль-Фараби",
                                                    "ЕНУ им. Л.Н. Гумилева"]
    assert [r.raw("partner") for r in rows] == ["Université de Reims", "МГУ им. М.В. Ломоносова", "TU Berlin"]
    assert [r.raw("country") for r in rows] == ["Франция", "Россия", "Германия"]
    assert [r.raw("enrolment") for r in rows] == [8, "12", 5]
    assert [r.raw("contract_date") for r in rows] == [dt.date(2020, 7, 20), "14 июня 2022 г.", "2019"]
    assert [r.raw("term") for r in rows] == ["5 лет", "бессрочный", "до 31.12.2025"]
    assert rows[0].cells["partner"].column == "D" and rows[0].cells["institution"].column == "B"
    assert all(r.headings == ("МАГИСТРАТУРА",) for r in rows)
    assert rows[0].raw("field") is None and "field" not in rows[0].cells  # column absent in this table
    skipped = {(s.row, s.reason) for s in result.skipped}
    assert skipped == {(5, "column_numbers"), (6, "heading"), (12, "total"), (13, "note"), (14, "note")}
    # the curator's comment column is unknown: a warning, not an error
    assert [(p.rule, p.column, p.row) for p in result.problems] == [("read.unknown_column", "J", 4)]
    assert result.ok
    assert "Комментарий куратора" in result.problems[0].message("ru")


def test_it_reads_merged_ranges_with_openpyxl_as_calamine_does(tmp_path):
    path = _legacy_ddp_workbook(tmp_path / "ddp.xlsx")
    merges = _openpyxl_merges(path)["ДДП 2023"]
    from python_calamine import CalamineWorkbook

    with CalamineWorkbook.from_path(str(path)) as wb:
        ranges = wb.get_sheet_by_name("ДДП 2023").merged_cell_ranges
    assert sorted(merges) == sorted((a[0], a[1], b[0], b[1]) for a, b in ranges)


def test_it_finds_sheets_by_title_in_any_language_and_headers_in_another(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "International agreements"
    ws.append(["Серіктес ЖОО", "Мемлекет атауы", "Дата договора", "Срок договора"])
    ws.append(["Université de Lorraine", "Франция", "12.03.2020", "5 лет"])
    other = wb.create_sheet("Иностранные студенты")
    other.append(["Гражданство (страна)", "Уровень обучения", "Количество человек"])
    other.append(["Республика Корея", "докторантура", 3])
    unknown = wb.create_sheet("Сводка")
    unknown.append(["Показатель", "Значение"])
    unknown.append(["Договоры", 5])
    wb.save(tmp_path / "mixed.xlsx")
    result = read_workbook(tmp_path / "mixed.xlsx")
    agreements = result.sections["agreements"]
    assert [(r.raw("partner"), r.raw("country"), r.raw("signed_on"), r.raw("term")) for r in agreements] == [
        ("Université de Lorraine", "Франция", "12.03.2020", "5 лет")
    ]
    students = result.sections["international_students"]
    assert [(r.raw("country"), r.raw("level"), r.raw("headcount")) for r in students] == [
        ("Республика Корея", "докторантура", 3)
    ]
    assert [(p.rule, p.sheet) for p in result.problems] == [("read.unknown_sheet", "Сводка")]
    assert "mobility" not in result.sections  # a missing sheet is an empty section, not an error
    assert result.ok


def test_it_finds_an_unnamed_sheet_by_its_headers_and_reports_missing_required_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["База данных", "Область образования", "Количество публикаций"])
    ws.append(["Scopus", "05 Естественные науки", 245])
    bad = wb.create_sheet("Мобильность")
    bad.append(["Страна", "Количество человек", "Формат"])
    bad.append(["Франция", 4, "онлайн"])
    wb.save(tmp_path / "x.xlsx")
    result = read_workbook(tmp_path / "x.xlsx")
    assert result.sheets == {"Лист1": "publications", "Мобильность": "mobility"}
    assert [r.raw("count") for r in result.sections["publications"]] == [245]
    missing = [(p.rule, p.params["column_key"]) for p in result.errors]
    assert missing == [("read.missing_required_column", "direction"), ("read.missing_required_column", "person")]
    assert not result.ok
    assert result.errors[0].message("en") == "The sheet 'Мобильность' has no column 'Direction of mobility', which is required."
    assert "Ұтқырлық бағыты" in result.errors[0].message("kk")
    assert "Направление мобильности" in result.errors[0].message("ru")


def test_it_reports_a_file_that_is_not_a_workbook_as_one_problem(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"this is not a zip file at all")
    result = read_workbook(path, file_label="upload.xlsx")
    assert [(p.rule, p.file, p.sheet, p.row) for p in result.problems] == [("read.wrong_file_type", "upload.xlsx", "", None)]
    assert "text file" in result.problems[0].message("en") and "текстовый файл" in result.problems[0].message("ru")
    assert result.sections == {} and not result.ok
    for lang in S.LANGS:
        assert "upload.xlsx" in result.problems[0].message(lang)
    missing = read_workbook(tmp_path / "nope.xlsx")
    assert [p.rule for p in missing.problems] == ["read.not_a_workbook"]


def test_it_has_a_translated_message_and_hint_for_every_rule(compiled_catalogues):
    from intlmon.collection.problems import Label, Message

    params = {"detail": "x", "candidates": [Label.of(S.section("joint_programmes").titles)], "other": "Лист2",
              "section": Label.of(S.section("agreements").titles), "column_name": "Partner", "rows": 12, "header": "H",
              "found": 2023, "expected": 2024, "size_mb": 30, "limit_mb": 20, "kind": Message("a PDF document"),
              "count": 3, "limit": 5, "ratio": 900, "part": "xl/sharedStrings.xml", "max_ratio": 100,
              "formula": "=1+1", "low": 0, "high": 9}
    for code, rule in RULES.items():
        problem = rule.at(file="f.xlsx", sheet="Лист1", row=3, column="B", value="7", **params)
        assert problem.rule == f"read.{code}"
        texts = {lang: problem.message(lang) for lang in S.LANGS}
        assert all(texts.values()) and len(set(texts.values())) == 3, texts  # kk and ru differ from en
        if problem.hint("en"):
            assert len({problem.hint(lang) for lang in S.LANGS}) == 3, code


def test_it_warns_when_two_sheets_fit_the_same_columns(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Лист1"
    ws.append(["Уровень обучения", "Шифр и наименование ОП", "Партнер", "Страна"])
    ws.append(["магистратура", "7M05407 Математика", "Université de Reims", "Франция"])
    wb.save(tmp_path / "amb.xlsx")
    result = read_workbook(tmp_path / "amb.xlsx")
    assert [p.rule for p in result.problems] == ["read.ambiguous_sheet"]
    assert "Совместные программы" in result.problems[0].message("ru")


def _write_ods(path, sheet: str, rows: list[list[object]]):
    """A minimal OpenDocument spreadsheet, written by hand (no ODS writer among the dependencies)."""
    import zipfile
    from xml.sax.saxutils import escape

    def cell(value):
        if value is None:
            return "<table:table-cell/>"
        if isinstance(value, int):
            return f'<table:table-cell office:value-type="float" office:value="{value}"><text:p>{value}</text:p></table:table-cell>'
        return f'<table:table-cell office:value-type="string"><text:p>{escape(str(value))}</text:p></table:table-cell>'

    body = "".join(f"<table:table-row>{''.join(cell(v) for v in row)}</table:table-row>" for row in rows)
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f'<office:body><office:spreadsheet><table:table table:name="{escape(sheet)}">{body}</table:table>'
        "</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        zf.writestr("META-INF/manifest.xml", manifest, compress_type=zipfile.ZIP_DEFLATED)
        zf.writestr("content.xml", content, compress_type=zipfile.ZIP_DEFLATED)
    return path


def test_it_reads_an_ods_workbook(tmp_path):
    path = _write_ods(
        tmp_path / "students.ods",
        "Шетелдік студенттер",
        [
            ["2023 жылғы шетелдік студенттер"],
            [],
            ["Мемлекет атауы", "Оқу деңгейі", "Адам саны"],
            ["Қытай", "бакалавриат", 14],
            ["Барлығы", None, 14],
        ],
    )
    result = read_workbook(path)
    assert result.problems == []
    rows = result.sections["international_students"]
    assert [(r.row, r.raw("country"), r.raw("level"), r.raw("headcount")) for r in rows] == [
        (4, "Қытай", "бакалавриат", 14)
    ]
    assert [(s.row, s.reason) for s in result.skipped] == [(5, "total")]


def test_it_merges_a_sub_header_row_under_a_group_header_but_never_takes_data_for_one(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Договоры"
    ws.append(["№", "Зарубежный партнер", None, "Дата договора"])
    ws.append([None, "Наименование", "Страна", None])
    ws.merge_cells("B1:C1")
    ws.merge_cells("A1:A2")
    ws.merge_cells("D1:D2")
    ws.append([1, "University of Kosice", "Словакия", "15.01.2021"])
    ws.append([2, "Université de Lorraine", "Франция", "2020"])
    plain = wb.create_sheet("Мобильность")
    plain.append(["Направление мобильности", "Категория участников", "Партнер", "Страна", "Количество человек"])
    plain.append(["исходящая", "студенты", "University of Kosice", "Словакия", 2])
    wb.save(tmp_path / "groups.xlsx")
    result = read_workbook(tmp_path / "groups.xlsx")
    assert result.problems == []
    agreements = result.sections["agreements"]
    assert [(r.row, r.raw("partner"), r.raw("country"), r.raw("signed_on")) for r in agreements] == [
        (3, "University of Kosice", "Словакия", "15.01.2021"),
        (4, "Université de Lorraine", "Франция", "2020"),
    ]
    mobility = result.sections["mobility"]
    assert [(r.row, r.raw("partner"), r.raw("headcount")) for r in mobility] == [(2, "University of Kosice", 2)]


@pytest.mark.django_db
def test_it_reads_a_template_whose_machine_row_was_deleted(tmp_path):
    make_registry()
    path = write_template(tmp_path / "form.xlsx", 2024, "kk", institution="kaznu", rows=ROWS)
    wb = openpyxl.load_workbook(path)
    for sec in S.SECTIONS:
        ws = wb[sec.title("kk")]
        ws.delete_rows(1)  # the hidden machine row
        assert ws["A1"].value.rstrip(" *") == sec.columns[0].header("kk")
    wb.save(tmp_path / "edited.xlsx")
    result = read_workbook(tmp_path / "edited.xlsx")
    assert result.problems == [] and result.meta.institution == "kaznu"
    ddp = result.sections["double_degree_programmes"]
    assert [r.row for r in ddp] == [2, 3]
    assert [S.choice_value("levels", r.raw("level")) for r in ddp] == ["master", "bachelor"]
    assert all(len(result.sections[k]) == len(v) for k, v in ROWS.items())


@pytest.mark.django_db
def test_it_refuses_a_form_made_for_another_year_only_when_told_the_year(tmp_path):
    make_registry()
    path = write_template(tmp_path / "f.xlsx", 2023, "ru", institution="kaznu", rows={"profile": ROWS["profile"]})
    wrong = read_workbook(path, year=2024)
    assert [(p.rule, p.params["found"], p.params["expected"]) for p in wrong.errors] == [("read.wrong_year", 2023, 2024)]
    assert "2023" in wrong.errors[0].message("kk") and "2024" in wrong.errors[0].message("en")
    assert read_workbook(path, year=2023).ok and read_workbook(path).ok


@pytest.mark.django_db
def test_it_refuses_absurd_numbers_before_they_reach_the_database(tmp_path):
    make_registry()
    rows = {"profile": [{"students": 35_000, "academic_staff": 2_000_000}],
            "projects": [dict(ROWS["projects"][0], start_year=1949, end_year=2100)]}
    result = read_workbook(write_template(tmp_path / "f.xlsx", 2024, "en", institution="kaznu", rows=rows))
    found = sorted((p.params["column_key"], p.value) for p in result.errors)
    # 35,000 students and the year 2100 are within range; two million staff and 1949 are not
    assert found == [("academic_staff", "2000000"), ("start_year", "1949")]


@pytest.mark.django_db
def test_it_accepts_whole_columns_moved_but_not_headers_retyped_over_the_hidden_keys(tmp_path):
    make_registry()
    path = write_template(tmp_path / "f.xlsx", 2024, "ru", institution="kaznu",
                          rows={"double_degree_programmes": ROWS["double_degree_programmes"]})
    sheet = S.section("double_degree_programmes").title("ru")
    wb = openpyxl.load_workbook(path)
    ws = wb[sheet]
    ws.move_range("A1:A4", cols=20)  # the level column, hidden key and all, moved to the far right
    wb.save(tmp_path / "moved.xlsx")
    moved = read_workbook(tmp_path / "moved.xlsx")
    assert moved.ok and [r.raw("level") for r in moved.rows("double_degree_programmes")] == ["магистратура",
                                                                                           "бакалавриат"]
    ws = wb[sheet]
    ws["B2"], ws["C2"] = ws["C2"].value, ws["B2"].value  # two visible headers swapped over the keys
    wb.save(tmp_path / "swapped.xlsx")
    swapped = read_workbook(tmp_path / "swapped.xlsx")
    assert sorted((p.rule, p.column, p.row) for p in swapped.errors) == [
        ("read.header_mismatch", "B", 2), ("read.header_mismatch", "C", 2)]


def test_a_workbook_without_the_template_record_takes_its_language_from_its_sheet_titles(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    mobility = S.section("mobility")
    ws.title = mobility.title("kk")
    ws.append([mobility.column("country").header("kk"), mobility.column("headcount").header("kk")])
    ws.append(["Франция", 4])
    wb.save(tmp_path / "kk.xlsx")
    result = read_workbook(tmp_path / "kk.xlsx")
    assert result.meta.lang is None and result.lang == "kk"
    direction = mobility.column("direction")
    [problem, *_] = result.errors
    assert problem.params["column_key"] == "direction"
    # read in Russian, the message still names the column as the Kazakh sheet would
    assert direction.header("kk") in problem.message("ru") and direction.header("ru") not in problem.message("ru")
    other = wb.create_sheet(S.section("publications").title("ru"))
    other.append(["База данных", "Количество публикаций"])
    wb.save(tmp_path / "mixed.xlsx")
    assert read_workbook(tmp_path / "mixed.xlsx").lang is None  # two languages: none is the workbook's
