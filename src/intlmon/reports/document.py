"""A tiny format-neutral document model shared by every report and every renderer.

Report builders (national report, country note, institution profile) describe *what* to say as a
list of blocks; the renderers in `formats.py` decide *how* it looks in HTML, PDF and DOCX. Keeping
numbers as numbers inside table cells (not pre-formatted strings) lets each renderer format them in
the document's language, so no figure is ever typed into a template.

Tables and figures are numbered per document in reading order by `Document.numbered()` (the
renderers call it), so builders never count by hand; `caption_label` gives "Figure 3" /
"Рисунок 3" / "Сурет 3".

Printed numbers can say which quantity they express (`Quantity`: a statistic, a year and a
dimension filter). Renderers ignore these annotations; `reports.reconcile.check` reads them to
enforce the one rule of every document: one value per quantity, totals equal to their rows,
counts equal to the things listed, and "first 15 of 78" wherever only the first are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any

from babel.numbers import format_decimal
from django.utils import translation
from django.utils.translation import pgettext_lazy

Number = int | Decimal | float
Cell = str | int | Decimal | float | None

LANGS = ("kk", "ru", "en")

# the word before a caption's number, translated in the reports catalogue (context "caption")
_CAPTION_WORDS = {
    "table": pgettext_lazy("caption", "Table"),
    "figure": pgettext_lazy("caption", "Figure"),
    "appendix": pgettext_lazy("caption", "Appendix"),
}
_BABEL_LOCALE = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_GB"}


def caption_label(kind: str, number: int | None, lang: str) -> str:
    """'Table 3' / 'Таблица 3' / 'Кесте 3' (Kazakh reports put the word first too, as the seed does)."""
    with translation.override(lang):
        word = str(_CAPTION_WORDS[kind])
    return f"{word} {number}" if number is not None else word


def format_number(value: Cell, lang: str, digits: int | None = None) -> str:
    """A cell value as the reader of `lang` expects it: '6 044' and '4,8' in kk/ru, '6,044' and '4.8' in en."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return str(value)
    return _formatted(value, lang, digits)


@lru_cache(maxsize=8192, typed=True)
def _formatted(value, lang: str, digits: int | None) -> str:
    """Babel's formatting of one number, kept: a national report formats about 2 600 cells a language,
    most of them small counts seen many times (`typed`: 1, 1.0 and Decimal("1") are told apart, as
    their formatting is)."""
    locale = _BABEL_LOCALE.get(lang, "en_GB")
    if digits is not None:
        pattern = "#,##0" + ("." + "0" * digits if digits else "")
        return format_decimal(value, format=pattern, locale=locale)
    if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral_value()):
        return format_decimal(int(value), locale=locale)
    return format_decimal(value, format="#,##0.0##", locale=locale)


def first_of(shown: int, total: int, lang: str) -> str:
    """'first 15 of 78' in the document's language: what a chart or table showing part of a list says."""
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(lang):
        return gettext("first %(shown)s of %(total)s") % {
            "shown": format_number(shown, lang), "total": format_number(total, lang)}


def slug(text: str) -> str:
    """An anchor id from any text (Cyrillic kept, so ids stay readable in kk/ru documents)."""
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-")[:60] or "section"


@dataclass(frozen=True)
class Quantity:
    """What a printed number measures: a statistic of a year, restricted to some dimension codes.

    Two numbers with equal quantities must print the same value (`reports.reconcile`). The key names
    the meaning, not the table it was read from: the headline of agreements and the total of the
    table by partner country are both `Quantity("agreements", 2023)`.
    """

    statistic: str
    year: int
    where: tuple[tuple[str, str], ...] = ()

    def __str__(self) -> str:
        scope = ", ".join(f"{k}={v}" for k, v in self.where)
        return f"{self.statistic} {self.year}" + (f" ({scope})" if scope else "")


def quantity(statistic: str, year: int, **where: str) -> Quantity:
    """`quantity("projects", 2023, kind="research")`."""
    return Quantity(statistic, year, tuple(sorted((k, str(v)) for k, v in where.items())))


@dataclass(frozen=True)
class Printed:
    """A number printed for a quantity (in running text, or the size of a list a table or chart shows)."""

    quantity: Quantity
    value: Number


class Unstated(str):
    """A row label that is not a listed thing: "not specified", "not distributed".

    It renders as the plain text it is; `reports.reconcile` does not count it among the countries,
    HEIs … a table lists.
    """


