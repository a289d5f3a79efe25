"""Storing a submission: the whole workbook as a new version in one transaction, or nothing.

Concurrent uploads for the same HEI and period are serialised by locking the institution row
(PostgreSQL) or by SQLite's immediate write transactions; the partial unique constraint on
`is_current` is the last line of defence. A crash mid-way rolls the transaction back: no half-loaded
version can exist.

Records are written with one parameterised INSERT per section run through `executemany`
(`insert_records`), each value prepared by its model field exactly as `bulk_create` prepares it
(`Field.get_db_prep_save`), without building a model instance per row: the rows were converted and
validated already, and instantiating 26,000 models cost more than the whole validation. On PostgreSQL
the rows go through one `COPY … FROM STDIN` per section instead (psycopg 3 adapts each value as it
would a parameter): the server parses one stream rather than planning an INSERT per row.

A new version is stored as a draft (the HEI's own until its clerk submits it); it becomes the
*current* version, the one the HEI works on, but does not change what the statistics count
(`analytics.scope`). Content identical to the HEI's latest version for the period is recognised and
not stored again: its sha256 is the file's, or for imported tables (no file) the sha256 of the
records themselves, so re-running an import or `make demo` adds no versions.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.db import transaction

from intlmon.collection.models import AuditEntry, Submission
from intlmon.records.models import SECTION_MODELS, ReportingPeriod
from intlmon.registry.models import Institution

MODEL_BY_NAME = {model.__name__: model for model in SECTION_MODELS}


class SubmissionLocked(Exception):
    """The HEI's current version for the period is locked (deadline passed); an analyst must reopen it."""

    def __init__(self, institution_id: str, year: int, version: int):
        super().__init__(f"{institution_id} {year}: version {version} is locked")
        self.institution_id, self.year, self.version = institution_id, year, version


class VersionChanged(Exception):
    """The HEI's current version is no longer the one an edit was made on (another upload landed since)."""

    def __init__(self, institution_id: str, year: int, expected: int, current: int | None):
        super().__init__(f"{institution_id} {year}: expected version {expected} to be current, found {current}")
        self.institution_id, self.year, self.expected, self.current = institution_id, year, expected, current


@dataclass
class StoredVersion:
    submission: Submission
    counts: dict[str, int]
    identical: bool = False  # the content equals the latest version's: nothing was stored


