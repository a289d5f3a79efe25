"""The difference between two versions of one HEI's submission for a period: rows added, removed, changed.

The same structure serves the portal's page (a template walks `VersionDiff.sections`) and the command
line (`intlmon submission diff`, `as_dict()` for `--format json`), so both show one answer.

**Which rows are "the same row"** in two versions is decided per section by `IDENTITY`: the columns
that name the thing a row describes, so that an edit of its other cells reads as *changed* (with the
cells old → new) instead of one row removed and another added:

- things with a name: an agreement is its partner (and country); a presence its direction and name;
  a project its kind and title; a programme its partner + programme code + level (the same key the
  `duplicate_key` rule treats as "the same programme"); a strategic partnership its model and partner.
- aggregate rows (mobility, visiting faculty, international students, publications, the profile): every
  column but the counts is the identity, since such a row *is* one cell of a cross-table; changing
  its level makes another cell of the table (removed + added), changing its headcount changes it.

Two rows of one version with the same identity (two agreements with one partner) are paired in the
order the workbook gives them. Cells are compared by meaning (`cells.compare_key`), so a version
uploaded in another language, or a date retyped in another format, shows no change; the values shown
are what the HEI typed, where it was kept.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, field

from intlmon.collection.cells import cell_text, compare_key, record_cells, records_of
from intlmon.collection.models import Submission
from intlmon.collection.sections import LANGS, SECTIONS, Section

#: Per section, the columns that identify a row across versions (see the module docstring).
IDENTITY: dict[str, tuple[str, ...]] = {
    "profile": (),
    "agreements": ("partner", "country"),
    "presences": ("direction", "name"),
    "projects": ("kind", "title"),
    "joint_programmes": ("partner", "programme", "level"),
    "double_degree_programmes": ("partner", "programme", "level"),
    "mobility": ("direction", "person", "level", "partner", "country", "field", "format", "funding"),
    "visiting_faculty": ("partner", "country", "academic_degree", "field", "format", "funding"),
    "international_students": ("country", "level"),
    "publications": ("database", "field"),
    "strategic_partnerships": ("model", "partner"),
}


@dataclass
class ChangedCell:
    column: str  # the column's machine key (collection.sections)
    headers: dict[str, str]  # its header in kk, ru and en
    old: str  # as the cell reads in the diff's language ('' when empty)
    new: str

    def header(self, lang: str) -> str:
        return self.headers.get(lang) or self.headers["ru"]


@dataclass
class RowChange:
    """One row of a section: its identity, its cells (in the diff's language) and what changed."""

    identity: str  # the identity columns' values, e.g. 'Université de Lorraine · 7M04107 Экономика · магистратура'
    cells: dict[str, str]  # column key → text (the new row's for added/changed, the old row's for removed)
    old_row: int | None = None  # the workbook row it came from, in each version
    new_row: int | None = None
    old_id: int | None = None  # the record's id in each version (what `correct` takes)
    new_id: int | None = None
    changed: list[ChangedCell] = field(default_factory=list)


@dataclass
class SectionDiff:
    key: str
    titles: dict[str, str]
    columns: list[dict]  # [{"key", "headers": {kk, ru, en}}] in workbook order, for a table's head
    added: list[RowChange] = field(default_factory=list)
    removed: list[RowChange] = field(default_factory=list)
    changed: list[RowChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def is_empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


@dataclass
class VersionDiff:
    institution_id: str
    year: int
    old_version: int
    new_version: int
    lang: str
    sections: list[SectionDiff]  # only the sections with a difference, in workbook order

    @property
    def is_empty(self) -> bool:
        return not self.sections

    def counts(self) -> dict[str, int]:
        return {"added": sum(len(s.added) for s in self.sections), "removed": sum(len(s.removed) for s in self.sections),
                "changed": sum(len(s.changed) for s in self.sections)}

    def as_dict(self) -> dict:
        data = asdict(self)
        data["counts"] = self.counts()
        return data


class NotComparable(ValueError):
    """The two versions are not of the same HEI and period."""


@dataclass
class _Row:
    record: object
    compare: dict[str, object]
    text: dict[str, str]


def diff_versions(old: Submission, new: Submission, lang: str = "ru") -> VersionDiff:
    """What changed from version `old` to version `new` of one HEI's submission for one period.

    Either may be the older one; raises NotComparable for versions of different HEIs or periods.
    """
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGS)}")
    if (old.institution_id, old.period_id) != (new.institution_id, new.period_id):
        raise NotComparable(f"{old} and {new} are not versions of one HEI's submission for one period")
    sections = [d for s in SECTIONS if not (d := diff_section(s, old, new, lang)).is_empty]
    return VersionDiff(institution_id=new.institution_id, year=new.period.year, old_version=old.version,
                       new_version=new.version, lang=lang, sections=sections)


