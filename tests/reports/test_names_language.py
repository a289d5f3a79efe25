"""Names in the document's language, read back from the generated documents.

Country names follow official Kazakh usage where it differs from CLDR (a reviewed table, kept
minimal); HEIs are named in the document's language; a Russian or English document carries no
Kazakh word and no footnote mark without its footnote (the source's 'ЕО** (консорциум)' reached the
English report as it was written).
"""

from __future__ import annotations

import csv
import html
import re

import pytest
from babel import Locale
from django.utils import translation

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db

#: letters of the Kazakh alphabet that Russian and English do not have
KAZAKH_ONLY = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")
#: marks a source uses to point at a footnote; the reports number their own footnotes
FOOTNOTE_MARKS = re.compile(r"\*|†|‡")


def _official_rows() -> list[dict[str, str]]:
    from intlmon.registry.countries import OFFICIAL_NAMES_FILE, registry_dir

    with (registry_dir() / OFFICIAL_NAMES_FILE).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# --------------------------------------------------------------------------------------------
# The override table


def test_every_override_differs_from_cldr_and_names_the_cldr_form_it_replaces():
    """The table stays minimal (no row that CLDR already gives) and reviewed (a CLDR upgrade that
    changes a replaced name fails here, so someone looks at the row again)."""
    rows = _official_rows()
    assert rows
    for row in rows:
        cldr = Locale(row["lang"]).territories.get(row["code"], "")
        assert row["name"] != cldr, f"{row['code']}/{row['lang']}: CLDR already says '{cldr}'; drop the row"
        assert row["cldr"] == cldr, f"{row['code']}/{row['lang']}: CLDR now says '{cldr}', not '{row['cldr']}'"
        assert row["reason"].strip(), f"{row['code']}/{row['lang']}: no reason given"
    assert len({(r["code"], r["lang"]) for r in rows}) == len(rows)


def test_it_loads_the_official_names_and_still_recognises_the_cldr_spellings(db):
    from intlmon.registry.countries import load_countries, resolve_country_cell
    from intlmon.registry.models import Country

    load_countries()
    names = {c.code: c for c in Country.objects.filter(code__in=["KG", "US", "AT", "AU", "FR"])}
    assert names["KG"].name_ru == "Кыргызстан"
    assert names["US"].name_ru == "США"
    assert names["AT"].name_kk == "Австрия"
    assert names["AU"].name_kk == "Австралия"
    assert names["FR"].name_ru == "Франция"  # no row: CLDR stands
    for spelling, code in (("Киргизия", "KG"), ("Соединенные Штаты", "US"), ("Аустрия", "AT")):
        assert resolve_country_cell(spelling).codes == (code,), spelling


def test_a_bad_override_row_is_refused_with_file_and_row(tmp_path, db):
    import shutil

    from intlmon.registry.countries import CountryDataError, load_countries, registry_dir
    from intlmon.registry.models import Country

    for path in registry_dir().glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    with (tmp_path / "country_names_official.csv").open("a", encoding="utf-8") as fh:
        fh.write("QQ,ru,Кукуland,,test\nFR,de,Frankreich,,test\n")
    with pytest.raises(CountryDataError) as err:
        load_countries(tmp_path)
    assert "language 'de'" in str(err.value) and "'QQ'" in str(err.value)
    assert Country.objects.count() == 0


# --------------------------------------------------------------------------------------------
# The generated documents


def _html_text(path) -> str:
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<style>.*?</style>", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", "\n", text)
    return html.unescape(text)


