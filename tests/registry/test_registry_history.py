"""The registry's HEIs with region, status and history (#16), checked against the files they come from.

Expected counts are computed here from data/registry/*.csv with the csv module, independently of the
loader; the totals the 2023 report states are read from the seed text (../shared/seeds/001, line 161
and 168) and the registry's shortfall against them is pinned, so adding the missing HEIs must update
docs/registry.md's gap list and this test together.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from django.db.models import Count

from intlmon.lib.resolution import Decision
from intlmon.registry.models import Institution, InstitutionCategory, InstitutionName, KzRegion
from intlmon.registry.resolve import resolve_institution
from tests.conftest import PROJECT_DIR, SHARED_DIR

DATA = PROJECT_DIR / "data" / "registry"
SEED_REPORT = SHARED_DIR / "seeds" / "001_9c33b7804b188c2b.txt"


def rows(name: str) -> list[dict[str, str]]:
    with (DATA / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def expected_region_counts() -> Counter:
    city_region = {}
    for row in rows("kz_cities.csv"):
        for spelling in [row["city"], *row["spellings"].split(";")]:
            city_region[spelling.strip().casefold()] = row["region"]
    return Counter(city_region[r["city"].casefold()] for r in rows("kz_institutions.csv") if r["city"])


def test_categories_of_2023_in_the_database_are_those_of_the_file(reg):
    expected = Counter(r["category_2023"] for r in rows("kz_institutions.csv") if r["category_2023"])
    loaded = dict(InstitutionCategory.objects.filter(year=2023).values_list("category").annotate(n=Count("id")))
    assert loaded == dict(expected)
    assert sum(loaded.values()) == 82


def test_regions_in_the_database_are_derived_from_the_cities_of_the_file(reg):
    loaded = dict(Institution.objects.exclude(region=None).values_list("region").annotate(n=Count("id")))
    assert loaded == dict(expected_region_counts())
    assert not Institution.objects.filter(region=None).exclude(city="").exists()
    assert KzRegion.objects.filter(kind="oblast").count() == 17
    assert KzRegion.objects.filter(kind="city").count() == 3
    assert Institution.objects.get(pk="shakarim").region.name_en == "Abai Region"  # Semey, since 2022


def report_statement() -> dict[str, int]:
    """'10 ұлттық ЖОО … 30 мемлекеттік ЖОО … 14 АҚ … 46 жеке ЖОО … 1 Халықаралық ЖОО' (line 161)."""
    if not SEED_REPORT.exists():
        pytest.skip("the seed texts (../shared/seeds) are not beside the project")
    lines = SEED_REPORT.read_text(encoding="utf-8").splitlines()
    assert "119 жоғары оқу орнынан" in lines[167] and "103 азаматтық ЖОО" in lines[167]
    part = lines[160].split("жаратылыстану ғылымдары")[1]
    found = re.findall(r"(\d+) (ұлттық|мемлекеттік|АҚ|жеке|Халықаралық)", part)
    codes = {"ұлттық": "national", "мемлекеттік": "state", "АҚ": "joint_stock", "жеке": "private",
             "Халықаралық": "international"}
    return {codes[word]: int(n) for n, word in found}


def test_the_shortfall_against_the_report_is_the_documented_gap(reg):
    stated = report_statement()
    assert stated == {"national": 10, "state": 30, "joint_stock": 14, "private": 46, "international": 1}
    loaded = dict(InstitutionCategory.objects.filter(year=2023).values_list("category").annotate(n=Count("id")))
    gap = {c: stated[c] - loaded.get(c, 0) for c in stated}
    # docs/registry.md, "Gaps": HEIs of the report that no source at hand names
    assert gap == {"national": 0, "state": 1, "joint_stock": 2, "private": 16, "international": 0}


def test_a_merged_hei_points_to_its_successor(reg):
    tarsu = Institution.objects.get(pk="tarsu")
    assert (tarsu.status, tarsu.status_since, tarsu.merged_into_id) == ("merged", 2020, "dulaty")
    assert set(Institution.objects.get(pk="baitursynov").predecessors.values_list("pk", flat=True)) == {
        "kostanay-su", "kostanay-spu"}
    # a merged HEI is not expected to report: it has no category after its merger
    assert not InstitutionCategory.objects.filter(institution__status="merged").exists()


def test_every_name_of_the_history_has_a_source_and_resolves_to_its_hei(reg):
    assert not InstitutionName.objects.filter(source="").exists()
    kirov = InstitutionName.objects.get(name="Казахский государственный университет имени С. М. Кирова")
    assert (kirov.institution_id, kirov.valid_from, kirov.valid_to) == ("kaznu", 1934, 1991)
    res = resolve_institution("Kazakh State University named after S. M. Kirov")
    assert (res.decision, res.id) == (Decision.AUTO, "kaznu")
    res = resolve_institution("Казахская академия транспорта и коммуникаций имени М. Тынышпаева")
    assert (res.decision, res.id) == (Decision.AUTO, "alt")


def test_a_merger_without_successor_is_refused(tmp_path, reg):
    from intlmon.registry.loading import RegistryInputError, load_institutions_file

    path = tmp_path / "merged.csv"
    path.write_text("id,name_ru,city,status,merged_into\nold-hei,Старый вуз,Кокшетау,merged,\n"
                    "odd-hei,Вуз,Нигде,active,\n", encoding="utf-8")
    with pytest.raises(RegistryInputError) as err:
        load_institutions_file(Path(path))
    text = str(err.value)
    assert "row 2, column merged_into" in text and "row 3, column city: 'Нигде'" in text
    assert not Institution.objects.filter(pk__in=["old-hei", "odd-hei"]).exists()


def test_an_acronym_of_a_merged_hei_that_others_shared_is_not_auto_accepted(reg):
    # 'KSU' is the ROR acronym of Kostanay State University (merged 2020) and was Karaganda's,
    # Kokshetau's and Kyzylorda's too: registering the merged HEI must not make it auto-resolve
    assert resolve_institution("KSU").decision is not Decision.AUTO


def test_the_name_of_a_merged_hei_resolves_to_its_successor(reg):
    # Taraz State University merged into Dulaty University in 2020: a 2023 workbook that still writes the old
    # name means the HEI that carries it on (issue 16: former names resolve to the current institution)
    for text in ("M. Kh Dulati Taraz State University", "Таразский государственный университет имени М.Х. Дулати"):
        resolution = resolve_institution(text)
        assert resolution.candidates and resolution.candidates[0].id == "dulaty", (text, resolution)
        assert all(c.id != "tarsu" for c in resolution.candidates)
