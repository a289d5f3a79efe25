"""Correct, delete or add one row of the HEI's current version in the browser.

The form shows a row's cells as the workbook would read them (`cells.cell_text` of `cells.record_cells`)
and sends back only the cells the clerk changed, typed text as they would type it into Excel. What
happens then is `collection.correct`: the version is rebuilt as a workbook with the edit and goes
through `ingest_file`, the same validation as an upload; with an error, or a warning not yet confirmed,
nothing is stored and the form shows the problems (row, column, value, message, hint) with the clerk's
text kept. A stored correction is a new draft version, in the audit log under the clerk's name.

The version is always the clerk's HEI's *current* version of the current period (fetched through
`workflow.visible_to`), and a row is looked up among that version's records only: any other id is 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from intlmon.collection.cells import cell_text, record_cells, records_of
from intlmon.collection.correct import add_row, correct_row, delete_row
from intlmon.collection.sections import SECTION_BY_KEY, choice_values
from intlmon.collection.workflow import Role, TransitionError
from intlmon.web.access import require_role
from intlmon.web.clerk_pages import own_versions, section_status
from intlmon.web.clerk_upload import page_language
from intlmon.web.periods import current_period


def _current(request):
    version = own_versions(request, current_period()).filter(is_current=True).first()
    if version is None:
        raise Http404
    return version


def _section(request):
    key = request.POST.get("section") or request.GET.get("section") or ""
    if key not in SECTION_BY_KEY:
        raise Http404
    return SECTION_BY_KEY[key]


def _headers(target, lang: str) -> list[dict]:
    return [{"key": c.key, "header": c.headers.get(lang) or c.headers["ru"], "required": c.required}
            for c in target.columns]


def _fields(target, values: dict, lang: str) -> list[dict]:
    """The form's fields: header, the column's help and the workbook's dropdown as suggestions (a datalist:
    the clerk may still type anything, and the validation says what is expected, as for a workbook)."""
    return [{**h, "value": values.get(h["key"], ""), "help": column.help.get(lang, ""),
             "choices": [label for _value, label in choice_values(column.choices, lang)] if column.choices else []}
            for h, column in zip(_headers(target, lang), target.columns, strict=True)]


def _shown(target, record, lang: str) -> dict[str, str]:
    cells = record_cells(target, record, counts=True)
    return {c.key: cell_text(c, cells.get(c.key), lang) for c in target.columns}


@require_role(Role.CLERK)
def rows(request):
    """Without ?section: the current version's sections and their rows; with it: that section's rows."""
    current = _current(request)
    lang = page_language()
    if not request.GET.get("section"):
        return render(request, "web/clerk/rows_index.html", {
            "current": current, "sections": section_status(current, lang)})
    target = _section(request)
    return render(request, "web/clerk/rows.html", {
        "current": current, "section": target, "title": target.titles.get(lang) or target.titles["ru"],
        "headers": _headers(target, lang),
        "rows": [(record, [_shown(target, record, lang)[c.key] for c in target.columns])
                 for record in records_of(current, target)],
    })


@require_role(Role.CLERK)
def row_edit(request, record: int):
    """GET: the row's form. POST: correct it (or delete it, with the delete button) through `correct`."""
    current, target = _current(request), _section(request)
    lang = page_language()
    found = records_of(current, target).filter(pk=record).first()
    if found is None:
        raise Http404
    shown = _shown(target, found, lang)
    if request.method != "POST":
        return _form(request, current, target, shown, record=found)
    confirmed = request.POST.getlist("confirm")
    try:
        if "delete" in request.POST:
            done = delete_row(current, target.key, found.pk, request.actor, lang=lang, confirmed=confirmed)
        else:
            typed = typed_or(request, target, shown)
            changed = {k: v for k, v in typed.items() if v != shown[k]}
            done = correct_row(current, target.key, found.pk, changed, request.actor, lang=lang, confirmed=confirmed)
    except TransitionError as refused:
        messages.error(request, str(refused))
        return redirect(f"{reverse('web:clerk-rows')}?section={target.key}")
    return _outcome(request, current, target, done, typed_or(request, target, shown), record=found)


@require_role(Role.CLERK)
def row_add(request):
    """GET: an empty row's form. POST: add it through `correct.add_row`."""
    current, target = _current(request), _section(request)
    empty = {c.key: "" for c in target.columns}
    if request.method != "POST":
        return _form(request, current, target, empty)
    typed = typed_or(request, target, empty)
    try:
        done = add_row(current, target.key, {k: v for k, v in typed.items() if v}, request.actor,
                       lang=page_language(), confirmed=request.POST.getlist("confirm"))
    except TransitionError as refused:
        messages.error(request, str(refused))
        return redirect(f"{reverse('web:clerk-rows')}?section={target.key}")
    return _outcome(request, current, target, done, typed)


def typed_or(request, target, shown: dict) -> dict[str, str]:
    """The cells as the clerk typed them in this request (the shown values where a field was not sent)."""
    return {c.key: request.POST.get(c.key, shown[c.key]).strip() for c in target.columns}


def _outcome(request, current, target, done, typed: dict, record=None):
    if done.stored is not None:
        messages.success(request, _("Version %(version)s was made from version %(base)s with your change; it is a "
                                    "draft until you submit it.") % {"version": done.stored.version,
                                                                     "base": current.version})
        return redirect(f"{reverse('web:clerk-diff')}?old={current.pk}&new={done.stored.pk}")
    return _form(request, current, target, typed, record=record, done=done, status=422)


def _form(request, current, target, values: dict, record=None, done=None, status=200):
    lang = page_language()
    fields = _fields(target, values, lang)
    problems = [p.as_dict(lang) for p in done.problems] if done else []
    letters = {get_column_letter(i + 1): h["header"] for i, h in enumerate(fields)}  # the template's order
    for problem in problems:
        problem["header"] = letters.get(problem["column"], problem["column"])
    return render(request, "web/clerk/row_form.html", {
        "current": current, "section": target, "title": target.titles.get(lang) or target.titles["ru"],
        "fields": fields, "record": record, "problems": problems, "to_confirm": done.to_confirm if done else [],
    }, status=status)
