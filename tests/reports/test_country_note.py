"""The bilateral country note on the real data: the France tables as period 2022, the 2023 tables.

Documents are built and rendered once per module (DOCX and PDF through the report renderers) and
read back; figures are checked against the statistics registry and, where the source tables allow,
against numbers worked out here from the CSV files.
"""

from __future__ import annotations

import csv
import re

import pytest
from django.utils import translation

from intlmon.analytics.registry import compute
from intlmon.reports.country import build_country_note
from intlmon.reports.document import Heading, Paragraph, Table
from intlmon.reports.formats import FORMATS
from tests.helpers import loaded_reference

# marks the module as using the database, so pytest-django sets up the test database before the
# module fixture (it skips the set-up when no collected test asks for the database)
pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _docx_text(path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return _flat("\n".join(parts))


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return _flat("\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages))


def _plain(doc) -> str:
    return _flat("\n".join(b.text for b in doc.blocks if isinstance(b, (Heading, Paragraph))))


@pytest.fixture(scope="module")
def notes(django_db_setup, django_db_blocker, reference_2023, tmp_path_factory):
    out = tmp_path_factory.mktemp("notes")
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        data = {"docs": {}, "files": {}, "stats": {}}
        for code, year in (("FR", 2022), ("RU", 2023), ("IS", 2023)):
            for lang in ("en", "ru", "kk"):
                data["docs"][(code, year, lang)] = build_country_note(code, year, lang)
        for lang in ("en", "ru"):
            doc = data["docs"][("FR", 2022, lang)]
            data["files"][lang] = {
                "docx": _docx_text(FORMATS["docx"](doc, out / f"fr-{lang}.docx")),
                "pdf": _pdf_text(FORMATS["pdf"](doc, out / f"fr-{lang}.pdf")),
            }
        s = data["stats"]
        s["fr_ddp"] = compute("double_degree_programmes", 2022).get(country="FR").value
        s["fr_ddp_enrolment"] = compute("double_degree_programmes_enrolment", 2022).get(country="FR").value
        s["fr_visiting"] = compute("visiting_faculty_by_country", 2022).get(country="FR").value
        mobility = compute("mobility_by_country", 2022)
        s["fr_outbound"] = mobility.get(country="FR", direction="outbound", person="student").value
        s["ru_agreements"] = compute("agreements_by_country", 2023).get(country="RU").value
        s["ru_ddp"] = compute("double_degree_programmes", 2023).get(country="RU").value
    return data


def test_it_states_the_france_double_degree_figures_of_the_source_table(notes, reference_2023):
    rows = list(csv.DictReader((reference_2023 / "france" / "double_degree_programs.csv").open(encoding="utf-8")))
    by_hand_programmes = sum(int(r["active_ddp_count"]) for r in rows)  # 8 rows of 1: the note's "8 DDP"
    by_hand_students = sum(int(r["contingent"]) for r in rows)  # 1+8+2+7+6+65+36+2 = 127
    assert (by_hand_programmes, by_hand_students) == (8, 127)
    assert notes["stats"]["fr_ddp"] == by_hand_programmes
    assert notes["stats"]["fr_ddp_enrolment"] == by_hand_students
    en = notes["files"]["en"]
    for text in (en["docx"], en["pdf"]):
        assert "Kazakh HEIs run 8 double-degree programmes with partners from this country." in text
        assert "127 students are enrolled in them." in text


def _ru_students(n: int) -> str:
    """The Russian sentence for n outgoing students, its plural form chosen by the rule written out here."""
    if n % 10 == 1 and n % 100 != 11:
        return f"В 2022 году {n} обучающийся казахстанских вузов прошёл обучение в этой стране"
    return f"В 2022 году {n} обучающихся казахстанских вузов прошли обучение в этой стране"


def test_it_reads_back_the_headline_figures_from_docx_and_pdf_in_russian(notes, reference_2023):
    rows = list(csv.DictReader((reference_2023 / "france" / "student_mobility_counts.csv").open(encoding="utf-8")))
    printed = sum(int(r["count_raw"]) for r in rows if r["list_id"] == "kz_students_outbound_2022_by_kz_hei")
    assert printed == 101  # "In 2022, 101 students of RK … passed academic mobility training in French universities"
    outbound = notes["stats"]["fr_outbound"]
    assert 0 < outbound <= printed  # rows whose HEI is not resolved are not counted (they wait for review)
    assert _ru_students(101).startswith("В 2022 году 101 обучающийся") and "73 обучающихся" in _ru_students(73)
    ru = notes["files"]["ru"]
    for text in (ru["docx"], ru["pdf"].replace("\u2010 ", "")):
        # the note prints the source's 101 (line 5) and, when the rows held by HEI add up to less, says so
        assert _ru_students(printed) in text
        if outbound != printed:
            assert f"строка 5; по имеющимся записям — {outbound}." in text
        assert "Казахстанские вузы реализуют 8 программ двойного диплома" in text
        n = notes["stats"]["fr_visiting"]
        noun = "специалиста" if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14) else "специалистов"
        assert n % 10 != 1 or n % 100 == 11  # the singular sentence has another verb: not expected here
        assert f"были привлечены {n} {noun}" in text


def test_it_writes_the_note_in_kazakh_with_the_numbers_of_the_registry(notes):
    text = _plain(notes["docs"][("FR", 2022, "kk")])
    assert "Қазақстан – Франция" in notes["docs"][("FR", 2022, "kk")].title
    assert "осы елдің серіктестерімен 8 қос дипломды бағдарлама іске асырады" in text
    assert "Оларда 127 білім алушы оқиды." in text


def test_it_builds_the_russia_note_for_2023_from_the_registry(notes, reference_2023):
    rows = list(csv.DictReader((reference_2023 / "agreements_by_country.csv").open(encoding="utf-8")))
    [russia] = [r for r in rows if r["country"].strip() == "Россия"]
    assert notes["stats"]["ru_agreements"] == int(russia["agreement_count"])
    text = _plain(notes["docs"][("RU", 2023, "en")])
    agreements = f"{notes['stats']['ru_agreements']:,}"
    assert f"Kazakh HEIs reported {agreements} agreements with partners from this country." in text
    assert f"Kazakh HEIs run {notes['stats']['ru_ddp']} double-degree programmes" in text
    ru_text = _plain(notes["docs"][("RU", 2023, "ru")])
    assert f"{notes['stats']['ru_agreements']:,}".replace(",", " ") in ru_text


def test_it_says_briefly_when_a_section_has_no_data_instead_of_an_empty_table(notes):
    doc = notes["docs"][("IS", 2023, "en")]
    assert not [b for b in doc.blocks if isinstance(b, Table)]
    text = _plain(doc)
    for sentence in (
        "No agreements with partners from this country were reported for 2023.",
        "No double-degree programmes with partners from this country were reported for 2023.",
        "No visiting specialists from this country were reported for 2023.",
        "No student mobility from Kazakhstan to this country was reported for 2023.",
    ):
        assert sentence in text
    with translation.override("ru"):
        ru = _plain(notes["docs"][("IS", 2023, "ru")])
    assert "За 2023 год сведений о договорах с партнёрами из этой страны не представлено." in ru
    # a section says one thing: the figure (the note's 84 agreements, once the registry carries it) or "no data"
    fr = _plain(notes["docs"][("FR", 2022, "en")])
    said_none = "No agreements with partners from this country were reported for 2022." in fr
    said_some = "Kazakh HEIs reported 84 agreements with partners from this country." in fr
    assert said_none != said_some


def test_it_lists_the_double_degree_programmes_one_by_one_with_a_total(notes):
    doc = notes["docs"][("FR", 2022, "en")]
    [table] = [b for b in doc.blocks if isinstance(b, Table) and "Double-degree programmes" in b.caption]
    students = table.columns.index("Students")
    assert len(table.rows) == notes["stats"]["fr_ddp"]  # one row per programme: 8
    assert table.total[students] == notes["stats"]["fr_ddp_enrolment"] == sum(r[students] for r in table.rows)
    assert len({r[0] for r in table.rows}) == 4  # AlmaU, KazNU, KazNPU, KAZGUU: "4 Kazakhstani OVPO … 8 DDP"
    # the source says 4 are taught in English (line 94) but its table names 2: a note under the table says both
    english = [r for r in table.rows if "English" in r[table.columns.index("Programme (level; language of instruction)")]]
    assert len(english) == 2
    assert any("line 94 that 4 are taught in English; the programmes listed here name 2." in n for n in table.notes)


def test_every_note_reconciles_one_value_per_quantity_totals_equal_rows(notes):
    """The reconciliation rule over the document model (`reports.reconcile.check`): the France note's
    headline of 25 visiting specialists and the total of its table by HEI, its "4 HEIs" and the HEIs its
    programme table lists, the 127 students and that table's total — and the same for Russia and Iceland."""
    from intlmon.reports.reconcile import check

    for key, doc in notes["docs"].items():
        assert check(doc) == [], key
    fr = notes["docs"][("FR", 2022, "en")]
    annotated = [p for b in fr.blocks if isinstance(b, Paragraph) for p in b.figures]
    assert len(annotated) >= 10  # the headline sentences say which quantity they print


def test_a_country_with_many_programmes_gets_them_by_hei_not_one_by_one(notes):
    """Russia has 110 programmes in 2023: listed one by one they took fourteen pages; the note tabulates
    them by HEI instead, every HEI the sentence counts, the total equal to the figure in the text."""
    doc = notes["docs"][("RU", 2023, "en")]
    [table] = [b for b in doc.blocks if isinstance(b, Table) and "Double-degree" in b.caption]
    assert table.columns == ["HEI", "Programmes", "Students"]
    assert table.total[1] == notes["stats"]["ru_ddp"] == sum(r[1] for r in table.rows)
    assert f"They are offered by {len(table.rows)} HEIs." in _plain(doc)
