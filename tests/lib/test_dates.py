"""Contract dates: the date a user would read off the cell, at the precision it was written."""

from __future__ import annotations

from datetime import date

import pytest

from intlmon.lib.counts import Missing, Unrecognised
from intlmon.lib.dates import DateList, DateRange, DateValue, Pending, parse_date


def _value(text: str) -> DateValue:
    result = parse_date(text)
    assert isinstance(result, DateValue), result
    return result


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("27.03.2019", date(2019, 3, 27), "day"),
        ("2019", date(2019, 1, 1), "year"),
        ("14 июня 2022 г.", date(2022, 6, 14), "day"),
        ("24.05.11г.", date(2011, 5, 24), "day"),
        ("2 сентября 2021 г", date(2021, 9, 2), "day"),
        ("23.08.2023 г.", date(2023, 8, 23), "day"),
        ("апр.22", date(2022, 4, 1), "month"),
        ("июль, 2021", date(2021, 7, 1), "month"),
        ("14 маусым 2022 ж.", date(2022, 6, 14), "day"),
        ("2022 жылғы 14 маусым", date(2022, 6, 14), "day"),
        ("наурыз 2020", date(2020, 3, 1), "month"),
        ("March 5, 2021", date(2021, 3, 5), "day"),
        ("5 March 2021", date(2021, 3, 5), "day"),
    ],
)
def test_it_reads_a_date_at_the_precision_written(text, expected, precision):
    result = _value(text)
    assert (result.value, result.precision) == (expected, precision)


def test_it_reads_a_plausible_excel_serial():
    # Excel day 45029 is 13 April 2023 (day 1 = 1900-01-01, counting Excel's phantom 29.02.1900).
    result = _value("45029")
    assert (result.value, result.excel_serial) == (date(2023, 4, 13), True)


@pytest.mark.parametrize("text", ["12345", "99999"])
def test_it_refuses_an_implausible_serial(text):
    assert isinstance(parse_date(text), Unrecognised)


def test_it_reads_a_range():
    result = parse_date("15.11.2016- 15.11.2019")
    assert isinstance(result, DateRange)
    assert (result.start.value, result.end and result.end.value) == (date(2016, 11, 15), date(2019, 11, 15))


def test_it_reads_an_open_range():
    result = parse_date("12.03.2020 -")
    assert isinstance(result, DateRange)
    assert (result.start.value, result.end) == (date(2020, 3, 12), None)


def test_it_keeps_every_period_of_a_cell_listing_several():
    result = parse_date("2017-2022; 2022-2028")
    assert isinstance(result, DateList)
    spans = [(r.start.year, r.end.year) for r in result.items if isinstance(r, DateRange) and r.end]
    assert spans == [(2017, 2022), (2022, 2028)]


@pytest.mark.parametrize("text", ["в процессе", "на стадии соглашения"])
def test_it_reports_an_agreement_in_progress_as_pending(text):
    assert isinstance(parse_date(text), Pending)


def test_it_keeps_the_document_words_as_a_note():
    result = _value("Соглашение о СОП от 13.08.2019 г.")
    assert (result.value, result.note) == (date(2019, 8, 13), "Соглашение о СОП")


@pytest.mark.parametrize("text", ["5 лет", "31.02.2020", "1850", "12.03.2020 и 7 копий"])
def test_it_refuses_what_is_not_a_readable_date(text):
    assert isinstance(parse_date(text), Unrecognised)


def test_it_reports_a_blank_as_missing():
    assert isinstance(parse_date("  "), Missing)
