"""The row tables of the legacy import: programmes, presences (both ways) and project counts.

A mixin of `legacy.LegacyImporter` (it uses the importer's `hei`, `coded`, `report` …). Kept apart
because the rules of *which rows are the same row* live here:

- a programme row repeats an earlier one when HEI, level, partner, countries, programme text,
  contract date and enrolment agree once Cyrillic look-alike letters are read as the Latin letters
  they imitate ('НТМІ' = 'HTMI', '6В11102' = '6B11102'); the contract term may be worded differently;
- a presence abroad repeats an earlier one when HEI, host country and foreign partner agree — the
  partner as resolved, else its spelling (near-identical spellings count as one: 'в Пшасныше' /
  'в г. Пшасыныш'); a row whose partner cell names the HEI's own branch ('Филиал КазНУ … в Бишкеке')
  has no foreign partner, only a country.

The repeat is not stored; it is reported (see `ImportReport.repeated`) with the row it repeats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.utils.translation import gettext_noop

from intlmon.collection import convert
from intlmon.collection.problems import Reason

# Tables of the national report vs tables of the France note: a directory with only the latter is a
# bilateral slice (Submission.coverage = FR), which national statistics must not take for a whole year.
NATIONAL_TABLES = frozenset({"ddp_programs.csv", "sop_programs.csv", "hei_project_counts.csv", "kz_hei_branches_abroad.csv"})
HOME = convert.HOME  # the Kazakh side of a consortium is not a partner country
SIMILAR_SPELLING = 90  # rapidfuzz ratio of two folded spellings taken for one partner


@dataclass(frozen=True)
class ProgrammeTable:
    """Where a programme table keeps what: the report and the France note name their columns differently."""

    file_name: str
    model: str
    level_column: str = "level"
    country: str | None = None  # a fixed country when the table has no country column
    field_column: str | None = None  # a column naming the field of education, used when the code gives none


PROGRAMME_TABLES = (
    ProgrammeTable("sop_programs.csv", "JointProgramme"),
    ProgrammeTable("ddp_programs.csv", "DoubleDegreeProgramme"),
    # the France note's Table 2: English level names, no country column, a 'direction' column (field)
    ProgrammeTable("double_degree_programs.csv", "DoubleDegreeProgramme", level_column="level_of_preparation",
                   country="FR", field_column="direction"),
)


def fold_lookalikes(text: str) -> str:
    """Lower-case, Cyrillic look-alikes read as Latin, punctuation and spaces collapsed: the form in
    which two spellings of one cell compare equal ('НТМІ' → 'htmi', '6В11102' → '6b11102')."""
    from intlmon.lib.translit import LATIN_LOOKALIKE_OF_CYRILLIC

    lowered = re.sub(r"<[^>]+>", " ", text or "").casefold()
    folded = "".join(LATIN_LOOKALIKE_OF_CYRILLIC.get(ch, ch) for ch in lowered)
    return " ".join(re.sub(r"[\W_]+", " ", folded).split())


def differs_only_by_lookalikes(a: str, b: str) -> bool:
    """Two spellings that are one text once look-alike letters are read alike, but not as typed."""

    def plain(text: str) -> str:
        return " ".join(re.sub(r"[\W_]+", " ", re.sub(r"<[^>]+>", " ", text or "").casefold()).split())

    return fold_lookalikes(a) == fold_lookalikes(b) and plain(a) != plain(b)


def similar(a: str, b: str) -> bool:
    from rapidfuzz import fuzz

    return bool(a and b) and (a == b or fuzz.ratio(a, b) >= SIMILAR_SPELLING)


class RowTables:
    """Row tables of the national report (and the France note's programme table)."""

    def read_row_tables(self) -> None:
        self.seen: dict[str, list[tuple[tuple, dict]]] = {}
        for table in PROGRAMME_TABLES:
            self.programmes(table)
        self.branches_abroad()
        self.foreign_branches()
        self.project_counts()

    # -- shared cell readers ------------------------------------------------------------------------
    def place_countries(self, raw: str, conv: convert.Converted) -> str | None:
        """Every country the cell names in `countries` (the Kazakh side of a consortium left out),
        the first in `country`; returns that first code. The upload reads the cell the same way."""
        return convert.resolve_country_field(raw, conv)

    def place_partners(self, raw: str, country: str | None, conv: convert.Converted) -> None:
        """The partner cell; a cell naming several partners ('A; B', 'A, B') keeps each in `partners`
        when every part resolves on its own — else the whole cell goes to review as typed."""
        from intlmon.registry.resolve import resolve_organisation

        before = len(conv.unresolved)
        convert.resolve_partner_field(raw, country, conv)
        if conv.values.get("partner_id"):
            conv.values["partners"] = [conv.values["partner_id"]]
            return
        for separator in (r"\s*;\s*", r"\s*,\s*"):
            parts = [p for p in re.split(separator, raw or "") if p.strip()]
            if len(parts) < 2:
                continue
            ids = [resolve_organisation(p, country).id for p in parts]
            if all(ids):
                del conv.unresolved[before:]
                conv.values["partner_id"] = ids[0]
                conv.values["partners"] = list(dict.fromkeys(ids))
                return

    def is_repeat(self, table: str, row_no: int, row: dict, ident: str, key: tuple, raw_text: str,
                  same=None) -> bool:
        """True (and reported) when the row repeats an earlier row of the same table.

        The report names both rows by their row in the CSV, the number printed in the source ('№',
        empty on continuation rows) and the seed lines.
        """
        lines, printed = row.get("source_lines", ""), row.get("source_row_no", "")
        earlier_rows = self.seen.setdefault(table, [])
        for earlier_key, earlier in earlier_rows:
            if (same(earlier_key, key) if same else earlier_key == key):
                self.report.repeated.append({
                    "table": table, "row": row_no, "printed_no": printed, "lines": lines, "institution": ident,
                    "repeats": earlier["row"], "repeats_printed_no": earlier["printed"], "repeats_lines": earlier["lines"],
                    "lookalike": differs_only_by_lookalikes(raw_text, earlier["text"]),
                })
                return True
        earlier_rows.append((key, {"row": row_no, "printed": printed, "lines": lines, "text": raw_text}))
        return False

    # -- programmes ---------------------------------------------------------------------------------
    def programmes(self, table: ProgrammeTable) -> None:
        """A programme table (joint or double-degree), whichever document's column names it uses."""
        path = self.dir / table.file_name
        if not path.exists():
            return
        from intlmon.collection.legacy import read_table

        name = table.file_name
        for row_no, row in enumerate(read_table(path), start=2):
            lines = row.get("source_lines", "")
            if not (row.get("kz_hei") or row.get("partner_hei") or row.get("program")):
                self.report.skipped.append({"table": name, "row": row_no, "lines": lines,
                                            "reason": Reason(gettext_noop("every cell is empty")), "note": row.get("note", "")})
                continue
            ident = self.hei(row.get("kz_hei", ""), name, row_no, "kz_hei", lines)
            if ident is None:
                continue
            conv = convert.Converted()
            conv.values["level"] = self.vocabulary.level(row.get(table.level_column, ""))
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
                conv.values["countries"] = [table.country]
            else:
                country = self.place_countries(row.get("country", ""), conv)
            self.place_partners(row.get("partner_hei", ""), country, conv)
            conv.values["contract_date_raw"] = row.get("contract_date", "")[:200]
            conv.values["contract_date"], _ = convert.first_date(row.get("contract_date", ""))
            term_raw = row.get("contract_term", "")
            conv.values["term_raw"] = term_raw[:200]
            terms, _ = convert.term_fields(term_raw)
            conv.values.update(terms)
            convert.end_from_start(conv.values)
            conv.values["enrolment"], _ = convert.count_value(row.get("contingent", ""))
            if row.get("language"):
                conv.values["languages"] = self.languages(row["language"], name, row_no)
            if row.get("funding_source"):
                conv.values["funding"] = self.coded("funding_sources", row["funding_source"], name, row_no, "funding_source")
            conv.values["source_sheet"] = name
            conv.values["source_row"] = row_no
            key = (
                ident, conv.values["level"], conv.values.get("partner_id") or fold_lookalikes(row.get("partner_hei", "")),
                tuple(conv.values.get("countries", ())), fold_lookalikes(row.get("program", "")),
                fold_lookalikes(row.get("contract_date", "")), conv.values["enrolment"],
            )
            text = " ".join(row.get(c, "") for c in ("partner_hei", "program"))
            if self.is_repeat(name, row_no, row, ident, key, text):
                continue
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident][table.model].append(conv.values)

    # -- presences ----------------------------------------------------------------------------------
    def branches_abroad(self) -> None:
        name = "kz_hei_branches_abroad.csv"
        path = self.dir / name
        if not path.exists():
            return
        from intlmon.collection.legacy import read_table

        ident = None
        for row_no, row in enumerate(read_table(path), start=2):
            lines = row.get("source_lines", "")
            if row.get("kz_hei"):  # empty on continuation rows: vertically merged with the row above
                ident = self.hei(row["kz_hei"], name, row_no, "kz_hei", lines)
            if ident is None:
                continue
            conv = convert.Converted()
            country = self.place_countries(row.get("country", ""), conv)
            foreign, title = row.get("foreign_org", ""), row.get("representation_name", "")
            self.place_partners(foreign, country, conv)
            own = not conv.values.get("partner_id") and fold_lookalikes(foreign) == fold_lookalikes(title)
            if own:  # the cell repeats the branch's own name: the HEI's own branch, no foreign partner
                conv.unresolved = [u for u in conv.unresolved if u[0] != "partner"]
            conv.values.update(
                direction="outbound",
                kind=self.vocabulary.in_text("presence_kinds", title) or "branch",
                name=title[:500],
                status="operating",
                source_sheet=name,
                source_row=row_no,
            )
            partner_key = "own" if own else (conv.values.get("partner_id") or fold_lookalikes(foreign))
            key = (ident, tuple(conv.values.get("countries", ())), partner_key)
            if self.is_repeat(name, row_no, row, ident, key, f"{title} {foreign}", same=same_presence):
                continue
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Presence"].append(conv.values)

    def foreign_branches(self) -> None:
        """The numbered list of foreign branches at Kazakh HEIs (free text, host HEI in bold).

        The list does not say which of them work: the text around it does (lines 210–285 of the
        2023 report: 10 operate, 6 are being prepared), recorded with its evidence in
        `foreign_hei_branches_status.csv`. A country the item names ('Иран тілі мен мәдениеті
        орталығы') is kept when the partner cannot be resolved.
        """
        name = "foreign_hei_branches_in_kz.csv"
        path = self.dir / name
        if not path.exists():
            return
        from intlmon.collection.legacy import read_table

        statuses = {}
        status_path = self.dir / "foreign_hei_branches_status.csv"
        if status_path.exists():
            statuses = {r["source_row_no"]: r for r in read_table(status_path)}
        for row_no, row in enumerate(read_table(path), start=2):
            text, lines = row.get("item_text", ""), row.get("source_lines", "")
            ident, _ = convert.resolve_institution_id(row.get("bold_text", ""))
            if ident is None:
                hosts = find_institutions_in_text(text)
                ident = hosts[0] if hosts else None
            if ident is None:
                self.problem("import.no_host_hei", name, row_no, lines, "", text[:80] + "…")
                continue
            partners = find_organisations_in_text(text)
            conv = convert.Converted()
            stated = statuses.get(row.get("source_row_no", ""))
            status = self.coded("statuses", stated["status"], status_path.name, row_no, "status") if stated else ""
            if not stated:
                self.problem("import.no_status", name, row_no, lines, status_file=status_path.name,
                             item=row.get("source_row_no", ""))
            conv.values.update(
                direction="inbound",
                kind=self.vocabulary.in_text("presence_kinds", text) or "branch",
                name=re.sub(r"\*\*", "", text)[:500],
                partner_raw=text[:500],
                partner_id=partners[0] if partners else None,
                partners=partners,
                status=status or "operating",
                source_sheet=name,
                source_row=row_no,
            )
            countries = []
            if partners:
                from intlmon.registry.models import ForeignOrganisation

                by_id = dict(ForeignOrganisation.objects.filter(pk__in=partners).values_list("pk", "country_id"))
                countries = [by_id[p] for p in partners if by_id.get(p)]
            else:
                conv.unresolved.append(("partner", text, []))
            if not countries:
                countries = countries_in_text(text)
                if countries:
                    self.report.adjusted.append({"table": name, "row": row_no, "lines": lines,
                                                 "reason": Reason(gettext_noop("country taken from the item's text: %(countries)s"),
                                                                    countries=", ".join(countries))})
            conv.values["country_id"] = countries[0] if countries else None
            conv.values["countries"] = list(dict.fromkeys(countries))
            self.note_conversion(conv, name, row_no)
            self.by_hei[ident]["Presence"].append(conv.values)

    # -- projects -----------------------------------------------------------------------------------
    def project_counts(self) -> None:
        name = "hei_project_counts.csv"
        path = self.dir / name
        if not path.exists():
            return
        from intlmon.collection.legacy import read_table

        for row_no, row in enumerate(read_table(path), start=2):
            ident = self.hei(row["hei_name"], name, row_no, "hei_name", row.get("source_lines", ""))
            if ident is None:
                continue
            for column, kind in (("educational_projects", "educational"), ("scientific_projects", "research")):
                count, _ = convert.count_value(row.get(column, ""))
                if count:
                    self.by_hei[ident]["Project"].append(
                        {"kind": kind, "quantity": count, "source_sheet": name, "source_row": row_no}
                    )


def same_presence(a: tuple, b: tuple) -> bool:
    """(HEI, countries, partner key): the same HEI and host country, and one partner (see module doc)."""
    if a[0] != b[0]:
        return False
    if (a[1] or b[1]) and not set(a[1]) & set(b[1]):
        return False
    return a[2] == b[2] or (a[2] != "own" and b[2] != "own" and similar(a[2], b[2]))


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


def countries_in_text(text: str) -> list[str]:
    """Countries named by a word of free text ('Иран тілі мен мәдениеті орталығы' → IR), Kazakhstan left out."""
    from intlmon.registry.countries import resolve_country_cell

    found: list[str] = []
    for word in re.findall(r"[^\W\d_]{3,}", re.sub(r"\*\*", "", text or "")):
        cell = resolve_country_cell(word)
        if cell.kind == "country" and len(cell.codes) == 1 and cell.codes[0] != HOME and cell.codes[0] not in found:
            found.append(cell.codes[0])
    return found


def field_code(text: str) -> str | None:
    match = re.match(r"^\s*(0[1-9]|1[0-2])\b", text or "")
    return match.group(1) if match else None
