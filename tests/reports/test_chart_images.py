"""Chart images are drawn once per spec and number locale (never served stale when the spec or the
locale changes), can be drawn ahead in worker processes with the same result, and PDFs laid out in a
worker are written (or their error raised) before `formats.batch()` is left (issue #17)."""

from __future__ import annotations

import re

import pytest
from pypdf import PdfReader

from intlmon.reports import workers
from intlmon.reports.chart_images import ChartImages
from intlmon.reports.charts import bar_chart, line_chart
from intlmon.reports.document import Document, Figure, Heading, Paragraph
from intlmon.reports.formats import batch, render


def _texts(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>([^<]*)</text>", svg)


def _chart(lang: str, value: int = 1500, title: str = "Almaty"):
    """A chart whose spec has no word of any language: kk, ru and en build the same dict."""
    return bar_chart([(title, value), ("Astana", 20)], "", "", "", lang)


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():
    yield
    workers.close()


def test_two_languages_that_write_numbers_alike_share_one_drawing_of_the_same_spec():
    images = ChartImages()
    kk, ru = _chart("kk"), _chart("ru")
    assert kk.spec == ru.spec
    assert images.svg(kk) == images.svg(ru)
    assert images.drawn == 1


def test_the_same_spec_in_english_is_drawn_again_with_english_numbers():
    images = ChartImages()
    ru, en = images.svg(_chart("ru")), images.svg(_chart("en"))
    assert images.drawn == 2
    assert "1\u00a0500" in _texts(ru) and "1,500" in _texts(en)


def test_a_changed_spec_is_drawn_anew_not_served_from_the_store():
    images = ChartImages()
    first = images.svg(_chart("en"))
    second = images.svg(_chart("en", value=1600))
    renamed = images.svg(_chart("en", title="Shymkent"))
    assert images.drawn == 3
    assert "1,600" in _texts(second) and "1,600" not in _texts(first)
    assert "Shymkent" in _texts(renamed) and "Shymkent" not in _texts(first)
    assert images.svg(_chart("en")) == first and images.drawn == 3


def test_the_png_is_rasterised_from_the_stored_svg_without_drawing_again():
    images = ChartImages()
    images.svg(_chart("en"))
    png = images.png(_chart("en"))
    assert png.startswith(b"\x89PNG") and images.drawn == 1
    assert images.png(_chart("en")) is png


def test_the_store_keeps_only_its_limit_and_draws_a_dropped_chart_again():
    images = ChartImages(limit=2)
    for value in (1, 2, 3):
        images.svg(_chart("en", value=value))
    images.svg(_chart("en", value=3))
    assert images.drawn == 3
    images.svg(_chart("en", value=1))
    assert images.drawn == 4


def test_charts_drawn_ahead_in_workers_are_the_pictures_drawn_here():
    charts = [_chart("en", value=v) for v in (10, 20, 30)] + [line_chart({"Қ": {2022: 1, 2023: 2}}, "t", "", "", "kk")]
    ahead, here = ChartImages(pool_from=2), ChartImages(pool_from=99)
    assert ahead.prefetch(charts, png_scale=2.0) == 4
    assert here.prefetch(charts, png_scale=2.0) == 0  # below the threshold: drawn when asked
    assert ahead.prefetch(charts, png_scale=2.0) == 0  # already under way: not started twice
    for chart in charts:
        assert ahead.svg(chart) == here.svg(chart)
        assert ahead.png(chart) == here.png(chart)
    assert ahead.drawn == here.drawn == 4


def test_a_worker_booted_ahead_draws_even_one_chart_with_its_png_and_the_same_pictures():
    chart, here = _chart("en", value=77), ChartImages(pool_from=99)
    ahead = ChartImages()  # pool_from 4: one chart would be drawn here, were no engine booted ahead
    ahead.start_workers(count=1)
    assert ahead.prefetch([chart], png_scale=2.0) == 1
    assert ahead.release_workers() is False  # it was given a chart: kept
    assert ahead.svg(chart) == here.svg(chart) and ahead.png(chart) == here.png(chart)
    assert ahead.drawn == 1  # the PNG came with the SVG: nothing drawn here
    workers.close()


def test_workers_booted_ahead_for_charts_no_one_draws_are_stopped(tmp_path):
    kept = ChartImages(folder=tmp_path)
    kept.svg(_chart("en", value=78))
    for charts in ([], [_chart("en", value=78)]):  # a note without a chart; a chart read from disk
        images = ChartImages(folder=tmp_path)
        images.start_workers(count=1)
        assert images.prefetch(charts) == 0
        assert images.release_workers() is True and workers.running("charts") is None
        assert images.release_workers() is False  # once
    later = images.svg(_chart("en", value=79))  # a chart asked for afterwards is still drawn (here)
    assert "79" in _texts(later) and images.drawn == 1


def _document(lang: str = "en", charts: int = 10) -> Document:
    """A document heavy enough (`pdf.WORKER_FROM`) to be laid out in a worker within a batch."""
    figures = [Figure(f"Agreements by country {i}", bar_chart([("Қазақстан", 3), ("France", i)], "Agreements", "",
                                                               "agreements", lang)) for i in range(charts)]
    return Document("Report", lang, blocks=[Heading(1, "Agreements"), Paragraph("Three agreements."), *figures])


def test_a_pdf_laid_out_in_a_worker_is_written_when_the_batch_ends(tmp_path):
    from intlmon.reports import formats

    with batch():
        paths = render(_document(), tmp_path, "report", ["pdf", "html"])
        assert len(formats._batch.pending) == 1  # handed to a worker, not written yet here
    pdf = PdfReader(str(paths[0]))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Three agreements." in text and "Қазақстан" in text  # the chart's labels are text in the PDF
    assert (tmp_path / "report.html").exists()


def test_a_worker_that_cannot_write_the_pdf_fails_the_batch(tmp_path):
    (tmp_path / "taken").write_text("a file, not a folder")
    with pytest.raises(OSError), batch():
        from intlmon.reports.formats import render_pdf

        render_pdf(_document(), tmp_path / "taken" / "report.pdf")


def test_a_batch_of_one_file_writes_it_here_before_render_returns(tmp_path):
    with batch(parallel=False):
        (path,) = render(_document("ru", charts=1), tmp_path, "one", ["pdf"])
        assert PdfReader(str(path)).pages


def test_a_light_document_is_laid_out_here_even_in_a_batch(tmp_path):
    from intlmon.reports import formats
    from intlmon.reports.pdf import WORKER_FROM, weight

    light = _document("kk", charts=1)
    assert weight(light) < WORKER_FROM <= weight(_document("kk"))
    with batch():
        (path,) = render(light, tmp_path, "light", ["pdf"])
        assert PdfReader(str(path)).pages
        assert formats._batch.pending == []


def test_a_chart_drawn_by_one_process_is_read_from_disk_by_the_next(tmp_path):
    first, second = ChartImages(folder=tmp_path), ChartImages(folder=tmp_path)
    svg, png = first.svg(_chart("en")), first.png(_chart("en"))
    assert first.drawn == 1
    assert second.svg(_chart("en")) == svg and second.png(_chart("en")) == png
    assert second.drawn == 0  # no Vega run: read from the file
    assert second.prefetch([_chart("en")] * 5, png_scale=2.0) == 0


def test_a_changed_spec_is_not_served_from_disk(tmp_path):
    ChartImages(folder=tmp_path).svg(_chart("en"))
    again = ChartImages(folder=tmp_path)
    changed = again.svg(_chart("en", value=1600))
    assert again.drawn == 1 and "1,600" in _texts(changed)
    assert again.svg(_chart("ru")) != again.svg(_chart("en"))  # the locale is part of the key


def test_the_oldest_files_beyond_the_limit_are_removed(tmp_path, monkeypatch):
    from intlmon.reports import chart_images

    monkeypatch.setattr(chart_images, "FILES_LIMIT", 2)
    images = ChartImages(folder=tmp_path)
    for value in (1, 2, 3):
        images.svg(_chart("en", value=value))
    images._trim()
    assert len([p for p in tmp_path.glob("*/*") if not p.name.startswith(".")]) == 2
