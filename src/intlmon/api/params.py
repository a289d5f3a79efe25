"""Query parameters read one way for every endpoint: a bad one is a 400 in the one problem shape, never a
silent default (`?year=abc` does not quietly mean "every year")."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from intlmon.api.problems import ProblemError, problem


def integer(request, name: str, *, required: bool = False) -> int | None:
    raw = request.query_params.get(name)
    if raw in (None, ""):
        if required:
            raise ProblemError(problem("year_required" if name == "year" else "integer_parameter",
                                       column=name, value=""))
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ProblemError(problem("integer_parameter", column=name, value=raw)) from None
    if not 0 < value < 10_000:
        raise ProblemError(problem("integer_parameter", column=name, value=raw))
    return value


def text(request, name: str) -> str | None:
    raw = request.query_params.get(name)
    return raw.strip() if raw not in (None, "") and raw.strip() else None


def flag(request, name: str) -> bool:
    return request.query_params.get(name, "").lower() in ("1", "true", "yes")


def choice(request, name: str, choices) -> str | None:
    value = text(request, name)
    if value is not None and value not in choices:
        raise ProblemError(problem("unknown_parameter_value", column=name, value=value,
                                   expected=", ".join(sorted(choices))))
    return value


YEAR = OpenApiParameter("year", OpenApiTypes.INT, description="reporting year, e.g. 2023")
YEAR_REQUIRED = OpenApiParameter("year", OpenApiTypes.INT, required=True, description="reporting year, e.g. 2023")
INSTITUTION = OpenApiParameter("institution", OpenApiTypes.STR, description="HEI registry id")
COUNTRY = OpenApiParameter("country", OpenApiTypes.STR, description="ISO 3166-1 alpha-2 code")
