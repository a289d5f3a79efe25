"""PDF rendering: WeasyPrint on the same HTML as the web report, with the shipped fonts embedded.

Charts go in as the same SVG as the web page (vector, text selectable; as `<img>`, see pdf_writer.py); footnotes are real
page footnotes (CSS `float: footnote`); wide appendix tables sit on landscape pages (named page);
the table of contents gets page numbers from `target-counter`.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from intlmon.reports import ahead
from intlmon.reports.document import Document, Figure, Table
from intlmon.reports.html import ASSETS, html_string
from intlmon.reports.pdf_writer import print_css, write_pdf


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


@contextmanager
def worker_ahead(lang: str = "en", count: int = 1):
    """Within it, PDFs are laid out in `count` workers started at once (`start_worker`); after it, here again."""
    start_worker(lang, count)
    try:
        yield
    finally:
        ahead.forget_layout()


def start_worker(lang: str = "en", count: int = 1) -> None:
    """Start `count` worker processes importing WeasyPrint while this one reads the data (`ahead.start_layout`;
    `intlmon report … --format pdf` starts them before Django, #17). The PDFs are then laid out there (a
    national report in three languages: one worker each, `workers.WORKERS`)."""
    ahead.start_layout(lang, count)


def render_pdf(document: Document, path, pending: list | None = None) -> Path:
    """Write the PDF; with a `pending` list and a document of `WORKER_FROM` or more, lay it out in
    a worker process and append the job's future to the list instead of waiting (`formats.batch`).
    After `start_worker` a light document is laid out in that worker too (this process never
    imports WeasyPrint), and within a batch not waited for either."""
    path = Path(path)
    html, svgs = pdf_source(document)
    heavy = pending is not None and weight(document) >= WORKER_FROM
    warming = ahead.layout_warming()
    if not heavy and warming is None:
        write_pdf(html, svgs, str(ASSETS), str(path))
        return path
    from intlmon.reports import workers

    if warming is not None and not heavy and not ahead.every_worker_warming():
        from concurrent.futures import FIRST_COMPLETED, wait

        # a warmed worker idle again: the pool gives it this page (rather than start a cold one)
        wait(warming, return_when=FIRST_COMPLETED)
    job = workers.pool("layout").submit(write_pdf, html, svgs, str(ASSETS), str(path))
    if pending is not None:
        pending.append(job)  # the batch waits for it (and raises its error) when it ends
    else:
        job.result()  # a worker's error is raised here
    return path
