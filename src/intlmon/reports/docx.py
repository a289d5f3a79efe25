"""DOCX rendering with python-docx: a document analysts can edit in Word.

Real Word structure: Title, Heading 1-3 styles (so Word's navigation pane and TOC work), a TOC
field (pre-filled with the headings and marked dirty so Word refreshes page numbers on opening),
captions in the Caption style with SEQ fields ("Table {SEQ Table}"), tables in a built-in table
style with a repeated header row, wide tables in landscape sections, charts as PNG pictures.
python-docx cannot create real footnotes (its template has no footnotes part), so footnotes are
numbered superscript references with the notes listed under a "Notes" heading at the end.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.simpletypes import ST_HpsMeasure
from docx.shared import Cm, Pt, RGBColor
from lxml.etree import SubElement

from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    caption_label,
    format_number,
)
from intlmon.reports.formats import chart_alt, chart_png
from intlmon.reports.html import column_shares, word

TABLE_STYLE = "Light Grid Accent 1"
FONT = "Arial"  # present on analysts' machines and covers Kazakh Cyrillic


def _field(paragraph, instruction: str, result: str, bold: bool = False):
    """A complex field (begin / instrText / separate / result / end) whose cached result is visible
    to readers that do not update fields (and to python-docx's paragraph.text)."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    begin.set(qn("w:dirty"), "true")
    run_with(begin)
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    sep = OxmlElement("w:fldChar")
    sep.set(qn("w:fldCharType"), "separate")
    run_with(sep)
    shown = paragraph.add_run(result)
    shown.bold = bold
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    run_with(end)


def _setup(doc, document: Document) -> None:
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(10.5)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        if style.element.rPr is not None and style.element.rPr.rFonts is not None:
            for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
                style.element.rPr.rFonts.attrib.pop(qn(attr), None)
    doc.styles["Caption"].font.size = Pt(9.5)
    doc.styles["Caption"].font.color.rgb = RGBColor(0x1A, 0x1A, 0x1A)
    doc.styles["Caption"].font.italic = False
    core = doc.core_properties
    core.title = document.title
    core.subject = document.subtitle
    core.author = document.author or "intlmon"
    core.language = document.lang
    section = doc.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.0)
    section.top_margin = section.bottom_margin = Cm(2.0)
    # ask Word to refresh the TOC and SEQ fields on opening
    settings = doc.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _caption(doc, document: Document, block) -> None:
    kind = "table" if isinstance(block, Table) else "figure"
    seq = "Table" if kind == "table" else "Figure"
    p = doc.add_paragraph(style="Caption")
    word_only = caption_label(kind, None, document.lang)
    p.add_run(word_only + " ").bold = True
    _field(p, f"SEQ {seq} \\* ARABIC", str(block.number), bold=True)
    p.add_run(". " + block.caption).bold = True
    p.paragraph_format.keep_with_next = True


def _set_landscape(doc, landscape: bool) -> None:
    current = doc.sections[-1]
    if (current.orientation == WD_ORIENT.LANDSCAPE) == landscape:
        return
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    width, height = Cm(21.0), Cm(29.7)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (height, width) if landscape else (width, height)
    section.left_margin = section.right_margin = Cm(1.5 if landscape else 2.0)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


_W_P, _W_PPR, _W_JC, _W_R, _W_RPR, _W_B, _W_SZ, _W_T, _W_VAL, _XML_SPACE = (
    qn(n) for n in ("w:p", "w:pPr", "w:jc", "w:r", "w:rPr", "w:b", "w:sz", "w:t", "w:val", "xml:space"))


