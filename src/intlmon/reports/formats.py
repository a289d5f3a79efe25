"""The one place where output formats are registered, plus the chart-image cache they share.

`FORMATS[name](document, path) -> Path` writes one file. Renderers are imported lazily so that
asking for HTML does not load WeasyPrint or python-docx. Chart images are cached per chart spec
and kind, because the same figure is drawn for PDF and DOCX (and again for each run of a
benchmark), and vl-convert is the slowest step of a report.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from threading import Lock


def render_html(document, path) -> Path:
    from intlmon.reports.html import render_html as render

    return render(document, path)


def render_pdf(document, path) -> Path:
    from intlmon.reports.pdf import render_pdf as render

    return render(document, path)


def render_docx(document, path) -> Path:
    from intlmon.reports.docx import render_docx as render

    return render(document, path)


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
    return [FORMATS[f](document, directory / f"{stem}{SUFFIX[f]}") for f in formats]


# -- chart images --------------------------------------------------------------------------------
_cache: dict[tuple[str, str, float], bytes | str] = {}
_lock = Lock()


def _key(chart) -> str:
    spec = getattr(chart, "spec", None)
    if spec is None:
        spec = getattr(chart, "vega_lite", chart)
    if hasattr(spec, "to_dict"):
        spec = spec.to_dict()
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, default=str)


def chart_alt(chart, fallback: str = "") -> str:
    for name in ("alt", "alt_text", "description"):
        value = getattr(chart, name, None)
        if isinstance(value, str) and value:
            return value
    return fallback


def chart_svg(chart) -> str:
    """The chart as an SVG string (HTML and PDF: vector, sharp and searchable)."""
    key = (_key(chart), "svg", 1.0)
    with _lock:
        if key in _cache:
            return _cache[key]
    from intlmon.reports.charts import render_svg

    svg = render_svg(chart)
    with _lock:
        _cache[key] = svg
    return svg


def chart_png(chart, scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (for DOCX). Rasterised from the cached SVG (resvg, no second Vega run),
    which is several times faster than rendering the spec again and draws exactly the same picture."""
    key = (_key(chart), "png", scale)
    with _lock:
        if key in _cache:
            return _cache[key]
    import vl_convert as vlc

    from intlmon.reports.charts import register_fonts

    register_fonts()
    png = vlc.svg_to_png(chart_svg(chart), scale=scale)
    with _lock:
        _cache[key] = png
    return png
