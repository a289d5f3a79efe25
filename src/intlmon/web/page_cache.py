"""Pages and parts of pages kept between requests, under the data stamp (`analytics.stamp`).

What is kept is the *public body* of a page — the HTML of its `content` block rendered without the
request (no user name, no CSRF token, no menu: those are drawn around it by `web/base.html` for each
request) — or a computed value (a table's export, a version's audit findings). The key holds the page's
name, the active language and the parameters the caller names (the year, the filters, the HEI or the
version); callers that show something not public (the review page) call it only after the access
check, and their answers do not depend on who asks within the roles that pass it.
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from intlmon.analytics import stamp


def language() -> str:
    return (translation.get_language() or "en")[:2]


def public_stamp() -> str:
    """The counted stamp, read once by a view that asks for several kept parts (pass it as `stamp=`)."""
    return stamp.data_stamp(counted=True)


def public_stamps() -> stamp.YearStamps:
    """Every year's counted stamp (`analytics.stamp.year_stamps`), read once by a view that keeps values per
    year; `analytics.stamp.combined` of them is `public_stamp()`."""
    return stamp.year_stamps()


def body(name: str, parts: tuple, template: str, context: Callable[[], dict], *, at: str | None = None) -> SafeString:
    """A public page's `template` rendered with `context()` — or the copy kept for (name, language, parts,
    counted stamp)."""
    html = stamp.remember(f"page:{name}", (language(), *parts), lambda: str(render_to_string(template, context())),
                          counted=True, stamp=at)
    return mark_safe(html)  # noqa: S308 — our own template's output, escaped when it was rendered


def value(name: str, parts: tuple, compute: Callable[[], object]):
    """`compute()`'s answer for (name, language, parts) at the current data stamp (any change to the data)."""
    return stamp.remember(name, (language(), *parts), compute)


def public(name: str, parts: tuple, compute: Callable[[], object], *, at: str | None = None):
    """`compute()`'s answer, made of counted data only, for (name, language, parts) at the counted stamp
    (an upload, a submission or a lock does not change it; an approval or an import does)."""
    return stamp.remember(name, (language(), *parts), compute, counted=True, stamp=at)
