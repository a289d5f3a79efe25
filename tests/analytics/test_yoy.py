"""Year-over-year change: arithmetic and honest wording in en/ru/kk, table-driven.

The .mo files are build products; they are compiled here when missing or older than the .po.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from intlmon.analytics.yoy import change, kk_suffix

NB = "\u00a0"
@pytest.fixture(scope="module", autouse=True)
def english(compiled_catalogues):
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.mark.parametrize(
    ("old", "new", "absolute", "relative"),
    [
        (167, 159, -8, Decimal(-8) / 167),  # the report's "0,5 %" is −4.8 %
        (195, 212, 17, Decimal(17) / 195),  # the report's "12 % growth" is +8.7 %
        (0, 4, 4, None),
        (4, 0, -4, Decimal(-1)),
        (12, 12, 0, Decimal(0)),
    ],
)
def test_it_computes_absolute_and_relative_change(old, new, absolute, relative):
    c = change(old, new)
    assert (c.old, c.new, c.absolute, c.relative) == (old, new, absolute, relative)


CASES = [
    # old, new, en, ru, kk
    (167, 159, f"decreased from 167 to 159 (−4.8{NB}%)", f"снижение с 167 до 159 (−4,8{NB}%)",
     f"167-ден 159-ға дейін азайды (−4,8{NB}%)"),
    (195, 212, f"rose from 195 to 212 (+8.7{NB}%)", f"рост с 195 до 212 (+8,7{NB}%)",
     f"195-тен 212-ге дейін өсті (+8,7{NB}%)"),
    (3, 6, "doubled, from 3 to 6", "рост в два раза: с 3 до 6", "екі есе өсті: 3-тен 6-ға дейін"),
    (4, 12, "tripled, from 4 to 12", "рост в три раза: с 4 до 12", "үш есе өсті: 4-тен 12-ге дейін"),
    (40, 20, "halved, from 40 to 20", "снижение в два раза: с 40 до 20", "екі есе азайды: 40-тан 20-ға дейін"),
    (0, 4, "rose from 0 to 4", "рост с 0 до 4", "0-ден 4-ке дейін өсті"),
    (7, 0, "fell from 7 to 0", "снижение с 7 до 0", "7-ден 0-ге дейін төмендеді"),
    (12, 12, "unchanged at 12", "без изменений: 12", "өзгерген жоқ: 12"),
    # tiny counts: no percentage that would overstate
    (3, 5, "rose from 3 to 5", "рост с 3 до 5", "3-тен 5-ке дейін өсті"),
    (5, 4, "decreased from 5 to 4", "снижение с 5 до 4", "5-тен 4-ке дейін азайды"),
    # a tenfold-and-more rise is a multiple, not "+4 960 %"
    (10, 506, "rose from 10 to 506 (×50.6)", "рост с 10 до 506 (×50,6)", "10-нан 506-ға дейін өсті (×50,6)"),
    # thousands grouped the locale's way
    (6650, 6044, f"decreased from 6,650 to 6,044 (−9.1{NB}%)", f"снижение с 6{NB}650 до 6{NB}044 (−9,1{NB}%)",
     f"6{NB}650-ден 6{NB}044-ке дейін азайды (−9,1{NB}%)"),
    # decimals: ratios such as enrolment per programme
    (Decimal("7.7"), Decimal("9.5"), f"rose from 7.7 to 9.5 (+23.4{NB}%)", f"рост с 7,7 до 9,5 (+23,4{NB}%)",
     f"7,7-ден 9,5-ке дейін өсті (+23,4{NB}%)"),
]


@pytest.mark.parametrize(("old", "new", "en", "ru", "kk"), CASES)
def test_it_words_the_change_honestly_in_each_language(old, new, en, ru, kk):
    c = change(old, new)
    assert c.describe("en") == en
    assert c.describe("ru") == ru
    assert c.describe("kk") == kk


def test_it_names_the_unit_in_the_language():
    assert change(3, 6).describe("en", "programmes") == "programmes: doubled, from 3 to 6"
    assert change(3, 6).describe("ru", "programmes") == "программы: рост в два раза: с 3 до 6"


@pytest.mark.parametrize(
    ("number", "ablative", "dative"),
    [("1", "ден", "ге"), ("2", "ден", "ге"), ("3", "тен", "ке"), ("6", "дан", "ға"), ("9", "дан", "ға"),
     ("10", "нан", "ға"), ("40", "тан", "қа"), ("50", "ден", "ге"), ("100", "ден", "ге"), ("1\u00a0000", "нан", "ға"),
     ("0", "ден", "ге"), ("4,8", "ден", "ге")],
)
def test_it_picks_the_kazakh_case_ending_from_the_last_spoken_word(number, ablative, dative):
    assert (kk_suffix(number, "abl"), kk_suffix(number, "dat")) == (ablative, dative)