def content_digest(content: bytes | None, records: dict[str, list[dict]], coverage: str = "") -> str:
    """sha256 of the uploaded file, or of the records (canonical JSON) when there is no file."""
    if content is not None:
        return hashlib.sha256(content).hexdigest()
    canonical = json.dumps({"coverage": coverage, "records": records}, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def latest_version(institution_id: str, year: int) -> Submission | None:
    """The HEI's current (latest) version for the year, the one a new upload is compared with."""
    return Submission.objects.filter(institution_id=institution_id, period__year=year, is_current=True).first()


def latest_digest(institution_id: str, year: int) -> tuple[int, str] | None:
    """(pk, sha256) of the HEI's current version for the year, or None: what an upload is compared with
    before its validation, in one plain query (the ORM's compilation of it cost more than running it, on
    every upload; the version itself is read only when the file is found identical)."""
    sub, period = Submission._meta, ReportingPeriod._meta
    q = transaction.get_connection().ops.quote_name
    rows = _select(
        f"SELECT s.{q('id')}, s.{q('file_sha256')} FROM {q(sub.db_table)} s JOIN {q(period.db_table)} p "
        f"ON s.{q('period_id')} = p.{q('id')} WHERE s.{q('institution_id')} = %s AND p.{q('year')} = %s "
        f"AND s.{q('is_current')}", [institution_id, year])
    return rows[0] if rows else None


def _select(sql: str, params: list) -> list[tuple]:
    """Rows of one plain SELECT, on the connection of the current transaction."""
    with transaction.get_connection().cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _store_context(institution_id: str, year: int) -> tuple[int, int | None, int | None]:
    """(period id, highest version, current version's pk) for a store, in plain queries (the ORM's were
    most of a small upload's fixed cost): the period (created through the ORM when it is new), the
    institution locked — on PostgreSQL `FOR UPDATE` serialises writers of one HEI; SQLite serialises every
    writer anyway, and Django's `select_for_update` adds nothing there either — and its versions for the
    period. Raises `Institution.DoesNotExist` for an unknown institution, as the ORM's `get` did."""
    db = transaction.get_connection()
    q = db.ops.quote_name
    found = _select(f"SELECT {q('id')} FROM {q(ReportingPeriod._meta.db_table)} WHERE {q('year')} = %s", [year])
    period_id = found[0][0] if found else period_for(year).pk
    lock = " FOR UPDATE" if db.features.has_select_for_update else ""
    if not _select(f"SELECT {q('id')} FROM {q(Institution._meta.db_table)} WHERE {q('id')} = %s{lock}",
                   [institution_id]):
        raise Institution.DoesNotExist(f"Institution matching query does not exist: {institution_id!r}")
    versions = _select(f"SELECT {q('id')}, {q('version')}, {q('is_current')} FROM {q(Submission._meta.db_table)} "
                       f"WHERE {q('institution_id')} = %s AND {q('period_id')} = %s", [institution_id, period_id])
    last = max((version for _pk, version, _current in versions), default=None)
    current = next((pk for pk, _version, is_current in versions if is_current), None)
    return period_id, last, current


def record_counts(submission: Submission) -> dict[str, int]:
    counts = {model.__name__: model.objects.filter(submission=submission).count() for model in MODEL_BY_NAME.values()}
    return {name: n for name, n in counts.items() if n}


def period_for(year: int) -> ReportingPeriod:
    period, _ = ReportingPeriod.objects.get_or_create(year=year)
    return period


def store_version(
    *,
    institution_id: str,
    year: int,
    records: dict[str, list[dict]],
    origin: str = Submission.Origin.UPLOAD,
    status: str = Submission.Status.DRAFT,
    file_name: str = "",
    content: bytes | None = None,
    actor: str = "",
    actor_role: str = "",
    confirmed_warnings: list[str] | None = None,
    coverage: str = "",
    expected_version: int | None = None,
) -> StoredVersion:
    """Store `records` (model name → list of field dicts) as the new current version.

    Field dicts hold model field names (e.g. `partner_id`, `country_raw`); period, submission and
    institution are filled in here. `coverage` is a country code when the records are only the HEI's
    activity with that country (a bilateral note's tables), so national figures do not rest on them.
    When the content is identical to the latest version's, nothing is written and that version is
    returned with `identical=True`.

    `expected_version`: the version the records were edited from (a browser correction). It is checked
    here, inside the transaction that holds the institution's lock, because a check before the store
    leaves a window in which another upload lands and the edit would silently overwrite it:
    `VersionChanged` is raised and nothing is written.
    """
    digest = content_digest(content, records, coverage)
    with transaction.atomic():
        # inside: a failed store must not leave a new period behind; the institution's row is locked
        period_id, last, current = _store_context(institution_id, year)
        # the current version, as a model (its save below sends the signals others listen to); its file
        # is read only if asked for
        previous = Submission.objects.defer("file_content").get(pk=current) if current is not None else None
        if expected_version is not None and (previous is None or previous.version != expected_version):
            raise VersionChanged(institution_id, year, expected_version, previous.version if previous else None)
        if previous is not None and previous.file_sha256 == digest:
            return StoredVersion(submission=previous, counts=record_counts(previous), identical=True)
        if previous is not None and previous.locked_at is not None:
            raise SubmissionLocked(institution_id, year, previous.version)
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        submission = Submission.objects.create(
            institution_id=institution_id,
            period_id=period_id,
            version=(last or 0) + 1,
            is_current=True,
            status=status,
            origin=origin,
            file_name=file_name,
            file_sha256=digest,
            file_size=len(content) if content is not None else 0,
            file_content=content,
            confirmed_warnings=confirmed_warnings or [],
            coverage=coverage,
        )
        counts: dict[str, int] = {}
        for model_name, rows in records.items():
            model = MODEL_BY_NAME[model_name]
            own = {"period_id": period_id, "submission_id": submission.pk, "institution_id": institution_id}
            if not insert_records(model, rows, own):
                objs = [model(period_id=period_id, submission=submission, institution_id=institution_id, **row)
                        for row in rows]
                model.objects.bulk_create(objs, batch_size=500)
            counts[model_name] = len(rows)
        AuditEntry.objects.create(
            actor=actor,
            action="store_version",
            submission=submission,
            detail={
                "role": actor_role,
                "version": submission.version,
                "replaces": previous.version if previous else None,
                "origin": origin,
                "status": status,
                "file": file_name,
                "sha256": submission.file_sha256,
                "records": counts,
                "confirmed_warnings": confirmed_warnings or [],
            },
        )
    return StoredVersion(submission=submission, counts=counts)


INSERT_BATCH = 2000  # rows per executemany call: bounds the parameter lists held at once
_PER_ROW = object()


def insert_records(model, rows: list[dict], own: dict) -> bool:
    """INSERT `rows` (field attname → value) of `model`, with `own` (period, submission, institution ids)
    on each. False, and nothing written, when this path does not apply — a row names something other
    than a concrete field's attname (a model instance for a foreign key, say), or the model fills a
    field at save time — and the caller then uses `bulk_create`.

    Values are prepared as `bulk_create` prepares them: a field not given takes its default, and each
    value goes through `Field.get_db_prep_save` (JSON lists, dates, decimals per database) — except a
    text or None in a text field (or a foreign key to a text key), a bool or None in a boolean one and, where the database adapts
    integers as they are (not PostgreSQL's psycopg 3), an int or None in an integer one: values that
    call returns unchanged. They are prepared a column at a time (`_prepared`), each distinct value once."""
    from django.db.backends.base.operations import BaseDatabaseOperations
    from django.db.models import BooleanField, CharField, ForeignKey, IntegerField, TextField
    from django.db.models.fields import AutoFieldMixin

    db = transaction.get_connection()  # the connection itself, not the per-thread proxy `connection`

    if not isinstance(model._meta.pk, AutoFieldMixin):
        return False
    fields = [f for f in model._meta.concrete_fields if f is not model._meta.pk]
    if any(getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False) or f.generated for f in fields):
        return False
    attnames = {f.attname for f in fields}
    given = set().union(*rows)  # every key any row names
    if not set(own) <= attnames or not given <= attnames or not given.isdisjoint(own):
        return False
    if not rows:
        return True
    ints_as_is = type(db.ops).adapt_integerfield_value is BaseDatabaseOperations.adapt_integerfield_value
    empty_is_null = db.features.interprets_empty_strings_as_nulls
    # per field: a value prepared once (own ids; a default no row overrides), else how to prepare each row's
    plan: list[tuple[str, object, tuple, object, object]] = []  # (attname, constant, as-is types, field, default)
    for f in fields:
        if f.attname in own:
            plan.append((f.attname, f.get_db_prep_save(own[f.attname], db), (), None, None))
            continue
        default = f.get_default()
        if f.attname not in given:  # a fresh default per row (as a model instance gets) is prepared alike
            plan.append((f.attname, f.get_db_prep_save(default, db), (), None, None))
            continue
        types: tuple = ()
        if f.is_relation:
            # a foreign key to a text key prepares a text or None as the text field does: unchanged
            if isinstance(f, ForeignKey) and isinstance(f.target_field, CharField | TextField) and not empty_is_null:
                types = (str, type(None))
        elif isinstance(f, CharField | TextField):
            types = (str, type(None))
        elif isinstance(f, BooleanField):
            types = (bool, type(None))
        elif isinstance(f, IntegerField) and ints_as_is:
            types = (int, type(None))
        plan.append((f.attname, _PER_ROW, types, f, default))
    columns = ", ".join(db.ops.quote_name(f.column) for f in fields)
    sql = (f"INSERT INTO {db.ops.quote_name(model._meta.db_table)} ({columns}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")

    with db.cursor() as cursor:
        copy = db.vendor == "postgresql" and hasattr(cursor.cursor, "copy")  # psycopg 3
        for start in range(0, len(rows), INSERT_BATCH):
            batch = rows[start:start + INSERT_BATCH]
            by_field = [[constant] * len(batch) if constant is not _PER_ROW
                        else _prepared(f, [row[attname] if attname in row else default for row in batch], types, db)
                        for attname, constant, types, f, default in plan]
            if copy:  # PostgreSQL: one COPY stream instead of an INSERT per row (psycopg adapts alike)
                with db.wrap_database_errors:  # a check violation is Django's IntegrityError, as for an INSERT
                    with cursor.cursor.copy(f"COPY {db.ops.quote_name(model._meta.db_table)} ({columns}) FROM STDIN") as out:
                        for values in zip(*by_field, strict=True):
                            out.write_row(values)
            else:
                cursor.executemany(sql, list(zip(*by_field, strict=True)))
    return True


