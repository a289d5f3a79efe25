"""The reconciliation rule of every document, written once as a check over the document model.

A document never prints two different values for one quantity. `check(document)` reads the
quantities the builders annotate (`document.Quantity` on sentences, summary cards, table cells,
and the lists tables and charts show) and reports every `Contradiction`:

- one value: every number annotated with the same quantity prints the same value;
- totals: a table's total row equals the sum of its rows, column by column — unless the rows count
  a record under each of its several codes (a programme with partners in two countries) and a table
  note (`overlap_note`) states both the rows' sum and the total;
- lists: a column or chart that lists distinct things (countries, HEIs) lists as many as the
  document counts, or its caption says "first 15 of 78";
- annotations: a sentence annotated with a number does print it (an annotation cannot drift);
- footnotes: given the published figures (`Published`), every one that differs from the printed
  value of its quantity is explained by a footnote or table note that states both numbers.

Builders take the printed value from the finest data held and let a `Ledger` write the footnote
("Published: 6 044; the 78 rows of «…» add up to 6 050."). Published figures are the stated figures
the audit already keys by quantity (`quality.checks.figure_keys`), so nothing is read twice.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from intlmon.reports.document import (
    Document,
    Figure,
    KeyFigures,
    Number,
    Paragraph,
    Printed,
    Quantity,
    Table,
    Unstated,
    first_of,
    format_number,
)


@dataclass(frozen=True)
class Contradiction:
    rule: str  # "one value" | "total" | "list" | "annotation" | "footnote"
    message: str  # for the developer who broke the rule (English, names the blocks)
    quantity: Quantity | None = None

    def __str__(self) -> str:
        return f"[{self.rule}] {self.message}"


def _plain(text: str) -> str:
    """Spaces as the reader sees them: Babel's (narrow) no-break spaces become plain ones."""
    return re.sub(r"\s+", " ", str(text).replace("\u00a0", " ").replace("\u202f", " "))


def _is_number(value) -> bool:
    return isinstance(value, (int, Decimal, float)) and not isinstance(value, bool)


def _same(a, b) -> bool:
    if _is_number(a) and _is_number(b):
        return Decimal(str(a)) == Decimal(str(b))
    return a == b


def _where(document: Document, index: int) -> str:
    block = document.blocks[index]
    if isinstance(block, (Table, Figure)):
        return f"«{document.caption_of(block)}»"
    if isinstance(block, KeyFigures):
        return "the summary card"
    text = block.text if isinstance(block, Paragraph) else type(block).__name__
    return f"the text «{text[:60]}…»"


def overlap_note(column: str, rows: Number, total: Number, lang: str) -> str:
    """The table note for a breakdown whose rows count a record under each of its several codes
    (a programme with partners in two countries): the rows add up to more than the total."""
    from django.utils.translation import gettext as _

    return _("«%(column)s»: a row with several partner countries is counted under each, so the rows add up "
             "to %(rows)s; the total counts it once: %(total)s.") % {
        "column": column, "rows": format_number(rows, lang), "total": format_number(total, lang)}


def _says_overlap(table: Table, added: Decimal, total, lang: str) -> bool:
    """A total below its rows is right only where a note says why and states both numbers."""
    if added <= Decimal(str(total)):
        return False
    rows, printed = _plain(format_number(added, lang)), _plain(format_number(total, lang))
    return any(rows in _plain(n) and printed in _plain(n) for n in table.notes)


def _table_totals(where: str, table: Table, lang: str = "en") -> list[Contradiction]:
    if not table.total:
        return []
    out = []
    for c, total in enumerate(table.total):
        if not _is_number(total):
            continue
        cells = [row[c] for row in table.rows]
        strays = [cell for cell in cells if not _is_number(cell) and cell not in (None, "")]
        if strays:
            out.append(Contradiction("total", f"{where}, column «{table.columns[c]}»: rows {strays!r} are not numbers "
                                              f"but the total is {total}"))
            continue
        added = sum((Decimal(str(cell)) for cell in cells if _is_number(cell)), Decimal(0))
        if added != Decimal(str(total)) and not _says_overlap(table, _number(added), total, lang):
            out.append(Contradiction("total", f"{where}, column «{table.columns[c]}»: the {len(cells)} rows add up "
                                              f"to {added}, the total row says {total}"))
    return out


def _number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else value.normalize()


def _says_first(document: Document, block: Table | Figure, shown: int, total: Number) -> bool:
    phrase = _plain(first_of(shown, int(total), document.lang))
    return any(phrase in _plain(text) for text in (block.caption, *block.notes))


