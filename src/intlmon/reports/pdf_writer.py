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
ASSETS = Path(__file__).resolve().parent / "assets"
FONTS = ASSETS / "fonts"


class _SubsetterNotice(logging.Filter):
    """WeasyPrint says once per font that it subsets with fontTools rather than HarfBuzz; the PDF is
    the same either way, so the notice is noise on every run of `intlmon report`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "instead of HarfBuzz-Subset" not in record.getMessage()


logging.getLogger("weasyprint").addFilter(_SubsetterNotice())


def import_weasyprint():
    """`import weasyprint`, without the library search its import sets off.

    WeasyPrint loads Pango, HarfBuzz, fontconfig … by trying several names each; cffi answers every name
    it cannot load directly with `ctypes.util.find_library`, which runs `ldconfig -p`, `gcc` and `ld`
    — about twenty processes, 0.15 s of CPU and more of waiting, a tenth of a one-page PDF (#17). The
    list WeasyPrint tries ends with each library's file name ("libpango-1.0.so.0"), which loads
    directly, so the search is skipped; should that fail on some system, the import is done again the
    usual way."""
    import sys

    if "weasyprint" in sys.modules:
        return sys.modules["weasyprint"]
    import ctypes.util

    search = ctypes.util.find_library
    ctypes.util.find_library = lambda name: None
    try:
        import weasyprint
    except OSError:
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
        ctypes.util.find_library = search
        import weasyprint
    finally:
        ctypes.util.find_library = search
    return weasyprint


def print_css(lang: str) -> str:
    """The print stylesheet with the shipped fonts (here rather than in pdf.py, which needs Django, so that
    `ahead.start_layout` can warm a worker with it before Django starts)."""
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


def chart_src(number: int) -> str:
    """The address of a document's chart `number` in its page."""
    return f"{CHART_SCHEME}{number}"


def write_pdf(html: str, svgs: dict[str, str], base_url: str, path: str) -> str:
    """Lay out `html` and write the PDF to `path`; `chart:N` images are answered from `svgs`."""
    import_weasyprint()
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


def warm(css: str, base_url: str, lang: str | None = None, freeze: bool = False) -> str:
    """Import WeasyPrint and lay out one line in the report's fonts and print CSS, so that the process
    is ready when the document's page arrives (`ahead.start_layout`). With `lang`, also read the
    hyphenation patterns WeasyPrint reads for a page in that language (the reports' paragraphs are
    hyphenated: `report.css`): pyphen keeps them for the process, and reading them was 0.13–0.17 s of
    CPU of a note's first layout at load 3. `freeze` (a worker process only): move what the import made
    (~57,000 objects that live as long as the process) out of the collector's way (`gc.freeze`): the
    collections during a note's layout took 0.07 s of CPU at load 3, 0.02–0.03 s after."""
    import_weasyprint()
    from weasyprint import HTML

    HTML(string=f"<html><head><style>{css}</style></head><body><p>Қазақстан — <b>2023</b></p></body></html>",
         base_url=base_url).write_pdf()
    if lang:
        import pyphen

        if pyphen.language_fallback(lang):  # as WeasyPrint looks the page's lang up (none for kk)
            pyphen.Pyphen(lang=lang)
    if freeze:
        import gc

        gc.freeze()
    return "ready"
