"""Chart images — SVG for HTML and PDF, PNG for DOCX — drawn once per spec and number locale, and drawn
in worker processes while the report goes on when a document has several.

Why processes: vl-convert runs Vega in an embedded JavaScript engine and holds Python's GIL while it
does (a thread spinning beside it gets a twentieth of its turns), so threads cannot overlap a chart
with the rest of a report; a second process can (`workers.py`). A national report has 12 charts a language (about
0.15 s of CPU each, the world map 0.5 s), issue #17.

What keys an image: the two inputs of vl-convert, the spec's JSON and the d3 number locale. The
document's language counts only through the locale (kk and ru both write "1 234,5"), so a spec that is
word for word the same in two languages is drawn once, and any change of the spec is a new key —
never a stale picture. The store keeps the last `LIMIT` images (the web's dashboards use it too), and,
given a `folder` (the process's store: `VAR_DIR/chart-images`, set when Django starts), keeps each image
on disk under the same key too: a fresh process (`intlmon report …` on the command line) then starts no
JavaScript engine for a chart drawn before — booting vl-convert's costs more than drawing a note's
charts. The key is the spec itself, so a changed figure is a new file; the oldest files beyond
`FILES_LIMIT` are removed.

This module imports neither Django nor Altair: the workers import it alone.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from concurrent.futures import Future
from functools import lru_cache
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent / "assets" / "fonts"
#: images kept in memory (a national report in three languages draws 36 charts)
LIMIT = 512
#: fewer charts than this are drawn in this process (starting a worker costs about as much as two)
POOL_FROM = 4
#: image files kept on disk (a national report in three languages writes about 60; a map's SVG is the
#: largest, about 200 kB)
FILES_LIMIT = 2000

_fonts_lock = threading.Lock()
_fonts_registered = False


def register_fonts() -> None:
    """Make the shipped fonts known to vl-convert (once per process; later calls are free)."""
    global _fonts_registered
    with _fonts_lock:
        if not _fonts_registered:
            import vl_convert as vlc

            vlc.register_font_directory(str(FONT_DIR))
            _fonts_registered = True


@lru_cache(maxsize=1)
def drawing_tag() -> str:
    """What else makes a picture besides its key: vl-convert's version (its Vega) and the shipped fonts.
    Images on disk sit in a folder of this name, so a new vl-convert or font never serves an old one."""
    import vl_convert as vlc

    fonts = hashlib.sha256(repr(sorted((p.name, p.stat().st_size) for p in FONT_DIR.glob("*.ttf"))).encode())
    return f"vl-convert-{vlc.__version__}-fonts-{fonts.hexdigest()[:12]}"


def draw(spec_json: str, locale: dict, png_scale: float | None = None) -> tuple[str, bytes | None]:
    """The SVG of a Vega-Lite spec (JSON text) and, with `png_scale`, the PNG rasterised from that SVG
    (resvg: the same picture, no second Vega run). Runs in a worker or in this process."""
    import vl_convert as vlc

    register_fonts()
    svg = vlc.vegalite_to_svg(spec_json, format_locale=locale)
    return svg, (rasterise(svg, png_scale) if png_scale else None)


def rasterise(svg: str, scale: float) -> bytes:
    """The PNG of a drawn SVG (resvg, no Vega run). Runs in a worker or in this process."""
    import vl_convert as vlc

    register_fonts()
    return vlc.svg_to_png(svg, scale=scale)


#: a spec with nothing of a report in it, drawn to start vl-convert's JavaScript engine
_BOOT_SPEC = '{"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"x": {"field": "a", "type": "quantitative"}}}'


def boot() -> str:
    """Start vl-convert's JavaScript engine (its first drawing costs about 0.5 s of CPU, the next ones
    a tenth of that each): run in a worker ahead of the charts (`ChartImages.start_workers`)."""
    import vl_convert as vlc

    register_fonts()
    vlc.vegalite_to_svg(_BOOT_SPEC)
    return "ready"


def _spec_and_lang(chart) -> tuple[dict, str]:
    spec = getattr(chart, "spec", None)
    if spec is None:
        spec = getattr(chart, "vega_lite", chart)
    if hasattr(spec, "to_dict"):
        spec = spec.to_dict()
    return spec, getattr(chart, "lang", "en")


class Request:
    """One chart as vl-convert takes it: the spec's JSON, the locale, and the key of its images."""

    def __init__(self, chart):
        from intlmon.reports.charts import format_locale

        spec, lang = _spec_and_lang(chart)
        self.spec_json = json.dumps(spec, ensure_ascii=False, default=str)
        self.locale = format_locale(lang)
        sorted_json = json.dumps(spec, ensure_ascii=False, default=str, sort_keys=True)
        self.key = hashlib.sha256((sorted_json + "\0" + json.dumps(self.locale, sort_keys=True)).encode()).hexdigest()


