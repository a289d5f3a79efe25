"""Headcounts: a blank is never a zero, a fraction is never a headcount."""

from __future__ import annotations

import pytest

from intlmon.lib.counts import Missing, Unrecognised, parse_count


@pytest.mark.parametrize(
    ("text", "expected"),
    [("30,00", 30), ("1,00", 1), ("34,00", 34), ("811 обуч.", 811), (" 12 ", 12), ("0", 0), ("1 200", 1200)],
)
def test_it_reads_headcounts(text, expected):
    assert parse_count(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "-", "—", None])
def test_it_reports_a_blank_or_dash_as_missing_not_zero(text):
    result = parse_count(text)
    assert isinstance(result, Missing)
    assert result != 0


@pytest.mark.parametrize("text", ["2,5", "около 30", "30 чашек", "-3"])
def test_it_refuses_what_is_not_a_whole_headcount(text):
    assert isinstance(parse_count(text), Unrecognised)
