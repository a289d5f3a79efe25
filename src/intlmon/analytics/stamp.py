"""The data stamp: one short string that changes whenever anything a figure depends on changes.

Why: the portal, the API and the downloads keep what they computed (a dashboard's figures, a statistic's
JSON, a version's audit findings, an open-data zip) between requests and across gunicorn workers, under a
key that ends with this stamp. A cached answer is then never stale — a change makes a new stamp, so the
next request misses and computes again — and nothing needs a time-out to be correct.

How it cannot miss a change: the stamp is read from the database itself, in one aggregate query over the
tables the figures are made of (no signal or hook that a bulk update or another process could bypass):

- submissions: how many, the newest id and upload time, and a checksum over every version's
  (id, status, current, locked) — so creating, approving, returning, reopening, locking a version or
  making another one current changes it; the newest upload's sha256 tells apart two files stored under
  a reused id;
- the audit log (every transition and every stored change writes an entry): count, newest id and time;
- for the *counted* stamp (public pages: counted figures only) instead of the two above: the set of
  approved or imported versions (count, sum of ids and of their squares, newest upload time), which
  drafts, submissions, returns of unapproved versions and locks do not change;
- published figures (imports of tables): count, newest id, the sum of their values;
- explanations: count, newest id and time, and which are withdrawn (count and time of the latest);
- reporting periods (year, status, deadline): read whole, there are a handful;
- the registry (HEIs, their categories, countries, regions, fields, foreign organisations, aliases):
  counts and the total length of the names, which `load-registry` and the admin change.

A registry edit that keeps every count and every name's length (a same-length typo fix) is also caught:
every ORM save or delete of a registry, records, collection or quality model bumps a generation number
kept in the cache once its transaction commits (`bump`). Edits made outside the application (raw SQL)
need the cache cleared: restart `intlmon serve` (it clears it) or delete `var/cache` (docs/portal.md).

`remember(name, parts, compute)` is the one way to use it: the answer for (name, parts, stamp) from the
cache, or `compute()` stored there. Whoever calls it decides what `parts` must hold so that no answer
one user may see is found under a key another user can ask for (the language, the filters, the role or
HEI when the answer depends on them).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models.signals import post_delete, post_save

T = TypeVar("T")

CACHE_ALIAS = "pages"
GENERATION_KEY = "intlmon:stamp:generation"
#: apps whose models figures, labels or findings are made of (an ORM write to any of them bumps the generation);
#: collection (versions, audit log) is read by the aggregate itself, and the name-review queue's items
#: (registry.ReviewItem, touched by every upload with an unknown name) make no figure
WATCHED_APPS = ("registry", "records", "quality")
UNWATCHED_MODELS = ("registry.reviewitem",)
#: registry tables (app label, model) whose counts and name lengths enter the stamp
_REGISTRY_NAMED = (("registry", "Institution"), ("registry", "Country"), ("registry", "Region"),
                   ("registry", "FieldOfEducation"))
_REGISTRY_COUNTED = (("registry", "InstitutionCategory"), ("registry", "CountryRegion"),
                     ("registry", "ForeignOrganisation"), ("registry", "InstitutionAlias"),
                     ("registry", "OrganisationAlias"), ("registry", "CountryAlias"))


def _table(app: str, model: str) -> str:
    return connection.ops.quote_name(apps.get_model(app, model)._meta.db_table)


def _status_code_sql() -> str:
    from intlmon.collection.models import Submission

    whens = " ".join(f"WHEN '{value}' THEN {i + 1}" for i, value in enumerate(Submission.Status.values))
    return f"CASE status {whens} ELSE 99 END"


def _scans(counted: bool) -> list[tuple[str, list[str], str]]:
    """(table, aggregates, where) — one scan per table, so the stamp reads each table once."""
    from intlmon.collection.models import Submission

    sub, audit = _table("collection", "Submission"), _table("collection", "AuditEntry")
    figures, expl = _table("records", "PublishedFigure"), _table("quality", "Explanation")
    if counted:  # the versions that may count (analytics.scope): approved or imported; their set, by id
        where = f"WHERE status = '{Submission.Status.APPROVED}' OR origin = '{Submission.Origin.IMPORT}'"
        scans = [(sub, ["COUNT(*)", "SUM(id)", "SUM(id * id)", "MAX(uploaded_at)"], where)]
    else:
        scans = [
            (sub, ["COUNT(*)", "MAX(id)", "MAX(uploaded_at)", "MAX(locked_at)",
                   f"SUM(id * {_status_code_sql()} + CASE WHEN is_current THEN 7 * id ELSE 0 END"
                   " + CASE WHEN locked_at IS NULL THEN 0 ELSE 13 * id END)"], ""),
            (audit, ["COUNT(*)", "MAX(id)", "MAX(at)"], ""),
        ]
    scans += [
        (figures, ["COUNT(*)", "MAX(id)", "SUM(value)"], ""),
        (expl, ["COUNT(*)", "MAX(id)", "MAX(created)", "COUNT(withdrawn_at)", "MAX(withdrawn_at)"], ""),
    ]
    scans += [(_table(app, model), ["COUNT(*)", "SUM(LENGTH(name_kk) + 3 * LENGTH(name_ru) + 7 * LENGTH(name_en))"], "")
              for app, model in _REGISTRY_NAMED]
    scans += [(_table(app, model), ["COUNT(*)"], "") for app, model in _REGISTRY_COUNTED]
    return scans


def _aggregate_sql(counted: bool) -> str:
    derived, n = [], 0
    for i, (table, aggregates, where) in enumerate(_scans(counted)):
        columns = []
        for aggregate in aggregates:
            columns.append(f"{aggregate} AS c{n}")
            n += 1
        derived.append(f"(SELECT {', '.join(columns)} FROM {table} {where}) AS s{i}")
    if not counted:  # the newest upload's file (by the primary key's index) tells apart two under a reused id
        sub = _table("collection", "Submission")
        derived.append(f"(SELECT (SELECT file_sha256 FROM {sub} ORDER BY id DESC LIMIT 1) AS c{n}) AS newest")
    return "SELECT * FROM " + " CROSS JOIN ".join(derived)


def data_stamp(*, counted: bool = False) -> str:
    """The stamp of the data as this connection sees it now (a few milliseconds: one query, one cache read).

    `counted=True`: the stamp of what public pages show — counted figures only. It leaves out drafts,
    submitted and returned versions, locks and the audit log, so an upload or a submission does not make
    every dashboard compute again; it still changes when a version is approved, an approved one returned,
    data imported, an explanation added or withdrawn, a period or the registry changed."""
    from intlmon.records.models import ReportingPeriod

    with connection.cursor() as cursor:
        cursor.execute(_aggregate_sql(counted))
        row = cursor.fetchone()
    periods = list(ReportingPeriod.objects.order_by("pk").values_list("pk", "year", "status", "deadline"))
    text = repr((counted, tuple(str(v) for v in row), periods, generation()))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def generation() -> str:
    """The generation number the ORM writes bump; a fresh random one when the cache has none (then every
    earlier entry is unreachable: a cleared or culled cache never serves an old answer)."""
    cache = caches[CACHE_ALIAS]
    value = cache.get(GENERATION_KEY)
    if value is None:
        value = uuid.uuid4().hex
        cache.add(GENERATION_KEY, value, timeout=None)
        value = cache.get(GENERATION_KEY) or value
    return value


def bump() -> None:
    """A new generation: every cached answer is computed again on its next request."""
    caches[CACHE_ALIAS].set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def clear() -> None:
    """Forget every cached answer (`intlmon serve` does this at start: a new release may draw pages differently)."""
    caches[CACHE_ALIAS].clear()


def _changed(sender, using=None, **kwargs) -> None:
    """Bump once the transaction commits — once per transaction, however many rows an import saves."""
    if sender._meta.app_label not in WATCHED_APPS or sender._meta.label_lower in UNWATCHED_MODELS:
        return
    conn = connections[using or DEFAULT_DB_ALIAS]
    if conn.in_atomic_block and any(entry[1] is bump for entry in conn.run_on_commit):
        return
    transaction.on_commit(bump, using=using)


def connect() -> None:
    """Called once from `AnalyticsConfig.ready`: ORM saves and deletes of the watched apps bump the generation."""
    post_save.connect(_changed, dispatch_uid="intlmon.stamp.save")
    post_delete.connect(_changed, dispatch_uid="intlmon.stamp.delete")


def cache_key(name: str, parts: tuple, stamp: str) -> str:
    digest = hashlib.sha256(repr(parts).encode("utf-8")).hexdigest()[:24]
    return f"intlmon:{name}:{digest}:{stamp}"


def remember(name: str, parts: tuple, compute: Callable[[], T], *, counted: bool = False,
             stamp: str | None = None) -> T:
    """`compute()`'s answer for (name, parts) at the current data stamp, from the cache when it is there.

    `parts` must name everything the answer depends on besides the data (language, filters, and the
    role or HEI when the answer is not the same for everyone); the value must pickle. `counted=True` for
    answers made of counted data only (public pages, the API's statistics, open data): keyed by the
    counted stamp, which uploads and submissions leave alone. `stamp`: that stamp, when the caller has
    just read it (a page reading several kept parts reads it once).
    """
    cache = caches[CACHE_ALIAS]
    key = cache_key(name, parts, stamp or data_stamp(counted=counted))
    found = cache.get(key)
    if found is not None:
        return found
    value = compute()
    cache.set(key, value)
    return value