def _docx_text(path) -> str:
    import docx

    word = docx.Document(str(path))
    parts = [p.text for p in word.paragraphs]
    parts += [cell.text for table in word.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def _pdf_text(path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


@pytest.fixture(scope="module")
def documents(django_db_setup, django_db_blocker, reference_2023, tmp_path_factory, compiled_catalogues):
    """The national report 2023 (kk, ru, en) and the France 2022 and Russia 2023 notes (ru, en), as
    `make demo` writes them, read back as text per format; plus the registry's institution names."""
    from intlmon.registry.models import Institution
    from intlmon.reports.country import build_country_note
    from intlmon.reports.formats import render
    from intlmon.reports.national import build_national_report

    out = tmp_path_factory.mktemp("names")
    texts: dict[tuple[str, str], dict[str, str]] = {}
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        cache: dict = {}
        built = {("national", lang): build_national_report(2023, lang, cache) for lang in ("kk", "ru", "en")}
        for lang in ("ru", "en"):
            built[("FR 2022", lang)] = build_country_note("FR", 2022, lang)
            built[("RU 2023", lang)] = build_country_note("RU", 2023, lang)
        for (name, lang), doc in built.items():
            formats = ["html", "docx"] + (["pdf"] if name == "national" and lang != "kk" else [])
            files = render(doc, out, f"{name.replace(' ', '_')}_{lang}", formats)
            texts[(name, lang)] = {
                path.suffix[1:]: {".html": _html_text, ".docx": _docx_text, ".pdf": _pdf_text}[path.suffix](path)
                for path in files
            }
            texts[(name, lang)]["html_source"] = files[0].read_text(encoding="utf-8")
        institutions = list(Institution.objects.values("id", "name_kk", "name_ru", "name_en"))
    translation.deactivate()
    return {"texts": texts, "institutions": institutions}


def _ru_en(documents):
    return [(key, fmt, text) for key, by_format in documents["texts"].items() if key[1] in ("ru", "en")
            for fmt, text in by_format.items() if fmt != "html_source"]


def test_no_kazakh_letters_in_the_russian_and_english_documents(documents):
    """Official names that are written with Kazakh letters in Russian too ('имени Ахмет
    Байтұрсынұлы') are the registry's ru/en names and are allowed; nothing else is."""
    # words, not whole names: a chart wraps a long name, and PDF text comes back line by line
    allowed = {word for i in documents["institutions"] for lang in ("ru", "en")
               for word in (i[f"name_{lang}"] or "").split() if KAZAKH_ONLY.search(word)}
    found = []
    for (name, lang), fmt, text in _ru_en(documents):
        flat = re.sub(r"\s+", " ", text)
        for match in re.finditer(r"\S*" + KAZAKH_ONLY.pattern + r"\S*", flat):
            if match.group(0) not in allowed:
                found.append(f"{name} {lang} {fmt}: …{flat[max(0, match.start() - 40):match.end() + 20]}…")
    assert not found, "\n".join(found[:20])


def test_no_footnote_mark_without_its_footnote(documents):
    orphans = []
    for (name, lang), fmt, text in _ru_en(documents):
        for match in FOOTNOTE_MARKS.finditer(text):
            orphans.append(f"{name} {lang} {fmt}: …{text[max(0, match.start() - 40):match.end() + 10]!r}…")
    assert not orphans, "\n".join(orphans[:20])
    for (name, lang), by_format in documents["texts"].items():
        source = by_format["html_source"]
        calls = re.findall(r'href="#fn(\d+)"', source)
        notes = re.findall(r'<li id="fn(\d+)"', source)
        assert calls == notes, f"{name} {lang}: footnote calls {calls} but notes {notes}"


def test_country_names_follow_official_usage_in_each_language(documents):
    ru = documents["texts"][("national", "ru")]["docx"]
    kk = documents["texts"][("national", "kk")]["docx"]
    en = documents["texts"][("national", "en")]["docx"]
    assert "Кыргызстан" in ru and "Киргизия" not in ru
    assert "США" in ru and "Соединенные Штаты" not in ru
    assert "Австрия" in kk and "Аустрия" not in kk
    assert "Австралия" in kk and "Аустралия" not in kk
    assert "European Union (consortium)" in en and "ЕО" not in en
    assert "Европейский союз (консорциум)" in ru


def test_the_kazakh_report_names_every_hei_in_kazakh(documents):
    """An HEI with a Kazakh name never appears under its Russian one in the kk report."""
    kk = re.sub(r"\s+", " ", documents["texts"][("national", "kk")]["docx"])
    russian_only = [i["name_ru"] for i in documents["institutions"]
                    if i["name_kk"] and i["name_ru"] and i["name_ru"] != i["name_kk"]
                    and re.search(re.escape(i["name_ru"]) + r"(?!\w)", kk)]
    assert russian_only == []
    named = [i for i in documents["institutions"] if i["name_kk"] and i["name_kk"] in kk]
    assert len(named) >= 60  # the appendices list every HEI of the 2023 tables


# --------------------------------------------------------------------------------------------
# The glossaries are the reference for the catalogues


def _glossary_forbidden(lang: str) -> dict[str, str]:
    """form → the term to use instead, from the 'never in this language' column of the glossary."""
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "translating" / f"{lang}.md").read_text(encoding="utf-8")
    section = text.split("## Established report terms and abbreviations", 1)[1].split("\n## ", 1)[0]
    forbidden = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0] not in ("English", "---") and not set(cells[0]) <= {"-"}:
            for form in filter(None, (f.strip() for f in cells[3].split(";"))):
                forbidden[form] = cells[2] or cells[1]
    return forbidden


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_every_catalogue_follows_the_glossary(lang):
    from pathlib import Path

    from babel.messages.pofile import read_po

    forbidden = _glossary_forbidden(lang)
    assert len(forbidden) >= 5
    root = Path(__file__).resolve().parents[2] / "src" / "intlmon"
    catalogues = sorted(root.glob(f"**/locale/{lang}/LC_MESSAGES/django.po"))
    assert len(catalogues) >= 4
    wrong = []
    for po in catalogues:
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
                for text in filter(None, strings):
                    for form, use in forbidden.items():
                        if re.search(r"(?<!\w)" + re.escape(form), text):
                            wrong.append(f"{po.relative_to(root)}: {message.id!r} says '{form}' (use '{use}')")
    assert not wrong, "\n".join(wrong)


#: msgids that mean two different things in two apps and so may read differently until the code
#: gives them a context (pgettext): why each is allowed
HOMONYMS: dict[str, str] = {}  # "published" (a period's status / a figure's source) now has a msgctxt each


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_one_message_reads_the_same_in_every_catalogue(lang):
    """Django merges the catalogues and only the first that holds a message is used, so the same
    English text translated two ways is one dead translation and, on the page, a mixed vocabulary
    ('Международные соглашения' above 'Договоры по категориям вузов')."""
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2] / "src" / "intlmon"
    seen: dict[tuple, dict[str, str]] = {}
    for po in sorted(root.glob(f"**/locale/{lang}/LC_MESSAGES/django.po")):
        with po.open("rb") as fh:
            for message in read_po(fh, locale=lang):
                if message.id and message.string:
                    key = (message.context, message.id if isinstance(message.id, str) else message.id[0])
                    text = message.string if isinstance(message.string, str) else " | ".join(message.string)
                    app = str(po.relative_to(root)).split("locale/")[0].strip("/") or "project"
                    seen.setdefault(key, {})[app] = text
    conflicts = [f"{key[1]!r}: " + "; ".join(f"{app} '{text}'" for app, text in where.items())
                 for key, where in seen.items()
                 if len({t[:1].lower() + t[1:] for t in where.values()}) > 1 and key[1] not in HOMONYMS]
    assert not conflicts, "\n".join(conflicts)