def _listing(document: Document, where: str, block: Table | Figure, shown: int, listing: Printed) -> list[Contradiction]:
    if _same(shown, listing.value):
        return []
    if shown > listing.value:
        return [Contradiction("list", f"{where} lists {shown} for {listing.quantity}, which counts {listing.value}",
                              listing.quantity)]
    if _says_first(document, block, shown, listing.value):
        return []
    return [Contradiction("list", f"{where} shows {shown} of the {listing.value} of {listing.quantity} without "
                                  f"saying «{first_of(shown, int(listing.value), document.lang)}»", listing.quantity)]


def printed_values(document: Document) -> tuple[dict[Quantity, list[tuple[object, str]]], list[Contradiction]]:
    """Every annotated number of the document: quantity → [(value, where)], plus the broken annotations."""
    printed: dict[Quantity, list[tuple[object, str]]] = defaultdict(list)
    problems: list[Contradiction] = []
    lang = document.lang
    for i, block in enumerate(document.blocks):
        where = _where(document, i)
        if isinstance(block, Paragraph):
            text = _plain(block.text)
            for p in block.figures:
                printed[p.quantity].append((p.value, where))
                if _plain(format_number(p.value, lang)) not in text:
                    problems.append(Contradiction("annotation", f"{where} is annotated with {p.value} for {p.quantity} "
                                                                f"but does not print it", p.quantity))
        elif isinstance(block, KeyFigures):
            for (label, value, _small), q in zip(block.items, block.quantities, strict=False):
                if q is not None:
                    printed[q].append((value, f"the summary card «{label}»"))
        elif isinstance(block, Table):
            problems.extend(_table_totals(where, block, lang))
            for (r, c), q in block.quantities.items():
                row = block.total if r == -1 else block.rows[r]
                printed[q].append((row[c], f"{where}, {'total' if r == -1 else f'row {r + 1}'}, column «{block.columns[c]}»"))
            for c, listing in block.lists.items():
                printed[listing.quantity].append((listing.value, f"{where}, the list in column «{block.columns[c]}»"))
                names = {str(row[c]) for row in block.rows if row[c] not in (None, "") and not isinstance(row[c], Unstated)}
                problems.extend(_listing(document, where, block, len(names), listing))
        elif isinstance(block, Figure) and block.lists is not None:
            printed[block.lists.quantity].append((block.lists.value, f"{where}, the things it draws"))
            if block.shown is None:
                problems.append(Contradiction("list", f"{where} lists {block.lists.quantity} but does not say how many "
                                                      f"items it draws", block.lists.quantity))
            else:
                problems.extend(_listing(document, where, block, block.shown, block.lists))
    return printed, problems


def check(document: Document, published: Callable[[Quantity], Iterable[Number]] | None = None) -> list[Contradiction]:
    """Every breach of the reconciliation rule in `document` (an empty list when it reconciles).

    `published(quantity)` gives the published figures of a quantity (`Published()` reads them from the
    database); without it the footnote rule is not checked.
    """
    document.numbered()
    printed, problems = printed_values(document)
    lang = document.lang
    for q, seen in printed.items():
        values: list[tuple[object, list[str]]] = []  # each distinct value with the places printing it
        for value, where in seen:
            match = next((v for v in values if _same(v[0], value)), None)
            if match is None:
                values.append((value, [where]))
            else:
                match[1].append(where)
        if len(values) > 1:
            said = "; ".join(f"{v} in {', '.join(places)}" for v, places in values)
            problems.append(Contradiction("one value", f"{q} is printed with {len(values)} values: {said}", q))
    if published is not None:
        notes = [_plain(n) for n in document.all_notes()]
        for q, seen in printed.items():
            value = seen[0][0]
            if not _is_number(value):
                continue
            shown = _plain(format_number(value, lang))
            for figure in published(q) or ():
                if _same(figure, value):
                    continue
                stated = _plain(format_number(figure, lang))
                if not any(stated in note and shown in note for note in notes):
                    problems.append(Contradiction(
                        "footnote", f"{q} prints {value}; the published {figure} differs and no footnote says so", q))
    return problems