def diff_section(section: Section, old: Submission, new: Submission, lang: str) -> SectionDiff:
    result = SectionDiff(key=section.key, titles=dict(section.titles),
                         columns=[{"key": c.key, "headers": dict(c.headers)} for c in section.columns])
    before, after = _keyed(section, old, lang), _keyed(section, new, lang)
    for ident, old_row in before.items():
        new_row = after.get(ident)
        if new_row is None:
            result.removed.append(_change(section, old_row, None))
            continue
        changed = [ChangedCell(c.key, dict(c.headers), old_row.text[c.key], new_row.text[c.key])
                   for c in section.columns if old_row.compare[c.key] != new_row.compare[c.key]]
        if changed:
            result.changed.append(_change(section, old_row, new_row, changed))
        else:
            result.unchanged += 1
    result.added = [_change(section, None, row) for ident, row in after.items() if ident not in before]
    return result


def _keyed(section: Section, submission: Submission, lang: str) -> dict[tuple, _Row]:
    """The version's rows by identity; a repeated identity gets its occurrence number appended."""
    seen: dict[tuple, int] = defaultdict(int)
    rows: dict[tuple, _Row] = {}
    for record in records_of(submission, section):
        compare = {c.key: compare_key(c, record) for c in section.columns}
        values = record_cells(section, record, counts=True)
        text = {c.key: cell_text(c, values.get(c.key), lang) for c in section.columns}
        if getattr(record, "quantity", 1) != 1:  # a legacy count of projects: say how many it stands for
            text = {**text, "title": f"{text['title']} (×{record.quantity})"}
            compare = {**compare, "title": (compare["title"], record.quantity)}
        base = tuple(repr(_identity_part(k, compare[k], record)) for k in IDENTITY[section.key])
        seen[base] += 1
        rows[(*base, seen[base])] = _Row(record, compare, text)
    return rows


def _identity_part(key: str, compare: object, record) -> object:
    """A programme is known by its code (its name may be retyped); without a code, by its text."""
    if key == "programme" and record.programme_code:
        return record.programme_code
    return compare


def _change(section: Section, old: _Row | None, new: _Row | None, changed=None) -> RowChange:
    shown = new or old
    parts = [shown.text[k] for k in IDENTITY[section.key] if shown.text[k]]
    return RowChange(
        identity=" · ".join(parts),  # '' for the profile, a section of one row
        cells=dict(shown.text),
        old_row=old.record.source_row if old else None,
        new_row=new.record.source_row if new else None,
        old_id=old.record.pk if old else None,
        new_id=new.record.pk if new else None,
        changed=changed or [],
    )


def version(institution_id: str, year: int, number: int) -> Submission:
    """One version of an HEI's submission (Submission.DoesNotExist when there is none)."""
    return Submission.objects.select_related("period").get(institution_id=institution_id, period__year=year,
                                                           version=number)


def diff_lines(diff: VersionDiff) -> list[str]:
    """The difference as plain text lines (the command line's view): + added, − removed, ~ changed."""
    from django.utils import translation
    from django.utils.translation import gettext

    lang = diff.lang
    with translation.override(lang):
        lines = [f"{diff.institution_id} {diff.year}: v{diff.old_version} → v{diff.new_version}"]
        if diff.is_empty:
            lines.append(gettext("No difference between the two versions."))
        for s in diff.sections:
            title = s.titles.get(lang) or s.titles["ru"]
            lines.append(f"{title} (+{len(s.added)} −{len(s.removed)} ~{len(s.changed)})")
            headers = {c["key"]: c["headers"].get(lang) or c["headers"]["ru"] for c in s.columns}
            for mark, rows, at in (("+", s.added, "new_row"), ("−", s.removed, "old_row"), ("~", s.changed, "new_row")):
                for r in rows:
                    where = gettext("row %(row)s") % {"row": getattr(r, at)} if getattr(r, at) else ""
                    lines.append(f"  {mark} {r.identity or title}" + (f" ({where})" if where else ""))
                    if mark != "~":
                        lines.extend(f"      {headers[k]}: {v}" for k, v in r.cells.items() if v)
                    lines.extend(f"      {c.header(lang)}: {c.old or '∅'} → {c.new or '∅'}" for c in r.changed)
    return lines
