"""The France 2022 note against its source, line by line (`shared/seeds/000_*.txt`).

Every figure the source states is listed below with the line it stands on; the test first checks
that the line really says it (so the list cannot drift from the source), then that the note built
from the imported tables states the same figure, in English, Russian and Kazakh, read back from the
DOCX and the PDF. A figure no record carries (84 agreements by 27 HEIs, 3 degree students) is printed
as the source's figure with its line in a footnote — never "none reported".
"""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from intlmon.analytics.labels import label
from intlmon.analytics.registry import compute
from intlmon.registry.models import ForeignOrganisation
from intlmon.reports.country import build_country_note
from intlmon.reports.country_stated import DEGREES, SPECIALTIES
from intlmon.reports.document import Figure, Paragraph, Table
from intlmon.reports.formats import FORMATS
from tests.conftest import SHARED_DIR
from tests.helpers import loaded_reference
from tests.reports.test_country_note import _docx_text, _flat, _pdf_text

pytestmark = pytest.mark.django_db

LANGS = ("en", "ru", "kk")
SOURCE = next((SHARED_DIR / "seeds").glob("000_*.txt"))
DOCUMENT = SOURCE.name

# (source line, what the line says, the note's sentence in en / ru / kk)
HEADLINES = [
    (5, "In 2022, 101 students of RK", {
        "en": "In 2022, 101 students of Kazakh HEIs studied in this country under academic mobility.",
        "ru": "В 2022 году 101 обучающийся казахстанских вузов прошёл обучение в этой стране по программам "
              "академической мобильности.",
        "kk": "2022 жылы қазақстандық жоғары оқу орындарының 101 білім алушысы академиялық ұтқырлық "
              "бағдарламалары бойынша осы елде білім алды.",
    }),
    (9, "In 2022, 17 French students", {
        "en": "In 2022, 17 students from this country studied at Kazakh HEIs under academic mobility.",
        "ru": "В 2022 году 17 обучающихся из этой страны учились в казахстанских вузах по программам "
              "академической мобильности.",
        "kk": "2022 жылы осы елден келген 17 білім алушы академиялық ұтқырлық бағдарламалары бойынша "
              "қазақстандық жоғары оқу орындарында оқыды.",
    }),
    (13, "3 students from France are studying", {
        "en": "In 2022, 3 citizens of this country studied for a degree at Kazakh HEIs.",
        "ru": "В 2022 году в казахстанских вузах получали степень 3 гражданина этой страны.",
        "kk": "2022 жылы қазақстандық жоғары оқу орындарында осы елдің 3 азаматы дәреже алу үшін білім алды.",
    }),
    (27, "14 PS from Kazakhstan", {
        "en": "14 members of the teaching staff of Kazakh HEIs took part in exchange with this country.",
        "ru": "14 преподавателей казахстанских вузов участвовали в обмене с этой страной.",
        "kk": "Қазақстандық жоғары оқу орындарының 14 оқытушысы осы елмен алмасуға қатысты.",
    }),
    (27, "2 teaching staff from France", {
        "en": "2 teachers from this country came to Kazakh HEIs on exchange.",
        "ru": "2 преподавателя из этой страны приехали в казахстанские вузы по обмену.",
        "kk": "Осы елден 2 оқытушы алмасу бойынша қазақстандық жоғары оқу орындарына келді.",
    }),
    (31, "In 2022, 25 specialists from France", {
        "en": "In 2022, 25 specialists from this country taught at Kazakh HEIs.",
        "ru": "В 2022 году к преподаванию в казахстанских вузах были привлечены 25 специалистов из этой страны.",
        "kk": "2022 жылы қазақстандық жоғары оқу орындарында сабақ беруге осы елден 25 маман тартылды.",
    }),
    (31, "teaching in 6 OVPO", {
        "en": "They were hosted by 6 HEIs.",
        "ru": "Их приняли 6 вузов.",
        "kk": "Оларды 6 жоғары оқу орны қабылдады.",
    }),
    (90, "signed **84** agreements", {
        "en": "Kazakh HEIs reported 84 agreements with partners from this country.",
        "ru": "Казахстанские вузы сообщили о 84 договорах с партнёрами из этой страны.",
        "kk": "Қазақстандық жоғары оқу орындары осы елдің серіктестерімен 84 шарт туралы хабарлады.",
    }),
    (90, "27 Kazakhstani OVPO have signed", {
        "en": "They were signed by 27 HEIs.",
        "ru": "Их заключили 27 вузов.",
        "kk": "Оларды 27 жоғары оқу орны жасасты.",
    }),
    (92, "participate in **8** international projects", {
        "en": "Kazakh HEIs took part in 8 international projects with partners from this country.",
        "ru": "Казахстанские вузы участвовали в 8 международных проектах с партнёрами из этой страны.",
        "kk": "Қазақстандық жоғары оқу орындары осы елдің серіктестерімен 8 халықаралық жобаға қатысты.",
    }),
    (92, "**5** OVPO participate", {
        "en": "5 HEIs took part.",
        "ru": "Участвовали 5 вузов.",
        "kk": "5 жоғары оқу орны қатысты.",
    }),
    (94, "implementing **8** double-degree programs", {
        "en": "Kazakh HEIs run 8 double-degree programmes with partners from this country.",
        "ru": "Казахстанские вузы реализуют 8 программ двойного диплома с партнёрами из этой страны.",
        "kk": "Қазақстандық жоғары оқу орындары осы елдің серіктестерімен 8 қос дипломды бағдарлама іске асырады.",
    }),
    (94, "4 Kazakhstani OVPO together with partner universities", {
        "en": "They are offered by 4 HEIs.",
        "ru": "Их реализуют 4 вуза.",
        "kk": "Оларды 4 жоғары оқу орны іске асырады.",
    }),
    (94, "for 2022 is **127** people", {
        "en": "127 students are enrolled in them.",
        "ru": "По ним обучаются 127 обучающихся.",
        "kk": "Оларда 127 білім алушы оқиды.",
    }),
]

