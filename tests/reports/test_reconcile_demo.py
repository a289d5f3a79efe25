"""Every document `make demo` writes (the national report 2023 and the France 2022 and Russia 2023
notes, each in kk, ru and en) built from the real reference tables, and the reconciliation check run
over each document model: no contradictions, and every published figure that differs from the printed
value is footnoted."""

from __future__ import annotations

import pytest

from tests.helpers import loaded_reference

pytestmark = pytest.mark.django_db

LANGS = ("kk", "ru", "en")
# the documents of the Makefile's `demo` target: (kind, country, year)
DEMO = (("national", "", 2023), ("country", "FR", 2022), ("country", "RU", 2023))


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, reference_2023, compiled_catalogues):
    """Build every demo document once; check each against the published figures while the data is loaded."""
    from intlmon.reports.country import build_country_note
    from intlmon.reports.national import build_national_report
    from intlmon.reports.reconcile import Published, check

    out = {}
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        published = Published()
        cache: dict = {}
        for kind, country, year in DEMO:
            for lang in LANGS:
                if kind == "national":
                    doc = build_national_report(year, lang, cache)
                else:
                    doc = build_country_note(country, year, lang)
                out[(kind, country, lang)] = {
                    "doc": doc,
                    "problems": check(doc, published),
                    "published": {q: published(q) for q in _quantities(doc)},
                }
    return out


def _quantities(doc):
    from intlmon.reports.reconcile import printed_values

    return list(printed_values(doc)[0])


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(("kind", "country", "year"), DEMO)
def test_every_demo_document_reconciles(demo, kind, country, year, lang):
    problems = demo[(kind, country, lang)]["problems"]
    assert problems == [], "\n".join(map(str, problems))


@pytest.mark.parametrize("lang", LANGS)
def test_the_national_report_annotates_its_headline_quantities(demo, lang):
    """The check is only as good as the annotations: the figures the issue found contradicted are covered."""
    from intlmon.reports.document import quantity

    annotated = set(demo[("national", "", lang)]["published"])
    for q in (quantity("agreements", 2023), quantity("agreement_partner_countries", 2023),
              quantity("projects", 2023, kind="research"), quantity("projects", 2023, kind="educational"),
              quantity("joint_programmes", 2023), quantity("double_degree_programmes", 2023)):
        assert q in annotated, q


def test_the_national_report_prints_agreements_from_the_country_rows_and_footnotes_the_headline(demo):
    """Agreements 2023: the 78 rows of the table by partner country add up to 6 050; the published
    headline 6 044 is a footnote, not a second truth (issue 10)."""
    from intlmon.reports.document import KeyFigures, quantity
    from intlmon.reports.reconcile import printed_values

    doc = demo[("national", "", "en")]["doc"]
    printed, _problems = printed_values(doc)
    values = {v for v, _where in printed[quantity("agreements", 2023)]}
    assert values == {6050}
    assert {v for v, _w in printed[quantity("agreement_partner_countries", 2023)]} == {78}
    card = next(b for b in doc.blocks if isinstance(b, KeyFigures))
    assert 6044 not in [value for _label, value, _small in card.items]
    assert any("6,044" in note and "6,050" in note for note in doc.all_notes())
    assert any("82" in note and "78" in note for note in doc.all_notes())


@pytest.mark.parametrize(("kind", "country"), [("national", ""), ("country", "FR")])
def test_every_total_and_summary_figure_says_which_quantity_it_prints(demo, kind, country):
    """A number without its quantity escapes the one-value rule: every total row's numbers and every
    summary-card figure carry one, so a new table cannot reintroduce a second value unnoticed."""
    from intlmon.reports.document import KeyFigures, Table

    doc = demo[(kind, country, "en")]["doc"]
    bare = []
    for block in doc.blocks:
        if isinstance(block, KeyFigures):
            bare += [label for (label, _v, _s), q in zip(block.items, block.quantities + [None] * len(block.items),
                                                            strict=False) if q is None]
        elif isinstance(block, Table) and block.total:
            bare += [f"{block.caption} / {block.columns[c]}" for c, cell in enumerate(block.total)
                     if isinstance(cell, int | float) or type(cell).__name__ == "Decimal"
                     if (-1, c) not in block.quantities]
    assert bare == []