# -- published figures -----------------------------------------------------------------------------------
# The audit keys stated figures by (family, measure, scope) and names the statistic of each measure
# (`quality.checks.figure_keys.STATISTICS`); a quantity is looked up through that one declaration.
DEFAULT_MEASURE = {"projects": "all", "publications": "scopus+wos"}  # what a family's '' statistic measures
COUNTED = {"country": "countries", "institution": "institutions"}  # quantity(…, count=<dim>) → measure
# a filter on these dimensions names the measure itself (projects of one kind, publications of one database)
MEASURE_DIMENSIONS = {"kind": {"research": "research", "educational": "educational"},
                      "database": {"scopus": "scopus", "wos": "wos"}}
KEY_DIMENSIONS = ("level", "category", "region")


class Published:
    """The published figures of a quantity: the distinct values the report of that year states for it.

    Reads the stated figures once per year through the audit (`quality.checks.stated.stated_figures`)
    and keeps them for the life of this object (one document build, or one test).
    """

    def __init__(self):
        self._years: dict[int, dict] = {}

    @staticmethod
    def key(q: Quantity):
        """The audit's key of the stated figures measuring `q`; None for a quantity no report states."""
        from intlmon.quality.checks.figure_keys import STATISTICS, Key

        where = dict(q.where)
        counting = where.pop("count", None)  # quantity(…, count="country"): how many distinct countries
        counted = COUNTED.get(counting, "")
        if counting is not None and not counted:
            return None
        for family, measures in STATISTICS.items():
            for measure, statistic in measures.items():
                if statistic != q.statistic or (counted and measure != counted):
                    continue
                if not counted and measure in COUNTED.values() and measures.get("") == statistic:
                    continue  # the family's count statistic, counted by country only with count=country
                if measure == "region" and "region" not in where:
                    continue
                measure = DEFAULT_MEASURE.get(family, "count") if measure in ("", "region") else measure
                scope = {}
                for dim, code in where.items():
                    if dim in MEASURE_DIMENSIONS and measure in DEFAULT_MEASURE.values():
                        if code not in MEASURE_DIMENSIONS[dim]:
                            return None
                        measure = MEASURE_DIMENSIONS[dim][code]
                    elif dim in KEY_DIMENSIONS:
                        scope[dim] = code
                    else:
                        return None  # a slice the published report never states (one country, one HEI)
                return Key(family, measure, **scope)
        return None

    def __call__(self, q: Quantity) -> list[Number]:
        key = self.key(q)
        if key is None:
            return []
        if q.year not in self._years:
            from intlmon.quality.checks.stated import stated_figures

            self._years[q.year] = stated_figures(q.year)
        values = {Decimal(f.value) for f in self._years[q.year].get(key, [])}
        return sorted(int(v) if v == v.to_integral_value() else v.normalize() for v in values)


class Ledger:
    """Footnotes of one document saying where a published figure differs from the printed value.

    A builder calls `note(quantity, value, ...)` where it prints a quantity and adds what it returns to
    the footnotes of that paragraph (or the notes of that table); each quantity is footnoted once.
    """

    def __init__(self, lang: str, published: Callable[[Quantity], Iterable[Number]] | None = None):
        self.lang = lang
        self.published = published if published is not None else Published()
        self.noted: set[Quantity] = set()

    def note(self, q: Quantity, value: Number | None, *, rows: int | None = None, table: str = "",
             listed: bool = False, what: str = "") -> list[str]:
        """The footnote for `q` printed as `value`, computed from `rows` of `table` (or the records, or
        the things `table` lists); [] when the published figures agree or it was footnoted already.
        `what` names the quantity where the footnote's place does not (one row of a table)."""
        from django.utils.translation import gettext as _
        from django.utils.translation import ngettext

        if value is None or q in self.noted:
            return []
        stated = list(self.published(q) or ())
        if all(_same(f, value) for f in stated):
            return []
        self.noted.add(q)
        n = {"value": format_number(value, self.lang), "table": table,
             "rows": format_number(rows, self.lang) if rows is not None else ""}
        if listed:
            basis = _("«%(table)s» lists %(value)s") % n
        elif rows is not None:
            basis = ngettext("the %(rows)s row of «%(table)s» adds up to %(value)s",
                             "the %(rows)s rows of «%(table)s» add up to %(value)s", int(rows)) % n
        else:
            basis = _("the records held add up to %(value)s") % n
        published = ", ".join(format_number(f, self.lang) for f in stated)
        if what:
            return [_("%(what)s — published: %(published)s; %(basis)s.") % {
                "what": what, "published": published, "basis": basis}]
        return [_("Published: %(published)s; %(basis)s.") % {"published": published, "basis": basis}]