# (source line(s), dimension, code, value): the breakdowns of the 25 visiting specialists
VISITING_BREAKDOWNS = [
    ((31,), "funding", "extra_budgetary", 22, "22 of them at the expense of extra-budgetary funds"),
    ((31,), "funding", "republican_budget", 3, "3 specialists at the expense of the republican budget"),
    ((31,), "format", "physical", 18, "18 are in offline format"),
    ((31,), "format", "online", 7, "7 are in online format"),
    ((34,), "category", "national", 17, "national 17 people"),
    ((35,), "category", "state", 1, "state 1 person"),
    ((36,), "category", "joint_stock", 6, "JSC 6 people"),
    ((37,), "category", "private", 1, "private 1 person"),
    ((39,), "degree", "PhD", 4, "PhD 4 people"),
    ((40,), "degree", "Doctor of Sciences", 20, "Doctor of Sciences 20 people"),
    ((41,), "degree", "Master of Sciences", 1, "Master of Sciences 1 person"),
]
VISITING_FIELDS = [(45, "01", 2), (46, "02", 2), (47, "04", 8), (48, "05", 10), (49, "07", 2), (50, "10", 1)]


def _line(n: int) -> str:
    return SOURCE.read_text(encoding="utf-8").splitlines()[n - 1]


@pytest.fixture(scope="module")
def note(django_db_setup, django_db_blocker, reference_2023, tmp_path_factory):
    out = tmp_path_factory.mktemp("france")
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        data = {}
        for lang in LANGS:
            doc = build_country_note("FR", 2022, lang)
            with translation.override(lang):
                labels = {
                    **{(dim, code): label(dim, code, lang) for _l, dim, code, _v, _t in VISITING_BREAKDOWNS
                       if dim != "degree"},
                    **{("degree", code): str(name) for code, name in DEGREES.items()},
                    **{("field", code): label("field", code, lang) for _l, code, _v in VISITING_FIELDS},
                    **{("specialty", raw): str(name) for raw, name in SPECIALTIES.items()},
                    **{("institution", code): label("institution", code, lang) for code in ("kaznu", "almau", "kazguu")},
                    ("country", "FR"): label("country", "FR", lang),
                    # the partners of Table 2 (lines 167-177), named as the registry names them in `lang`
                    # ('Sorbonne University' resolves to the Sorbonne since #16; it was kept as written before)
                    **{("partner", o.id): o.display_name(lang) for o in ForeignOrganisation.objects.filter(
                        id__in=("emlv", "urca", "lorraine", "poitiers", "excelia", "sorbonne"))},
                }
            data[lang] = {
                "doc": doc,
                "labels": labels,
                "docx": _docx_text(FORMATS["docx"](doc, out / f"fr-{lang}.docx")),
                "pdf": _pdf_text(FORMATS["pdf"](doc, out / f"fr-{lang}.pdf")),
            }
        # what the records held add up to, for the figures the source states (line, stated, held)
        mobility = compute("mobility_by_country", 2022)

        def held(result, **where):
            value = result.get(**where)
            return 0 if value is None else value.value

        data["held"] = [
            (5, 101, held(mobility, country="FR", direction="outbound", person="student")),
            (9, 17, held(mobility, country="FR", direction="inbound", person="student")),
            (31, 25, held(compute("visiting_faculty_by_country", 2022), country="FR")),
            (90, 84, held(compute("agreements_by_country", 2022), country="FR")),
        ]
    return data


