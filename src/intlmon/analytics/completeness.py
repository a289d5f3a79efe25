"""Completeness and timeliness of a reporting period: who was expected, who reported, who was late.

The board the Centre's analysts watch during a collection, after DHIS2's reporting-rate summary:

    reporting rate          = HEIs that reported / HEIs expected
    reporting rate on time  = HEIs that reported by the deadline / HEIs expected

Definitions (docs/workflow.md, "The completeness board"):

- **Expected** HEIs come from the registry. What decides first is what it keeps per year: the ownership
  category (`InstitutionCategory`, the seed's `category_YYYY` columns), written for the HEIs that exist
  that year. So the expected HEIs of year Y are
  those with a category for Y; when no HEI has a category for Y yet (the registry not yet updated for
  a new year), those of the latest earlier year that has categories; when no earlier year has any,
  every HEI of the registry that existed in Y (its founding year and status: merged or closed before Y
  is out). The board states which of the three it used (`Expected.basis`). An HEI
  that submitted without being expected is listed (`expected=False`) but kept out of every rate, as
  DHIS2 counts only the organisation units a data set is assigned to.
- **State** of an HEI: that of its current version (none, draft, submitted, approved, returned);
  being **locked** is shown beside it, never instead of it (a lock is not a state: docs/workflow.md).
- **Reported**: the HEI's current version is submitted or approved, or the HEI has a version the
  statistics count (an approved version older than a new draft or a returned correction). A returned
  version alone is *not* reported: the Centre sent it back. A submitted version replaced by a newer
  draft is not reported either: only the current version can still be approved.
- **Reported at**: the last time the reporting version was submitted (a return and re-submission
  after the deadline makes it late, as un-completing and completing a DHIS2 form moves its date);
  a version that was never submitted (imported tables, a version stored approved) was received when
  it was stored.
- **On time**: reported at a date (in the project's time zone) on or before the period's deadline;
  the deadline day counts whole. **Late**: reported after the deadline, or not reported while the
  deadline has passed (`today` > deadline). A period without a deadline has no on-time rate (None)
  and no late HEI.

Every count on the portal's board comes from here (`completeness_board(year)`), not from a view.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, pgettext_lazy

from intlmon.analytics.read import Reader
from intlmon.analytics.scope import counted_ids
from intlmon.collection.models import AuditEntry, Submission
from intlmon.records.models import ReportingPeriod
from intlmon.registry.models import Institution, InstitutionCategory

S = Submission.Status


class State(StrEnum):
    NONE = "none"
    DRAFT = S.DRAFT.value
    SUBMITTED = S.SUBMITTED.value
    APPROVED = S.APPROVED.value
    RETURNED = S.RETURNED.value


STATE_LABELS = {
    State.NONE: pgettext_lazy("completeness", "no submission"),
    State.DRAFT: S.DRAFT.label,
    State.SUBMITTED: S.SUBMITTED.label,
    State.APPROVED: S.APPROVED.label,
    State.RETURNED: S.RETURNED.label,
}
FLAG_LABELS = {
    "locked": pgettext_lazy("submission", "locked"),
    "late": pgettext_lazy("completeness", "late"),
    "on_time": pgettext_lazy("completeness", "on time"),
}
#: The current version's states that make an HEI count as reported (besides having a counted version).
REPORTED_STATES = frozenset({S.SUBMITTED, S.APPROVED})


class Basis(StrEnum):
    CATEGORIES = "categories"  # HEIs with a category for the year itself
    EARLIER_CATEGORIES = "earlier_categories"  # none for the year: those of the latest earlier year
    REGISTRY = "registry"  # no categories up to the year: every HEI of the registry that existed that year


BASIS_LABELS = {
    Basis.CATEGORIES: gettext_lazy("HEIs with a category in the registry for %(year)s"),
    Basis.EARLIER_CATEGORIES: gettext_lazy(
        "the registry has no categories for %(period)s yet: HEIs with a category for %(year)s"),
    Basis.REGISTRY: gettext_lazy("the registry has no categories up to %(period)s: every HEI of the registry that existed in %(period)s"),
}


@dataclass(frozen=True)
class Expected:
    """Which HEIs were expected to report for a year, and the registry fact that says so."""

    institutions: frozenset[str]
    basis: Basis
    year: int | None  # the year whose categories were used (None for the whole registry)

    def describe(self, period: int, lang: str) -> str:
        with translation.override(lang):
            return str(BASIS_LABELS[self.basis]) % {"year": self.year, "period": period}


def _existing_in(year: int):
    """HEIs of the registry that existed in `year`: not founded after it, not merged or closed before it (an
    HEI merged or closed without a year is taken as gone) — so a merged HEI kept for its history is not
    expected to report after its merger."""
    gone = ~Q(status=Institution.Status.ACTIVE) & (Q(status_since__isnull=True) | Q(status_since__lte=year))
    return Institution.objects.exclude(founded__gt=year).exclude(gone)


def expected_institutions(year: int) -> Expected:
    """The HEIs expected to report for `year` (see the module docstring for the rule)."""
    years = InstitutionCategory.objects.filter(year__lte=year).order_by("-year").values_list("year", flat=True)
    basis_year = years.first()
    if basis_year is None:
        return Expected(frozenset(_existing_in(year).values_list("pk", flat=True)), Basis.REGISTRY, None)
    ids = InstitutionCategory.objects.filter(year=basis_year).values_list("institution_id", flat=True)
    return Expected(frozenset(ids), Basis.CATEGORIES if basis_year == year else Basis.EARLIER_CATEGORIES, basis_year)


@dataclass(frozen=True)
class Rate:
    """numerator / denominator; `percent` rounded half up to one decimal, None when nothing was expected."""

    numerator: int
    denominator: int

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        return (Decimal(100 * self.numerator) / self.denominator).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def as_dict(self) -> dict:
        pct = self.percent
        return {"numerator": self.numerator, "denominator": self.denominator,
                "percent": None if pct is None else float(pct)}


@dataclass
class HeiStatus:
    institution: str
    name: str
    category: str  # ownership category code of the year ('' when the registry has none)
    region: str  # the HEI's city as the registry keeps it (the registry has no other region of an HEI)
    expected: bool
    state: State
    version: int | None  # the current version (None: no submission)
    locked: bool
    reported: bool
    reported_version: int | None  # the version that makes it reported
    reported_at: datetime | None
    on_time: bool | None  # None: not reported, or the period has no deadline
    late: bool
    last_activity: datetime | None  # the latest upload or workflow step of any of its versions

    def as_dict(self, lang: str) -> dict:
        with translation.override(lang):
            return {
                "institution": self.institution, "name": self.name, "category": self.category,
                "region": self.region, "expected": self.expected, "state": str(self.state),
                "state_label": str(STATE_LABELS[self.state]), "version": self.version, "locked": self.locked,
                "reported": self.reported, "reported_version": self.reported_version,
                "reported_at": _iso(self.reported_at), "on_time": self.on_time, "late": self.late,
                "last_activity": _iso(self.last_activity),
            }


@dataclass
class Tally:
    """Counts over a set of expected HEIs: per state, locked, reported, on time, late; and the two rates."""

    expected: int = 0
    states: Counter = field(default_factory=Counter)
    locked: int = 0
    reported: int = 0
    on_time: int = 0
    late: int = 0
    has_deadline: bool = True

    def add(self, row: HeiStatus) -> None:
        self.expected += 1
        self.states[row.state] += 1
        self.locked += row.locked
        self.reported += row.reported
        self.on_time += bool(row.on_time)
        self.late += row.late

    @property
    def reporting_rate(self) -> Rate:
        return Rate(self.reported, self.expected)

    @property
    def on_time_rate(self) -> Rate | None:
        return Rate(self.on_time, self.expected) if self.has_deadline else None

    def as_dict(self) -> dict:
        on_time = self.on_time_rate
        return {
            "expected": self.expected, "states": {str(s): self.states.get(s, 0) for s in State},
            "locked": self.locked, "reported": self.reported, "on_time": self.on_time if self.has_deadline else None,
            "late": self.late, "reporting_rate": self.reporting_rate.as_dict(),
            "on_time_rate": None if on_time is None else on_time.as_dict(),
        }


@dataclass
class Board:
    year: int
    deadline: date | None
    today: date
    expected: Expected
    rows: list[HeiStatus]  # expected HEIs first (by name), then HEIs that submitted without being expected
    totals: Tally
    by_category: dict[str, Tally]
    by_region: dict[str, Tally]
    lang: str

    @property
    def unexpected(self) -> list[HeiStatus]:
        return [r for r in self.rows if not r.expected]

    def as_dict(self) -> dict:
        reader = Reader(self.year)
        return {
            "year": self.year,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "today": self.today.isoformat(),
            "expected_basis": {"basis": str(self.expected.basis), "year": self.expected.year,
                               "text": self.expected.describe(self.year, self.lang)},
            "totals": self.totals.as_dict(),
            "by_category": [{"category": code, "label": reader.label("category", code, self.lang), **t.as_dict()}
                            for code, t in self.by_category.items()],
            "by_region": [{"region": code, **t.as_dict()} for code, t in self.by_region.items()],
            "institutions": [r.as_dict(self.lang) for r in self.rows],
            "unexpected": len(self.unexpected),
        }


def completeness_board(year: int, today: date | None = None, lang: str = "ru",
                       reader: Reader | None = None) -> Board:
    """The board of `year` as of `today` (default: today in the project's time zone).

    About seven queries whatever the number of HEIs: the period, the expected set, the institutions,
    the year's versions, the counted versions, and two aggregates over the audit log.
    """
    today = today or timezone.localdate()
    reader = reader or Reader(year)
    period = ReportingPeriod.objects.filter(year=year).first()
    deadline = period.deadline if period else None
    expected = expected_institutions(year)
    versions = list(Submission.objects.filter(period__year=year).order_by("institution_id", "version")
                    .values("pk", "institution_id", "version", "is_current", "status", "locked_at", "uploaded_at"))
    current = {v["institution_id"]: v for v in versions if v["is_current"]}
    by_pk = {v["pk"]: v for v in versions}
    counted = {by_pk[pk]["institution_id"]: by_pk[pk] for pk in counted_ids(year) if pk in by_pk}
    last_submit = dict(AuditEntry.objects.filter(submission__period__year=year, action="submit")
                       .values("submission_id").annotate(at=Max("at")).values_list("submission_id", "at"))
    last_step = dict(AuditEntry.objects.filter(submission__period__year=year)
                     .values("submission__institution_id").annotate(at=Max("at"))
                     .values_list("submission__institution_id", "at"))
    last_upload: dict[str, datetime] = {}
    for v in versions:
        last_upload[v["institution_id"]] = max(v["uploaded_at"], last_upload.get(v["institution_id"], v["uploaded_at"]))
    ids = set(expected.institutions) | set(current)
    institutions = {i.pk: i for i in Institution.objects.filter(pk__in=ids)}
    categories = reader.categories(year, ids)

    rows = []
    for code in ids:
        cur = current.get(code)
        reporting = cur if cur is not None and cur["status"] in REPORTED_STATES else counted.get(code)
        reported_at = None
        if reporting is not None:
            reported_at = last_submit.get(reporting["pk"]) or reporting["uploaded_at"]
        on_time = None if reporting is None or deadline is None else _local_date(reported_at) <= deadline
        late = deadline is not None and (on_time is False or (reporting is None and today > deadline))
        activity = [t for t in (last_step.get(code), last_upload.get(code)) if t is not None]
        inst = institutions.get(code)
        rows.append(HeiStatus(
            institution=code, name=inst.display_name(lang) if inst else code, category=categories.get(code, ""),
            region=inst.city if inst else "", expected=code in expected.institutions,
            state=State(cur["status"]) if cur else State.NONE, version=cur["version"] if cur else None,
            locked=bool(cur and cur["locked_at"]), reported=reporting is not None,
            reported_version=reporting["version"] if reporting else None, reported_at=reported_at,
            on_time=on_time, late=late, last_activity=max(activity, default=None),
        ))
    rows.sort(key=lambda r: (not r.expected, r.name.casefold(), r.institution))
    totals = Tally(has_deadline=deadline is not None)
    by_category: dict[str, Tally] = {}
    by_region: dict[str, Tally] = {}
    for row in rows:
        if not row.expected:
            continue
        totals.add(row)
        by_category.setdefault(row.category, Tally(has_deadline=deadline is not None)).add(row)
        by_region.setdefault(row.region, Tally(has_deadline=deadline is not None)).add(row)
    return Board(year=year, deadline=deadline, today=today, expected=expected, rows=rows, totals=totals,
                 by_category=dict(sorted(by_category.items(), key=lambda kv: (kv[0] == "", kv[0]))),
                 by_region=dict(sorted(by_region.items(), key=lambda kv: (kv[0] == "", kv[0]))), lang=lang)


def _local_date(moment: datetime) -> date:
    """The calendar day of a moment in the project's time zone (a deadline is a day there)."""
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else timezone.localtime(moment).isoformat()


def board_lines(board: Board) -> list[str]:
    """The board as plain text lines (the command line's view), in the board's language."""
    from babel.numbers import format_decimal

    from intlmon.analytics.yoy import _locale

    lang = board.lang

    def pct(rate: Rate | None) -> str:
        if rate is None:
            return gettext("no deadline")
        value = "—" if rate.percent is None else format_decimal(rate.percent, format="#,##0.0", locale=_locale(lang)) + "\u00a0%"
        return f"{rate.numerator} / {rate.denominator} = {value}"

    def tally(t: Tally) -> str:
        states = ", ".join(f"{STATE_LABELS[s]} {t.states.get(s, 0)}" for s in State)
        return (gettext("reporting rate %(rate)s; on time %(on_time)s; late %(late)s; %(states)s")
                % {"rate": pct(t.reporting_rate), "on_time": pct(t.on_time_rate), "late": t.late, "states": states})

    with translation.override(lang):
        deadline = board.deadline.isoformat() if board.deadline else gettext("none")
        lines = [gettext("Reporting period %(year)s, deadline %(deadline)s, as of %(today)s")
                 % {"year": board.year, "deadline": deadline, "today": board.today.isoformat()},
                 gettext("Expected: %(basis)s") % {"basis": board.expected.describe(board.year, lang)},
                 tally(board.totals)]
        reader = Reader(board.year)
        for code, t in board.by_category.items():
            lines.append(f"  {reader.label('category', code, lang)}: {tally(t)}")
        for code, t in board.by_region.items():
            lines.append(f"  {code or reader.label('region', '', lang)}: {tally(t)}")
        for r in board.rows:
            flags = [str(FLAG_LABELS[f]) for f in ("locked", "late") if getattr(r, f)]
            if r.on_time:
                flags.append(str(FLAG_LABELS["on_time"]))
            version = f" v{r.version}" if r.version else ""
            when = timezone.localtime(r.last_activity).strftime("%Y-%m-%d") if r.last_activity else "—"
            mark = " " if r.expected else "?"
            lines.append(f"{mark} {r.institution:<24} {r.name[:48]:<48} {STATE_LABELS[r.state]}{version}"
                         + (f" ({', '.join(flags)})" if flags else "") + f"  {when}")
        if board.unexpected:
            lines.append(gettext("? submitted without being expected this year: not in the rates"))
    return lines
