"""PDF rendering: WeasyPrint on the same HTML as the web report, with the shipped fonts embedded.

Charts go in as the same SVG as the web page (vector, text selectable; as `<img>`, see pdf_writer.py); footnotes are real
page footnotes (CSS `float: footnote`); wide appendix tables sit on landscape pages (named page);
the table of contents gets page numbers from `target-counter`.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from intlmon.reports.document import Document, Figure, Table
from intlmon.reports.html import ASSETS, html_string
from intlmon.reports.pdf_writer import write_pdf

FONTS = ASSETS / "fonts"


def print_css(lang: str) -> str:
    regular = (FONTS / "DejaVuSans.ttf").as_uri()
    bold = (FONTS / "DejaVuSans-Bold.ttf").as_uri()
    return f"""
@font-face {{ font-family: "DejaVu Sans"; src: url("{regular}"); font-weight: normal; font-style: normal; }}
@font-face {{ font-family: "DejaVu Sans"; src: url("{bold}"); font-weight: bold; font-style: normal; }}
html {{ font-family: "DejaVu Sans", sans-serif; font-size: 9.5pt; }}
@page {{ size: A4; margin: 18mm 16mm 20mm 18mm;
  @bottom-center {{ content: counter(page); font-family: "DejaVu Sans"; font-size: 8pt; color: #555; }} }}
@page wide {{ size: A4 landscape; margin: 14mm 14mm 16mm 14mm; }}
.landscape {{ page: wide; }}
.title-page {{ margin-top: 35%; }}
.title-page + main > nav.toc {{ break-before: page; }}
.pagebreak {{ break-after: page; }}
span.footnote {{ float: footnote; font-size: 7.5pt; text-align: left; font-style: normal; color: #333; }}
::footnote-call {{ content: counter(footnote); vertical-align: super; font-size: 65%; line-height: 0; }}
::footnote-marker {{ content: counter(footnote) ". "; }}
nav.toc a::after {{ content: leader(".") " " target-counter(attr(href), page); }}
/* Chapters run on after the previous one (a page per chapter left pages two-thirds empty); the
   summary after the contents starts a page, and a heading is never left alone at a page foot. */
nav.toc + h2.level-1 {{ break-before: page; }}
h2, h3, h4 {{ break-after: avoid; }}
table.data caption {{ break-after: avoid; }}
table.data + p.table-note {{ break-before: avoid; }}
/* a table that starts at a page foot takes at least its first three rows along (not a header and one row) */
table.data tbody tr:nth-child(-n+2) {{ break-after: avoid; }}
figure.chart svg, figure.chart img {{ max-height: 110mm; }}
"""


def pdf_source(document: Document) -> tuple[str, dict[str, str]]:
    """The print HTML of the document and its charts' SVG by number (`<img src="chart:N">`)."""
    svgs: dict[str, str] = {}
    html = html_string(document, charts="ref", print_mode=True, extra_css=print_css(document.lang), svgs=svgs)
    return html, svgs


#: a document with fewer table rows and charts (a chart counts as 20 rows) than this is laid out here
#: even in a batch: its PDF takes about a second, less than a worker spends importing WeasyPrint
#: (the national report has about 550, a country note 30 to 50)
WORKER_FROM = 200


def weight(document: Document) -> int:
    """How much layout a document asks for: its table rows, 20 a chart."""
    return sum(len(b.rows) for b in document.blocks if isinstance(b, Table)) + \
        20 * sum(isinstance(b, Figure) for b in document.blocks)


#: set by `start_worker`: a worker process importing WeasyPrint while this one reads the data
_warming = None


@contextmanager
def worker_ahead(lang: str = "en"):
    """Within it, PDFs are laid out in a worker started at once (`start_worker`); after it, here again."""
    global _warming
    start_worker(lang)
    try:
        yield
    finally:
        _warming = None


def start_worker(lang: str = "en") -> None:
    """Start a worker process and have it import WeasyPrint and lay out a line in the report's fonts
    now, while this process starts Django, reads the figures and makes the page: a fresh process
    (`intlmon report … --format pdf`) spends about 0.3 s of CPU importing WeasyPrint and 0.1 s on its
    first fonts, which a second core does at the same time (#17). The PDF is then laid out there."""
    global _warming
    if _warming is None:
        from intlmon.reports import workers
        from intlmon.reports.pdf_writer import warm

        _warming = workers.pool().submit(warm, print_css(lang), str(ASSETS))


def render_pdf(document: Document, path, pending: list | None = None) -> Path:
    """Write the PDF; with a `pending` list and a document of `WORKER_FROM` or more, lay it out in
    a worker process and append the job's future to the list instead of waiting (`formats.batch`).
    After `start_worker` a light document is laid out in that worker too (this process never
    imports WeasyPrint)."""
    path = Path(path)
    html, svgs = pdf_source(document)
    heavy = pending is not None and weight(document) >= WORKER_FROM
    if not heavy and _warming is None:
        write_pdf(html, svgs, str(ASSETS), str(path))
        return path
    from intlmon.reports import workers

    if _warming is not None and not heavy:
        _warming.result()  # its worker idle again: the pool gives it this page rather than starting another
    job = workers.pool().submit(write_pdf, html, svgs, str(ASSETS), str(path))
    if heavy:
        pending.append(job)
    else:
        job.result()  # a worker's error is raised here
    return path
