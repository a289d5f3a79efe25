"""Words of the reports that a reader sees, now from the catalogue: the caption and heading words the
renderers add, the list conjunction, the plural forms of counts ("the 1 HEIs", "сумма 21 строк" were
printed), and the two meanings of "published" (a period's status, a figure's source)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django.utils.translation import ngettext

from intlmon.reports.document import caption_label, quantity
from intlmon.reports.html import word
from intlmon.reports.narrative import join
from intlmon.reports.reconcile import Ledger


@pytest.mark.parametrize(("lang", "table", "figure", "appendix", "contents", "notes", "note", "and_"), [
    ("kk", "Кесте 3", "Сурет 1", "Қосымша 2", "Мазмұны", "Ескертпелер", "Ескертпе", "A, B және C"),
    ("ru", "Таблица 3", "Рисунок 1", "Приложение 2", "Содержание", "Примечания", "Примечание", "A, B и C"),
    ("en", "Table 3", "Figure 1", "Appendix 2", "Contents", "Notes", "Note", "A, B and C"),
])
def test_the_renderers_words_are_in_the_documents_language(lang, table, figure, appendix, contents, notes, note, and_):
    with translation.override("ru" if lang != "ru" else "kk"):  # the document's language, not the active one
        assert [caption_label("table", 3, lang), caption_label("figure", 1, lang), caption_label("appendix", 2, lang)] \
            == [table, figure, appendix]
        assert [word("contents", lang), word("notes", lang), word("note", lang)] == [contents, notes, note]
        assert join(["A", "B", "C"], lang) == and_


PROFILE = ("%(name)s, HEI category in %(year)s: %(category)s. The profile compares it with %(n)s HEI of the same category.",
           "%(name)s, HEI category in %(year)s: %(category)s. The profile compares it with the %(n)s HEIs of the same category.")


@pytest.mark.parametrize(("lang", "n", "expected"), [
    ("en", 1, "with 1 HEI of"), ("en", 2, "with the 2 HEIs of"),
    ("ru", 1, "с 1 вузом "), ("ru", 2, "с 2 вузами "), ("ru", 5, "с 5 вузами "), ("ru", 21, "с 21 вузом "),
    ("kk", 1, "1 ЖОО-мен"), ("kk", 21, "21 ЖОО-мен"),
])
def test_the_profile_counts_its_peers_in_the_plural_forms(lang, n, expected):
    with translation.override(lang):
        text = ngettext(*PROFILE, n) % {"name": "X", "year": 2023, "category": "c", "n": n}
    assert expected in text


@pytest.mark.parametrize(("lang", "rows", "expected"), [
    ("en", 1, "the 1 row of «T» adds up to 60"), ("en", 3, "the 3 rows of «T» add up to 60"),
    ("ru", 1, "сумма 1 строки таблицы «T»"), ("ru", 21, "сумма 21 строки таблицы «T»"),
    ("ru", 3, "сумма 3 строк таблицы «T»"), ("ru", 78, "сумма 78 строк таблицы «T»"),
])
def test_a_footnote_counts_the_rows_in_the_plural_forms(lang, rows, expected):
    ledger = Ledger(lang, published=lambda q: [58])
    with translation.override(lang):
        [note] = ledger.note(quantity("agreements", 2023), 60, rows=rows, table="T")
    assert expected in note


@pytest.mark.django_db
@pytest.mark.parametrize(("lang", "status", "source"), [("ru", "опубликован", "опубликовано"),
                                                        ("kk", "жарияланды", "жарияланған")])
def test_published_reads_as_a_status_or_as_a_source(lang, status, source):
    from intlmon.analytics.management.commands.stats import _source_name
    from intlmon.records.models import ReportingPeriod

    with translation.override(lang):
        assert str(ReportingPeriod.Status.PUBLISHED.label) == status
    assert _source_name("published", lang) == source
