"""The France note's tables (`data/reference/2023/france`, 2022): a mixin of `legacy.LegacyImporter`.

What the note (`000_*.txt`) states is kept twice over, each time once: as records where its tables
give rows (visiting specialists, projects, double-degree programmes, mobility by Kazakh HEI), and as
published figures for every number its text states, tagged with the registered statistic they
measure (`PublishedFigure.quantity`, `quantity_dimension`) and their line, so a country note can
print the source's figure — and say where the records differ — instead of "none reported".

Two readings need care:
- The specialists' tables print one HEI total over several sub-rows (one per French partner), and
  the sub-rows carry counts of their own ('2 online', '2 Doctor of Sciences'). The HEI total is the
  authority: sub-row counts are used when they add up to it (the uncounted sub-rows share the rest);
  when they do not (KazNPU: five sub-rows of 2 under a total of 8) the group is kept as one record of
  the total with every partner in `partners`. Summing both counted 34 specialists where the note
  states 25.
- A name of the inline 'name – count' lists that does not resolve to one HEI ('AIMU', 'MUA') goes to
  the name-review queue, and its count stays a published figure of the list — never lost.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext_noop

from intlmon.collection import convert
from intlmon.collection.problems import Reason

FRANCE = "FR"  # every table of the France note is about cooperation with France
FRANCE_TABLES = frozenset({
    "double_degree_programs.csv", "student_mobility_counts.csv", "international_projects.csv",
    "visiting_specialists_extrabudgetary.csv", "visiting_specialists_republican_budget.csv",
    "international_students.csv",
})
MOBILITY_LIST = re.compile(
    r"^(?:kz|fr)_students_(?P<direction>inbound|outbound)_(?P<year>\d{4})_by_(?P<by>kz_hei|kz_host_hei|french_hei|specialty)$"
)
STAFF_LIST = re.compile(r"^teaching_staff_exchange_(?P<year>\d{4})$")
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
VISITING_TABLES = (
    ("visiting_specialists_extrabudgetary.csv", "extra_budgetary"),
    ("visiting_specialists_republican_budget.csv", "republican_budget"),
)


def _fr(quantity: str, **dims: str) -> tuple[str, dict]:
    return quantity, {"country": FRANCE, **dims}


# What each stated figure of the France note measures: (table, label) → (statistic id, dimension codes).
# Labels are those of france/stated_totals.csv; total rows are keyed by their column.
STATED = {
    ("visiting_specialists_extrabudgetary", "foreign_org"): _fr("visiting_faculty", funding="extra_budgetary"),
    ("visiting_specialists_republican_budget", "foreign_org"): _fr("visiting_faculty", funding="republican_budget"),
    ("double_degree_programs", "active_ddp_count"): _fr("double_degree_programmes"),
    ("double_degree_programs", "contingent"): _fr("double_degree_programmes_enrolment"),
    "in text: Kazakhstani students in academic mobility in France, 2022":
        _fr("mobility_by_country", direction="outbound", person="student"),
    "in text: French students studying in Kazakhstan, 2022": _fr("mobility_by_country", direction="inbound", person="student"),
    "in text: students from France enrolled at KazNPU/KIMEP, 2022-2023": _fr("international_students"),
    "in text: Kazakhstani teaching staff in exchange with France, 2022":
        _fr("mobility_by_country", direction="outbound", person="staff"),
    "in text: French teaching staff in exchange, 2022": _fr("mobility_by_country", direction="inbound", person="staff"),
    "in text: specialists from France teaching in Kazakhstan, 2022": _fr("visiting_faculty"),
    "in text: OVPO hosting French specialists": _fr("institutions_with_visiting_faculty"),
    "in text: specialists paid from extra-budgetary funds": _fr("visiting_faculty", funding="extra_budgetary"),
    "in text: specialists paid from the republican budget": _fr("visiting_faculty", funding="republican_budget"),
    "in text: specialists, offline format": _fr("visiting_faculty", format="physical"),
    "in text: specialists, online format": _fr("visiting_faculty", format="online"),
    "in text: specialists at national OVPO": _fr("visiting_faculty", category="national"),
    "in text: specialists at state OVPO": _fr("visiting_faculty", category="state"),
    "in text: specialists at JSC OVPO": _fr("visiting_faculty", category="joint_stock"),
    "in text: specialists at private OVPO": _fr("visiting_faculty", category="private"),
    "in text: specialists with PhD": _fr("visiting_faculty_by_field", degree="PhD"),
    "in text: specialists, Doctor of Sciences": _fr("visiting_faculty_by_field", degree="Doctor of Sciences"),
    "in text: specialists, Master of Sciences": _fr("visiting_faculty_by_field", degree="Master of Sciences"),
    "in text: specialists by area: Pedagogical sciences": _fr("visiting_faculty_by_field", field="01"),
    "in text: specialists by area: Arts and Humanities": _fr("visiting_faculty_by_field", field="02"),
    "in text: specialists by area: Business, Management and Law": _fr("visiting_faculty_by_field", field="04"),
    "in text: specialists by area: Natural Sciences, Mathematics and Statistics": _fr("visiting_faculty_by_field", field="05"),
    "in text: specialists by area: Engineering, manufacturing and construction": _fr("visiting_faculty_by_field", field="07"),
    "in text: specialists by area: Healthcare": _fr("visiting_faculty_by_field", field="10"),
    "in text: international agreements with French organisations": _fr("agreements_by_country"),
    "in text: Kazakhstani OVPO with agreements with France": _fr("institutions_with_agreements"),
    "in text: international projects with French partners": _fr("projects_by_country"),
    "in text: OVPO participating in projects with France": _fr("institutions_with_projects"),
    "in text: double-degree programs with French partners": _fr("double_degree_programmes"),
    "in text: DDP taught in English": _fr("double_degree_programmes_by_language", language="en"),
    "in text: DDP contingent, 2022": _fr("double_degree_programmes_enrolment"),
    "in text: Kazakhstani OVPO implementing DDP with France": _fr("institutions_with_double_degree_programmes"),
}


def leading_count(text: str) -> int | None:
    """'2 online' → 2, '6 Doctor of Sciences' → 6: the count a sub-row prints before its value."""
    match = re.match(r"^\s*(\d+)\s+\D", text or "")
    return int(match.group(1)) if match else None


def without_count(text: str) -> str:
    return re.sub(r"^\s*\d+\s+", "", text or "").strip()


class FranceTables:
    """Tables of the France note; each method is a no-op when its file is absent."""

    def read_france_tables(self) -> None:
        self.visiting_specialists()
        self.mobility_counts()
        self.france_projects()
        self.degree_students()

    def france_quantity(self, row: dict) -> tuple[str, dict]:
        found = STATED.get((row.get("table", ""), row.get("column", ""))) if row.get("kind") == "total_row" else None
        found = found or STATED.get(row.get("label", ""))
        if found is None:
            return "", {}
        quantity, dims = found
        return quantity, dict(dims)

    # -- visiting specialists ---------------------------------------------------------------------
    def visiting_specialists(self) -> None:
        from intlmon.collection.legacy import read_table

        for name, funding in VISITING_TABLES:
            path = self.dir / name
            if not path.exists():
                continue
            groups: list[tuple[str, list[tuple[int, dict]]]] = []
            for row_no, row in enumerate(read_table(path), start=2):
                if row.get("kz_hei"):
                    ident = self.hei(row["kz_hei"], name, row_no, "kz_hei", row.get("source_lines", ""))
                    groups.append((ident, []))
                elif not groups:
                    self.problem("import.continuation", name, row_no, row.get("source_lines", ""))
                    continue
                groups[-1][1].append((row_no, row))
            for ident, rows in groups:
                if ident is not None:
                    self.specialist_group(ident, rows, name, funding)

    def specialist_group(self, ident: str, rows: list[tuple[int, dict]], name: str, funding: str) -> None:
        """One HEI's rows of a specialists' table → records whose headcounts add up to the HEI total."""
        total, _ = convert.count_value(rows[0][1].get("total_number", ""))
        counts = [leading_count(r.get("format", "")) or leading_count(r.get("academic_degree", "")) for _, r in rows]
        values = [self.specialist_values(row_no, row, name, funding) for row_no, row in rows]
        counted = sum(c for c in counts if c is not None)
        uncounted = [i for i, c in enumerate(counts) if c is None]
        lines = "+".join(r.get("source_lines", "") for _, r in rows)
        if total is None:
            headcounts = [c or 1 for c in counts]
        elif len(rows) == 1:
            headcounts = [total]
            if counts[0] not in (None, total):
                self.report.adjusted.append({"table": name, "row": rows[0][0], "lines": lines,
                                             "reason": Reason(gettext_noop("the row prints %(cell)s in a cell but its total is "
                                                                "%(total)s; the total is kept"), cell=counts[0],
                                                              total=total)})
        elif counted == total and not uncounted:
            headcounts = counts
        elif uncounted and counted < total and (total - counted) % len(uncounted) == 0:
            share = (total - counted) // len(uncounted)
            headcounts = [c if c is not None else share for c in counts]
        else:
            self.report.adjusted.append({
                "table": name, "row": rows[0][0], "lines": lines,
                "reason": Reason(gettext_noop("%(rows)s sub-rows count %(counted)s under a total of %(total)s: kept as one "
                                   "record of %(total)s with every partner"), rows=len(rows), counted=counted,
                                 total=total),
            })
            merged = values[0]
            merged["partners"] = list(dict.fromkeys(p for v in values for p in v.get("partners", [])))
            for key in ("field_id", "format", "academic_degree"):
                if len({v.get(key) for v in values}) > 1:
                    merged[key] = None if key == "field_id" else ""
            merged["headcount"] = total
            self.by_hei[ident]["VisitingFaculty"].append(merged)
            return
        for v, headcount in zip(values, headcounts, strict=True):
            v["headcount"] = headcount
            self.by_hei[ident]["VisitingFaculty"].append(v)

    def specialist_values(self, row_no: int, row: dict, name: str, funding: str) -> dict:
        from intlmon.collection.legacy_rows import field_code

        conv = convert.Converted()
        # The note's tables list specialists from France only: the country is the table's.
        convert.resolve_partner_field(row.get("foreign_org", ""), FRANCE, conv)
        conv.values.update(
            country_id=FRANCE,
            countries=[FRANCE],
            partners=[conv.values["partner_id"]] if conv.values.get("partner_id") else [],
            academic_degree=without_count(row.get("academic_degree", ""))[:100],
            field_id=field_code(row.get("direction", "")),
            format=self.coded("formats", without_count(row.get("format", "")), name, row_no, "format"),
            funding=funding,
            source_sheet=name,
            source_row=row_no,
        )
        self.note_conversion(conv, name, row_no)
        return conv.values

    # -- mobility lists ---------------------------------------------------------------------------
    def mobility_counts(self) -> None:
        """The France note's inline 'name – count' lists (student_mobility_counts.csv).

        Every item is a published figure of its list (statistic `mobility_students_<direction>`,
        dimension `by` and the printed name), tagged with what it measures. Items naming a Kazakh HEI
        also become mobility flows of that HEI (students, or staff for the teaching-staff exchanges,
        whose cell names the HEI and its French partner); a name that does not resolve to one HEI goes
        to the review queue and is listed in the import's output with its count.
        """
        from intlmon.collection.legacy import read_table

        name = "student_mobility_counts.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            list_id, raw = row.get("list_id", ""), row.get("name_raw", "")
            count, _ = convert.count_value(row.get("count_raw", ""))
            where = f"{list_id}#{row.get('item_no', '')}"
            line = row.get("source_line", "")
            if count is None:
                self.problem("import.no_count", name, row_no, line, "count_raw", raw, item=where)
                continue
            students, staff = MOBILITY_LIST.match(list_id), STAFF_LIST.match(list_id)
            if not (students or staff):
                self.problem("import.unknown_list", name, row_no, line, "list_id", list_id)
                continue
            direction = students["direction"] if students else staff_direction(row.get("detail_raw", ""))
            person = "student" if students else "staff"
            by = students["by"] if students else "staff"
            measures = {"direction": direction, "person": person, "country": FRANCE}
            if by in ("french_hei", "specialty"):
                dimension = {"country": FRANCE, "by": by}
                if by == "french_hei":
                    conv = convert.Converted()
                    convert.resolve_partner_field(raw, FRANCE, conv)
                    dimension["partner"] = conv.values.get("partner_id") or raw
                    quantity, measures["partner"] = "mobility_by_partner", dimension["partner"]
                else:
                    dimension["specialty"] = raw
                    quantity, measures["specialty"] = "mobility_by_field", raw
                self.list_figure(direction, dimension, row, row_no, where, quantity, measures)
                continue
            ident, candidates = convert.resolve_institution_id(raw)
            measures["institution"] = ident or ""
            self.list_figure(direction, {"country": FRANCE, "by": by, "name": raw, "institution": ident or ""},
                             row, row_no, where, "mobility_by_institution", measures)
            if ident is None:
                self.report.skipped.append({
                    "table": name, "row": row_no, "lines": line, "count": count,
                    "reason": Reason(gettext_noop("%(item)s: the HEI '%(raw)s' is not resolved to one HEI; its count is kept "
                                       "as a published figure and the name is on the review queue"), item=where, raw=raw),
                })
                self.report.unresolved.append(
                    {"table": name, "row": row_no, "column": "name_raw", "raw": raw, "candidates": candidates}
                )
                self.review.append(("institution", raw, ""))
                continue
            conv = convert.Converted()
            conv.values.update(country_id=FRANCE, countries=[FRANCE], country_raw="", headcount=count,
                               direction=direction, person=person, source_sheet=name, source_row=row_no)
            if staff:
                detail = row.get("detail_raw", "")
                conv.values["format"] = self.vocabulary.in_text("formats", detail) or ""
                convert.resolve_partner_field(raw, FRANCE, conv)
                if conv.values.get("partner_id"):
                    conv.values["partners"] = [conv.values["partner_id"]]
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["MobilityFlow"].append(conv.values)

    def list_figure(self, direction: str, dimension: dict, row: dict, row_no: int, where: str,
                    quantity: str, measures: dict) -> None:
        from intlmon.collection.legacy import SEED_000, first_line

        students = MOBILITY_LIST.match(row.get("list_id", ""))
        year = int(students["year"]) if students else int(STAFF_LIST.match(row["list_id"])["year"])
        statistic = "mobility_staff" if dimension.get("by") == "staff" else f"mobility_students_{direction}"
        self.figure(
            statistic, dimension, row.get("count_raw", ""),
            f"seed {SEED_000} line {row.get('source_line', '')}; student_mobility_counts.csv row {row_no} ({where})",
            row.get("name_raw", ""), year=year, quantity=quantity, quantity_dimension=measures,
            line=first_line(row.get("source_line", "")),
            quote=f"{row.get('name_raw', '')} – {row.get('count_raw', '')}",
        )

    # -- projects ---------------------------------------------------------------------------------
    def france_projects(self) -> None:
        """The France note's 'Table 1 - International projects': its eight rows, four of them rebuilt
        from interleaved columns (see the `quality` and `note` columns)."""
        from intlmon.collection.legacy import read_table

        name = "international_projects.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            lines = row.get("source_lines", "")
            ident = self.hei(row.get("kz_hei", ""), name, row_no, "kz_hei", lines)
            if ident is None:
                continue
            conv = convert.Converted()
            country = self.place_countries(row.get("country", ""), conv)
            if FRANCE in conv.values.get("countries", ()):
                # a note about France lists the project for its French side: France is its country here,
                # the other countries stay in `countries` ('Эстония, Франция' → FR, [EE, FR])
                country = conv.values["country_id"] = FRANCE
            self.place_partners(row.get("partner_university", ""), country, conv)
            kind = self.vocabulary.value("project_kinds", row.get("project_type", "")) or self.vocabulary.in_text(
                "project_kinds", row.get("project_type", ""))
            if kind is None:
                self.unknown(name, row_no, "project_type", row.get("project_type", ""), [row.get("project_type", "")])
                self.problem("import.project_kind", name, row_no, lines, "project_type", row.get("project_type", ""))
                continue
            start_years = YEAR.findall(row.get("project_start_date", ""))
            end_years = YEAR.findall(row.get("project_end_date", ""))
            conv.values.update(
                kind=kind,
                title=(row.get("project_name_en") or row.get("project_name_ru", ""))[:1000],
                start_year=int(start_years[0]) if start_years else None,
                end_year=int((end_years or start_years[1:] or [0])[0]) or None,
                source_sheet=name,
                source_row=row_no,
            )
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Project"].append(conv.values)


    def degree_students(self) -> None:
        """French students studying for a degree (line 13 of the note: 3, at KazNPU and KIMEP)."""
        from intlmon.collection.legacy import read_table

        name = "international_students.csv"
        path = self.dir / name
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            line = row.get("source_line", "")
            ident = self.hei(row.get("kz_hei", ""), name, row_no, "kz_hei", line)
            headcount, _ = convert.count_value(row.get("headcount", ""))
            if ident is None or headcount is None:
                if headcount is None:
                    self.problem("import.no_headcount", name, row_no, line, "headcount")
                continue
            self.by_hei[ident]["InternationalStudents"].append({
                "country_id": FRANCE, "country_raw": "", "headcount": headcount,
                "level": self.coded("levels", row.get("level", ""), name, row_no, "level"),
                "source_sheet": name, "source_row": row_no,
            })


def staff_direction(detail: str) -> str:
    """'academic mobility 5 kaz. PPS …' = Kazakh staff went to France; '… 2 fr. …' = French staff came."""
    return "inbound" if re.search(r"\bfr\.", detail or "") else "outbound"
