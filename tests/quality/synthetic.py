"""A clean synthetic dataset for the audit: consistent records and matching published figures.

Six HEIs, two years (2022, 2023). Every HEI reports three double-degree and two joint programmes
(distinct codes whose level letter agrees with the level, partner country = the organisation's,
contracts running to 2026, non-zero enrolment) and research projects. The published figures
(per-HEI and per-country rows, subtotals, grand totals, an in-text total, a year-on-year claim
and a share) are what those records add up to. Tests plant one error at a time on top of it.
"""

from __future__ import annotations

from datetime import date

from intlmon.collection.models import Submission
from intlmon.collection.store import period_for, store_version
from intlmon.records.models import PublishedFigure
from intlmon.registry.models import (
    Country,
    CountryRegion,
    ForeignOrganisation,
    Institution,
    InstitutionCategory,
    Region,
)

YEAR = 2023
HEIS = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
CATEGORIES = ["national", "national", "state", "state", "private", "private"]
PARTNERS = {"RU": "msu", "KG": "knu", "FR": "sorbonne", "DE": "tum"}
REGIONS = {"RU": "cis", "KG": "cis", "FR": "europe", "DE": "europe"}
SECTIONS = {"cis": "ТМД", "europe": "Еуропа"}
SEED = "seed 001_synthetic.txt"


def registry() -> None:
    for order, (code, name) in enumerate((("cis", "ТМД елдері"), ("europe", "Еуропа"))):
        Region.objects.create(code=code, name_kk=name, order=order)
    for code, alpha3 in (("RU", "RUS"), ("KG", "KGZ"), ("FR", "FRA"), ("DE", "DEU")):
        Country.objects.create(code=code, alpha3=alpha3, name_en=code)
        CountryRegion.objects.create(country_id=code, region_id=REGIONS[code])
    for code, org in PARTNERS.items():
        ForeignOrganisation.objects.create(id=org, name_en=f"University {org}", country_id=code)
    for hei, category in zip(HEIS, CATEGORIES, strict=True):
        Institution.objects.create(id=hei, name_ru=f"Университет {hei.title()}")
        for year in (YEAR - 1, YEAR):
            InstitutionCategory.objects.create(institution_id=hei, year=year, category=category)


def programme(i: int, n: int, level: str, field: str, country: str, enrolment: int, sheet: str, row: int) -> dict:
    letter = {"bachelor": "6B", "master": "7M", "doctorate": "8D"}[level]
    code = f"{letter}{field}{i}{n:02d}"
    return {
        "level": level, "programme_code": code, "programme_raw": f"{code} Programme {i}-{n}",
        "partner_id": PARTNERS[country], "partner_raw": f"University {PARTNERS[country]}",
        "country_id": country, "country_raw": country, "contract_date": date(2021, 9, 1), "term_years": 5,
        "valid_until": date(2026, 9, 1), "term_raw": "5 лет", "enrolment": enrolment,
        "source_sheet": sheet, "source_row": row,
    }


def records_for(year: int) -> dict[str, dict[str, list[dict]]]:
    countries = list(PARTNERS)
    data = {}
    row_ddp = row_sop = 1
    for i, hei in enumerate(HEIS, start=1):
        ddp, sop = [], []
        for n in range(3):
            row_ddp += 1
            level = ("bachelor", "master", "doctorate")[n]
            enrol = 10 + i + n + (year - YEAR)
            ddp.append(programme(i, n, level, "04", countries[(i + n) % 4], enrol, "ddp_programs.csv", row_ddp))
        for n in range(2):
            row_sop += 1
            level = ("bachelor", "master")[n]
            sop.append(programme(i, n, level, "05", countries[(i + n + 1) % 4], 12 + n + i, "sop_programs.csv", row_sop))
        data[hei] = {
            "DoubleDegreeProgramme": ddp,
            "JointProgramme": sop,
            "Project": [{"kind": "research", "quantity": 3 + i % 3, "source_sheet": "hei_project_counts.csv", "source_row": i + 1}],
            "Publications": [{"database": "scopus", "count": 100 + 10 * i + (year - YEAR) * 5}],
        }
    return data


def store(year: int, data: dict) -> None:
    for hei, records in data.items():
        store_version(institution_id=hei, year=year, records=records, origin=Submission.Origin.IMPORT,
                      status=Submission.Status.APPROVED, actor="test")


def figure(year: int, statistic: str, dimension: dict, value, source: str, label: str = "", value_raw: str = ""):
    import json

    return PublishedFigure.objects.create(
        period=period_for(year), statistic=statistic, dimension=dimension,
        dimension_key=json.dumps(dimension, sort_keys=True, ensure_ascii=False), value=value,
        value_raw=value_raw or str(value), label=label, source=source,
    )


def stated(year: int, table: str, column: str, kind: str, section: str, label: str, value, line: int, value_raw: str = ""):
    statistic = f"stated:{table}" + (f".{column}" if column else "")
    return figure(year, statistic, {"kind": kind, "section": section, "label": label}, value,
                  f"{SEED} line {line}; stated_totals.csv row {line}", label, value_raw)


def published(data: dict) -> None:
    ddp_rows = [r for hei in data.values() for r in hei["DoubleDegreeProgramme"]]
    total = len(ddp_rows)
    line = 100
    for row_no, (hei, recs) in enumerate(data.items(), start=2):
        line += 1
        figure(YEAR, "double_degree_programmes", {"institution": hei}, len(recs["DoubleDegreeProgramme"]),
               f"{SEED} line {line}; ddp_by_hei.csv row {row_no}", hei)
    stated(YEAR, "ddp_by_hei", "ddp_count", "total_row", "", "Жалпы саны:", total, 120)
    by_country = {}
    for r in ddp_rows:
        by_country[r["country_id"]] = by_country.get(r["country_id"], 0) + 1
    row_no = 1
    for region, section in SECTIONS.items():
        members = [c for c in by_country if REGIONS[c] == region]
        for c in members:
            row_no += 1
            figure(YEAR, "double_degree_programmes", {"country": c, "region_section": section}, by_country[c],
                   f"{SEED} line {200 + row_no}; ddp_by_partner_country.csv row {row_no}", c)
        stated(YEAR, "ddp_by_partner_country", "ddp_count", "total_row", section, f"{section} бойынша жалпы саны:",
               sum(by_country[c] for c in members), 220 + row_no)
    stated(YEAR, "ddp_by_partner_country", "ddp_count", "total_row", "", "Жалпы саны:", total, 240)
    stated(YEAR, "ddp_programs", "", "in_text", "", "in text: double-degree programs (DDP), total", total, 250)
    enrolment = sum(r["enrolment"] for r in ddp_rows)
    stated(YEAR, "ddp_programs", "", "in_text", "", "in text: DDP contingent, total", enrolment, 251)
    # a year-on-year claim that computes: 15 → 18 is 20 %
    figure(YEAR - 1, "double_degree_programmes", {}, 15,
           f"{SEED} line 260; report_{YEAR}_earlier_years.csv row 2", "2022 жылмен салыстырғанда (15 ҚДП) 20% өсім байқалады")
    # a share that computes: the CIS subtotal against the grand total
    cis = sum(v for c, v in by_country.items() if REGIONS[c] == "cis")
    share = round(100 * cis / total)
    stated(YEAR, "ddp_by_partner_country", "", "in_text", "ТМД", "in text: share of CIS partners", share, 261, f"{share}%")


def build_clean() -> dict:
    registry()
    previous, data = records_for(YEAR - 1), records_for(YEAR)
    store(YEAR - 1, previous)
    store(YEAR, data)
    published(data)
    return data
