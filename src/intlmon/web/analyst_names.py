"""The name-review queue (issue 12, Deliver 3): names the registry could not resolve with certainty,
the most used first, each with its candidates and their scores; confirm one, reject one, or register
the foreign partner the name stands for.

The page is `registry.review_items.queue_page`; the decisions are `registry.resolve.confirm`,
`registry.resolve.reject` and `registry.partners.register_from_review`, with the user's name. Each
decision is also written to the audit log with the user (`analyst_common.audited`). Only the Centre's
analysts (and admins) work the queue: it is the Centre's internal work, not counted data.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from intlmon.registry import resolve
from intlmon.registry.models import ForeignOrganisation, ReviewItem
from intlmon.registry.partners import RegistrationRefused, register_from_review
from intlmon.registry.review_items import queue_page
from intlmon.web.access import require_role
from intlmon.web.analyst_common import DECIDERS, audited, page_language

PAGE_SIZE = 25


def _page_number(request) -> int:
    raw = request.GET.get("page", "1")
    if not raw.isdigit() or int(raw) < 1:
        raise Http404
    return int(raw)


@require_role(*DECIDERS)
def queue(request):
    """GET (?kind=, ?page=): open names by impact, candidates named in the page's language."""
    kind = request.GET.get("kind") or None
    if kind is not None and kind not in ReviewItem.Kind.values:
        raise Http404
    number = _page_number(request)
    page = queue_page(kind, lang=page_language(), limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    pages = max(1, -(-page.total // PAGE_SIZE))

    def link(n):
        return "?" + urlencode({k: v for k, v in (("kind", kind), ("page", n)) if v})

    return render(request, "web/analyst/names.html", {
        "page": page, "kind": kind, "kinds": ReviewItem.Kind.choices, "number": number, "pages": pages,
        "previous": link(number - 1) if number > 1 else "", "next": link(number + 1) if number < pages else "",
        "partner_kinds": ForeignOrganisation.Kind.choices, "here": request.get_full_path(),
    })


@require_POST
@require_role(*DECIDERS)
def decide(request, item: int):
    """POST decision=confirm|reject (+ target) or create (+ the new partner's id, names, country, kind)."""
    entry = get_object_or_404(ReviewItem, pk=item, status=ReviewItem.Status.OPEN)
    decision = request.POST.get("decision", "")
    target = request.POST.get("target", "").strip()
    user = request.actor.name
    try:
        if decision == "confirm":
            with audited(request, "review_confirm", item=entry.pk, raw=entry.raw, kind=entry.kind, target=target):
                resolve.confirm(entry, target, user=user)
            messages.success(request, _("“%(raw)s” is now read as %(target)s.") % {"raw": entry.raw, "target": target})
        elif decision == "reject":
            with audited(request, "review_reject", item=entry.pk, raw=entry.raw, kind=entry.kind, target=target):
                resolve.reject(entry, target, user=user)
            messages.success(request, _("%(target)s will not be offered for “%(raw)s” again.")
                             % {"raw": entry.raw, "target": target})
        elif decision == "create":
            fields = {k: request.POST.get(k, "") for k in ("organisation_id", "name_en", "name_ru", "country")}
            fields["kind"] = request.POST.get("kind") or ForeignOrganisation.Kind.UNIVERSITY
            with audited(request, "review_register", item=entry.pk, raw=entry.raw, kind=entry.kind) as detail:
                created = register_from_review(entry, user=user, **fields)
                detail["target"] = created.pk
            messages.success(request, _("New partner %(id)s registered for “%(raw)s”.")
                             % {"id": created.pk, "raw": entry.raw})
        else:
            return HttpResponseBadRequest(_("Unknown decision."))
    except RegistrationRefused as refused:
        messages.error(request, str(refused))
    except ObjectDoesNotExist:
        messages.error(request, _("The registry has no entry with the id “%(id)s”.") % {"id": target})
    back, names = request.POST.get("next", ""), reverse("web:analyst-names")
    return redirect(back if back.startswith(names) else names)  # only back to a page of the queue
