"""One vocabulary for every path: a cell means the same in the template, the upload and the legacy import.

The legacy import used to keep its own word lists (it read «внебюджетные средства вуза» as the
republican budget because the word contains 'бюджет', and "at the expense of the university" as
'other'); it now reads coded cells through `collection.sections`, the declaration the upload uses.
"""

from __future__ import annotations

import csv
import shutil

import pytest

from intlmon.collection import sections
from intlmon.collection.legacy import import_tables
from intlmon.records.models import DoubleDegreeProgramme

pytestmark = pytest.mark.django_db

COLUMNS = ["level_of_preparation", "kz_hei", "partner_hei", "active_ddp_count", "direction", "program",
           "contract_date", "contract_term", "language", "funding_source", "contingent", "source_lines", "repaired"]


def france_ddp(tmp_path, rows: list[tuple[str, str]]):
    """A France-shaped folder whose DDP table has one row per (language, funding) pair."""
    folder = tmp_path / "france"
    folder.mkdir()
    with (folder / "double_degree_programs.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        for i, (language, funding) in enumerate(rows):
            writer.writerow({"level_of_preparation": "Master's degree", "kz_hei": "Al-Farabi KazNU",
                             "partner_hei": "University of Lorraine", "active_ddp_count": "1",
                             "direction": "05 Natural sciences", "program": f"7M0540{i} Test", "contract_date": "2020",
                             "contract_term": "5 years", "language": language, "funding_source": funding,
                             "contingent": "1", "source_lines": str(900 + i), "repaired": ""})
    return folder


@pytest.mark.parametrize("cell, expected", [
    ("внебюджетные средства вуза", "extra_budgetary"),
    ("at the expense of the university", "extra_budgetary"),
    ("ЖОО-ның бюджеттен тыс қаражаты", "extra_budgetary"),
    ("республиканский бюджет", "republican_budget"),
    ("at the expense of the student", "student"),
])
def test_a_funding_cell_means_the_same_on_upload_and_on_legacy_import(reg, tmp_path, cell, expected):
    assert sections.choice_value("funding_sources", cell) == expected  # what the upload stores
    import_tables(france_ddp(tmp_path, [("French", cell)]), 2022)
    assert DoubleDegreeProgramme.objects.get().funding == expected


def test_an_alias_declared_for_the_upload_reaches_the_legacy_import(reg, tmp_path, monkeypatch):
    funding = list(sections.STATIC_CHOICES["funding_sources"])
    grant = next(c for c in funding if c.value == "grant")
    funding[funding.index(grant)] = sections.Choice(grant.value, grant.labels, (*grant.aliases, "Bolashak-Erasmus"))
    monkeypatch.setitem(sections.STATIC_CHOICES, "funding_sources", tuple(funding))
    import_tables(france_ddp(tmp_path, [("French", "Bolashak-Erasmus")]), 2022)
    assert DoubleDegreeProgramme.objects.get().funding == "grant"


def test_unknown_values_are_reported_and_never_stored_as_codes(reg, tmp_path):
    report = import_tables(france_ddp(tmp_path, [("English, Klingon", "a sponsor's purse"), ("rus/kaz/ French", "")]), 2022)
    first, second = DoubleDegreeProgramme.objects.order_by("source_row")
    assert (first.funding, first.languages) == ("", [])  # neither 'other' nor ['en']
    assert (second.funding, second.languages) == ("", ["ru", "kk", "fr"])
    unknown = {(u["column"], u["raw"]): u["unknown"] for u in report.unknown_values}
    assert unknown[("funding_source", "a sponsor's purse")] == ["a sponsor's purse"]
    assert "klingon" in str(unknown[("language", "English, Klingon")]).casefold()
    assert len(unknown) == 2


def test_the_level_headings_are_read_through_the_levels_vocabulary(reg, tmp_path, reference_2023):
    folder = tmp_path / "2023"
    folder.mkdir()
    for name in ("sop_programs.csv", "row_attributions.csv"):
        shutil.copy(reference_2023 / name, folder)
    import_tables(folder, 2023)
    from django.db.models import Count

    from intlmon.records.models import JointProgramme

    # headings as printed: 'БАКАЛАВРИАТ', 'МАГИСТРАТУРА', 'ДОКТОРАНТУРА' (seed 001 lines 910, 987, 1019)
    levels = dict(JointProgramme.objects.values_list("level").annotate(n=Count("id")))
    assert levels == {"bachelor": 62, "master": 22, "doctorate": 1}


def test_every_language_the_dropdown_offers_is_read_back_as_its_code():
    """One declaration of language words: the form's labels and aliases read by the upload's own parser."""
    from intlmon.collection.convert import language_codes
    from intlmon.collection.sections import STATIC_CHOICES

    misread = {}
    for choice in STATIC_CHOICES["languages"]:
        for word in (*choice.labels.values(), *choice.aliases):
            codes, _ = language_codes(word)
            if codes != [choice.value]:
                misread[word] = codes
    assert misread == {}
    assert language_codes("кыргызский; uzb")[0] == ["ky", "uz"]