def _texts(note, lang):
    # the PDF hyphenates long Russian and Kazakh words at line ends ("обуче‐ ние"): join them again
    return {"docx": note[lang]["docx"], "pdf": note[lang]["pdf"].replace("\u2010 ", "")}


@pytest.mark.parametrize("lang", LANGS)
def test_every_headline_figure_of_the_source_is_stated_with_its_line(note, lang):
    for line, says, sentences in HEADLINES:
        assert says in _line(line), f"line {line} of {DOCUMENT} no longer says {says!r}"
        for kind, text in _texts(note, lang).items():
            assert _flat(sentences[lang]) in text, f"{kind} ({lang}) lacks line {line}: {sentences[lang]!r}"
    # each of those figures is footnoted with the source document and its line
    footnotes = " ".join(note[lang]["doc"].all_footnotes())
    assert DOCUMENT in footnotes
    for line in sorted({line for line, _s, _t in HEADLINES}):
        assert re.search(rf"\b{line}\b", footnotes), f"no footnote cites line {line} ({lang})"


@pytest.mark.parametrize("lang", LANGS)
def test_a_figure_only_the_source_states_is_printed_never_none_reported(note, lang):
    with translation.override(lang):
        none_said = [
            translation.gettext("No agreements with partners from this country were reported for %(year)s."),
            translation.gettext("No degree-seeking students from this country were reported for %(year)s."),
            translation.gettext("No international projects with partners from this country were reported for %(year)s."),
        ]
    for sentence in none_said:
        for text in _texts(note, lang).values():
            assert _flat(sentence % {"year": 2022}) not in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_visiting_specialists_are_broken_down_as_the_source_states(note, lang):
    labels = note[lang]["labels"]
    for lines, dim, code, value, says in VISITING_BREAKDOWNS:
        assert all(says in _line(n) for n in lines), f"line {lines} no longer says {says!r}"
        for kind, text in _texts(note, lang).items():
            assert f"{_flat(labels[(dim, code)])} — {value}" in text, f"{kind} ({lang}): {dim}={code} is not {value}"
    # 22 + 3 = 25: the sub-rows of the garbled tables are not summed on top of their HEI's total
    assert "IN TOTAL | 22" in _line(72) and "IN TOTAL | 3" in _line(86)
    [chart] = [b for b in note[lang]["doc"].blocks if isinstance(b, Figure) and b.chart is not None
               and any(s in b.caption for s in ("field", "сал", "облас"))]
    drawn = {_flat(row["label"]): row["value"] for row in chart.chart.spec["data"]["values"]}  # labels wrap
    for line, code, value in VISITING_FIELDS:
        assert f"{value} p" in _line(line)
        assert drawn[_flat(labels[("field", code)])] == value


