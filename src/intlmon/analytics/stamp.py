"""The data stamp: one short string that changes whenever anything a figure depends on changes.

Why: the portal, the API and the downloads keep what they computed (a dashboard's figures, a statistic's
JSON, a version's audit findings, an open-data zip) between requests and across gunicorn workers, under a
key that ends with this stamp. A cached answer is then never stale — a change makes a new stamp, so the
next request misses and computes again — and nothing needs a time-out to be correct.

How it cannot miss a change: the stamp is read from the database itself, in a few aggregate queries over the
tables the figures are made of (no signal or hook that a bulk update or another process could bypass):

- submissions: how many, the newest id and upload time, and a checksum over every version's
  (id, status, current, locked) — so creating, approving, returning, reopening, locking a version or
  making another one current changes it; the newest upload's sha256 tells apart two files stored under
  a reused id;
- the audit log (every transition and every stored change writes an entry): count, newest id and time;
- for the *counted* stamps (public pages: counted figures only) instead of the two above, one per
  reporting year (`year_stamps`): the year's set of approved or imported versions (count, sum of ids and
  of their squares, newest upload time), which drafts, submissions, returns of unapproved versions and
  locks do not change, and whether any version of the year was uploaded at all (the provisional flag);
- published figures (imports of tables): count, newest id, the sum of their values — per year for the
  counted stamps;
- explanations: count, newest id and time, and which are withdrawn (count and time of the latest) — for a
  year's counted stamp, those that apply to it (`year_from` ≤ the year);
- reporting periods (year, status, deadline): read whole, there are a handful;
- the registry (HEIs, their categories, countries, regions, fields, foreign organisations, aliases):
  counts and the total length of the names, which `load-registry` and the admin change.

A year's counted stamp holds the shared part (registry, periods, the global generation) and its own, so
an approval, a return, an import or an explanation of 2023 changes the stamp of 2023 (and an explanation
from 2023 on, those of the later years too) and no other: the dashboards keep each year's computed
statistics under its own stamp and compute only the changed year again. `data_stamp(counted=True)` is
all years' stamps together (a page or download showing several years, or not worth splitting).

A registry edit that keeps every count and every name's length (a same-length typo fix) is also caught:
every ORM save or delete of a registry, records or quality model bumps a generation number kept in the
cache once its transaction commits (`bump`): the row's reporting period's for a record or a published
figure, the years from `year_from` on for an explanation, the global one (every year) for the rest.
Edits made outside the application (raw SQL) need the cache cleared: restart `intlmon serve` (it clears
it) or delete `var/cache` (docs/portal.md).

`remember(name, parts, compute)` is the one way to use it: the answer for (name, parts, stamp) from the
cache, or `compute()` stored there. Whoever calls it decides what `parts` must hold so that no answer
one user may see is found under a key another user can ask for (the language, the filters, the role or
HEI when the answer depends on them).
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterable
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


def _registry_scans() -> list[tuple[str, list[str]]]:
    return ([(_table(app, model), ["COUNT(*)", "SUM(LENGTH(name_kk) + 3 * LENGTH(name_ru) + 7 * LENGTH(name_en))"])
             for app, model in _REGISTRY_NAMED]
            + [(_table(app, model), ["COUNT(*)"]) for app, model in _REGISTRY_COUNTED])


def _scans() -> list[tuple[str, list[str]]]:
    """(table, aggregates) of the whole-data stamp — one scan per table, so the stamp reads each table once."""
    sub, audit = _table("collection", "Submission"), _table("collection", "AuditEntry")
    figures, expl = _table("records", "PublishedFigure"), _table("quality", "Explanation")
    return [
        (sub, ["COUNT(*)", "MAX(id)", "MAX(uploaded_at)", "MAX(locked_at)",
               f"SUM(id * {_status_code_sql()} + CASE WHEN is_current THEN 7 * id ELSE 0 END"
               " + CASE WHEN locked_at IS NULL THEN 0 ELSE 13 * id END)"]),
        (audit, ["COUNT(*)", "MAX(id)", "MAX(at)"]),
        (figures, ["COUNT(*)", "MAX(id)", "SUM(value)"]),
        (expl, ["COUNT(*)", "MAX(id)", "MAX(created)", "COUNT(withdrawn_at)", "MAX(withdrawn_at)"]),
        *_registry_scans(),
    ]


def _cross_join(scans: list[tuple[str, list[str]]]) -> list[str]:
    derived, n = [], 0
    for i, (table, aggregates) in enumerate(scans):
        columns = []
        for aggregate in aggregates:
            columns.append(f"{aggregate} AS c{n}")
            n += 1
        derived.append(f"(SELECT {', '.join(columns)} FROM {table}) AS s{i}")
    return derived


def _aggregate_sql() -> str:
    derived = _cross_join(_scans())
    # the newest upload's file (by the primary key's index) tells apart two under a reused id
    sub = _table("collection", "Submission")
    derived.append(f"(SELECT (SELECT file_sha256 FROM {sub} ORDER BY id DESC LIMIT 1) AS newest_file) AS newest")
    return "SELECT * FROM " + " CROSS JOIN ".join(derived)


def data_stamp(*, counted: bool = False) -> str:
    """The stamp of the data as this connection sees it now (a few milliseconds: a few queries, one cache read).

    `counted=True`: the stamp of what public pages show — counted figures only: every year's counted stamp
    (`year_stamps`) together. It leaves out drafts, submitted and returned versions, locks and the audit
    log, so an upload or a submission does not make every dashboard compute again; it still changes when a
    version is approved, an approved one returned, data imported, an explanation added or withdrawn, a
    period or the registry changed."""
    if counted:
        return combined(year_stamps())
    with connection.cursor() as cursor:
        cursor.execute(_aggregate_sql())
        row = cursor.fetchone()
    text = repr((False, tuple(str(v) for v in row), _periods(), _generations(None)))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _periods() -> list[tuple]:
    from intlmon.records.models import ReportingPeriod

    return list(ReportingPeriod.objects.order_by("pk").values_list("pk", "year", "status", "deadline"))


def _year_sql() -> str:
    """Per reporting period: its counted versions' set, whether anything was uploaded for it, its published figures."""
    from intlmon.collection.models import Submission

    sub, figures = _table("collection", "Submission"), _table("records", "PublishedFigure")
    periods = _table("records", "ReportingPeriod")
    counts = f"(status = '{Submission.Status.APPROVED}' OR origin = '{Submission.Origin.IMPORT}')"
    return (
        f"SELECT p.id, p.year, p.status, p.deadline, s.n, s.ids, s.squares, s.newest, s.uploads, f.n, f.newest, f.total"
        f" FROM {periods} p LEFT JOIN (SELECT period_id, SUM(CASE WHEN {counts} THEN 1 ELSE 0 END) AS n,"
        f" SUM(CASE WHEN {counts} THEN id ELSE 0 END) AS ids, SUM(CASE WHEN {counts} THEN id * id ELSE 0 END) AS squares,"
        f" MAX(CASE WHEN {counts} THEN uploaded_at END) AS newest,"
        f" MAX(CASE WHEN origin = '{Submission.Origin.UPLOAD}' THEN 1 ELSE 0 END) AS uploads"
        f" FROM {sub} GROUP BY period_id) s ON s.period_id = p.id"
        f" LEFT JOIN (SELECT period_id, COUNT(*) AS n, MAX(id) AS newest, SUM(value) AS total FROM {figures}"
        f" GROUP BY period_id) f ON f.period_id = p.id ORDER BY p.id"
    )


