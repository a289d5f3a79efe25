"""Every programme, date, term, count and language cell of the 2023 reference tables, parsed.

The lists below are the contract with the data: a cell that newly fails to parse, or a listed
cell that starts parsing, fails the test, so a parser change can never shift results silently.

Decision on programme cells without a code: they are answered with `NoCode` (a valid answer
that goes to name matching), not `Unrecognised` (which means a person must look at the cell).
They are pinned in `NAME_ONLY_PROGRAMMES` so that a cell losing its code is caught too.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterator
from datetime import date
from functools import cache
from pathlib import Path

from intlmon.lib.counts import Missing, Unrecognised, clean_cell, parse_count
from intlmon.lib.dates import DateList, DateRange, DateValue, Pending, parse_date
from intlmon.lib.languages import Languages, parse_languages
from intlmon.lib.programme_codes import NoCode, ProgrammeCode, find_programme_codes, parse_programme_code
from intlmon.lib.terms import Term, parse_term

REFERENCE = Path(__file__).resolve().parents[2] / "data" / "reference" / "2023"

PARSERS: dict[str, Callable[[str], object]] = {
    "program": parse_programme_code,
    "contract_date": parse_date,
    "contract_term": parse_term,
    "contingent": parse_count,
    "language": parse_languages,
    "active_ddp_count": parse_count,
    "total_number": parse_count,
}
TABLES = {
    "sop_programs.csv": ("program", "contract_date", "contract_term", "contingent"),
    "ddp_programs.csv": ("program", "contract_date", "contract_term", "contingent"),
    "france/double_degree_programs.csv": (
        "program", "contract_date", "contract_term", "language", "contingent", "active_ddp_count",
    ),
    "france/visiting_specialists_extrabudgetary.csv": ("total_number",),
    "france/visiting_specialists_republican_budget.csv": ("total_number",),
}  # fmt: skip

# (table, column, raw cell) -> why it stays unrecognised.
EXPECTED_UNRECOGNISED = {
    ("sop_programs.csv", "contract_date", "5 лет"):
        "a contract term in the date column (cells shifted left; the term cell is empty)",
    ("ddp_programs.csv", "contract_date", "2 года"):
        "a contract term in the date column (cells shifted left; the term cell is empty)",
    ("ddp_programs.csv", "contract_date", "бессрочный"):
        "an open-ended term in the date column (cells shifted left; the term cell is empty)",
    ("ddp_programs.csv", "contract_term", "4"):
        "bare number without a unit: 4 years is likely but not written",
    ("ddp_programs.csv", "program", "1"):
        "a stray '1' in a direction-layout row: neither a code nor a programme name",
}  # fmt: skip

# Deliberate `Pending` answers: no date or term exists yet because the agreement is in progress.
EXPECTED_PENDING = {
    ("sop_programs.csv", "contract_date", "в процессе"),
    ("sop_programs.csv", "contract_date", "на стадии соглашения"),
    ("sop_programs.csv", "contract_term", "на стадии соглашения"),
    ("ddp_programs.csv", "contract_date", "в процессе"),
    ("ddp_programs.csv", "contract_term", "<i>в процессе обновления</i>"),
    ("ddp_programs.csv", "contract_term", "на пролонгации"),
}

NAME_ONLY_PROGRAMMES = {
    "sop_programs.csv": {
        "Международное право и европейское право/ Международное право", "Наука о Растениях",
        "Продовольственная безопасность", "Сестринское дело", "Сестринская дело",
        "Industrial Project Management and Engineering",
        "Digital MINI MBA «Менеджмент цифровой трансформации»", "ЕМВА «Управление развитием»",
    },
    "ddp_programs.csv": {
        '"Педагогика хореографического искусства"', "BA Business administration",
        "Law and Global Security", "BBA - Bachelor of Business Administration", "Global Management",
        "International Trade", "менеджмент", "Менеджмент", "Искусство",
        "Управление водными ресурсами с использованием IT-технологий",
        "Организация перевозок, движения и эксплуатация транспорта", "Искусствовдение, Киноведение",
        "Международное право", "Химическая технология органических веществ", "Всемирная история",
        "EMBA Strategic Management and Leadership",
        "Digital MINI MBA «Менеджмент цифровой трансформации»", "Педагогика и психология",
    },
    "france/double_degree_programs.csv": {"Master in Management", "BBA International"},
}  # fmt: skip


@cache
def _rows(table: str) -> tuple[dict[str, str], ...]:
    with (REFERENCE / table).open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def _cells() -> Iterator[tuple[str, str, str]]:
    for table, columns in TABLES.items():
        for row in _rows(table):
            for column in columns:
                yield table, column, row[column]


@cache
def _outcomes() -> dict[tuple[str, str, str], object]:
    return {(t, c, raw): PARSERS[c](raw) for t, c, raw in _cells()}


def _cell(table: str, column: str, source_lines: str) -> str:
    (row,) = [r for r in _rows(table) if r["source_lines"] == source_lines]
    return row[column]


def _diff(actual: set, expected: set) -> str:
    return f"new: {sorted(actual - expected)}; no longer: {sorted(expected - actual)}"


def test_it_reads_every_column_it_was_given():
    for table, columns in TABLES.items():
        assert set(columns) <= set(_rows(table)[0]), table
    assert sum(1 for _ in _cells()) == 85 * 4 + 212 * 4 + 8 * 6 + 12 + 3


def test_it_leaves_only_the_listed_cells_unrecognised():
    actual = {key for key, result in _outcomes().items() if isinstance(result, Unrecognised)}
    assert actual == set(EXPECTED_UNRECOGNISED), _diff(actual, set(EXPECTED_UNRECOGNISED))


def test_it_answers_pending_only_for_agreements_in_progress():
    actual = {key for key, result in _outcomes().items() if isinstance(result, Pending)}
    assert actual == EXPECTED_PENDING, _diff(actual, EXPECTED_PENDING)


def test_it_answers_no_code_only_for_the_name_only_programmes():
    actual = {(t, raw) for (t, _, raw), result in _outcomes().items() if isinstance(result, NoCode)}
    expected = {(t, raw) for t, names in NAME_ONLY_PROGRAMMES.items() for raw in names}
    assert actual == expected, _diff(actual, expected)


def test_it_reports_missing_exactly_for_blank_cells():
    for (table, column, raw), result in _outcomes().items():
        assert isinstance(result, Missing) == (clean_cell(raw) == ""), (table, column, raw, result)


def test_it_gives_each_column_its_own_kind_of_answer():
    expected = {
        "program": (ProgrammeCode, NoCode),
        "contract_date": (DateValue, DateRange, DateList, Pending),
        "contract_term": (Term, Pending),
        "contingent": (int,),
        "active_ddp_count": (int,),
        "total_number": (int,),
        "language": (Languages,),
    }
    for (table, column, raw), result in _outcomes().items():
        if isinstance(result, Missing | Unrecognised):
            continue
        assert isinstance(result, expected[column]), (table, column, raw, result)


def test_it_finds_the_first_code_of_a_programme_cell_first():
    for (_, column, raw), result in _outcomes().items():
        if column == "program" and isinstance(result, ProgrammeCode):
            assert find_programme_codes(raw)[0] == result


# Spot checks: real cells and the value a user of the report would read off them.


def test_it_reads_the_spelled_out_date_of_ddp_row_1():
    result = parse_date(_cell("ddp_programs.csv", "contract_date", "1167"))
    assert result == DateValue(date(2021, 9, 2), "day", raw="2 сентября 2021 г")


def test_it_reads_the_excel_serial_of_ddp_row_204_as_a_day():
    result = parse_date(_cell("ddp_programs.csv", "contract_date", "1401+1403"))
    assert isinstance(result, DateValue)
    assert (result.value, result.precision, result.excel_serial) == (date(2023, 4, 13), "day", True)


def test_it_reads_the_month_year_cell_of_sop_row_55():
    result = parse_date(_cell("sop_programs.csv", "contract_date", "976"))
    assert isinstance(result, DateValue)
    assert (result.value, result.precision) == (date(2022, 4, 1), "month")


def test_it_reads_the_two_digit_year_and_keeps_the_stray_term_of_ddp_row_199():
    result = parse_date(_cell("ddp_programs.csv", "contract_date", "1395"))
    assert isinstance(result, DateValue)
    assert (result.value, result.note) == (date(2011, 5, 24), "бесрочный")


def test_it_keeps_the_three_agreements_of_the_france_ddp_cell():
    result = parse_date(_cell("france/double_degree_programs.csv", "contract_date", "174"))
    assert isinstance(result, DateList)
    first, second, third = result.items
    assert isinstance(first, DateRange) and first.end is not None
    assert (first.start.value, first.end.value) == (date(2016, 11, 15), date(2019, 11, 15))
    assert isinstance(second, DateValue) and second.value == date(2018, 10, 5)
    assert isinstance(third, DateRange) and (third.start.value, third.end) == (date(2013, 6, 17), None)


def test_it_reads_the_broken_prolongation_term_of_ddp_row_8():
    result = parse_term(_cell("ddp_programs.csv", "contract_term", "1175"))
    assert isinstance(result, Term)
    assert (result.years, result.auto_renewal) == (5, True)


def test_it_reads_the_open_ended_term_of_a_france_ddp():
    result = parse_term(_cell("france/double_degree_programs.csv", "contract_term", "172"))
    assert isinstance(result, Term)
    assert (result.open_ended, result.years, result.end) == (True, None, None)


def test_it_reads_the_decimal_formatted_contingent_of_ddp_row_22():
    assert parse_count(_cell("ddp_programs.csv", "contingent", "1191")) == 30


def test_it_reads_the_three_languages_of_a_france_ddp():
    assert parse_languages(_cell("france/double_degree_programs.csv", "language", "171")) == Languages(
        ("ru", "kk", "fr"), raw="rus/kaz/ French"
    )


def test_it_repairs_the_cyrillic_code_of_sop_row_18():
    result = parse_programme_code(_cell("sop_programs.csv", "program", "933"))
    assert isinstance(result, ProgrammeCode)
    assert (result.code, result.repaired, result.name) == ("6B01103", True, "Психология в образовании")


def test_it_finds_all_three_codes_in_the_html_list_of_ddp_row_77():
    codes = find_programme_codes(_cell("ddp_programs.csv", "program", "1260"))
    assert [(c.code, c.scheme, c.field) for c in codes] == [
        ("50.04.03", "okso", "02"),
        ("7M01416", "kz", "01"),
        ("7M02113", "kz", "02"),
    ]


def test_it_reads_both_sides_of_the_kz_russian_programme_of_ddp_row_204():
    codes = find_programme_codes(_cell("ddp_programs.csv", "program", "1401+1403"))
    assert [(c.code, c.scheme, c.level, c.field, c.name) for c in codes] == [
        ("7M04130", "kz", "master", "04", "Корпоративный менеджмент"),
        ("38.04.01", "okso", "master", "04", "Экономика, профиль Экономика фирм малого и среднего бизнеса"),
    ]