@pytest.mark.parametrize("lang", LANGS)
def test_the_french_students_are_listed_by_home_institution_host_and_specialty(note, lang):
    assert "(Excelia Group – 3, IESEG School of Management – 2, Sciences Po Bordeaux – 11" in _line(9)
    assert "AlMU – 4, KazGUU – 2, KazNU – 11" in _line(9) and "International Relations – 12, Management – 5" in _line(9)
    labels = note[lang]["labels"]
    for text in _texts(note, lang).values():
        for key, value in ((("institution", "kaznu"), 11), (("institution", "almau"), 4), (("institution", "kazguu"), 2),
                           (("specialty", "International Relations"), 12), (("specialty", "Management"), 5)):
            assert f"{_flat(labels[key])} — {value}" in text
        assert "Sciences Po Bordeaux — 11" in text
        assert "Excelia" in text and "IESEG" in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_double_degree_programmes_are_listed_with_partner_language_and_funding(note, lang):
    # line 94: "of which 4 DDP are in English"; Table 2 (lines 167-177) names 2 of them English
    assert "of which **4** DDP are in English" in _line(94)
    doc = note[lang]["doc"]
    notes = " ".join(doc.all_notes())
    with translation.override(lang):
        english = label("language", "en", lang)
    assert re.search(r"\b4\b", notes) and english.casefold() in notes.casefold()
    for text in _texts(note, lang).values():
        partners = [name for (dim, _code), name in note[lang]["labels"].items() if dim == "partner"]
        assert len(partners) == 6
        for partner in partners:
            # table cells wrap (also after a hyphen), so compare without spaces
            assert re.sub(r"\s", "", partner) in re.sub(r"\s", "", text), f"{lang}: partner {partner} is not listed"
        assert english.casefold() in text.casefold()


def test_where_the_records_fall_short_of_the_source_a_footnote_says_what_they_hold(note):
    """Sentences print the source's figure; where the rows held add up to another number, the footnote
    of that sentence says so (names awaiting review, rows the import could not place)."""
    footnotes = note["en"]["doc"].all_footnotes()
    for line, stated, held in note["held"]:
        if held == stated:
            expected = f"As stated in the source document {DOCUMENT}, line {line}."
        elif not held:
            expected = f"Stated in the source document {DOCUMENT}, line {line}; no records of it are held."
        else:
            expected = f"Stated in the source document {DOCUMENT}, line {line}; the records held add up to {held}."
        assert expected in footnotes, (line, stated, held)


@pytest.mark.parametrize("lang", LANGS)
def test_the_outbound_students_are_listed_as_the_source_lists_them_unresolved_names_included(note, lang):
    """Line 5 lists 13 HEIs adding up to 101; 'AIMU' (27) and 'MUA' (1) resolve to no HEI: they are listed
    under the printed name, marked as awaiting review, not dropped (they were, and the note said 73)."""
    assert "AIMU – 27" in _line(5) and "MUA – 1" in _line(5)
    [listing] = [b for b in note[lang]["doc"].blocks if isinstance(b, Paragraph) and "AIMU" in b.text]
    counts = [int(n) for n in re.findall(r" — (\d+)", listing.text)]
    assert len(counts) == 13 and sum(counts) == 101
    with translation.override(lang):
        pending = translation.gettext("%(name)s (name awaiting review)")
    for text in _texts(note, lang).values():
        for name, n in (("AIMU", 27), ("MUA", 1)):
            assert _flat(f"{pending % {'name': name}} — {n}") in text


@pytest.mark.parametrize("lang", LANGS)
def test_the_eight_projects_of_five_heis_are_listed_one_by_one(note, lang):
    """Line 92: '5 OVPO participate in 8 international projects'; its Table 1 (lines 98-161) lists them,
    four of them garbled across many lines and naming France among other countries."""
    assert "**5** OVPO participate in **8** international projects" in _line(92)
    doc = note[lang]["doc"]
    [table] = [b for b in doc.blocks if isinstance(b, Table) and any("ACeSYRI" in str(r[1]) for r in b.rows)]
    assert len(table.rows) == 8 and len({r[0] for r in table.rows}) == 5
    france = note[lang]["labels"][("country", "FR")]
    assert all(france in r[3] for r in table.rows)
    for text in _texts(note, lang).values():
        assert "Erasmus+" in text and "Digital Humanities" in text