def _explanations_sql() -> str:
    expl = _table("quality", "Explanation")
    return (f"SELECT year_from, COUNT(*), MAX(id), MAX(created), COUNT(withdrawn_at), MAX(withdrawn_at) FROM {expl}"
            " GROUP BY year_from ORDER BY year_from")


def _registry_sql() -> str:
    return "SELECT * FROM " + " CROSS JOIN ".join(_cross_join(_registry_scans()))


class YearStamps(dict):
    """{year: stamp}, and `shared`: the stamp of the part every year shares (registry, periods, the global
    generation) — what labels and the years without a reporting period depend on."""

    def __init__(self, shared: str):
        super().__init__()
        self.shared = shared


def year_stamps() -> YearStamps:
    """{reporting year: its counted stamp} — what the counted figures *of that year* are made of.

    Why per year: the dashboards keep each year's computed statistics under that year's stamp
    (web/dashboards/shared_store.py), so approving a 2023 version computes 2023 again and nothing else.
    A year's stamp holds the year's own part — the set of its approved or imported versions, whether any
    version of it was uploaded (the provisional flag), its published figures, the explanations that apply
    to it (those with `year_from` ≤ the year), the generations its ORM writes bumped — and the part every
    year shares: the registry, the reporting periods (years held, statuses, deadlines) and the global
    generation. Three small queries and one cache read, however many years."""
    with connection.cursor() as cursor:
        cursor.execute(_registry_sql())
        shared = tuple(str(v) for v in cursor.fetchone())
        cursor.execute(_year_sql())
        rows = cursor.fetchall()
        cursor.execute(_explanations_sql())
        explanations = [tuple(str(v) for v in row) for row in cursor.fetchall()]
    periods = [(pid, year, status, str(deadline)) for pid, year, status, deadline, *_rest in rows]
    generations = _generations([(pid, year) for pid, year, *_rest in rows], [int(e[0]) for e in explanations])
    common = repr((shared, periods, generations["global"]))
    out = YearStamps(hashlib.sha256(common.encode("utf-8")).hexdigest()[:20])
    for pid, year, *_p, sn, sids, squares, snewest, uploads, fn, fnewest, ftotal in rows:
        own = (sn, sids, squares, str(snewest), uploads, fn, fnewest, str(ftotal))
        applying = [e for e in explanations if int(e[0]) <= year]
        scoped = (generations[f"period:{pid}"], [generations[f"from:{y}"] for y in generations["years"] if y <= year])
        text = repr(("year", year, common, tuple(str(v) for v in own), applying, scoped))
        out[year] = hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]
    return out


