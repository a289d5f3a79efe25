"""The one place where output formats are registered, plus the chart images they share.

`FORMATS[name](document, path) -> Path` writes one file. Renderers are imported lazily so that
asking for HTML does not load WeasyPrint or python-docx. Chart images come from
`chart_images.images`: drawn once per spec and number locale (the same figure serves PDF, HTML and
DOCX), and ahead in worker processes when `render` is given a document with several charts.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path


def render_html(document, path) -> Path:
    from intlmon.reports.html import render_html as render

    return render(document, path)


def render_pdf(document, path) -> Path:
    from intlmon.reports.pdf import render_pdf as render

    return render(document, path, _batch.pending)


def render_docx(document, path) -> Path:
    from intlmon.reports.docx import render_docx as render

    return render(document, path)


class _Batch(threading.local):
    pending: list | None = None


_batch = _Batch()


@contextmanager
def batch(parallel: bool = True):
    """Within it, PDFs are laid out in worker processes while the caller goes on with the next
    document (`render` returns the path at once); leaving it waits until every file is written and
    raises the first error. Outside it (or with `parallel` false: one file, nothing to overlap it
    with, not worth starting a worker), `render` returns when the file is there."""
    outer, _batch.pending = _batch.pending, ([] if parallel else None)
    try:
        yield
        for future in _batch.pending or ():
            future.result()
    finally:
        for future in _batch.pending or ():
            future.cancel()
        _batch.pending = outer


FORMATS: dict[str, Callable] = {"html": render_html, "pdf": render_pdf, "docx": render_docx}
SUFFIX = {"html": ".html", "pdf": ".pdf", "docx": ".docx"}


def parse_choices(text: str, allowed, what: str) -> list[str]:
    """'docx,pdf' -> ['docx', 'pdf'] (order kept, repeats dropped); ValueError naming the unknown ones."""
    names = [n.strip().lower() for n in text.split(",") if n.strip()]
    unknown = [n for n in names if n not in allowed]
    if unknown or not names:
        raise ValueError(f"unknown {what}: {', '.join(unknown) or '(none)'}; choose from {', '.join(allowed)}")
    return list(dict.fromkeys(names))


def parse_formats(text: str) -> list[str]:
    return parse_choices(text, FORMATS, "format(s)")


def render(document, directory: Path, stem: str, formats: list[str]) -> list[Path]:
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    prefetch_charts(document, formats)
    return [FORMATS[f](document, directory / f"{stem}{SUFFIX[f]}") for f in formats]


# -- chart images --------------------------------------------------------------------------------
# drawn once per spec and number locale, ahead in worker processes (reports/chart_images.py)


def chart_alt(chart, fallback: str = "") -> str:
    for name in ("alt", "alt_text", "description"):
        value = getattr(chart, name, None)
        if isinstance(value, str) and value:
            return value
    return fallback


def chart_svg(chart) -> str:
    """The chart as an SVG string (HTML and PDF: vector, sharp and searchable)."""
    from intlmon.reports.chart_images import images

    return images.svg(chart)


def chart_png(chart, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (for DOCX), rasterised from its SVG (resvg, no second Vega run)."""
    from intlmon.reports.chart_images import images

    return images.png(chart, scale)


def prefetch_charts(document, formats: list[str]) -> int:
    """Start drawing the document's charts in worker processes (with their PNG when DOCX is asked for)."""
    from intlmon.reports.chart_images import images
    from intlmon.reports.document import Figure

    charts = [block.chart for block in document.blocks if isinstance(block, Figure)]
    return images.prefetch(charts, png_scale=2.0 if "docx" in formats else None)