class ChartImages:
    """The store of drawn images: `svg(chart)`, `png(chart, scale)`, and `prefetch(charts, png_scale)`,
    which starts drawing the missing ones in worker processes; `svg`/`png` then wait for their chart."""

    def __init__(self, limit: int = LIMIT, pool_from: int = POOL_FROM, folder: Path | None = None):
        self.limit, self.pool_from, self.folder = limit, pool_from, folder
        self._written = 0
        self._done: OrderedDict[tuple, str | bytes] = OrderedDict()
        #: SVGs being drawn in workers: the future and the PNG scale wanted once the SVG is there
        self._pending: dict[str, tuple[Future, float | None]] = {}
        self._booted = None  # the pool whose engines `start_workers` started
        self._sent = 0  # drawings given to the workers since `start_workers` (`release_workers`)
        #: PNGs being rasterised in workers, by (key, scale)
        self._rasterising: dict[tuple[str, float], Future] = {}
        self._lock = threading.Lock()
        #: how many specs Vega drew, here and in workers (tests read it: a stored image draws nothing)
        self.drawn = 0

    # -- reading ------------------------------------------------------------------------------
    def svg(self, chart) -> str:
        request = Request(chart)
        return self._get(request, ("svg",), None)

    def png(self, chart, scale: float = 2.0) -> bytes:
        request = Request(chart)
        return self._get(request, ("png", scale), scale)

    def _get(self, request: Request, kind: tuple, png_scale: float | None):
        key = (request.key, *kind)
        self._collect()
        with self._lock:
            if key in self._done:
                self._done.move_to_end(key)
                return self._done[key]
            pending = self._pending.pop(request.key, None)
            rasterising = self._rasterising.pop((request.key, png_scale), None) if kind[0] == "png" else None
        if rasterising is not None:
            png = rasterising.result()  # a worker's error is raised here, as it would be in this process
            self._store(request.key, None, png, png_scale)
            return png
        if pending is None:
            kept = self._read(key)
            if kept is not None:
                with self._lock:
                    self._done[key] = kept
                return kept
        if pending is not None:
            future, scale = pending
            svg, png = future.result()  # a worker's error is raised here, as it would be in this process
            self._store(request.key, svg, png, scale if png is not None else None)
            if scale is not None and png is None:
                self._rasterise_ahead(request.key, svg, scale)
            if kind[0] == "svg":
                return svg
            return self._get(request, kind, png_scale)
        if kind[0] == "png":
            svg = self._get(request, ("svg",), None)
            import vl_convert as vlc

            register_fonts()
            png = vlc.svg_to_png(svg, scale=png_scale)
            self._store(request.key, None, png, png_scale)
            return png
        svg, _ = draw(request.spec_json, request.locale)
        self._store(request.key, svg, None, None)
        return svg

    def _store(self, key: str, svg: str | None, png: bytes | None, scale: float | None) -> None:
        with self._lock:
            if svg is not None:
                self.drawn += 1
                self._done[(key, "svg")] = svg
            if png is not None:
                self._done[(key, "png", scale)] = png
            while len(self._done) > self.limit:
                self._done.popitem(last=False)
        if svg is not None:
            self._write((key, "svg"), svg.encode("utf-8"))
        if png is not None:
            self._write((key, "png", scale), png)

    # -- on disk ------------------------------------------------------------------------------------
    def _path(self, key: tuple) -> Path:
        name = f"{key[0]}.svg" if key[1] == "svg" else f"{key[0]}@{key[2]:g}x.png"
        return self.folder / drawing_tag() / name

    def _read(self, key: tuple) -> str | bytes | None:
        if self.folder is None:
            return None
        try:
            data = self._path(key).read_bytes()
        except OSError:  # not drawn before (or the folder is gone): drawn now
            return None
        return data.decode("utf-8") if key[1] == "svg" else data

    def _write(self, key: tuple, data: bytes) -> None:
        """Keep an image on disk (written whole, then renamed: a reader never sees half a file)."""
        if self.folder is None:
            return
        import os
        import tempfile

        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
        self._written += 1
        if self._written % 100 == 1:
            self._trim()

    def _trim(self) -> None:
        """Remove the oldest files beyond `FILES_LIMIT` (another process may be removing them too)."""
        dated = []
        for path in self.folder.glob("*/*"):
            if not path.name.startswith("."):
                try:
                    dated.append((path.stat().st_mtime, path))
                except FileNotFoundError:  # removed meanwhile by another process's trim
                    continue
        dated.sort()
        for _mtime, old in dated[: max(len(dated) - FILES_LIMIT, 0)]:
            old.unlink(missing_ok=True)

    def has(self, request: Request, png_scale: float | None) -> bool:
        """Whether the chart's images are stored (in memory, or on disk: then read into memory)."""
        wanted = [(request.key, "svg")] + ([(request.key, "png", png_scale)] if png_scale else [])
        for key in wanted:
            with self._lock:
                if key in self._done:
                    continue
            kept = self._read(key)
            if kept is None:
                return False
            with self._lock:
                self._done[key] = kept
        return True

    # -- drawing ahead --------------------------------------------------------------------------
    def prefetch(self, charts, png_scale: float | None = None) -> int:
        """Start drawing, in worker processes, each chart whose images are not stored yet (with its PNG
        when `png_scale` is given); returns how many were started. Below `pool_from` charts nothing is
        started — `svg`/`png` draw them here when asked — unless the workers' engines were booted ahead
        (`start_workers`): then even one chart is drawn there, its PNG in the same task (nothing else is
        queued behind it)."""
        wanted: dict[str, Request] = {}
        for chart in charts:
            request = Request(chart)
            with self._lock:
                if request.key in self._pending:  # under way (its PNG wanted now if not before)
                    future, scale = self._pending[request.key]
                    self._pending[request.key] = (future, scale or png_scale)
                    continue
                if png_scale and (request.key, png_scale) in self._rasterising:
                    continue
            if not self.has(request, png_scale):
                wanted.setdefault(request.key, request)
        booted = self._booted is not None and self._booted is _running()
        if not wanted or (len(wanted) < self.pool_from and not booted):
            return 0
        together = len(wanted) < self.pool_from  # a few charts: each one's PNG drawn in its SVG's task
        pool = self._workers()
        for key, request in wanted.items():
            with self._lock:
                svg = self._done.get((key, "svg"))
            if svg is not None:  # drawn before: only its PNG is missing
                self._rasterise_ahead(key, svg, png_scale)
                continue
            # the SVG alone: PDFs and web pages wait for it; the PNG (DOCX) is rasterised afterwards, in a
            # task of its own queued behind the SVGs of the documents made meanwhile (`_rasterise_ahead`)
            future = pool.submit(draw, request.spec_json, request.locale, png_scale if together else None)
            self._sent += 1
            with self._lock:
                self._pending[key] = (future, png_scale)
        return len(wanted)

    def _collect(self) -> None:
        """Keep the SVGs drawn by workers so far, and set each one's PNG rasterising (when one is wanted)."""
        with self._lock:
            done = [(key, entry) for key, entry in self._pending.items() if entry[0].done()]
            for key, _entry in done:
                del self._pending[key]
        for key, (future, scale) in done:
            svg, png = future.result()
            self._store(key, svg, png, scale if png is not None else None)
            if scale is not None and png is None:
                self._rasterise_ahead(key, svg, scale)

    def _rasterise_ahead(self, key: str, svg: str, scale: float) -> None:
        with self._lock:
            if (key, "png", scale) in self._done or (key, scale) in self._rasterising:
                return
        future = self._workers().submit(rasterise, svg, scale)
        self._sent += 1
        with self._lock:
            self._rasterising[(key, scale)] = future

    def start_workers(self, count: int | None = None, nice: int | None = None, early: bool = False) -> None:
        """Start the drawing workers and their JavaScript engines now (`boot`), while this process reads
        the data a report's charts are made of (the national report: 36 charts in three languages).
        `count` workers (default `workers.WORKERS`) at `nice`; `early`: called before Django is set up
        (`ahead.py`: the workers are forked). Started on a guess (a country note may have no chart, every
        chart may be on disk already): `release_workers` stops them when the documents need none."""
        from intlmon.reports import workers

        pool = workers.pool("charts", count=count, nice=nice, early=early)
        if self._booted is pool:  # once per pool (`intlmon report national` asks before Django and again)
            return
        self._booted, self._sent = pool, 0
        for _ in range(count or workers.WORKERS["charts"]):
            pool.submit(boot)

    def release_workers(self) -> bool:
        """Once every document of a report is made and its charts set drawing (`prefetch`): stop the
        workers `start_workers` booted if nothing was given to them — a note without a chart, or every
        chart read from disk — rather than let them finish starting an engine no one will use (about 0.5 s
        of CPU each). Returns whether they were stopped."""
        from intlmon.reports import workers

        if self._booted is None or self._sent or self._booted is not _running():
            return False
        self._booted = None
        workers.stop("charts")
        return True

    def _workers(self):
        from intlmon.reports import workers

        return workers.pool("charts")


def _running():
    """The drawing workers' pool if it is running (None if not started, or stopped since)."""
    from intlmon.reports import workers

    return workers.running("charts")


#: the process's store, shared by the renderers and the web's dashboards
images = ChartImages()