# Values whose equal instances prepare to equal parameters: each distinct one is prepared once per column.
# (Not Decimal or float: Decimal('5') == Decimal('5.0') and 0.0 == -0.0, but they may be written apart.)
_SAME_WHEN_EQUAL = frozenset({str, int, bool, dt.date, type(None)})


def _prepared(field, values: list, as_is: tuple, db) -> list:
    """One field's values for a batch of rows, prepared by `field.get_db_prep_save` as `bulk_create`
    would (a value of an `as_is` type is passed unchanged: that call would return it so). A column
    repeats itself (countries, fields of education, dates, lists of codes), so each distinct value is
    prepared once; a prepared value may then stand in several rows, which only read it.

    Most columns hold values of one or two types (texts and None, dates and None): the types are taken
    first, in one pass in C, and such a column is passed whole (every value of an `as_is` type) or
    prepared through the memo in one comprehension; a column of mixed types goes value by value."""
    kinds = set(map(type, values))
    if kinds.issubset(as_is):  # what `get_db_prep_save` would return unchanged: every value as it is
        return values
    if kinds.issubset(_SAME_WHEN_EQUAL) and kinds.isdisjoint(as_is):
        memo: dict = {}
        prepare = field.get_db_prep_save
        return [memo[key] if (key := (type(v), v)) in memo else memo.setdefault(key, prepare(v, db)) for v in values]
    memo = {}
    out = []
    for v in values:
        kind = type(v)
        if kind in as_is:
            out.append(v)
            continue
        if kind in _SAME_WHEN_EQUAL:
            key = (kind, v)
        elif kind is list and all(type(x) in _SAME_WHEN_EQUAL for x in v):
            key = (kind, *((type(x), x) for x in v))
        else:
            out.append(field.get_db_prep_save(v, db))
            continue
        try:
            out.append(memo[key])
        except KeyError:
            out.append(memo.setdefault(key, field.get_db_prep_save(v, db)))
    return out


def current_submissions(year: int):
    return Submission.objects.filter(period__year=year, is_current=True)