@dataclass
class Heading:
    level: int  # 1 = chapter, 2 = section, 3 = subsection
    text: str
    anchor: str = ""


@dataclass
class Paragraph:
    """Running text. `footnotes` are texts numbered per document by the renderer (1, 2, …)."""

    text: str
    footnotes: list[str] = field(default_factory=list)
    style: str = ""  # "" (body), "lead" (emphasised summary), "note" (small print)
    figures: list[Printed] = field(default_factory=list)  # the numbers of `text` and what they measure


@dataclass
class KeyFigures:
    """The summary card: a few headline numbers with their labels and an optional change line."""

    items: list[tuple[str, Cell, str]]  # (label, value, small print e.g. "2022: 6 650, −9.1 %")
    title: str = ""
    quantities: list[Quantity | None] = field(default_factory=list)  # per item, what its value measures


@dataclass
class Table:
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    number: int | None = None  # assigned by Document.numbered()
    notes: list[str] = field(default_factory=list)
    total: list[Cell] | None = None  # a bold last row, computed by the builder
    widths: list[float] | None = None  # relative column widths (sum irrelevant)
    landscape: bool = False  # wide appendix tables go on landscape pages
    numbered: bool = True
    # what cells measure: (row index, column index) -> quantity; row -1 is the total row
    quantities: dict[tuple[int, int], Quantity] = field(default_factory=dict)
    # column index -> how many distinct things that column lists in all (rows may show only the first)
    lists: dict[int, Printed] = field(default_factory=dict)

    def __post_init__(self):
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"table '{self.caption}': a row has {len(row)} cells for {len(self.columns)} columns")


@dataclass
class Figure:
    """A chart. `chart` is a `reports.charts.ChartSpec` (a Vega-Lite dict plus alt text)."""

    caption: str
    chart: Any
    number: int | None = None  # assigned by Document.numbered()
    notes: list[str] = field(default_factory=list)
    lists: Printed | None = None  # the things the chart draws one item each for, and how many there are
    shown: int | None = None  # how many of them it draws


@dataclass
class PageBreak:
    pass


@dataclass
class TableOfContents:
    title: str = ""
    max_level: int = 2


Block = Heading | Paragraph | KeyFigures | Table | Figure | PageBreak | TableOfContents


@dataclass
class Document:
    title: str
    lang: str
    subtitle: str = ""
    blocks: list[Block] = field(default_factory=list)
    author: str = ""

    def add(self, *blocks: Block) -> Document:
        self.blocks.extend(b for b in blocks if b is not None)
        return self

    def numbered(self) -> Document:
        """Number tables and figures in reading order and give headings unique anchors (idempotent)."""
        tables = figures = 0
        seen: set[str] = set()
        for block in self.blocks:
            if isinstance(block, Table) and block.numbered:
                tables += 1
                block.number = tables
            elif isinstance(block, Figure):
                figures += 1
                block.number = figures
            elif isinstance(block, Heading):
                base = block.anchor or slug(block.text)
                anchor, n = base, 1
                while anchor in seen:
                    n += 1
                    anchor = f"{base}-{n}"
                seen.add(anchor)
                block.anchor = anchor
        return self

    def headings(self, max_level: int = 9) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading) and b.level <= max_level]

    def caption_of(self, block: Table | Figure) -> str:
        """'Table 3. Agreements by region' in the document's language."""
        kind = "table" if isinstance(block, Table) else "figure"
        if isinstance(block, Table) and not block.numbered:
            return block.caption
        return f"{caption_label(kind, block.number, self.lang)}. {block.caption}"

    def footnote_numbers(self) -> dict[int, list[int]]:
        """Per block index, the document-wide numbers of that paragraph's footnotes."""
        numbers: dict[int, list[int]] = {}
        n = 0
        for i, block in enumerate(self.blocks):
            if isinstance(block, Paragraph) and block.footnotes:
                numbers[i] = list(range(n + 1, n + 1 + len(block.footnotes)))
                n += len(block.footnotes)
        return numbers

    def all_footnotes(self) -> list[str]:
        return [t for b in self.blocks if isinstance(b, Paragraph) for t in b.footnotes]

    def all_notes(self) -> list[str]:
        """Every footnote and every note under a table or figure: where a document explains a number."""
        return self.all_footnotes() + [t for b in self.blocks if isinstance(b, (Table, Figure)) for t in b.notes]
