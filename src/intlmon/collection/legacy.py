"""Import of consolidated tables shaped like data/reference/2023 (the Centre's legacy pivot tables).

Row-level tables become records routed to each HEI's submission (one new version per HEI, all in
one transaction); the report's stated totals and the aggregate tables become published figures,
kept as printed so the audit can compare them with what the records add up to. A table file that
is absent is skipped; a row whose HEI cannot be resolved stops the import with a clear message.

The France note (`france/`, imported for 2022) adds its own tables: double-degree programmes (read
by the same routine as the report's programme tables, see `PROGRAMME_TABLES`), visiting specialists,
international projects, and the inline mobility lists of `student_mobility_counts.csv` — per Kazakh
HEI they become mobility flows; lists with no Kazakh HEI (French students by French HEI or by
specialty) become the published figures `mobility_students_inbound` / `mobility_students_outbound`
with the breakdown in the dimension (`by`: `french_hei` with `partner`, or `specialty`). An HEI
name in those lists that does not resolve to one HEI is skipped with its count, and listed for review.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.db import transaction

from intlmon.collection import convert
from intlmon.collection.models import Submission
from intlmon.collection.store import period_for, store_version
from intlmon.records.models import PublishedFigure

SEED_001 = "001_9c33b7804b188c2b.txt"
SEED_000 = "000_183db241aca32c40.txt"


@dataclass(frozen=True)
class ProgrammeTable:
    """Where a programme table keeps what: the report and the France note name their columns differently."""

    file_name: str
    model: str
    level_column: str = "level"
    country: str | None = None  # a fixed country when the table has no country column
    field_column: str | None = None  # a column naming the field of education, used when the code gives none


FRANCE = "FR"  # every table of the France note is about cooperation with France
# Tables of the national report vs tables of the France note: a directory with only the latter is a
# bilateral slice (Submission.coverage = FR), which national statistics must not take for a whole year.
NATIONAL_TABLES = frozenset({"ddp_programs.csv", "sop_programs.csv", "hei_project_counts.csv", "kz_hei_branches_abroad.csv"})
FRANCE_TABLES = frozenset({
    "double_degree_programs.csv", "student_mobility_counts.csv", "international_projects.csv",
    "visiting_specialists_extrabudgetary.csv", "visiting_specialists_republican_budget.csv",
})
PROGRAMME_TABLES = (
    ProgrammeTable("sop_programs.csv", "JointProgramme"),
    ProgrammeTable("ddp_programs.csv", "DoubleDegreeProgramme"),
    # the France note's Table 2: English level names, no country column, a 'direction' column (field)
    ProgrammeTable("double_degree_programs.csv", "DoubleDegreeProgramme", level_column="level_of_preparation",
                   country=FRANCE, field_column="direction"),
)


class ImportRejected(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class ImportReport:
    year: int
    records: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    institutions: set[str] = field(default_factory=set)
    published_figures: int = 0
    unresolved: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "institutions": len(self.institutions),
            "records": dict(self.records),
            "published_figures": self.published_figures,
            "unresolved": len(self.unresolved),
            "skipped": self.skipped,
        }


def read_table(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def number(raw: str) -> Decimal | None:
    match = re.search(r"\d[\d\s]*(?:[.,]\d+)?", raw or "")
    if not match:
        return None
    try:
        return Decimal(match.group(0).replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None


class LegacyImporter:
    def __init__(self, directory: Path, year: int):
        self.dir = directory
        self.year = year
        self.report = ImportReport(year=year)
        self.by_hei: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.problems: list[str] = []
        self.figures: list[dict] = []

    # -- helpers -------------------------------------------------------------------------------
    def hei(self, raw: str, table: str, row_no: int, column: str) -> str | None:
        ident, candidates = convert.resolve_institution_id(raw)
        if ident is None and self.known_unmappable(raw):
            self.report.skipped.append(
                {"table": table, "row": row_no, "reason": f"the HEI cell '{raw}' is a known unmappable spelling"}
            )
        elif ident is None:
            self.problems.append(
                f"{table}, row {row_no}, column {column}: the HEI '{raw}' is not in the registry"
                + (f" (candidates: {', '.join(c for c, _ in candidates)})" if candidates else "")
                + "; add an alias or the institution (intlmon load-registry --institutions) and retry"
            )
        return ident

    @staticmethod
    def known_unmappable(raw: str) -> bool:
        """A spelling the registry records as naming no HEI (e.g. a cell holding the partner's text)."""
        from intlmon.registry.models import InstitutionAlias

        return InstitutionAlias.objects.filter(raw=raw.strip(), institution__isnull=True).exists()

    def note_conversion(self, conv: convert.Converted, table: str, row_no: int) -> None:
        for key, raw, candidates in conv.unresolved:
            self.report.unresolved.append(
                {"table": table, "row": row_no, "column": key, "raw": raw, "candidates": candidates}
            )

    def figure(self, statistic: str, dimension: dict, value_raw: str, source: str, label: str = "", year=None):
        value = number(value_raw)
        if value is None:
            self.report.skipped.append({"figure": statistic, "value": value_raw, "source": source})
            return
        self.figures.append(
            {
                "year": year or self.year,
                "statistic": statistic,
                "dimension": dimension,
                "value": value,
                "value_raw": value_raw,
                "label": label,
                "source": source,
            }
        )

    # -- row-level tables ------------------------------------------------------------------------
    def programmes(self, table: ProgrammeTable) -> None:
        """A programme table (joint or double-degree), whichever document's column names it uses."""
        path = self.dir / table.file_name
        if not path.exists():
            return
        name = table.file_name
        for row_no, row in enumerate(read_table(path), start=2):
            if not (row.get("kz_hei") or row.get("partner_hei") or row.get("program")):
                self.report.skipped.append({"table": name, "row": row_no, "reason": "empty row"})
                continue
            ident = self.hei(row.get("kz_hei", ""), name, row_no, "kz_hei")
            if ident is None:
                continue
            conv = convert.Converted()
            conv.values["level"] = convert.level_from_heading(row.get(table.level_column, ""))
            conv.values["programme_raw"] = row.get("program", "")
            prog, _ = convert.programme_fields(row.get("program", ""))
            if prog.get("_code_level") and not conv.values["level"]:
                conv.values["level"] = prog["_code_level"]
            conv.values["programme_code"] = prog.get("programme_code", "")
            field_id = prog.get("field_id") or (field_code(row.get(table.field_column, "")) if table.field_column else None)
            if field_id:
                conv.values["field_id"] = field_id
            if table.country:
                country = conv.values["country_id"] = table.country
                conv.values["country_raw"] = ""
            else:
                country = convert.resolve_country_field(row.get("country", ""), conv)
            convert.resolve_partner_field(row.get("partner_hei", ""), country, conv)
            conv.values["contract_date_raw"] = row.get("contract_date", "")[:200]
            conv.values["contract_date"], _ = convert.first_date(row.get("contract_date", ""))
            term_raw = row.get("contract_term", "")
            conv.values["term_raw"] = term_raw[:200]
            terms, _ = convert.term_fields(term_raw)
            conv.values.update(terms)
            convert.end_from_start(conv.values)
            conv.values["enrolment"], _ = convert.count_value(row.get("contingent", ""))
            if row.get("language"):
                conv.values["languages"], _ = convert.language_codes(row["language"])
            if row.get("funding_source"):
                conv.values["funding"] = funding_value(row["funding_source"])
            conv.values["source_sheet"] = name
            conv.values["source_row"] = row_no
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident][table.model].append(conv.values)

    def branches_abroad(self) -> None:
        name = "kz_hei_branches_abroad.csv"
        path = self.dir / name
        if not path.exists():
            return
        ident = None
        for row_no, row in enumerate(read_table(path), start=2):
            if row.get("kz_hei"):  # empty on continuation rows: vertically merged with the row above
                ident = self.hei(row["kz_hei"], name, row_no, "kz_hei")
            if ident is None:
                continue
            conv = convert.Converted()
            country = convert.resolve_country_field(row.get("country", ""), conv)
            convert.resolve_partner_field(row.get("foreign_org", ""), country, conv)
            conv.values.update(
                direction="outbound",
                kind=presence_kind(row.get("representation_name", "")),
                name=row.get("representation_name", "")[:500],
                source_sheet=name,
                source_row=row_no,
            )
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Presence"].append(conv.values)

    def foreign_branches(self) -> None:
        """The numbered list of foreign branches at Kazakh HEIs (free text, host HEI in bold)."""
        name = "foreign_hei_branches_in_kz.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            text = row.get("item_text", "")
            ident, _ = convert.resolve_institution_id(row.get("bold_text", ""))
            if ident is None:
                hosts = find_institutions_in_text(text)
                ident = hosts[0] if hosts else None
            if ident is None:
                self.problems.append(f"{name}, row {row_no}: no Kazakh host HEI found in '{text[:80]}…'")
                continue
            partners = find_organisations_in_text(text)
            conv = convert.Converted()
            conv.values.update(
                direction="inbound",
                kind=presence_kind(text),
                name=re.sub(r"\*\*", "", text)[:500],
                partner_raw=text[:500],
                partner_id=partners[0] if partners else None,
                source_sheet=name,
                source_row=row_no,
            )
            if partners:
                from intlmon.registry.models import ForeignOrganisation

                org = ForeignOrganisation.objects.filter(pk=partners[0]).only("country_id").first()
                conv.values["country_id"] = org.country_id if org else None
            else:
                conv.unresolved.append(("partner", text, []))
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Presence"].append(conv.values)

    def project_counts(self) -> None:
        name = "hei_project_counts.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            ident = self.hei(row["hei_name"], name, row_no, "hei_name")
            if ident is None:
                continue
            for column, kind in (("educational_projects", "educational"), ("scientific_projects", "research")):
                count, _ = convert.count_value(row.get(column, ""))
                if count:
                    self.by_hei[ident]["Project"].append(
                        {"kind": kind, "quantity": count, "source_sheet": name, "source_row": row_no}
                    )

    # -- aggregate tables → published figures -----------------------------------------------------
    def aggregates(self) -> None:
        source = f"seed {SEED_001}"
        specs = [
            ("agreements_by_country.csv", "agreements", "country", {"agreement_count": None}),
            ("agreements_by_direction.csv", "agreements", "direction", {"agreement_count": None}),
            ("joint_science_projects_by_country.csv", "projects_research", "partner_country", {"project_count": None}),
            ("joint_education_projects_by_country.csv", "projects_educational", "partner_country", {"project_count": None}),
            ("sop_by_partner_country.csv", "joint_programmes", "country", {"sop_count": None, "contingent": "enrolment"}),
            ("ddp_by_partner_country.csv", "double_degree_programmes", "country", {"ddp_count": None, "contingent": "enrolment"}),
            ("sop_by_hei.csv", "joint_programmes", "hei_name", {"sop_count": None, "contingent": "enrolment"}),
            ("ddp_by_hei.csv", "double_degree_programmes", "hei_name", {"ddp_count": None, "contingent": "enrolment"}),
        ]
        from intlmon.registry.countries import resolve_country_cell

        for file_name, statistic, key_column, columns in specs:
            path = self.dir / file_name
            if not path.exists():
                continue
            for row_no, row in enumerate(read_table(path), start=2):
                raw_key = row.get(key_column, "")
                if key_column == "hei_name":
                    ident = self.hei(raw_key, file_name, row_no, key_column)
                    dimension = {"institution": ident}
                elif key_column == "direction":
                    dimension = {"direction": raw_key}
                else:
                    cell = resolve_country_cell(raw_key)
                    dimension = {"country": ",".join(cell.codes) or raw_key}
                if row.get("region_section"):
                    dimension["region_section"] = row["region_section"]
                for column, suffix in columns.items():
                    stat = f"{statistic}_{suffix}" if suffix else statistic
                    lines = row.get("source_lines", "")
                    self.figure(stat, dimension, row.get(column, ""), f"{source} line {lines}; {file_name} row {row_no}", raw_key)
        path = self.dir / "publications_by_field.csv"
        if path.exists():
            for row_no, row in enumerate(read_table(path), start=2):
                for column in ("scopus_2022", "scopus_2023", "wos_2022", "wos_2023"):
                    database, year = column.split("_")
                    self.figure(
                        f"publications_{database}",
                        {"field_raw": row["field"]},
                        row.get(column, ""),
                        f"{source} line {row.get('source_lines', '')}; publications_by_field.csv row {row_no}",
                        row["field"],
                        year=int(year),
                    )

    def stated_totals(self) -> None:
        path = self.dir / "stated_totals.csv"
        if not path.exists():
            return
        seed = SEED_000 if self.dir.name == "france" else SEED_001
        for row_no, row in enumerate(read_table(path), start=2):
            statistic = f"stated:{row['table']}" + (f".{row['column']}" if row.get("column") else "")
            dimension = {"kind": row.get("kind", ""), "section": row.get("section", ""), "label": row.get("label", "")}
            source = f"seed {seed} line {row.get('source_line', '')}; stated_totals.csv row {row_no}"
            self.figure(statistic, dimension, row.get("value_raw", ""), source, row.get("label", ""))

    def earlier_years(self) -> None:
        """Figures of 2020–2022 quoted in the report (data/reference/report_2023_earlier_years.csv)."""
        path = self.dir.parent / f"report_{self.year}_earlier_years.csv"
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            self.figure(
                row["statistic"],
                json.loads(row.get("dimension") or "{}"),
                row.get("value_raw") or row.get("value", ""),
                f"seed {SEED_001} line {row.get('source_line', '')}; {path.name} row {row_no}",
                row.get("source_text", "")[:500],
                year=int(row["year"]),
            )

    # -- France note tables ----------------------------------------------------------------------
    def visiting_specialists(self) -> None:
        for name, funding in (
            ("visiting_specialists_extrabudgetary.csv", "extra_budgetary"),
            ("visiting_specialists_republican_budget.csv", "republican_budget"),
        ):
            path = self.dir / name
            if not path.exists():
                continue
            ident = None
            for row_no, row in enumerate(read_table(path), start=2):
                if row.get("kz_hei"):
                    ident = self.hei(row["kz_hei"], name, row_no, "kz_hei")
                if ident is None:
                    continue
                conv = convert.Converted()
                # The note's tables list specialists from France only: the country is the table's.
                convert.resolve_partner_field(row.get("foreign_org", ""), FRANCE, conv)
                conv.values["country_id"] = FRANCE
                headcount = leading_count(row.get("format", "")) or leading_count(row.get("academic_degree", ""))
                if headcount is None:
                    headcount, _ = convert.count_value(row.get("total_number", ""))
                conv.values.update(
                    headcount=headcount or 1,
                    academic_degree=re.sub(r"^\d+\s*", "", row.get("academic_degree", ""))[:100],
                    field_id=field_code(row.get("direction", "")),
                    format=format_value(row.get("format", "")),
                    funding=funding,
                    source_sheet=name,
                    source_row=row_no,
                )
                self.note_conversion(conv, name, row_no)
                self.by_hei[ident]["VisitingFaculty"].append(conv.values)

    def mobility_counts(self) -> None:
        """The France note's inline 'name – count' lists (student_mobility_counts.csv).

        A list counted per Kazakh HEI becomes mobility flows of that HEI (students, or staff for the
        teaching-staff exchanges, whose cell names the HEI and its French partner). A list with no
        Kazakh HEI — French students by French HEI or by specialty — can only be a published figure:
        `mobility_students_inbound` / `_outbound` with the dimension it is broken down by.
        A name that does not resolve to one HEI is skipped with the reason (and listed for review).
        """
        name = "student_mobility_counts.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            list_id, raw = row.get("list_id", ""), row.get("name_raw", "")
            count, _ = convert.count_value(row.get("count_raw", ""))
            where = f"{list_id}#{row.get('item_no', '')}"
            if count is None:
                self.report.skipped.append({"table": name, "row": row_no, "reason": f"{where}: no count"})
                continue
            students = MOBILITY_LIST.match(list_id)
            staff = STAFF_LIST.match(list_id)
            if students and students["by"] in ("french_hei", "specialty"):
                dimension = {"country": FRANCE, "by": students["by"]}
                if students["by"] == "french_hei":
                    conv = convert.Converted()
                    convert.resolve_partner_field(raw, FRANCE, conv)
                    dimension["partner"] = conv.values.get("partner_id") or raw
                else:
                    dimension["specialty"] = raw
                self.figure(
                    f"mobility_students_{students['direction']}",
                    dimension,
                    row.get("count_raw", ""),
                    f"seed {SEED_000} line {row.get('source_line', '')}; {name} row {row_no} ({where})",
                    raw,
                    year=int(students["year"]),
                )
                continue
            if not (students or staff):
                self.report.skipped.append({"table": name, "row": row_no, "reason": f"{where}: unknown list"})
                continue
            ident, candidates = convert.resolve_institution_id(raw)
            if ident is None:
                reason = "a known unmappable spelling" if self.known_unmappable(raw) else "not resolved to one HEI"
                self.report.skipped.append(
                    {"table": name, "row": row_no, "reason": f"{where}: the HEI '{raw}' is {reason}", "count": count}
                )
                self.report.unresolved.append(
                    {"table": name, "row": row_no, "column": "name_raw", "raw": raw, "candidates": candidates}
                )
                continue
            conv = convert.Converted()
            conv.values.update(country_id=FRANCE, country_raw="", headcount=count, source_sheet=name, source_row=row_no)
            if students:
                conv.values.update(direction=students["direction"], person="student")
            else:
                detail = row.get("detail_raw", "")
                # 'academic mobility 5 kaz. PPS …' = Kazakh staff went to France; '… 2 fr. …' = French staff came
                direction = "inbound" if re.search(r"\bfr\.", detail) else "outbound"
                conv.values.update(direction=direction, person="staff", format=format_value(detail))
                convert.resolve_partner_field(raw, FRANCE, conv)
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["MobilityFlow"].append(conv.values)

    def france_projects(self) -> None:
        """The France note's 'Table 1 - International projects' (the clearly parsable rows)."""
        name = "international_projects.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            ident = self.hei(row.get("kz_hei", ""), name, row_no, "kz_hei")
            if ident is None:
                continue
            conv = convert.Converted()
            country = convert.resolve_country_field(row.get("country", ""), conv)
            convert.resolve_partner_field(row.get("partner_university", ""), country, conv)
            kind = row.get("project_type", "").casefold()
            start_years = YEAR.findall(row.get("project_start_date", ""))
            end_years = YEAR.findall(row.get("project_end_date", ""))
            conv.values.update(
                kind="educational" if "educat" in kind else "research",
                title=(row.get("project_name_en") or row.get("project_name_ru", ""))[:1000],
                start_year=int(start_years[0]) if start_years else None,
                end_year=int((end_years or start_years[1:] or [0])[0]) or None,
                source_sheet=name,
                source_row=row_no,
            )
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Project"].append(conv.values)

    def run(self) -> ImportReport:
        for table in PROGRAMME_TABLES:
            self.programmes(table)
        self.branches_abroad()
        self.foreign_branches()
        self.project_counts()
        self.visiting_specialists()
        self.mobility_counts()
        self.france_projects()
        self.aggregates()
        self.stated_totals()
        self.earlier_years()
        if self.problems:
            raise ImportRejected(self.problems)
        tables = {p.name for p in self.dir.glob("*.csv")}
        coverage = FRANCE if tables & FRANCE_TABLES and not tables & NATIONAL_TABLES else ""
        with transaction.atomic():
            for ident, records in sorted(self.by_hei.items()):
                stored = store_version(
                    institution_id=ident,
                    year=self.year,
                    records=records,
                    origin=Submission.Origin.IMPORT,
                    status=Submission.Status.APPROVED,
                    file_name=str(self.dir.name),
                    actor="import-tables",
                    coverage=coverage,
                )
                self.report.institutions.add(ident)
                for model, n in stored.counts.items():
                    self.report.records[model] += n
            for fig in self.figures:
                period = period_for(fig.pop("year"))
                dimension = fig.pop("dimension")
                key = json.dumps(dimension, sort_keys=True, ensure_ascii=False)
                PublishedFigure.objects.update_or_create(
                    period=period,
                    statistic=fig["statistic"],
                    dimension_key=key[:300],
                    source=fig["source"][:500],
                    defaults={
                        "dimension": dimension,
                        "value": fig["value"],
                        "value_raw": fig["value_raw"][:100],
                        "label": fig["label"][:500],
                    },
                )
                self.report.published_figures += 1
        return self.report


