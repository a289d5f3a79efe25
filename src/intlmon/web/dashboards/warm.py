"""Warming: the overview computed right after counted data change, so the next visitor finds it kept.

Why: the dashboards keep what they compute under the counted stamps (analytics/stamp.py); after an
approval the year it touched is computed again by whoever asks first. On the 1,000-HEI synthetic database
that is one year's statistics — seconds, not the page's one-second goal. So when a change to what counts
commits (a version approved, or an approved one returned; a version imported), a background thread of the
same process computes the overview of the latest year held in every language (`warm`); the year stores it
fills serve every other page of that year too (HEI pages, drill-downs, exports). The thread runs after the
commit, so it sees the change, and it never serves anything: a request that comes first computes the
same kept values itself, at worst twice the work, never a stale figure.

`intlmon warm` does the same from the command line (after `import-tables` or a restore). Set
`INTLMON_DASHBOARD_WARM=0` to turn the background warming off (the command still works).

The same thread writes a country note's DOCX and PDF (`start_notes`) when that country's page is computed
(once per country, year, language and counted stamp): the page offers both downloads, and writing one
(WeasyPrint's layout, 0.2–1 s of CPU) made the click that asked for it wait. A download asked for before
the thread is done writes the file itself, as before (both writers succeed; one file replaces the other).
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable

from django.conf import settings
from django.db import connection, transaction
from django.db.models.signals import post_save
from django.utils import translation

log = logging.getLogger(__name__)
_lock = threading.Lock()
_state = {"running": False, "again": False}
_notes: list[tuple[str, int, str]] = []  # country notes to write, oldest first (start_notes)


def warm(years: Iterable[int] | None = None, languages: Iterable[str] | None = None) -> list[tuple[str, int]]:
    """Compute (or find kept) the overview bodies of `years` (default: the latest year held) in `languages`
    (default: every language of the portal), as `/dashboards/` and `/dashboards/?year=Y` ask for them.
    Returns the (language, year) pairs done."""
    from intlmon.analytics import stamp
    from intlmon.web.dashboards.views import overview_body, years_held

    stamps = stamp.year_stamps()
    held = years_held(stamps)
    if not held:
        return []
    wanted = [y for y in (years or [held[-1]]) if y in held]
    done = []
    for lang in languages or [code for code, _name in settings.LANGUAGES]:
        with translation.override(lang):
            for year in wanted:
                for query in (("", f"year={year}") if year == held[-1] else (f"year={year}",)):
                    overview_body(year, {}, query, held, stamps)
                done.append((lang, year))
    return done


def _run() -> None:
    """The background thread: warm until no change came in while it ran and no note waits; its own
    connection, closed after."""
    try:
        while True:
            with _lock:
                again, _state["again"] = _state["again"], False
                note = _notes.pop(0) if _notes else None
            try:
                if note is not None:
                    from intlmon.web.dashboards.views import build_note_files

                    build_note_files(*note)
                if again:
                    warm()
            except Exception:  # a failed warming costs the next visitor the computation, nothing else
                log.exception("warming the dashboards failed")
            with _lock:
                if not _state["again"] and not _notes:
                    _state["running"] = False
                    return
    finally:
        connection.close()


def _wake(note: tuple[str, int, str] | None = None) -> None:
    with _lock:
        if note is None:
            _state["again"] = True
        elif note not in _notes:
            _notes.append(note)
        if _state["running"]:
            return
        _state["running"] = True
    threading.Thread(target=_run, name="intlmon-warm", daemon=True).start()


def start() -> None:
    """Start the background warming, or ask the running one for one more round."""
    _wake()


def start_notes(code: str, year: int, lang: str) -> None:
    """Write a country note's DOCX and PDF in the background (when `enabled`)."""
    if enabled():
        _wake((code, year, lang))


def enabled() -> bool:
    """On unless `INTLMON_DASHBOARD_WARM=0`, and never under Django's test environment (tests and benchmarks
    call `warm` themselves, so no thread races their own requests or outlives their database)."""
    from django.test.utils import _TestState

    return os.environ.get("INTLMON_DASHBOARD_WARM", "1") != "0" and not hasattr(_TestState, "saved_data")


def _saved(sender, instance, created=False, update_fields=None, **kwargs) -> None:
    """A version saved: warm after the commit when what counts may have changed (a status or an import)."""
    counts = instance.origin == instance.Origin.IMPORT or (
        update_fields is not None and "status" in update_fields
        and instance.status in (instance.Status.APPROVED, instance.Status.RETURNED))
    if counts and enabled():
        transaction.on_commit(start)


def connect() -> None:
    """Called when the dashboards' views are imported (with the URLs): a version's save may start a warming."""
    post_save.connect(_saved, sender="collection.Submission", dispatch_uid="intlmon.dashboards.warm")
