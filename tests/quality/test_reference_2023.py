"""The audit on the real 2023 tables rediscovers the published report's own irregularities.

Every expected value is checked by hand against the CSV lines (and the seed line numbers) cited
beside it; the data are loaded the way `intlmon import-tables` does.
"""

from __future__ import annotations

import csv

import pytest
from django.core.management import call_command

from intlmon.quality.audit import run_audit
from intlmon.registry import resolve as resolver
from intlmon.registry.loading import load_registry

pytestmark = pytest.mark.django_db


@pytest.fixture
def findings(reference_2023):
    """Loaded per test: a module-scoped load outside pytest-django's test database is not safe."""
    resolver.invalidate()
    load_registry()
    call_command("import_tables", str(reference_2023), year=2023)
    call_command("import_tables", str(reference_2023 / "france"), year=2022)
    yield [(f.check, f.severity.value, f.message("en"), f) for f in run_audit(2023)]
    resolver.invalidate()


def hei(code: str) -> str:
    """An HEI as the audit names it to an English reader (its name, never its registry id)."""
    from intlmon.registry.models import Institution

    return Institution.objects.get(pk=code).display_name("en")


def having(findings, check, *words):
    return [f for c, _, m, f in findings if c == check and all(w in m for w in words)]


def test_it_finds_the_agreements_grand_total_6044_against_rows_adding_to_6050(findings, reference_2023):
    rows = list(csv.DictReader((reference_2023 / "agreements_by_country.csv").open(encoding="utf-8")))
    assert sum(int(r["agreement_count"]) for r in rows) == 6050  # seed line 708 prints 6044
    assert having(findings, "published_sums", "agreements_by_country", "add up to 6050", "says 6044")


def test_it_finds_the_double_degree_total_212_against_rows_adding_to_213(findings):
    # ddp_by_hei: Утемисов is listed twice (seed lines 1071 and 1086), the rows add up to 213
    assert having(findings, "published_sums", "ddp_by_hei", "add up to 213", "says 212")
    [dup] = having(findings, "duplicate_published_rows", "ddp_by_hei", hei("utemisov"))
    assert sorted(f.source.split(";")[0][-4:] for f in dup.figures) == ["1071", "1086"]


def test_it_finds_the_wrong_percentages_of_the_text(findings):
    # line 128: projects 167 → 159 is −4.8 %, printed "0,5 %"; line 516: 195 → 212 is +8.7 %, printed "12 %"
    assert having(findings, "percentages", "from 167 to 159 is 4.8 %", "not 0.5 %")
    assert having(findings, "percentages", "from 195 to 212 is 8.7 %", "not 12 %")


def test_it_finds_ecuador_under_africa(findings, reference_2023):
    rows = list(csv.DictReader((reference_2023 / "agreements_by_country.csv").open(encoding="utf-8")))
    [ecuador] = [r for r in rows if r["country"] == "Эквадор"]
    assert (ecuador["region_section"], ecuador["source_lines"]) == ("Африка", "684")
    assert having(findings, "wrong_region", "(EC)", "Африка", "americas")


def test_it_finds_programmes_reported_as_joint_and_as_double_degree(findings, reference_2023):
    sop = list(csv.DictReader((reference_2023 / "sop_programs.csv").open(encoding="utf-8")))
    ddp = list(csv.DictReader((reference_2023 / "ddp_programs.csv").open(encoding="utf-8")))
    # sop_programs row 2 and ddp_programs row 3 (CSV rows count the header as 1): КазНПУ, 6B04107 Экономика
    assert sop[0]["program"].startswith("6B04107") and ddp[1]["program"].startswith("6B04107")
    [f] = having(findings, "joint_and_double", hei("kaznpu"), "6B04107")
    assert {(r.sheet, r.row) for r in f.records} == {("sop_programs.csv", 2), ("ddp_programs.csv", 3)}


def test_it_finds_a_duplicate_row_with_a_cyrillic_letter_in_the_code(findings, reference_2023):
    ddp = list(csv.DictReader((reference_2023 / "ddp_programs.csv").open(encoding="utf-8")))
    # rows 60 and 74: АТУ, 6B11102 (Latin B) and 6В11102 (Cyrillic В), same partner
    assert ddp[58]["program"][:7] == "6B11102" and ddp[72]["program"][:7] == "6\u041211102"
    [f] = having(findings, "duplicate_rows", hei("atu"), "6B11102", "Cyrillic")
    assert {r.row for r in f.records} == {60, 74}


def test_it_reports_the_offices_abroad_the_import_stored_once(findings):
    # kz_hei_branches_abroad: printed rows 18–25, 27 and 29 (seed lines 750–765) repeat earlier rows
    repeats = [f for c, _, m, f in findings if c == "duplicate_rows" and "kz_hei_branches_abroad.csv" in m]
    printed = sorted(int(f.params["lines"].split("+")[0]) for f in repeats)
    assert printed == [750, 751, 752, 753, 754, 755, 760, 761, 763, 765]
    assert {f.statistic for f in repeats} == {"kz_branches_abroad"}


def test_every_finding_is_filed_under_a_registered_statistic(findings):
    from intlmon.analytics.registry import all_statistics

    known = all_statistics()
    unfiled = sorted({(c, f.statistic) for c, _, _, f in findings if f.statistic not in known})
    assert not unfiled, unfiled


def test_it_finds_the_implausible_publication_jump(findings):
    # seed line 159: ҚарИУ – 506 (2022 – 10)
    assert having(findings, "yoy_credibility", f"publications of {hei('kariu')}", "10 in 2022", "506 in 2023")
    assert not having(findings, "yoy_credibility", f"publications of {hei('enu')}")  # 1277 → 923 is credible


def test_it_finds_text_and_table_disagreeing(findings):
    # line 52: Қырғызстан 281; Қосымша 1 (agreements_by_country) row for Кыргызстан gives 279
    assert having(findings, "text_vs_table", "quotes 281", "gives 279")
    # lines 301 and 128: scientific projects 158 and 159; Кесте 4 Scopus 2023 total 6351, text 5344
    assert having(findings, "conflicting_statements", "projects/research", "158", "159")
    assert having(findings, "conflicting_statements", "publications/scopus is", "6351", "5344")


def test_it_finds_contract_and_enrolment_faults(findings, reference_2023):
    ddp = list(csv.DictReader((reference_2023 / "ddp_programs.csv").open(encoding="utf-8")))
    # row 15: contract 2010 for 5 years; row 194: contingent 0
    assert (ddp[13]["contract_date"], ddp[13]["contract_term"][:5], ddp[192]["contingent"]) == ("2010", "5 лет", "0")
    assert [r.row for f in having(findings, "expired_contract", hei("kaznu"), "2015-01-01") for r in f.records] == [15]
    assert [r.row for f in having(findings, "zero_enrolment", hei("amanzholov")) for r in f.records] == [194]


def test_it_finds_an_hei_in_two_categories(findings):
    assert having(findings, "category_conflict", hei("kimep"), "joint_stock", "state")


def test_it_finds_the_mislabelled_sop_subtotal(findings):
    # sop_by_hei lines 870 and 880 both say "Ұлттық ЖОО бойынша жалпы саны" (13 and 29)
    assert having(findings, "conflicting_statements", "sop/count (national)", "13", "29")
