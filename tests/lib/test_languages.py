"""Languages of instruction: every spelling in the reports ends as ISO 639-1 codes."""

from __future__ import annotations

import pytest

from intlmon.lib.counts import Missing, Unrecognised
from intlmon.lib.languages import Languages, parse_languages


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("rus/kaz/ French", ("ru", "kk", "fr")),
        ("English", ("en",)),
        ("анг.", ("en",)),
        ("French", ("fr",)),
        ("рус., каз., англ.", ("ru", "kk", "en")),
        ("казахский, русский", ("kk", "ru")),
        ("қазақ", ("kk",)),
        ("ағылшын", ("en",)),
        ("на английском и немецком языках", ("en", "de")),
        ("English/english/ENG", ("en",)),
    ],
)
def test_it_reads_languages_in_order_without_duplicates(text, codes):
    assert parse_languages(text) == Languages(codes, raw=text)


def test_it_refuses_a_cell_with_an_unknown_word_rather_than_drop_it():
    assert isinstance(parse_languages("English, эсперантиш"), Unrecognised)


def test_it_reports_a_blank_as_missing():
    assert isinstance(parse_languages(""), Missing)
