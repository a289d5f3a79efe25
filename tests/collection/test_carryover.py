"""The template prefilled with last year's agreements still in force and programmes still running."""

from __future__ import annotations

from intlmon.collection.carryover import carried_rows, prefilled_template
from intlmon.collection.ingest import ingest_file
from intlmon.collection.reader import read_workbook
from intlmon.collection.template import write_template
from intlmon.collection.workflow import Actor, Role, transition

ANALYST = Actor("dana", Role.ANALYST)
CLERK = Actor("aigerim", Role.CLERK, "kaznpu")


def ddp(**over):
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def agreement(**over):
    row = {"partner": "Университет Лотарингии", "country": "Франция", "signed_on": "01.09.2020", "term": "5 лет"}
    row.update(over)
    return row


ROWS_2023 = {
    "double_degree_programmes": [
        ddp(),  # 27.03.2021 + 5 years: runs into 2026
        ddp(programme="7M01705 Иностранный язык", contract_date="01.09.2017", term="3 года"),  # ended in 2020
        ddp(programme="7M05407 Математика", contract_date="", term="бессрочный"),
    ],
    "agreements": [
        agreement(),  # until 01.09.2025
        agreement(signed_on="01.02.2015", term="5 лет"),  # ended in 2020
        agreement(signed_on="", term=""),  # no term stated: kept for the clerk to confirm or delete
    ],
    "mobility": [{"direction": "outbound", "person": "student", "country": "Франция", "headcount": 4}],
}


def upload(tmp_path, name, year, rows, approve=True):
    path = write_template(tmp_path / name, year, lang="ru", institution="kaznpu", rows=rows)
    result = ingest_file(path, year, "kaznpu", actor=CLERK, accept_warnings=True)
    assert result.stored is not None, [p.as_dict("en") for p in result.problems]
    sub = result.stored.submission
    if approve:
        sub = transition(transition(sub, "submit", CLERK), "approve", ANALYST)
    return sub


def test_only_agreements_in_force_and_running_programmes_carry_over_without_the_years_figures(reg, tmp_path):
    upload(tmp_path, "2023.xlsx", 2023, ROWS_2023)
    rows = carried_rows("kaznpu", 2024)
    assert set(rows) == {"double_degree_programmes", "agreements"}  # mobility is the year's own activity
    assert [r["programme"] for r in rows["double_degree_programmes"]] == ["7M04107 Экономика", "7M05407 Математика"]
    assert all(r["enrolment"] is None for r in rows["double_degree_programmes"])
    assert [r["signed_on"] for r in rows["agreements"]] == ["01.09.2020", None]
    assert rows["agreements"][0]["partner"] == "Университет Лотарингии" and rows["agreements"][0]["term"] == "5 лет"


def test_the_prefilled_template_reads_back_as_those_rows(reg, tmp_path):
    upload(tmp_path, "2023.xlsx", 2023, ROWS_2023)
    path = prefilled_template(tmp_path / "2024.xlsx", 2024, "kaznpu", lang="kk")
    read = read_workbook(path, year=2024)
    assert read.meta.institution == "kaznpu" and read.meta.year == 2024 and read.lang == "kk"
    programmes = read.rows("double_degree_programmes")
    assert [row.cells["programme"].raw for row in programmes] == ["7M04107 Экономика", "7M05407 Математика"]
    assert all("enrolment" not in row.cells or row.cells["enrolment"].raw is None for row in programmes)
    assert len(read.rows("agreements")) == 2 and read.rows("mobility") == []


def test_only_an_approved_version_carries_over(reg, tmp_path):
    upload(tmp_path, "draft.xlsx", 2023, ROWS_2023, approve=False)
    assert carried_rows("kaznpu", 2024) == {}  # a draft the Centre never accepted is not last year's data
    path = prefilled_template(tmp_path / "2024.xlsx", 2024, "kaznpu")
    assert read_workbook(path, year=2024).rows("agreements") == []
