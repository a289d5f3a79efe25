"""The reconciliation check on small hand-made documents: it passes a document that reconciles and
catches each kind of planted contradiction (two values for one quantity, a total that is not the sum
of its rows, a list shorter than its count without "first N of M", an annotation the text does not
print, a differing published figure without a footnote)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from intlmon.reports.document import (
    Document,
    Figure,
    Heading,
    KeyFigures,
    Paragraph,
    Printed,
    Table,
    Unstated,
    first_of,
    quantity,
)
from intlmon.reports.reconcile import Ledger, Published, check

AGREEMENTS = quantity("agreements", 2023)
COUNTRIES = quantity("agreement_partner_countries", 2023)


def reconciled(lang: str = "en", agreements: int = 60, countries: int = 3) -> Document:
    """A tiny report that keeps the rule: one value per quantity, totals and lists that add up."""
    doc = Document("Test", lang)
    doc.add(
        KeyFigures([("agreements", agreements, ""), ("partner countries", countries, "")],
                   quantities=[AGREEMENTS, COUNTRIES]),
        Heading(1, "Agreements"),
        Paragraph(f"There were {agreements} agreements with {countries} countries.",
                  figures=[Printed(AGREEMENTS, agreements), Printed(COUNTRIES, countries)]),
        Table("By country", ["Country", "Agreements"],
              [["Russia", 30], ["China", 20], ["France", 10], [Unstated("not specified"), agreements - 60]],
              total=["Total", agreements], quantities={(-1, 1): AGREEMENTS},
              lists={0: Printed(COUNTRIES, countries)}),
        Figure("Agreements by country", chart=None, lists=Printed(COUNTRIES, countries), shown=3),
    )
    return doc


def rules(problems) -> list[str]:
    return sorted(p.rule for p in problems)


def test_a_document_that_keeps_the_rule_has_no_contradictions():
    assert check(reconciled()) == []


def test_it_catches_two_values_for_one_quantity():
    doc = reconciled()
    doc.blocks[0].items[0] = ("agreements", 61, "")  # the card says 61, the text and the table 60
    problems = check(doc)
    assert rules(problems) == ["one value"]
    assert problems[0].quantity == AGREEMENTS
    assert "61" in problems[0].message and "60" in problems[0].message


def test_decimal_and_int_of_equal_value_are_one_value():
    doc = reconciled()
    doc.blocks[0].items[0] = ("agreements", Decimal("60.00"), "")
    assert check(doc) == []


def test_it_catches_a_total_row_that_is_not_the_sum_of_its_rows():
    doc = reconciled()
    table = doc.blocks[3]
    table.rows[0][1] = 36  # rows now add up to 66, the total still says 60
    problems = check(doc)
    assert rules(problems) == ["total"]
    assert "66" in problems[0].message


def test_it_catches_a_list_shorter_than_its_count_unless_it_says_first_n_of_m():
    doc = reconciled(countries=4)  # the text counts 4 countries, the table and the chart show 3
    assert rules(check(doc)) == ["list", "list"]
    table, figure = doc.blocks[3], doc.blocks[4]
    table.caption += ", " + first_of(3, 4, "en")
    figure.caption += ", " + first_of(3, 4, "en")
    assert check(doc) == []
    assert table.caption.endswith("first 3 of 4")


def test_a_list_longer_than_its_count_is_a_contradiction_even_with_first_n_of_m():
    doc = reconciled(countries=2)
    assert "list" in rules(check(doc))


def test_rows_that_name_no_thing_are_not_counted_as_listed():
    doc = reconciled(agreements=65)  # 5 agreements with no country: the "not specified" row
    assert check(doc) == []
    doc.blocks[3].rows[3][0] = "Italy"  # a fourth real country where the text counts three
    assert rules(check(doc)) == ["list"]


def test_a_figure_that_lists_things_must_say_how_many_it_draws():
    doc = reconciled()
    doc.blocks[4].shown = None
    assert rules(check(doc)) == ["list"]


def test_an_annotation_the_sentence_does_not_print_is_caught():
    doc = reconciled()
    doc.blocks[2].text = "There were 6 044 agreements with 3 countries."  # annotated 60
    assert rules(check(doc)) == ["annotation"]


def test_a_differing_published_figure_needs_a_footnote_stating_both_numbers():
    published = {AGREEMENTS: [58]}.get
    doc = reconciled()
    problems = check(doc, lambda q: published(q, []))
    assert rules(problems) == ["footnote"]
    doc.blocks[2].footnotes.append("Published: 58; the 3 rows of «By country» add up to 60.")
    assert check(doc, lambda q: published(q, [])) == []
    # a note under the table serves as well; a note that names only one of the numbers does not
    doc.blocks[2].footnotes.clear()
    doc.blocks[3].notes.append("Published: 58.")
    assert rules(check(doc, lambda q: published(q, []))) == ["footnote"]
    doc.blocks[3].notes[0] = "Published: 58; the rows add up to 60."
    assert check(doc, lambda q: published(q, [])) == []


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Published: 6,044; the 78 rows of «Agreements by country» add up to 6,050."),
    ("ru", "Опубликовано: 6 044; сумма 78 строк таблицы «Agreements by country» — 6 050."),
])
def test_the_ledger_writes_the_footnote_once_in_the_documents_language(compiled_catalogues, lang, text):
    ledger = Ledger(lang, published={AGREEMENTS: [6044]}.get)
    with translation.override(lang):
        first = ledger.note(AGREEMENTS, 6050, rows=78, table="Agreements by country")
        again = ledger.note(AGREEMENTS, 6050, rows=78, table="Agreements by country")
    assert [n.replace("\u00a0", " ") for n in first] == [text]
    assert again == []


def test_the_ledger_says_nothing_when_the_published_figure_agrees():
    ledger = Ledger("en", published={AGREEMENTS: [6050]}.get)
    assert ledger.note(AGREEMENTS, 6050, rows=78, table="t") == []
    assert ledger.note(COUNTRIES, 78) == []  # nothing published for it


def test_the_ledger_footnote_satisfies_the_check(compiled_catalogues):
    lookup = {AGREEMENTS: [58]}
    doc = reconciled("ru")
    with translation.override("ru"):
        doc.blocks[2].footnotes += Ledger("ru", published=lookup.get).note(AGREEMENTS, 60, rows=3, table="By country")
    assert check(doc, lambda q: lookup.get(q, [])) == []


def test_published_figures_are_keyed_like_the_audit_keys_stated_figures():
    from intlmon.quality.checks.figure_keys import Key

    assert Published.key(quantity("projects", 2023, kind="research")) == Key("projects", "research")
    assert Published.key(quantity("joint_programmes_enrolment", 2023)) == Key("sop", "enrolment")
    assert Published.key(quantity("double_degree_programmes", 2023, level="master")) == Key("ddp", "count", level="master")
    assert Published.key(quantity("agreements", 2023, country="FR")) is None  # the report states no such slice
    assert Published.key(quantity("visiting_faculty", 2022)) is None


def test_published_figures_are_found_through_the_audits_statistic_of_each_measure():
    """Every quantity the national report prints is looked up through `figure_keys.STATISTICS` (one
    declaration): its key maps back to the same statistic."""
    from intlmon.quality.checks.figure_keys import Key, statistic_of

    assert Published.key(quantity("foreign_branches_in_kz", 2023, count="country")) == Key("presence_in", "countries")
    assert Published.key(quantity("foreign_branches_in_kz", 2023)) == Key("presence_in", "count")
    assert Published.key(quantity("publications", 2023, database="wos")) == Key("publications", "wos")
    assert Published.key(quantity("projects", 2023, kind="research", count="institution")) is None
    for statistic in ("agreements", "agreement_partner_countries", "double_degree_programmes_enrolment",
                      "institutions_with_joint_programmes", "kz_branches_abroad_countries", "institutions_with_projects"):
        key = Published.key(quantity(statistic, 2023))
        assert key is not None and statistic_of(key) == statistic, statistic


def test_a_footnote_on_one_row_names_the_row(compiled_catalogues):
    europe = quantity("agreements", 2023, region="europe")
    ledger = Ledger("ru", published={europe: [2274]}.get)
    with translation.override("ru"):
        note = ledger.note(europe, 2280, rows=37, table="Договоры", what="Европа")
    assert [n.replace("\u00a0", " ") for n in note] == [
        "Европа — опубликовано: 2 274; сумма 37 строк таблицы «Договоры» — 2 280."]


@pytest.mark.parametrize(("lang", "text"), [("en", "first 15 of 78"), ("ru", "первые 15 из 78"),
                                            ("kk", "78 ішінен алғашқы 15")])
def test_first_n_of_m_reads_naturally_in_each_language(compiled_catalogues, lang, text):
    assert first_of(15, 78, lang) == text
