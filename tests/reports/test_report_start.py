"""What makes a report sooner changes nothing in it (#17): a table's cells written as XML directly are
the XML python-docx writes for them, and the worker processes `intlmon report` starts before Django are
the ones its arguments need."""

from __future__ import annotations

from decimal import Decimal

import pytest
from docx import Document as new_docx
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from lxml import etree

from intlmon.reports import ahead
from intlmon.reports.document import Document, Table, format_number

ROWS = [["Франция", 1234, Decimal("2.50"), "47,7 %"], [" leading space", 0, 1.5, ""],
        ["tab\there", 3, None, "line\nbreak"], ["Всего", 1237, Decimal("4"), "100 %"]]


def _reference_cells(table, rows, lang, size, total):
    """The loop the renderer ran before (python-docx's objects): the XML to match."""
    for r, values in enumerate(rows, start=1):
        is_total = total and r == len(rows)
        for cell, value in zip(table.rows[r].cells, values, strict=True):
            paragraph = cell.paragraphs[0]
            run = paragraph.add_run(format_number(value, lang))
            run.font.size = size
            run.bold = is_total or None
            if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_table_cells_written_directly_are_the_xml_python_docx_writes(tmp_path, lang):
    from docx import Document as read_docx

    from intlmon.reports.docx import render_docx

    block = Table("Соглашения", ["Страна", "Соглашения", "Доля", "Рост"], ROWS[:-1], total=ROWS[-1])
    written = read_docx(str(render_docx(Document("Отчёт", lang, blocks=[block]), tmp_path / "t.docx")))
    reference = new_docx()
    table = reference.add_table(rows=1 + len(ROWS), cols=4)
    _reference_cells(table, ROWS, lang, Pt(9), total=True)

    def body_rows(tbl):  # each cell's paragraph (the cells' widths follow each document's page)
        return [[etree.tostring(tc.p_lst[0]) for tc in tr.tc_lst] for tr in tbl._tbl.tr_lst[1:]]

    assert body_rows(written.tables[0]) == body_rows(table)
    assert written.tables[0].cell(3, 0).text == "tab\there"


@pytest.fixture
def started(monkeypatch):
    calls = []
    monkeypatch.setattr(ahead, "start_layout", lambda lang, count=1, early=False: calls.append(("layout", lang, count)))
    from intlmon.reports.chart_images import images

    monkeypatch.setattr(images, "start_workers",
                        lambda count=None, nice=None, early=False: calls.append(("charts", count)))
    return calls


@pytest.mark.parametrize(("args", "expected"), [
    (["national", "--year", "2023", "--lang", "kk,ru,en", "--format", "docx,pdf,html"],
     [("charts", None), ("layout", "kk", 3)]),
    (["national", "--year=2023", "--lang=en", "--format=html"], [("charts", None)]),
    # a note or a profile: one chart worker, on the guess that it has a chart
    (["country", "FR", "--year", "2022", "--lang", "en", "--format", "pdf"], [("layout", "en", 1), ("charts", 1)]),
    (["country", "FR", "--year", "2022", "--lang", "ru"], [("layout", "ru", 1), ("charts", 1)]),  # default: pdf too
    (["country", "FR", "--year", "2022", "--format", "docx"], [("charts", 1)]),
    (["institution", "kaznu", "--year", "2023", "--format", "html"], [("charts", 1)]),
    (["index", "--year", "2023", "--format", "html"], []),
    (["national", "--lang", "en"], []),  # no --year: a usage error, nothing started for it
    (["national", "--year", "2023", "--help"], []),
])
def test_the_workers_started_before_django_are_the_ones_the_arguments_need(started, args, expected):
    ahead.start(args)
    assert started == expected


def test_workers_started_before_django_are_forked_and_after_it_spawned():
    """Before Django is set up the command's process holds nothing a child could inherit wrongly (no
    connection, no vl-convert engine): its workers are forked; once set up (as here), spawned."""
    import subprocess
    import sys

    from intlmon.reports import workers

    code = ("from intlmon.reports import ahead, workers\n"
            "ahead.start(['country', 'FR', '--year', '2022', '--lang', 'en', '--format', 'pdf'])\n"
            "print(workers.forked('layout'), workers.forked('charts'), ahead.every_worker_warming())\n"
            "workers.close()")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "True"]
    assert not workers._nothing_to_inherit()  # Django is set up in the tests' process
    try:
        workers.pool("layout", early=True)
        assert not workers.forked("layout")
    finally:
        workers.close()