def records_basis(year: int) -> str:
    """What the grouping of a year's counted records depends on besides WHICH versions count: the registry (a
    partner organisation's country, an HEI's category), the global generation and the generation of the year's
    period (ORM writes to its records). `analytics.statistics.kept_passes` keeps a pass's rows under it."""
    from intlmon.records.models import ReportingPeriod

    with connection.cursor() as cursor:
        cursor.execute(_registry_sql())
        shared = tuple(str(v) for v in cursor.fetchone())
    periods = list(ReportingPeriod.objects.filter(year=year).values_list("pk", "year"))
    generations = _generations(periods, [])
    text = repr(("records", year, shared, generations["global"], [generations[f"period:{pid}"] for pid, _y in periods]))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def combined(stamps: dict[int, str]) -> str:
    """One stamp for several years' stamps (a page that shows every year: the overview's trends)."""
    text = repr((getattr(stamps, "shared", ""), sorted(stamps.items())))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def _key(scope: str) -> str:
    return GENERATION_KEY if scope == "global" else f"{GENERATION_KEY}:{scope}"


def _generations(periods: list[tuple[int, int]] | None, explained: Iterable[int] | None = None) -> dict:
    """The generation numbers the ORM writes bump: the global one, one per reporting period (records and
    published figures of its year) and one per first year of explanations ("from:Y", for every year ≥ Y;
    `explained`: the explanations' `year_from` values, also those before the first period).
    `None`: read them. A missing number is made a fresh random one (then every entry made with the
    earlier one is unreachable: a cleared or culled cache never serves an old answer)."""
    if periods is None:
        from intlmon.records.models import ReportingPeriod

        periods = list(ReportingPeriod.objects.values_list("pk", "year"))
    if explained is None:
        from intlmon.quality.models import Explanation

        explained = Explanation.objects.order_by().values_list("year_from", flat=True).distinct()
    years = sorted({year for _pid, year in periods} | {int(y) for y in explained})
    scopes = ["global", *(f"period:{pid}" for pid, _y in periods), *(f"from:{y}" for y in years)]
    cache = caches[CACHE_ALIAS]
    found = cache.get_many([_key(s) for s in scopes])
    out: dict = {"years": years}
    for scope in scopes:
        value = found.get(_key(scope))
        if value is None:
            value = uuid.uuid4().hex
            cache.add(_key(scope), value, timeout=None)
            value = cache.get(_key(scope)) or value
        out[scope] = value
    return out


def generation() -> str:
    """The global generation number (registry writes and writes no year can be told for bump it)."""
    return _generations([], [])["global"]


def bump(scope: str = "global") -> None:
    """A new generation of `scope`: every cached answer depending on it is computed again on its next request."""
    caches[CACHE_ALIAS].set(_key(scope), uuid.uuid4().hex, timeout=None)


_clear_hooks: list[Callable[[], None]] = []


def on_clear(hook: Callable[[], None]) -> None:
    """`hook()` runs at every `clear`: for a process's own copies of cached entries (web/dashboards/shared_store.py)."""
    if hook not in _clear_hooks:
        _clear_hooks.append(hook)


def clear() -> None:
    """Forget every cached answer (`intlmon serve` does this at start: a new release may draw pages differently)."""
    caches[CACHE_ALIAS].clear()
    for hook in _clear_hooks:
        hook()


def scope_of(instance) -> str:
    """Which generation a saved or deleted row bumps: an explanation the years from its `year_from`, a row of
    one reporting period (a record, a published figure) that period's year, anything else every year."""
    from intlmon.records.models import ReportingPeriod

    if isinstance(instance, ReportingPeriod):
        return "global"
    year_from = getattr(instance, "year_from", None)
    if isinstance(year_from, int):
        return f"from:{year_from}"
    period = getattr(instance, "period_id", None)
    if isinstance(period, int):
        return f"period:{period}"
    return "global"


class _Bump:
    """The on-commit action of one scope (one per scope and transaction, however many rows an import saves)."""

    def __init__(self, scope: str):
        self.scope = scope

    def __call__(self) -> None:
        bump(self.scope)


def _changed(sender, instance=None, using=None, **kwargs) -> None:
    """Bump once the transaction commits — once per scope and transaction."""
    if sender._meta.app_label not in WATCHED_APPS or sender._meta.label_lower in UNWATCHED_MODELS:
        return
    scope = scope_of(instance)
    conn = connections[using or DEFAULT_DB_ALIAS]
    if conn.in_atomic_block and any(isinstance(entry[1], _Bump) and entry[1].scope == scope
                                    for entry in conn.run_on_commit):
        return
    transaction.on_commit(_Bump(scope), using=using)


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