def _cell_text(tc, text: str, half_points: str, bold: bool, right: bool) -> None:
    """Write a table cell's text as one run: the XML python-docx writes for `cell.paragraphs[0].add_run(text)`,
    `run.font.size`, `run.bold` and a right alignment, made directly (python-docx's objects took most of a
    national DOCX's time: a thousand cells; #17). Text with tabs or line breaks goes through python-docx."""
    p = tc.find(_W_P)
    if right:
        SubElement(SubElement(p, _W_PPR), _W_JC).set(_W_VAL, "right")
    r = SubElement(p, _W_R)
    rpr = SubElement(r, _W_RPR)
    if bold:
        SubElement(rpr, _W_B)
    SubElement(rpr, _W_SZ).set(_W_VAL, half_points)
    if not text:
        return
    if "\t" in text or "\r" in text or "\n" in text:
        r.text = text  # python-docx's CT_R: <w:tab/>, <w:br/> between the pieces
        return
    t = SubElement(r, _W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _table(doc, document: Document, block: Table) -> None:
    lang = document.lang
    _set_landscape(doc, block.landscape)
    _caption(doc, document, block)
    rows = block.rows + ([block.total] if block.total else [])
    table = doc.add_table(rows=1 + len(rows), cols=len(block.columns))
    try:
        table.style = doc.styles[TABLE_STYLE]
    except KeyError:
        table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    size = Pt(7.5 if len(block.columns) > 6 else 9)
    header = table.rows[0]
    _repeat_header(header)
    for cell, text in zip(header.cells, block.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        run.font.size = size
    half_points = ST_HpsMeasure.convert_to_xml(size)
    trs = table._tbl.tr_lst
    for r, values in enumerate(rows, start=1):
        is_total = block.total is not None and r == len(rows)
        for tc, value in zip(trs[r].tc_lst, values, strict=True):
            _cell_text(tc, format_number(value, lang), half_points, is_total,
                       isinstance(value, (int, float, Decimal)) and not isinstance(value, bool))
    shares = column_shares(block)
    if shares:
        section = doc.sections[-1]
        usable = section.page_width - section.left_margin - section.right_margin
        table.autofit = False
        widths = [int(usable * share) for share in shares]
        for tr in trs:  # the table has no merged cells: a row's cells are its columns
            for tc, width in zip(tr.tc_lst, widths, strict=True):
                tc.width = width
    for note in block.notes:
        p = doc.add_paragraph()
        p.add_run(note).font.size = Pt(8)
    doc.add_paragraph()
    if block.landscape:
        _set_landscape(doc, False)


def _figure(doc, document: Document, block: Figure) -> None:
    _set_landscape(doc, False)
    png = chart_png(block.chart)
    section = doc.sections[-1]
    usable = section.page_width - section.left_margin - section.right_margin
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.keep_with_next = True
    picture = p.add_run().add_picture(io.BytesIO(png), width=min(usable, Cm(16)))
    doc_pr = picture._inline.docPr
    doc_pr.set("descr", chart_alt(block.chart, block.caption))
    _caption(doc, document, block)
    for note in block.notes:
        doc.add_paragraph().add_run(note).font.size = Pt(8)


def _toc(doc, document: Document, block: TableOfContents) -> None:
    doc.add_paragraph(block.title or word("contents", document.lang), style="TOC Heading" if "TOC Heading" in [s.name for s in doc.styles] else "Heading 1")
    p = doc.add_paragraph()
    levels = f"1-{block.max_level}"
    preview = "\n".join(("    " * (h.level - 1)) + h.text for h in document.headings(block.max_level))
    _field(p, f'TOC \\o "{levels}" \\h \\z \\u', preview)
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _key_figures(doc, document: Document, block: KeyFigures) -> None:
    if block.title:
        doc.add_heading(block.title, level=3)
    table = doc.add_table(rows=1, cols=len(block.items))
    table.style = doc.styles["Table Grid"]
    for cell, (label, value, small) in zip(table.rows[0].cells, block.items, strict=True):
        cell.text = ""
        big = cell.paragraphs[0].add_run(format_number(value, document.lang))
        big.bold = True
        big.font.size = Pt(15)
        big.font.color.rgb = RGBColor(0x1F, 0x4E, 0x79)
        cell.add_paragraph().add_run(label).font.size = Pt(8.5)
        if small:
            note = cell.add_paragraph().add_run(small)
            note.font.size = Pt(7.5)
            note.font.color.rgb = RGBColor(0x55, 0x55, 0x55)
    doc.add_paragraph()


def _remember_style_ids(doc) -> None:
    """python-docx looks a style's id up in the styles part at every use (and, to tell whether it is the
    default one, walks every style): a quarter of a national DOCX's time for the same few styles.
    The styles do not change while the body is written, so each answer is kept for this document."""
    part, known = doc.part, {}
    look_up = part.get_style_id

    def get_style_id(style_or_name, style_type):
        key = (getattr(style_or_name, "style_id", style_or_name), style_type)
        if key not in known:
            known[key] = look_up(style_or_name, style_type)
        return known[key]

    part.get_style_id = get_style_id


def render_docx(document: Document, path) -> Path:
    document.numbered()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc = new_docx()
    _setup(doc, document)
    _remember_style_ids(doc)
    doc.add_paragraph(document.title, style="Title")
    if document.subtitle:
        doc.add_paragraph(document.subtitle, style="Subtitle")
    numbers = document.footnote_numbers()
    notes: list[tuple[int, str]] = []
    for i, block in enumerate(document.blocks):
        if isinstance(block, Heading):
            _set_landscape(doc, False)
            doc.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            p = doc.add_paragraph()
            run = p.add_run(block.text)
            if block.style == "note":
                run.font.size = Pt(8.5)
            for n, text in zip(numbers.get(i, []), block.footnotes, strict=True):
                p.add_run(str(n)).font.superscript = True
                notes.append((n, text))
        elif isinstance(block, KeyFigures):
            _key_figures(doc, document, block)
        elif isinstance(block, Table):
            _table(doc, document, block)
        elif isinstance(block, Figure):
            _figure(doc, document, block)
        elif isinstance(block, PageBreak):
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif isinstance(block, TableOfContents):
            _toc(doc, document, block)
    if notes:
        _set_landscape(doc, False)
        doc.add_heading(word("notes", document.lang), level=1)
        for n, text in notes:
            p = doc.add_paragraph()
            p.add_run(f"{n}. ").bold = True
            p.add_run(text).font.size = Pt(9)
    doc.save(path)
    return path
