"""HTML rendering from Django templates; also the source of the PDF (WeasyPrint reads the same HTML).

The output is one self-contained file: the stylesheet is inlined and charts are inline SVG (screen)
or PNG data URIs (print), so nothing is fetched from a CDN or the network. Cell numbers are
formatted here in the document's language, never in the template.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.template import Context, Engine
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext_lazy

from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    caption_label,
    format_number,
)
from intlmon.reports.formats import chart_alt, chart_png, chart_svg
from intlmon.reports.pdf_writer import chart_src

ASSETS = Path(__file__).resolve().parent / "assets"
TEMPLATES = Path(__file__).resolve().parent / "templates"

# headings the renderers add themselves, translated in the reports catalogue (context "report")
_WORDS = {
    "contents": pgettext_lazy("report", "Contents"),
    "notes": pgettext_lazy("report", "Notes"),
    "note": pgettext_lazy("report", "Note"),
}


def word(key: str, lang: str) -> str:
    with translation.override(lang):
        return str(_WORDS[key])


@dataclass
class _Cell:
    text: str
    numeric: bool


@dataclass
class _Item:
    kind: str
    block: object
    extra: dict = field(default_factory=dict)


def _cells(row, lang) -> list[_Cell]:
    return [_Cell(format_number(v, lang), _is_numeric(v)) for v in row]


def _is_numeric(value) -> bool:
    """Numbers and formatted shares ('47,7 %') are right-aligned."""
    if isinstance(value, bool):
        return False
    if isinstance(value, (int, float, Decimal)):
        return True
    return isinstance(value, str) and value.endswith("%") and value[:1].isdigit()


def stylesheet() -> str:
    return (ASSETS / "report.css").read_text(encoding="utf-8")


def items(document: Document, charts: str = "svg", svgs: dict[str, str] | None = None,
          ) -> tuple[list[_Item], list[tuple[int, str]]]:
    """The blocks as template-ready items; `charts` is 'svg' (inline), 'png' (data URI) or 'ref'
    (`<img src="chart:N">`, the SVG put in `svgs` under N: the PDF's way, see pdf_writer.py)."""
    document.numbered()
    lang = document.lang
    notes = document.footnote_numbers()
    footnotes: list[tuple[int, str]] = []
    out: list[_Item] = []
    for i, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            out.append(_Item("heading", block, {"tag": f"h{min(block.level + 1, 6)}"}))
        elif isinstance(block, Paragraph):
            refs = list(zip(notes.get(i, []), block.footnotes, strict=True))
            footnotes.extend(refs)
            out.append(_Item("paragraph", block, {"refs": refs}))
        elif isinstance(block, KeyFigures):
            cards = [(label, format_number(value, lang), small) for label, value, small in block.items]
            out.append(_Item("keyfigures", block, {"cards": cards}))
        elif isinstance(block, Table):
            out.append(_Item("table", block, {
                "caption": document.caption_of(block),
                "rows": [_cells(r, lang) for r in block.rows],
                "total": _cells(block.total, lang) if block.total else None,
                "widths": _widths(block),
                "note_word": word("note", lang),
            }))
        elif isinstance(block, Figure):
            alt = chart_alt(block.chart, block.caption)
            if charts == "png":
                data = base64.b64encode(chart_png(block.chart)).decode("ascii")
                image = mark_safe(f'<img src="data:image/png;base64,{data}" alt="{_attr(alt)}">')
            elif charts == "ref":
                number = str(len(svgs))
                svgs[number] = chart_svg(block.chart)
                image = mark_safe(f'<img src="{chart_src(number)}" alt="{_attr(alt)}">')
            else:
                image = mark_safe(_svg_with_title(chart_svg(block.chart), alt))
            out.append(_Item("figure", block, {"caption": document.caption_of(block), "image": image}))
        elif isinstance(block, PageBreak):
            out.append(_Item("pagebreak", block))
        elif isinstance(block, TableOfContents):
            entries = [h for h in document.headings(block.max_level)]
            out.append(_Item("toc", block, {"entries": entries, "title": block.title or word("contents", lang)}))
    return out, footnotes


#: a table is about 55 em of its own font wide on an A4 portrait page (about 80 em landscape); a bold
#: DejaVu Sans letter takes up to 0.8 em, a cell's padding and a margin 1 em
TABLE_EM = {False: 55.0, True: 80.0}
LETTER_EM = 0.8
PADDING_EM = 1.0


def column_shares(table: Table) -> list[float] | None:
    """Each column's share of the table width: the builder's relative widths, widened where a column
    is narrower than the longest word of its header.

    Fixed widths [5, 1, 1] left 'Обучающиеся', 'Бағдарламалар' and 'Образовательные' clipped under
    their neighbours in the ru/kk appendices (English words are shorter, so en looked fine). Headers
    wrap only between words, so each column needs at least its longest word; the room is taken from
    the columns that have more than they need, in proportion. Shared by the HTML/PDF and DOCX renderers.
    """
    if not table.widths:
        return None
    total = sum(table.widths) or 1
    shares = [w / total for w in table.widths]
    width = TABLE_EM[bool(table.landscape)] * (7.5 / 9 if len(table.columns) > 6 else 1)
    need = [(max((len(w) for w in str(c).split()), default=0) * LETTER_EM + PADDING_EM) / width for c in table.columns]
    short = [i for i, (s, n) in enumerate(zip(shares, need, strict=True)) if s < n]
    if not short or sum(need) >= 1:
        return shares
    missing = sum(need[i] - shares[i] for i in short)
    spare = {i: shares[i] - need[i] for i in range(len(shares)) if i not in short and shares[i] > need[i]}
    room = sum(spare.values())
    if room <= 0:
        return shares
    take = min(1.0, missing / room)
    return [need[i] if i in short else shares[i] - spare.get(i, 0) * take for i in range(len(shares))]


def _widths(table: Table) -> list[str] | None:
    shares = column_shares(table)
    if shares is None:
        return None
    return [f"{100 * s:.1f}%" for s in shares]


def _attr(text: str) -> str:
    return text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")


def _svg_with_title(svg: str, alt: str) -> str:
    """Give the inline SVG an accessible name (role=img + aria-label)."""
    start = svg.find("<svg")
    if start < 0:
        return svg
    return svg[: start + 4] + f' role="img" aria-label="{_attr(alt)}"' + svg[start + 4:]


@lru_cache(maxsize=1)
def _template():
    """The document template from an engine of its own: the project's engine, on first use, imports
    every installed app's template tags (Django REST framework's pull in psycopg), a second of a
    country note's CPU; the template uses only Django's built-in tags and filters."""
    return Engine(dirs=[str(TEMPLATES)]).get_template("reports/document.html")


def render_to_string(name: str, context: dict) -> str:
    return _template().render(Context(context))


def html_string(document: Document, charts: str = "svg", print_mode: bool = False, extra_css: str = "",
                svgs: dict[str, str] | None = None) -> str:
    blocks, footnotes = items(document, charts, svgs)
    return render_to_string("reports/document.html", {
        "doc": document,
        "items": blocks,
        "footnotes": footnotes,
        "notes_title": word("notes", document.lang),
        "css": mark_safe(stylesheet() + "\n" + extra_css),
        "print_mode": print_mode,
        "figure_word": caption_label("figure", None, document.lang),
    })


def render_html(document: Document, path) -> Path:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(html_string(document, charts="svg"), encoding="utf-8")
    return path
