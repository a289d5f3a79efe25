"""Ingest one HEI's workbook: read → convert → validate → store whole as a new version, or nothing.

Nothing is written unless there are no errors and every warning has been confirmed (or the caller
accepts warnings). Unresolved names are queued for review whatever the outcome, since a person
must look at them anyway. An unknown partner is not a fault of the file: the row keeps its raw text,
the name goes to the review queue (with the row's partner-country cell, the context its alias is
confirmed with) and the clerk is told by an `info` problem, with nothing to confirm.

The workflow (docs/workflow.md): a stored version is a *draft* of the HEI until its clerk submits
it; only a clerk of the HEI (or an admin) may upload. `check=True` validates and stores nothing, not
even review-queue entries. A file identical to the HEI's latest version for the year (same sha256)
is recognised and reported, not stored again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import IntegrityError, transaction

from intlmon.collection import convert
from intlmon.collection.cell_converter import CellConverter, convert_cell  # noqa: F401 - convert_cell: public here too
from intlmon.collection.models import Submission
from intlmon.collection.problems import Problem, Severity, has_errors, message_language
from intlmon.collection.rules import (
    CHECK_NEEDS,
    ROW_CHECKS,
    RULES,
    UNRESOLVED_NAME_CHECKED,
    RowContext,
    duplicate_problems,
)
from intlmon.collection.store import (
    StoredVersion,
    SubmissionLocked,
    VersionChanged,
    content_digest,
    latest_digest,
    store_version,
)
from intlmon.collection.workflow import Actor, Role, check_upload


@dataclass
class IngestResult:
    file: str
    institution_id: str | None
    year: int
    problems: list[Problem] = field(default_factory=list)
    stored: StoredVersion | None = None
    rows: dict[str, int] = field(default_factory=dict)
    lang: str = "ru"  # the language of its messages: --lang, else the workbook's, else the configured default
    check: bool = False  # validated only: nothing was (or would have been) written
    passed: bool = False  # no errors and every warning confirmed
    identical: Submission | None = None  # the stored version this file is identical to (nothing stored)
    to_confirm: list[str] = field(default_factory=list)  # warning rules still to confirm with --confirm RULE

    @property
    def accepted(self) -> bool:
        """Stored, already there (identical file), or — for a check — would be stored."""
        return self.stored is not None or self.identical is not None or (self.check and self.passed)

    def as_dict(self, lang: str | None = None) -> dict:
        lang = lang or self.lang
        return {
            "file": self.file,
            "institution": self.institution_id,
            "year": self.year,
            "accepted": self.accepted,
            "version": self.stored.submission.version if self.stored else None,
            "status": self.stored.submission.status if self.stored else None,
            "check": self.check,
            "identical_to": self.identical.version if self.identical else None,
            "to_confirm": self.to_confirm,
            "records": self.stored.counts if self.stored else {},
            "rows": self.rows,
            "errors": sum(p.severity is Severity.ERROR for p in self.problems),
            "warnings": sum(p.severity is Severity.WARNING for p in self.problems),
            "info": sum(p.severity is Severity.INFO for p in self.problems),
            "problems": [p.as_dict(lang) for p in self.problems],
        }


# Column keys that are resolved in two passes: country before partner (the country narrows it).
ORDER = {"country": 0, "partner": 1}


def validate_and_convert(read, year: int, lang: str, file_label: str):
    """Returns (records by model name, problems, rows by section).

    `lang` names headers and list labels in problems: pass the workbook's language ("" when it declares
    none: they then follow the language the problem is read in)."""
    from django.apps import apps

    from intlmon.collection.sections import SECTIONS, ChoiceLookup

    convert_one = CellConverter(lang, ChoiceLookup(), convert.FileCache(registry=True))
    partner_countries = PartnerCountries()
    problems: list[Problem] = []
    records: dict[str, list[dict]] = {}
    rows_seen: dict[str, int] = {}
    sections = {s.key: s for s in SECTIONS}
    checks = [(check, CHECK_NEEDS.get(check)) for check in ROW_CHECKS]
    for section_key, rows in read.sections.items():
        section = sections[section_key]
        model_name = section.model_label.split(".")[-1]
        fields = {f.attname for f in apps.get_model(section.model_label)._meta.concrete_fields}
        columns = sorted(section.columns, key=lambda c: ORDER.get(c.kind, 2))
        contexts: list[RowContext] = []
        section_records: list[dict] = []
        plan = convert_one.plan(columns)
        for row in rows:
            conv = convert.Converted()
            raw = dict(zip(row.keys, row.values, strict=True))
            ctx = RowContext(
                file=file_label,
                sheet=row.sheet,
                row=row.row,
                section=section_key,
                raw=raw,
                values=conv.values,
                columns=row.letters,  # shared by the sheet's rows, read only
                names_lang=lang,
                year=year,
            )

            def make(rule_id, column_key, value, _ctx=ctx, **params):
                return RULES[rule_id].problem(_ctx, column_key, value, **params)

            convert_one.convert_row(plan, raw, conv, problems, make)
            term_in_date(conv, problems, make)
            # an agreement's term runs from its signing date; the model keeps only the end it gives
            convert.end_from_start(conv.values, "signed_on" if "signed_on" in fields else "contract_date")
            for check, needs in checks:
                if needs is None or not conv.values.keys().isdisjoint(needs):
                    problems.extend(check(ctx))
            partner_countries.later(ctx, problems)
            contexts.append(ctx)
            values = conv.values
            values = values.copy() if fields.issuperset(values) else {k: v for k, v in values.items() if k in fields}
            # (the second: a value the model has no field for, e.g. no term_years on Agreement)
            values.update(source_sheet=row.sheet[:100], source_row=row.row)
            section_records.append(values)
        duplicates = list(duplicate_problems(contexts))
        problems.extend(duplicates)
        repeated = {p.row for p in duplicates if p.rule == "duplicate_row"}
        records.setdefault(model_name, []).extend(r for r in section_records if r["source_row"] not in repeated)
        rows_seen[section_key] = len(rows)
    return records, partner_countries.settle(problems), rows_seen


def term_in_date(conv: convert.Converted, problems: list[Problem], make_problem) -> None:
    """A term found in the contract-date column becomes the term, unless a term was also given."""
    text = conv.values.pop("_term_in_date", None)
    if text is None:
        return
    if conv.values.get("term_raw"):
        problems.append(make_problem("date", "contract_date", text))
        return
    values, _ = convert.term_fields(text)
    conv.values.update(values, term_raw=text[:200])
    problems.append(make_problem("term_in_date", "contract_date", text))


class PartnerCountries:
    """The partner-country check (`partner_country`: the row's country is not the registry's country of
    its resolved partner), with the partners a workbook names read in one query at its end.

    One query per row was once the largest cost of an ingest, and reading every organisation of the
    registry per workbook was still the largest fixed cost of a small one: a row to check leaves a
    place in the problem list (`later`), and `settle` reads the distinct partners together and fills
    each place or drops it, so the problems keep their order.
    """

    def __init__(self):
        self._later: list[tuple[int, RowContext, str, str]] = []

    def later(self, ctx: RowContext, problems: list) -> None:
        partner, country = ctx.values.get("partner_id"), ctx.values.get("country_id")
        if partner and country:
            self._later.append((len(problems), ctx, partner, country))
            problems.append(None)

    def settle(self, problems: list) -> list[Problem]:
        if not self._later:
            return problems
        from intlmon.registry.models import ForeignOrganisation

        ids = sorted({partner for _i, _ctx, partner, _country in self._later})
        db = transaction.get_connection()
        q, table = db.ops.quote_name, ForeignOrganisation._meta.db_table
        orgs = {}
        with db.cursor() as cursor:  # a plain query: the ORM's compilation of it cost more than running it
            for start in range(0, len(ids), 500):  # bounded parameter lists (SQLite's limit)
                chunk = ids[start:start + 500]
                cursor.execute(f"SELECT {q('id')}, {q('country_id')}, {q('name_en')} FROM {q(table)} "
                               f"WHERE {q('id')} IN ({', '.join(['%s'] * len(chunk))})", chunk)
                orgs.update((pk, (country, name)) for pk, country, name in cursor.fetchall())
        for index, ctx, partner, country in self._later:
            org = orgs.get(partner)
            if org and org[0] and org[0] != country:
                problems[index] = RULES["partner_country"].problem(ctx, "country", ctx.raw.get("country"),
                                                                   partner=org[1], partner_country=org[0])
        self._later.clear()
        return [p for p in problems if p is not None]


def ingest_file(
    path: Path,
    year: int,
    institution_id: str | None = None,
    lang: str | None = None,
    actor: Actor | str = "",
    accept_warnings: bool = False,
    confirmed: list[str] | None = None,
    check: bool = False,
    expected_version: int | None = None,
) -> IngestResult:
    """Validate a workbook and store it as a new draft version when it passes; otherwise change nothing.

    `actor` is who uploads (`workflow.NotAllowed` when their role or HEI may not); a bare name stands
    for a command-line user, who holds the database and so acts as admin. `expected_version` is the
    version the edit was made on (a browser correction): when another version became current in the
    meantime, nothing is stored and the problem `version_changed` says so.
    """
    from intlmon.collection.reader import read_workbook

    actor = actor if isinstance(actor, Actor) else Actor(actor or "cli", Role.ADMIN)
    if actor.role is Role.CLERK:
        institution_id = institution_id or actor.institution_id
    if institution_id:
        check_upload(actor, institution_id)
    label = path.name
    content = path.read_bytes()
    result = IngestResult(file=label, institution_id=institution_id, year=year, check=check)
    read = read_workbook(path, file_label=label, year=year)
    names_lang = read.lang or ""  # the workbook's language: its template record, else its sheet titles
    result.lang = message_language(lang, names_lang)
    result.problems.extend(read.problems)
    meta_inst = read.meta.institution if read.meta else None
    if institution_id and meta_inst and meta_inst != institution_id:
        result.problems.append(RULES["institution_mismatch"].at(file=label, found=meta_inst, expected=institution_id))
    result.institution_id = institution_id = institution_id or meta_inst
    if institution_id:
        check_upload(actor, institution_id)
    if has_errors(result.problems):
        return result
    latest = latest_digest(institution_id, year) if institution_id else None
    if latest is not None and latest[1] == content_digest(content, {}):
        # recognised before the (long) validation; reported, not stored again
        result.identical = Submission.objects.get(pk=latest[0])
        return result
    records, problems, rows = validate_and_convert(read, year, names_lang, label)
    result.problems.extend(problems)
    result.rows = rows
    if not any(rows.values()) and not has_errors(result.problems):
        result.problems.append(RULES["empty_workbook"].at(file=label))
    if check:  # nothing is queued by a check: say what storing the file would do
        result.problems = [replace(p, text=UNRESOLVED_NAME_CHECKED) if p.rule == "unresolved_name" else p
                           for p in result.problems]
        _decide(result, institution_id, accept_warnings, confirmed)
        return result
    # The queue and the new version in one transaction, one commit (on SQLite each commit is a disk
    # sync): the store runs in a savepoint of it, so a store refused (locked, version changed) still
    # leaves the names queued.
    with transaction.atomic():
        queue_unresolved(result.problems, institution_id)
        warnings = _decide(result, institution_id, accept_warnings, confirmed)
        if result.passed:
            _store(result, records, content, actor, warnings, expected_version)
    return result


def _decide(result: IngestResult, institution_id: str | None, accept_warnings: bool, confirmed) -> list[str]:
    """Whether the file may be stored: no errors, every warning accepted or confirmed. Returns the warnings."""
    warnings = sorted({p.rule for p in result.problems if p.severity is Severity.WARNING})
    result.to_confirm = [w for w in warnings if not accept_warnings and w not in (confirmed or [])]
    result.passed = not (has_errors(result.problems) or result.to_confirm or not institution_id)
    return warnings


def _store(result: IngestResult, records: dict, content: bytes, actor: Actor, warnings: list[str],
           expected_version: int | None) -> None:
    label, year = result.file, result.year
    try:
        stored = store_version(
            institution_id=result.institution_id,
            year=year,
            records=records,
            file_name=label,
            content=content,
            actor=actor.name,
            actor_role=str(actor.role),
            confirmed_warnings=warnings,
            expected_version=expected_version,
        )
        if stored.identical:  # an identical upload won the race since the check above
            result.identical = stored.submission
        else:
            result.stored = stored
    except SubmissionLocked as locked:
        result.problems.append(RULES["period_locked"].at(file=label, year=year, version=locked.version))
    except VersionChanged as changed:
        result.problems.append(RULES["version_changed"].at(file=label, expected=changed.expected,
                                                           current=changed.current or "–"))


QUEUE_ACTION = "queue_name"


def queue_unresolved(problems: list[Problem], institution_id: str | None) -> None:
    """Unresolved partner names go to the review queue, counted once per upload.

    The queued item's context is the row's partner-country cell, as the legacy import queues it: a
    reviewer's confirmation stores it as the alias's country (`resolve.confirm`) and registering a new
    partner reads its country from it (`partners.country_of`). Where the name came from (HEI, file,
    sheet, row) is provenance, kept as an `AuditEntry(action="queue_name")` pointing at the review item.

    Each distinct (name, country cell) is resolved once (and its answer kept while the registry is the
    same: `convert.registry_answers`), each review item is written once with the
    number of rows naming it, and the provenance entries are inserted together: the queue ends as it
    would after one `queue` call per row (the item's text is the first row's, its candidates the last
    row's), in a handful of queries instead of four per row.
    """
    from intlmon.collection.models import AuditEntry
    from intlmon.lib.resolution import Decision
    from intlmon.registry import resolve

    answers = convert.FileCache(registry=True)  # the registry's answers, kept while the registry is the same
    items: dict[tuple[str, str], list] = {}  # (item key, country) → [first text, last resolution, rows]
    queued: list[tuple[Problem, str, tuple[str, str]]] = []
    for p in problems:
        if p.rule == "unresolved_name" and p.value:
            country = str(p.params.get("country_cell") or "")[:200]
            resolution = answers.ask(resolve.resolve_organisation, p.value, country or None)
            if resolution.decision is Decision.AUTO:  # `queue` would not queue it
                continue
            key = (resolve.casefold_raw(p.value)[:500], country)
            item = items.setdefault(key, [p.value, resolution, 0])
            item[1:] = [resolution, item[2] + 1]
            queued.append((p, country, key))
    if not queued:
        return  # nothing to write: no transaction (on SQLite even an empty one takes the write lock)
    with transaction.atomic():  # one commit for the upload, not one per name
        stored = queue_items(items)
        AuditEntry.objects.bulk_create([
            AuditEntry(action=QUEUE_ACTION, detail={
                "review_item": stored[key].pk, "name": p.value, "country": country, "institution": institution_id,
                "file": p.file, "sheet": p.sheet, "row": p.row})
            for p, country, key in queued
        ])


def queue_items(items: dict[tuple[str, str], list]) -> dict[tuple[str, str], object]:
    """Write the upload's review items — (key, country cell) → [text, resolution, rows] — as
    `registry.resolve.queue` writes each one (same key, text, uses added, candidates less the rejected
    ones, decision and score while the item is open), in three queries instead of five per name: the
    existing items read together (locked), the new ones inserted together, the others updated together.
    Call inside a transaction. Returns the items by the same keys."""
    from django.utils import timezone

    from intlmon.registry.models import ReviewItem

    kind = ReviewItem.Kind.ORGANISATION
    keys = sorted({key for key, _country in items})
    existing = {(item.key, item.context): item
                for start in range(0, len(keys), 500)  # bounded parameter lists (SQLite's limit)
                for item in ReviewItem.objects.select_for_update().filter(kind=kind, key__in=keys[start:start + 500])
                .order_by("pk")}  # locked in one order by every upload
    new, seen, out = [], [], {}
    now = timezone.now()
    for (key, country), (text, resolution, rows) in items.items():
        item = existing.get((key, country))
        if item is None:
            item = ReviewItem(kind=kind, key=key, context=country, raw=text[:500])
            new.append(item)
        else:
            item.last_seen = now  # what `save()` sets (auto_now); `bulk_update` does not
            seen.append(item)
        item.records = (item.records or 0) + rows
        if item.status == ReviewItem.Status.OPEN:
            rejected = set(item.rejected_ids or [])
            item.candidates = [{"id": c.id, "score": c.score, "reason": c.reason}
                               for c in resolution.candidates if c.id not in rejected]
            item.decision = resolution.decision.value
            item.score = resolution.score
        out[key, country] = item
    try:
        with transaction.atomic():
            ReviewItem.objects.bulk_create(new)
    except IntegrityError:  # another upload queued one of these names since they were read: one at a time,
        from intlmon.registry import resolve  # as `queue` does it (it takes that race into account)

        return {(key, country): resolve.queue(kind, text, resolution, records=rows, context=country)
                for (key, country), (text, resolution, rows) in items.items()}
    if seen:  # one parameterised UPDATE run through executemany (`bulk_update` builds a CASE per field)
        db = transaction.get_connection()
        fields = [ReviewItem._meta.get_field(name) for name in ("records", "candidates", "decision", "score", "last_seen")]
        sql = (f"UPDATE {db.ops.quote_name(ReviewItem._meta.db_table)} SET "
               f"{', '.join(f'{db.ops.quote_name(f.column)} = %s' for f in fields)} WHERE {db.ops.quote_name('id')} = %s")
        with db.cursor() as cursor:
            cursor.executemany(sql, [[f.get_db_prep_save(getattr(item, f.attname), db) for f in fields] + [item.pk]
                                     for item in seen])
    return out
