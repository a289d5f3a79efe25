"""What a fresh `intlmon report` process is spared (#17) changes nothing a reader sees: numbers are
formatted as before whatever their type, a PDF laid out in the worker started ahead is the PDF laid
out here, DOCX styles are the ones named, and WeasyPrint loads the same libraries without the search."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import pytest
from pypdf import PdfReader

from intlmon.reports import workers
from intlmon.reports.document import Document, Heading, Paragraph, Table, format_number


@pytest.fixture(scope="module", autouse=True)
def _stop_workers():
    yield
    workers.close()


@pytest.mark.parametrize(("value", "lang", "shown"), [
    (1, "en", "1"), (1.0, "en", "1.0"), (Decimal("1"), "en", "1"), (Decimal("1.50"), "ru", "1,5"),
    (6044, "ru", "6\u00a0044"), (6044, "en", "6,044"), (6044.0, "kk", "6\u00a0044,0"), (True, "en", "True"),
])
def test_a_number_is_formatted_by_its_type_and_language_each_time(value, lang, shown):
    for _ in range(2):  # the second answer comes from the kept one
        assert format_number(value, lang) == shown
    assert format_number(4.8, "ru", digits=2) == "4,80" and format_number(4.8, "ru") == "4,8"


def _document() -> Document:
    return Document("Отчёт", "ru", blocks=[Heading(1, "Соглашения"), Paragraph("Қазақстан: 3 соглашения."),
                                           Table("Соглашения по странам", ["Страна", "Соглашения"],
                                                 [["Франция", 3], ["Германия", 1]], total=["Всего", 4])])


def _text(path) -> list[str]:
    return [page.extract_text() for page in PdfReader(str(path)).pages]


def test_a_pdf_laid_out_by_the_worker_started_ahead_is_the_one_laid_out_here(tmp_path):
    from intlmon.reports.pdf import render_pdf, worker_ahead

    here = render_pdf(_document(), tmp_path / "here.pdf")
    with worker_ahead("ru"):
        ahead = render_pdf(_document(), tmp_path / "ahead.pdf")
    assert _text(ahead) == _text(here) and "Қазақстан: 3 соглашения." in _text(ahead)[0]


def test_a_docx_keeps_the_styles_it_names(tmp_path):
    from docx import Document as Docx

    from intlmon.reports.docx import render_docx

    doc = Docx(str(render_docx(_document(), tmp_path / "r.docx")))
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[:2] == ["Title", "Heading 1"] and "Caption" in styles
    assert doc.tables[0].style.name and doc.tables[0].cell(1, 0).text == "Франция"


def test_weasyprint_loads_its_libraries_without_running_a_search():
    code = ("import subprocess, sys\n"
            "started = []\n"
            "sys.addaudithook(lambda e, a: started.append(a[0]) if e == 'subprocess.Popen' else None)\n"
            "from intlmon.reports.pdf_writer import import_weasyprint\n"
            "w = import_weasyprint()\n"
            "w.HTML(string='<p>x</p>').write_pdf()\n"
            "print(len(started))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "0"
