"""Every refusal of the API in the one problem shape (`collection.problems`): `{"problems": [{rule, severity,
file, sheet, row, column, value, message, hint}, …]}` — the same keys an upload, the reader and the audit use,
so an HEI system parses one shape whatever went wrong. A query parameter's name goes in `column`.

Messages are catalogue msgids (this app's `locale/`) rendered in the request's language.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_noop
from rest_framework import status
from rest_framework.exceptions import APIException, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from intlmon.collection.problems import LANGS, Message, Problem, Rule, Severity, message_language

RULES = {rule.id: rule for rule in (
    Rule("year_required", Severity.ERROR, gettext_noop("Give the year as ?year=YYYY.")),
    Rule("integer_parameter", Severity.ERROR,
         gettext_noop("The parameter %(name)s must be a whole number, not «%(value)s».")),
    Rule("unknown_dimension", Severity.ERROR,
         gettext_noop("The statistic %(statistic)s has no breakdown by %(name)s; its breakdowns are: %(dimensions)s.")),
    Rule("unknown_parameter_value", Severity.ERROR,
         gettext_noop("The parameter %(name)s does not take «%(value)s»; expected one of: %(expected)s.")),
    Rule("file_missing", Severity.ERROR, gettext_noop("Send the workbook as the multipart field «file».")),
    Rule("workflow_refused", Severity.ERROR, "%(reason)s"),
    Rule("invalid", Severity.ERROR, "%(reason)s"),
)}


def request_language() -> str:
    """The language this request is answered in (the user's saved one, else Accept-Language, else the default)."""
    lang = (translation.get_language() or "")[:2]
    return lang if lang in LANGS else message_language()


class ProblemError(APIException):
    """Refuse a request with problems in the one shape (400 unless told otherwise)."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, *problems: Problem, status_code: int | None = None):
        super().__init__("; ".join(p.message(request_language()) for p in problems))
        self.problems = list(problems)
        if status_code is not None:
            self.status_code = status_code


def problem(rule: str, *, column: str = "", value: object = "", **params) -> Problem:
    return RULES[rule].at(column=column, value=value, name=column, **params)


def body(problems: list[Problem]) -> dict:
    lang = request_language()
    return {"problems": [p.as_dict(lang) for p in problems]}


def exception_handler(exc, context):
    """DRF's handler, except that our refusals and serializer errors come as problems in the one shape."""
    if isinstance(exc, ProblemError):
        return Response(body(exc.problems), status=exc.status_code)
    if isinstance(exc, ValidationError):
        found = []
        for name, reasons in _flatten(exc.detail):
            for reason in reasons:
                found.append(Problem("invalid", Severity.ERROR, Message("%(reason)s"), column=name,
                                     params={"reason": str(reason)}))
        return Response(body(found), status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _flatten(detail, prefix: str = ""):
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _flatten(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(detail, list) and detail and not isinstance(detail[0], dict | list):
        yield prefix, [str(d) for d in detail]
    elif isinstance(detail, list):
        for i, value in enumerate(detail):
            yield from _flatten(value, f"{prefix}[{i}]")
    else:
        yield prefix, [str(detail)]
