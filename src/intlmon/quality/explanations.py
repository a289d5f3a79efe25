"""Explanations of findings: checked against the audit, stored once, remembered for the same check,
HEI and statistic in later years, withdrawable, and handed to reports as footnotes.

An explanation is only accepted for a finding the audit of that year actually produces (same check,
HEI and statistic id as `intlmon audit --format json` prints them), so a guessed statistic cannot
slip into a published report. A report shows each explanation once, as one footnote with its author
and date, beside the first figure of the statistic it explains (`one_footnote_each`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from intlmon.quality.models import Explanation


class ExplanationRefused(ValueError):
    """The explanation names something that does not exist; the message (translated) says what."""


@dataclass(frozen=True)
class Footnote:
    explanation_id: int
    check: str
    statistic: str
    institution_id: int | str | None
    explanation: str  # the analyst's words
    author: str
    date: date  # the day the explanation was given (local time)

    @property
    def text(self) -> str:
        """The footnote as printed: the explanation, then who gave it and when."""
        return f"{self.explanation} ({self.author}, {self.date.isoformat()})"


# -- giving and withdrawing ---------------------------------------------------------------------

def validate(check: str, year: int, institution_id: str | None = None, statistic: str = "") -> None:
    """Refuse (ExplanationRefused) unless the year's audit has a finding with this key.

    The order of the questions follows what a user mistypes most: the check, the HEI, the statistic,
    the year, and only then whether the audit of that year found this.
    """
    from intlmon.analytics.availability import has_data
    from intlmon.quality import checks  # noqa: F401  (fills CHECKS)
    from intlmon.quality.audit import run_audit
    from intlmon.quality.registry import CHECKS
    from intlmon.registry.models import Institution

    if check not in CHECKS:
        raise ExplanationRefused(_("unknown check '%(check)s'; known checks: %(known)s") % {
            "check": check, "known": ", ".join(sorted(CHECKS))})
    if institution_id and not Institution.objects.filter(pk=institution_id).exists():
        raise ExplanationRefused(_("unknown institution '%(id)s' (see `intlmon registry search NAME`)") % {
            "id": institution_id})
    if not has_data(year):
        raise ExplanationRefused(_("no data for %(year)s") % {"year": year})
    findings = run_audit(year, [check])
    if statistic and not _is_statistic(statistic, findings):
        raise ExplanationRefused(_("unknown statistic '%(statistic)s' (use an id that `intlmon audit --format json` "
                                   "prints for the finding)") % {"statistic": statistic})
    wanted = institution_id or ""
    if any((f.institution_id or "") == wanted and (not statistic or f.statistic == statistic) for f in findings):
        return
    keys = sorted({f"{f.institution_id or '-'}/{f.statistic or '-'}" for f in findings})
    shown = ", ".join(keys[:12]) + (" …" if len(keys) > 12 else "")
    raise ExplanationRefused(
        _("the %(year)s audit has no finding of %(check)s for institution %(institution)s and statistic "
          "%(statistic)s; its findings (institution/statistic): %(keys)s") % {
            "year": year, "check": check, "institution": institution_id or "-", "statistic": statistic or "-",
            "keys": shown or _("none")})


def _is_statistic(statistic: str, findings) -> bool:
    from intlmon.analytics.registry import all_statistics

    return statistic in all_statistics() or any(f.statistic == statistic for f in findings)


def explain(check: str, year: int, text: str, author: str, institution_id: str | None = None,
            statistic: str = "") -> Explanation:
    """Store an explanation of an existing finding (refused when there is none, or one is already given)."""
    text, author = (text or "").strip(), (author or "").strip()
    if not text or not author:
        raise ExplanationRefused(_("the explanation text and its author must not be empty"))
    validate(check, year, institution_id, statistic)
    with transaction.atomic():
        same = active().filter(check_id=check, institution_id=institution_id or None, statistic=statistic or "",
                               year_from=year).first()
        if same is not None:
            raise ExplanationRefused(
                _("this finding is already explained (explanation %(id)s by %(author)s); withdraw it first: "
                  "intlmon explain --withdraw %(id)s") % {"id": same.pk, "author": same.author})
        return Explanation.objects.create(check_id=check, year_from=year, text=text, author=author,
                                          institution_id=institution_id or None, statistic=statistic or "")


def withdraw(explanation_id: int, by: str = "") -> Explanation:
    """Withdraw an explanation: the finding shows as unexplained again and no report prints it."""
    with transaction.atomic():
        # no ordering: the model's default orders by institution, an outer join PostgreSQL cannot lock
        e = Explanation.objects.select_for_update().filter(pk=explanation_id).order_by("pk").first()
        if e is None:
            raise ExplanationRefused(_("no explanation %(id)s (see `intlmon explain --list`)") % {"id": explanation_id})
        if e.is_withdrawn:
            raise ExplanationRefused(_("explanation %(id)s was already withdrawn") % {"id": explanation_id})
        e.withdrawn_at, e.withdrawn_by = timezone.now(), (by or "").strip()
        e.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return e


# -- reading ---------------------------------------------------------------------------------------

def active():
    return Explanation.objects.filter(withdrawn_at__isnull=True)


def applicable(year: int):
    """Explanations valid for the year (not withdrawn), the newest first for each key."""
    return active().filter(year_from__lte=year).order_by("-year_from", "-created", "-pk")


def listing(year: int | None = None, include_withdrawn: bool = False):
    """What `explain --list` shows: every explanation (valid for `year` when given), oldest first."""
    qs = Explanation.objects.all() if include_withdrawn else active()
    if year is not None:
        qs = qs.filter(year_from__lte=year)
    return qs.select_related("institution").order_by("check_id", "institution_id", "statistic", "year_from", "pk")


def lookup(year: int) -> dict[tuple[str, str, str], Explanation]:
    found: dict[tuple[str, str, str], Explanation] = {}
    for e in applicable(year):
        found.setdefault((e.check_id, e.institution_id or "", e.statistic or ""), e)
    return found


def find(explained: dict, key: tuple[str, str, str]) -> Explanation | None:
    """Exact key first; an explanation with an empty statistic covers the whole check for the HEI."""
    check, institution, statistic = key
    return explained.get(key) or explained.get((check, institution, ""))


# -- footnotes -------------------------------------------------------------------------------------

_placed: ContextVar[set[int] | None] = ContextVar("intlmon_footnotes_placed", default=None)


@contextmanager
def one_footnote_each() -> Iterator[None]:
    """Within this block (one document), each explanation is handed out once: at its first figure.

    A statistic usually feeds several paragraphs (agreements by country feed the country and the region
    sections); without this the same footnote was printed beside each of them.
    """
    token = _placed.set(set())
    try:
        yield
    finally:
        _placed.reset(token)


def footnotes_for(year: int, statistic_ids: Iterable[str] | None = None,
                  institution_id: int | str | None = None) -> list[Footnote]:
    """One footnote per explanation valid in `year` for these statistics (the newest per key)."""
    qs = applicable(year).exclude(statistic="")
    if statistic_ids is not None:
        qs = qs.filter(statistic__in=list(statistic_ids))
    if institution_id is not None:
        qs = qs.filter(Q(institution_id=institution_id))
    placed = _placed.get()
    seen, notes = set(), []
    for e in qs:
        key = (e.check_id, e.institution_id or "", e.statistic)
        if key in seen:
            continue
        seen.add(key)
        if placed is not None:
            if e.pk in placed:
                continue
            placed.add(e.pk)
        notes.append(Footnote(explanation_id=e.pk, check=e.check_id, statistic=e.statistic,
                              institution_id=e.institution_id, explanation=e.text, author=e.author,
                              date=timezone.localdate(e.created)))
    return sorted(notes, key=lambda n: (n.statistic, str(n.institution_id or ""), n.check))
