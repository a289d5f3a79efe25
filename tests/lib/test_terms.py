"""Contract terms: duration, end date or open end, and whether the agreement renews itself."""

from __future__ import annotations

from datetime import date

import pytest

from intlmon.lib.counts import Missing, Unrecognised
from intlmon.lib.dates import Pending
from intlmon.lib.terms import Term, parse_term


def _term(text: str) -> Term:
    result = parse_term(text)
    assert isinstance(result, Term), result
    return result


@pytest.mark.parametrize(
    ("text", "years", "auto_renewal"),
    [
        ("5 лет", 5, False),
        ("4 года", 4, False),
        ("срок действия 5 лет", 5, False),
        ("5 лет с пролонгацией", 5, True),
        ("5 лет, авт. продление", 5, True),
        ("5 лет с прологлирован ием", 5, True),
        ("5 лет с автоматическо й пролонгацией", 5, True),
        ("На 6 лет, с ежегодной пролонгацией", 6, True),
        ("5 years with automatic prolongation", 5, True),
        ("the validity period is 5 years", 5, False),
    ],
)
def test_it_reads_a_duration_and_its_renewal(text, years, auto_renewal):
    result = _term(text)
    assert (result.years, result.auto_renewal, result.end, result.open_ended) == (
        years,
        auto_renewal,
        None,
        False,
    )


def test_it_reads_yearly_prolongation():
    assert _term("На 6 лет, с ежегодной пролонгацией").renewal_years == 1


def test_it_tells_a_possible_renewal_from_an_automatic_one():
    result = _term("5 лет, с возможностью продления")
    assert (result.renewable, result.auto_renewal) == (True, False)


@pytest.mark.parametrize(
    "text",
    [
        "бессрочный",
        "Бессрочно",
        "бесрочный",
        "Indefinitely",
        "remains in force until the date of termination",
    ],
)
def test_it_reads_an_open_ended_agreement(text):
    result = _term(text)
    assert result.open_ended
    assert (result.years, result.end, result.until_event) == (None, None, None)


def test_it_names_the_event_that_ends_an_event_bound_agreement():
    result = _term("до окончания реализации программы")
    assert (result.open_ended, result.until_event) == (True, "programme_completion")


@pytest.mark.parametrize(
    ("text", "end", "precision"),
    [
        ("08.03.2041", date(2041, 3, 8), "day"),
        ("8 марта 2041 г.", date(2041, 3, 8), "day"),
        ("2025", date(2025, 1, 1), "year"),
        ("до 20.09.2027г.", date(2027, 9, 20), "day"),
    ],
)
def test_it_reads_an_end_date_at_its_precision(text, end, precision):
    result = _term(text)
    assert result.end is not None
    assert (result.end.value, result.end.precision, result.years) == (end, precision, None)


def test_it_reads_a_period():
    result = _term("11.04.2022-11.04.2026гг.")
    assert result.start and result.end
    assert (result.start.value, result.end.value) == (date(2022, 4, 11), date(2026, 4, 11))


def test_it_reads_a_duration_with_its_end_date():
    result = _term("5 лет (11.05.2027г )")
    assert result.end is not None
    assert (result.years, result.end.value) == (5, date(2027, 5, 11))


@pytest.mark.parametrize("text", ["на стадии соглашения", "<i>в процессе обновления</i>"])
def test_it_reports_a_term_under_negotiation_as_pending(text):
    assert isinstance(parse_term(text), Pending)


@pytest.mark.parametrize("text", ["4", "по договорённости", "31.02.2027"])
def test_it_refuses_a_term_it_cannot_read(text):
    assert isinstance(parse_term(text), Unrecognised)


def test_it_reports_a_blank_as_missing():
    assert isinstance(parse_term(""), Missing)


@pytest.mark.parametrize("text", ["open-ended", "Open ended", "OPEN-ENDED"])
def test_it_reads_the_english_word_the_template_help_suggests(text):
    assert parse_term(text).open_ended
