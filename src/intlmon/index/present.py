"""The index in the reader's language and in the one JSON shape shared by `intlmon index --format json`,
the API (/api/v1/index/) and the portal page: reasons as sentences, HEI names from the read service's
labels, every rank with its Q5–Q95 band and coverage."""

from __future__ import annotations

import math

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from intlmon.analytics.read.service import Reader
from intlmon.index import framework as fw
from intlmon.index.compute import IndexResult, Reason


def denominator_name(name: str) -> str:
    return {"students": _("students (HEI profile sheet)"), "academic_staff": _("academic staff (HEI profile sheet)"),
            "publications": _("indexed publications")}[name]


def reason_text(reason: Reason, lang: str) -> str:
    p = reason.params
    with translation.override(lang):
        if reason.kind == "no_values":
            return _("no HEI has a value of the statistic %(statistic)s for %(year)s") % p
        if reason.kind == "no_denominator":
            return _("no HEI states its %(denominator)s for %(year)s, so the ratio cannot be formed") % {
                "denominator": denominator_name(p["denominator"]), "year": p["year"]}
        if reason.kind == "no_overlap":
            return _("no HEI with a value also states its %(denominator)s for %(year)s") % {
                "denominator": denominator_name(p["denominator"]), "year": p["year"]}
        if reason.kind == "no_network":
            return _("no HEI has agreements with two or more identified partners in %(year)s (L / ln P needs P ≥ 2)") % p
        if reason.kind == "low_data":
            return ngettext(
                "%(available)s of %(computable)s indicator has a value (%(share)s %%, below the threshold of %(threshold)s %%)",
                "%(available)s of %(computable)s indicators have a value (%(share)s %%, below the threshold of %(threshold)s %%)",
                p["computable"]) % {**p, "share": round(100 * p["share"]), "threshold": round(100 * p["threshold"])}
        if reason.kind == "no_score":
            return _("no indicator of this HEI has a spread to be normalised over")
        return _("no indicator of the framework has a value this year")


def indicator_name(code: str, lang: str) -> str:
    with translation.override(lang):
        return str(fw.INDICATOR_BY_CODE[code].name)


def pillar_name(code: str, lang: str) -> str:
    with translation.override(lang):
        return str(fw.PILLAR_BY_CODE[code].name)


def _number(value: float | None, digits: int = 2):
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else round(value, digits)


def as_json(result: IndexResult, lang: str, reader: Reader | None = None) -> dict:
    """The index as one JSON object (keys in English; names and reasons in ``lang``)."""
    reader = reader or Reader(result.year)
    codes = [r.code for r in result.rows] + [s.code for s in result.screened]
    names = reader.labels("institution", codes, lang)
    return {
        "year": result.year,
        "framework_version": result.version,
        "lang": lang,
        "runs": result.runs,
        "seed": result.seed,
        "dat_thresh": fw.DAT_THRESH,
        "indicators": [{"code": i.code, "pillar": i.pillar, "name": indicator_name(i.code, lang),
                        "weight": i.weight, "direction": i.direction, "denominator": i.denominator,
                        "follows": i.follows, "formula": i.formula} for i in result.indicators],
        "not_computable": [{"code": code, "name": indicator_name(code, lang), "reason": reason_text(reason, lang)}
                           for code, reason in result.not_computable.items()],
        "ranking": [{"institution": r.code, "name": names[r.code], "score": _number(r.score), "rank": r.rank,
                     "rank_median": _number(r.median, 1), "rank_q5": _number(r.q5, 1), "rank_q95": _number(r.q95, 1),
                     "indicators_available": r.available, "indicators_computable": result.computable,
                     "coverage": _number(r.available / result.computable, 3),
                     "pillars": {p: _number(v) for p, v in r.pillars.items()}} for r in result.rows],
        "screened_out": [{"institution": s.code, "name": names[s.code], "indicators_available": s.available,
                          "reason": reason_text(s.reason, lang)} for s in result.screened],
        "missing_denominator": {code: heis for code, heis in result.missing_denominator.items()},
    }
