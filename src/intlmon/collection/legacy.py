"""Import of consolidated tables shaped like data/reference/2023 (the Centre's legacy pivot tables).

Row-level tables become records routed to each HEI's submission (one new version per HEI, all in
one transaction); the report's stated totals and the aggregate tables become published figures,
kept as printed so the audit can compare them with what the records add up to. A table file that
is absent is skipped.

The import is faithful to its source rather than forgiving:
- a row whose HEI cannot be placed stops the import with a message naming the file, the row and
  the seed line — unless `row_attributions.csv` places it, with the evidence (a row is never
  dropped silently);
- a row that repeats an earlier one (also when spelled with Cyrillic look-alike letters, 'НТМІ' for
  'HTMI') is stored once; the repeat is listed in the import's output and kept as an
  `AuditEntry(action="import_repeated_row")` of the submission, which the audit reads through
  `repeated_rows(year)`;
- a cell naming several countries or partners keeps every one (`countries`, `partners`);
- every coded cell is read through the vocabularies declared in `collection.sections` (the same
  lookups as the template and the upload); an unknown value or an unknown part of a multi-value
  cell is reported and never stored as a code.

The row tables of the national report are read in `legacy_rows.py`, the France note's tables
(imported for 2022 as a bilateral slice) in `legacy_france.py`.

What stops the import is a `problems.Problem` of `LEGACY_RULES` — the one problem shape, with the
table as its file, the CSV row and column, and the seed line in the message — rendered from the
collection catalogue in the reader's language. Why a row was read with care or not stored is a
`Reason`: English where the report is JSON, translated where `import-tables` prints it.
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
from django.utils.translation import gettext_noop

from intlmon.collection import convert
from intlmon.collection.legacy_france import FRANCE, FRANCE_TABLES, FranceTables
from intlmon.collection.legacy_rows import NATIONAL_TABLES, RowTables
from intlmon.collection.models import AuditEntry, Submission
from intlmon.collection.problems import Problem, Reason, Rule, Severity  # noqa: F401  (Reason: legacy_rows/france)
from intlmon.collection.store import period_for, store_version
from intlmon.records.models import PublishedFigure

SEED_001 = "001_9c33b7804b188c2b.txt"
SEED_000 = "000_183db241aca32c40.txt"
REPEAT_ACTION = "import_repeated_row"


E = Severity.ERROR
LEGACY_RULES: dict[str, Rule] = {
    r.id: r
    for r in [
        Rule("import.not_a_directory", E, gettext_noop("%(path)s is not a directory.")),
        Rule("import.unknown_hei", E, gettext_noop("The HEI '%(value)s' is not in the registry (seed %(seed)s, line %(lines)s; "
                                        "closest names: %(candidates)s)."),
             gettext_noop("Add an alias or the institution (intlmon load-registry --institutions), or place the row in "
               "row_attributions.csv with the evidence, and retry.")),
        Rule("import.no_host_hei", E, gettext_noop("No Kazakh host HEI found in '%(value)s' (seed %(seed)s, line %(lines)s).")),
        Rule("import.no_status", E, gettext_noop("No status (operating or planned) in %(status_file)s for item %(item)s (seed "
                                      "%(seed)s, line %(lines)s).")),
        Rule("import.continuation", E, gettext_noop("A continuation row before any HEI row (seed %(seed)s, line %(lines)s).")),
        Rule("import.no_count", E, gettext_noop("%(item)s '%(value)s' has no count (seed %(seed)s, line %(lines)s).")),
        Rule("import.unknown_list", E, gettext_noop("Unknown list '%(value)s' (seed %(seed)s, line %(lines)s).")),
        Rule("import.project_kind", E, gettext_noop("'%(value)s' is neither a research nor an educational project (seed "
                                         "%(seed)s, line %(lines)s).")),
        Rule("import.no_headcount", E, gettext_noop("No headcount (seed %(seed)s, line %(lines)s).")),
    ]
}


class ImportRejected(ValueError):
    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(f"{p.where('en')}: {p.message('en')}" for p in problems))
        self.problems = problems


@dataclass
class ImportReport:
    """What the import did, for its output: counts, and every row it did not store as printed."""

    year: int
    records: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    institutions: set[str] = field(default_factory=set)
    published_figures: int = 0
    unresolved: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    repeated: list[dict] = field(default_factory=list)  # rows stored once: {table, row, repeats, lines, lookalike}
    attributed: list[dict] = field(default_factory=list)  # rows placed by row_attributions.csv
    adjusted: list[dict] = field(default_factory=list)  # rows read differently from their cells, with the reason
    unknown_values: list[dict] = field(default_factory=list)  # coded cells (or parts) outside the vocabulary

    def as_dict(self) -> dict:
        return {
            "year": self.year,
            "institutions": len(self.institutions),
            "records": dict(self.records),
            "published_figures": self.published_figures,
            "unresolved": len(self.unresolved),
            "skipped": self.skipped,
            "repeated": self.repeated,
            "attributed": self.attributed,
            "adjusted": self.adjusted,
            "unknown_values": self.unknown_values,
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


def first_line(lines: str) -> int | None:
    """'755+759' → 755: the first physical line of a row in its seed file."""
    match = re.match(r"\s*(\d+)", lines or "")
    return int(match.group(1)) if match else None


class Vocabulary:
    """The legacy import's view of the one declaration of coded values (`collection.sections`).

    One `ChoiceLookup` serves the whole import, as it serves a whole workbook on upload. Free-text
    cells (a representation's name, a list item) are searched for the same labels and aliases.
    """

    def __init__(self) -> None:
        from intlmon.collection.sections import ChoiceLookup

        self.lookup = ChoiceLookup()

    def value(self, name: str, text: str) -> str | None:
        return self.lookup.value(name, text)

    def level(self, heading: str) -> str:
        """'ДОКТОРАНТУРА 5', 'Master's degree' → doctorate, master ('' when the heading names none)."""
        text = re.sub(r"[\s\d.:]+$", "", heading or "")
        return self.value("levels", text) or ""

    def in_text(self, name: str, text: str) -> str | None:
        """The value of list `name` whose label or alias occurs in free text (by word stem, since
        Kazakh and Russian decline: 'өкілдігі', 'орталығы', 'филиалы').

        The head noun decides: the first match in Russian or English ('Центр … — филиал'), the last
        in Kazakh, where the head noun ends the phrase ('… университетінің филиалы').
        """
        from intlmon.collection.sections import STATIC_CHOICES
        from intlmon.lib.names import is_kazakh_text

        folded = (text or "").casefold()
        hits: list[tuple[int, str]] = []
        for choice in STATIC_CHOICES[name]:
            for word in (*choice.labels.values(), *choice.aliases):
                word = word.casefold()
                if len(word) < 4 or " " in word:
                    continue
                stem = word[: max(4, min(len(word) - 2, 6))]
                for match in re.finditer(rf"(?<!\w){re.escape(stem)}", folded):
                    hits.append((match.start(), choice.value))
        if not hits:
            return None
        hits.sort()
        return hits[-1][1] if is_kazakh_text(text) else hits[0][1]


class LegacyImporter(RowTables, FranceTables):
    def __init__(self, directory: Path, year: int):
        self.dir = directory
        self.year = year
        self.seed = SEED_000 if directory.name == "france" else SEED_001
        self.report = ImportReport(year=year)
        self.by_hei: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        self.problems: list[str] = []
        self.figures: list[dict] = []
        self.review: list[tuple[str, str, str]] = []  # (kind, raw, context) for the name-review queue
        self.vocabulary = Vocabulary()
        self.attributions = self.read_attributions()

    # -- helpers -------------------------------------------------------------------------------
    def problem(self, rule: str, table: str, row_no: int, lines: str = "", column: str = "", value: object = "",
                **params) -> None:
        """A row the import cannot place or read: it stops the import, naming table, row, column and seed line."""
        self.problems.append(LEGACY_RULES[rule].at(file=table, row=row_no, column=column, value=value, seed=self.seed,
                                                   lines=lines or "–", **params))

    def read_attributions(self) -> dict[tuple[str, str], dict]:
        """Rows whose HEI cell names no HEI, placed by evidence elsewhere in the report."""
        path = self.dir / "row_attributions.csv"
        if not path.exists():
            return {}
        return {(row["table"], row["source_lines"]): row for row in read_table(path)}

    def hei(self, raw: str, table: str, row_no: int, column: str, lines: str = "") -> str | None:
        """The HEI a row belongs to; a row that cannot be placed is an error (never a silent skip)."""
        ident, candidates = convert.resolve_institution_id(raw)
        if ident is not None:
            return ident
        attribution = self.attributions.get((table, lines))
        if attribution is not None:
            self.report.attributed.append({
                "table": table, "row": row_no, "lines": lines, "raw": raw,
                "institution": attribution["institution"], "evidence": attribution["evidence"],
            })
            return attribution["institution"]
        self.problem("import.unknown_hei", table, row_no, lines, column, raw,
                     candidates=", ".join(c for c, _ in candidates) or "–")
        return None

    def note_conversion(self, conv: convert.Converted, table: str, row_no: int) -> None:
        for key, raw, candidates in conv.unresolved:
            self.report.unresolved.append(
                {"table": table, "row": row_no, "column": key, "raw": raw, "candidates": candidates}
            )
            kind = {"partner": "organisation", "country": "country"}.get(key)
            if kind:
                context = conv.values.get("country_raw", "") if kind == "organisation" else ""
                self.review.append((kind, raw, context[:200]))

    def unknown(self, table: str, row_no: int, column: str, raw: str, parts: list[str] | str) -> None:
        self.report.unknown_values.append({"table": table, "row": row_no, "column": column, "raw": raw, "unknown": parts})

    def coded(self, name: str, raw: str, table: str, row_no: int, column: str) -> str:
        """A single-choice cell through the declared vocabulary; '' (reported) when outside it."""
        if not (raw or "").strip():
            return ""
        value = self.vocabulary.value(name, raw)
        if value is None:
            self.unknown(table, row_no, column, raw, [raw])
            return ""
        return value

    def languages(self, raw: str, table: str, row_no: int) -> list[str]:
        """Languages as the upload reads them; a cell with an unknown part is reported and stores none
        (dropping the part would report a bilingual programme as monolingual)."""
        codes, reason = convert.language_codes(raw)
        if reason:
            self.unknown(table, row_no, "language", raw, reason)
            return []
        return codes

    def figure(self, statistic: str, dimension: dict, value_raw: str, source: str, label: str = "", year=None,
               quantity: str = "", quantity_dimension: dict | None = None, line: int | None = None, quote: str = ""):
        value = number(value_raw)
        if value is None:
            self.report.skipped.append({"figure": statistic, "value": value_raw, "source": source})
            return
        self.figures.append({
            "year": year or self.year,
            "statistic": statistic,
            "dimension": dimension,
            "value": value,
            "value_raw": value_raw,
            "label": label,
            "source": source,
            "quantity": quantity,
            "quantity_dimension": quantity_dimension or {},
            "source_line": line,
            "quote": quote,
        })

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
                lines = row.get("source_lines", "")
                if key_column == "hei_name":
                    ident = self.hei(raw_key, file_name, row_no, key_column, lines)
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
                    self.figure(stat, dimension, row.get(column, ""), f"{source} line {lines}; {file_name} row {row_no}",
                                raw_key, line=first_line(lines), quote=raw_key)
        path = self.dir / "publications_by_field.csv"
        if path.exists():
            for row_no, row in enumerate(read_table(path), start=2):
                lines = row.get("source_lines", "")
                for column in ("scopus_2022", "scopus_2023", "wos_2022", "wos_2023"):
                    database, year = column.split("_")
                    self.figure(
                        f"publications_{database}",
                        {"field_raw": row["field"]},
                        row.get(column, ""),
                        f"{source} line {lines}; publications_by_field.csv row {row_no}",
                        row["field"],
                        year=int(year),
                        line=first_line(lines),
                        quote=row["field"],
                    )

    def stated_totals(self) -> None:
        path = self.dir / "stated_totals.csv"
        if not path.exists():
            return
        for row_no, row in enumerate(read_table(path), start=2):
            statistic = f"stated:{row['table']}" + (f".{row['column']}" if row.get("column") else "")
            dimension = {"kind": row.get("kind", ""), "section": row.get("section", ""), "label": row.get("label", "")}
            source = f"seed {self.seed} line {row.get('source_line', '')}; stated_totals.csv row {row_no}"
            quantity, quantity_dimension = self.stated_quantity(row)
            self.figure(statistic, dimension, row.get("value_raw", ""), source, row.get("label", ""),
                        quantity=quantity, quantity_dimension=quantity_dimension,
                        line=first_line(row.get("source_line", "")), quote=row.get("source_text", "")[:500])

    def stated_quantity(self, row: dict) -> tuple[str, dict]:
        """What a stated figure measures, where the import knows it (the France note's figures)."""
        if self.dir.name == "france":
            return self.france_quantity(row)
        return "", {}

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
                line=first_line(row.get("source_line", "")),
                quote=row.get("source_text", "")[:500],
            )

    # -- storing ----------------------------------------------------------------------------------
    def run(self) -> ImportReport:
        self.read_row_tables()
        self.read_france_tables()
        self.aggregates()
        self.stated_totals()
        self.earlier_years()
        if self.problems:
            raise ImportRejected(self.problems)
        tables = {p.name for p in self.dir.glob("*.csv")}
        coverage = FRANCE if tables & FRANCE_TABLES and not tables & NATIONAL_TABLES else ""
        repeats = defaultdict(list)
        for repeat in self.report.repeated:
            repeats[repeat["institution"]].append(repeat)
        from intlmon.progress import track

        with transaction.atomic():
            for ident, records in track(sorted(self.by_hei.items()), "import-tables", total=len(self.by_hei)):
                stored = store_version(
                    institution_id=ident,
                    year=self.year,
                    records=records,
                    origin=Submission.Origin.IMPORT,
                    status=Submission.Status.APPROVED,
                    file_name=str(self.dir.name),
                    actor="import-tables",
                    coverage=coverage,
                    confirmed_warnings=["duplicate_row"] if repeats.get(ident) else [],
                )
                if not getattr(stored, "identical", False):  # an unchanged version keeps its entries
                    AuditEntry.objects.bulk_create([
                        AuditEntry(actor="import-tables", action=REPEAT_ACTION, submission=stored.submission, detail=r)
                        for r in repeats.get(ident, [])
                    ])
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
                        "quantity": fig["quantity"],
                        "quantity_dimension": fig["quantity_dimension"],
                        "source_line": fig["source_line"],
                        "quote": fig["quote"][:500],
                    },
                )
                self.report.published_figures += 1
            self.queue_for_review()
        return self.report

    def queue_for_review(self) -> None:
        """Names that did not resolve go to the registry's review queue (once each, with their uses)."""
        from intlmon.registry.resolve import queue

        uses: dict[tuple[str, str, str], int] = defaultdict(int)
        for item in self.review:
            uses[item] += 1
        for (kind, raw, context), n in sorted(uses.items()):
            queue(kind, raw, records=n, context=context)


def import_tables(directory: Path, year: int) -> ImportReport:
    if not directory.is_dir():
        raise ImportRejected([LEGACY_RULES["import.not_a_directory"].at(file=str(directory), path=str(directory))])
    return LegacyImporter(directory, year).run()


def repeated_rows(year: int) -> list[dict]:
    """Rows of the counted imported versions that repeated an earlier row and were stored once.

    For the audit: each item names the table, the row, the row it repeats, the HEI, the seed lines
    and whether the repeat was spelled with look-alike letters. The versions are those the statistics
    count (`analytics.scope`), so a later draft does not hide what the counted version left out.
    """
    from intlmon.analytics.scope import counted_ids

    entries = AuditEntry.objects.filter(action=REPEAT_ACTION, submission_id__in=counted_ids(year)).order_by("pk")
    return [entry.detail for entry in entries]
