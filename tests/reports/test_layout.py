"""Page layout of the national report as WeasyPrint lays it out: no mostly empty pages, and table
headers as wide as their longest word (the defects seen on the 2023 pages)."""

from __future__ import annotations

import pytest
from django.utils import translation

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db


def _content_bottoms(document) -> list[float]:
    """Per page, how far down (0–1 of the page height) the lowest text or picture reaches; the page
    number in the margin does not count, footnotes do."""
    from weasyprint import HTML
    from weasyprint.formatting_structure import boxes

    from intlmon.reports.html import ASSETS, html_string
    from intlmon.reports.pdf import print_css

    html = html_string(document, charts="svg", print_mode=True, extra_css=print_css(document.lang))
    rendered = HTML(string=html, base_url=str(ASSETS)).render()

    def walk(box):
        if isinstance(box, boxes.MarginBox):
            return
        yield box
        for child in getattr(box, "children", None) or []:
            yield from walk(child)

    bottoms = []
    for page in rendered.pages:
        page_box = page._page_box
        lowest = max((b.position_y + b.margin_height() for b in walk(page_box)
                      if isinstance(b, (boxes.TextBox, boxes.ReplacedBox)) and b.position_y is not None), default=0)
        bottoms.append(lowest / page_box.margin_height())
    return bottoms


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker, reference_2023, compiled_catalogues):
    from intlmon.reports.national import build_national_report

    with django_db_blocker.unblock(), loaded_reference(reference_2023, france=False):
        cache: dict = {}
        docs = {lang: build_national_report(2023, lang, cache) for lang in ("kk", "ru")}
    translation.deactivate()
    return docs


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_no_page_between_the_contents_and_the_last_is_mostly_empty(national, lang):
    """A chapter per page left the summary, the foreign-branches and the publications pages with
    their lower half blank (content ending at 39–48 % of the page)."""
    bottoms = _content_bottoms(national[lang])
    assert len(bottoms) > 10
    empty = [f"page {n}: content ends at {b:.0%}" for n, b in enumerate(bottoms, start=1)
             if 2 < n < len(bottoms) and b < 0.5]
    assert not empty, "\n".join(empty)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_table_header_word_fits_its_column(national, lang):
    """'Обучающиеся' and 'Бағдарламалар' were clipped under their neighbours in the appendices."""
    from intlmon.reports.document import Table
    from intlmon.reports.html import LETTER_EM, PADDING_EM, TABLE_EM, column_shares

    tables = [b for b in national[lang].blocks if isinstance(b, Table) and b.widths]
    assert len(tables) > 10
    for table in tables:
        shares = column_shares(table)
        width = TABLE_EM[bool(table.landscape)] * (7.5 / 9 if len(table.columns) > 6 else 1)
        assert abs(sum(shares) - 1) < 1e-9
        for column, share in zip(table.columns, shares, strict=True):
            longest = max(len(word) for word in str(column).split())
            assert share * width >= longest * LETTER_EM + PADDING_EM - 1e-9, (table.caption, column)


def test_column_shares_keep_the_builders_widths_when_headers_fit():
    from intlmon.reports.document import Table
    from intlmon.reports.html import column_shares

    fits = Table("t", ["Country", "Projects"], [["Russia", 24]], widths=[4, 1])
    assert column_shares(fits) == [0.8, 0.2]
    narrow = Table("t", ["Вуз", "Программы", "Обучающиеся"], [["КазНУ", 48, 288]], widths=[5, 1, 1])
    shares = column_shares(narrow)
    assert shares[2] > 1 / 7 and shares[1] > 1 / 7 and shares[0] < 5 / 7
    assert column_shares(Table("t", ["a"], [["x"]])) is None


def test_appendix_1_lists_regions_in_the_monitorings_order_in_every_language(national):
    """Sorted by the region's printed name, the kk and ru appendices began with Asia and the en one
    with Africa; the monitoring's order (CIS, Asia, Europe, Africa, Americas, Oceania) is one for all."""
    from itertools import groupby

    from intlmon.reports.document import Table

    blocks = {}
    for lang, doc in national.items():
        with translation.override(lang):
            caption = translation.gettext("International agreements by partner country")
        table = next(b for b in doc.blocks if isinstance(b, Table) and b.caption == caption and len(b.columns) == 3)
        blocks[lang] = [(name, len(list(rows))) for name, rows in groupby(row[0] for row in table.rows)]
    import csv

    from intlmon.registry.countries import registry_dir

    with (registry_dir() / "regions.csv").open(encoding="utf-8", newline="") as fh:
        regions = sorted(csv.DictReader(fh), key=lambda r: int(r["order"]))
    expected = {lang: [r[f"name_{lang}"] for r in regions] for lang in national}
    for lang, runs in blocks.items():
        names = [name for name, _n in runs]
        assert names == [n for n in expected[lang] if n in names], lang
    assert [n for _name, n in blocks["kk"]] == [n for _name, n in blocks["ru"]]