MOBILITY_LIST = re.compile(
    r"^(?:kz|fr)_students_(?P<direction>inbound|outbound)_(?P<year>\d{4})_by_(?P<by>kz_hei|kz_host_hei|french_hei|specialty)$"
)
STAFF_LIST = re.compile(r"^teaching_staff_exchange_(?P<year>\d{4})$")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def _aliases_in_text(text: str, rows) -> list[str]:
    """Ids whose alias occurs in free text, longest alias first (the list item names both sides)."""
    folded = re.sub(r"\*\*", "", text or "").casefold()
    found: list[str] = []
    for raw, target in sorted(rows, key=lambda r: -len(r[0])):
        if target and len(raw) >= 4 and raw.casefold() in folded and target not in found:
            found.append(target)
            folded = folded.replace(raw.casefold(), " ")
    return found


def find_institutions_in_text(text: str) -> list[str]:
    from intlmon.registry.models import InstitutionAlias

    return _aliases_in_text(text, InstitutionAlias.objects.values_list("raw", "institution_id"))


def find_organisations_in_text(text: str) -> list[str]:
    from intlmon.registry.models import OrganisationAlias

    return _aliases_in_text(text, OrganisationAlias.objects.values_list("raw", "organisation_id"))


def presence_kind(text: str) -> str:
    lowered = (text or "").lower()
    for words, kind in (
        (("филиал", "branch", "филиалы"), "branch"),
        (("представител", "өкілдіг", "representation"), "representation"),
        (("центр", "орталы", "centre", "center"), "centre"),
        (("офис", "office", "кеңсе"), "office"),
    ):
        if any(w in lowered for w in words):
            return kind
    return "branch"


def leading_count(text: str) -> int | None:
    match = re.match(r"^\s*(\d+)\s+\D", text or "")
    return int(match.group(1)) if match else None


def field_code(text: str) -> str | None:
    match = re.match(r"^\s*(0[1-9]|1[0-2])\b", text or "")
    return match.group(1) if match else None


def format_value(text: str) -> str:
    lowered = (text or "").lower()
    if "online" in lowered or "онлайн" in lowered:
        return "online"
    if "offline" in lowered or "офлайн" in lowered:
        return "physical"
    return ""


def funding_value(text: str) -> str:
    lowered = (text or "").lower()
    if "student" in lowered or "обучающ" in lowered:
        return "student"
    if "budget" in lowered or "бюджет" in lowered:
        return "republican_budget"
    if lowered:
        return "other"
    return ""


def import_tables(directory: Path, year: int) -> ImportReport:
    if not directory.is_dir():
        raise ImportRejected([f"{directory}: not a directory"])
    return LegacyImporter(directory, year).run()
