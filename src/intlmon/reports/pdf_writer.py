"""WeasyPrint's half of the PDF: a page's HTML and its charts' SVG in, a PDF file out.

Kept apart from `pdf.py` (which makes the HTML with Django's templates) so that a worker process
(`workers.py`) can lay out one language's PDF while the report goes on with the next: WeasyPrint is
pure Python and holds the GIL, so only another process overlaps it. This module imports neither
Django nor the database.

Charts come in as `<img src="chart:N">` answered from `svgs` rather than inline `<svg>`: the same
picture (WeasyPrint reads an inline SVG the same way), but the page's CSS is not cascaded over the
thousands of SVG elements and the HTML parser does not read them (a fifth of WeasyPrint's time).
"""

from __future__ import annotations

import logging
from pathlib import Path

CHART_SCHEME = "chart:"


class _SubsetterNotice(logging.Filter):
    """WeasyPrint says once per font that it subsets with fontTools rather than HarfBuzz; the PDF is
    the same either way, so the notice is noise on every run of `intlmon report`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "instead of HarfBuzz-Subset" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_SubsetterNotice())


def chart_src(number: int) -> str:
    """The address of a document's chart `number` in its page."""
    return f"{CHART_SCHEME}{number}"


def write_pdf(html: str, svgs: dict[str, str], base_url: str, path: str) -> str:
    """Lay out `html` and write the PDF to `path`; `chart:N` images are answered from `svgs`."""
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class Fetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith(CHART_SCHEME):
                return URLFetcherResponse(url, svgs[url[len(CHART_SCHEME):]].encode("utf-8"),
                                          {"Content-Type": "image/svg+xml"})
            return super().fetch(url, headers)

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    HTML(string=html, base_url=base_url, url_fetcher=Fetcher()).write_pdf(path)
    return path
