"""Assessing partnerships: one scorecard per partnership and year, and the national summary over them.

`assess_all(year)` evaluates every declared criterion (`criteria.CRITERIA`) for every partnership in the
register; `summary` counts partnerships per model and, per criterion, how many meet it, do not, or have no
evidence — the figures the Ministry's report, the CLI, the portal and the API all print. `as_json` is the
one machine shape (CLI `--format json`, API). `describe` renders one piece of evidence as a line of text in
the reader's language.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from intlmon.partnerships.criteria import (
    CRITERIA,
    MET,
    NO_EVIDENCE,
    NOT_APPLICABLE,
    NOT_MET,
    STATES,
    Context,
    Criterion,
    Outcome,
)
from intlmon.partnerships.models import Model, Partnership, Ranking

STATE_LABELS = {
    MET: pgettext_lazy("criterion", "met"),
    NOT_MET: pgettext_lazy("criterion", "not met"),
    NO_EVIDENCE: pgettext_lazy("criterion", "no evidence"),
    NOT_APPLICABLE: pgettext_lazy("criterion", "not applicable"),
}


@dataclass
class Scorecard:
    partnership: Partnership
    year: int
    results: list[tuple[Criterion, Outcome]]

    def count(self, state: str) -> int:
        return sum(1 for _c, o in self.results if o.state == state)


def partnerships():
    return (Partnership.objects.order_by("key").prefetch_related("institutions", "partners__organisation", "targets"))


def assess(partnership: Partnership, year: int, rankings: list[Ranking] | None = None) -> Scorecard:
    ctx = Context.of(partnership, year, rankings)
    return Scorecard(partnership, year, [(c, c.assess(ctx)) for c in CRITERIA])


def assess_all(year: int, queryset=None) -> list[Scorecard]:
    rankings = list(Ranking.objects.select_related("organisation"))
    return [assess(p, year, rankings) for p in (queryset if queryset is not None else partnerships())]


def summary(cards: list[Scorecard]) -> dict:
    """Per model: partnerships; per criterion: {state: count}; criteria ordered by missing evidence."""
    per_model = Counter(c.partnership.model for c in cards)
    per_criterion = {c.id: Counter({s: 0 for s in STATES}) for c in CRITERIA}
    for card in cards:
        for criterion, outcome in card.results:
            per_criterion[criterion.id][outcome.state] += 1
    missing = sorted(CRITERIA, key=lambda c: (-per_criterion[c.id][NO_EVIDENCE], CRITERIA.index(c)))
    return {
        "partnerships": len(cards),
        "per_model": {m: per_model.get(m, 0) for m in Model.values},
        "per_criterion": {cid: dict(counts) for cid, counts in per_criterion.items()},
        "missing_most": [c.id for c in missing if per_criterion[c.id][NO_EVIDENCE]],
    }


def partner_json(p: Partnership) -> list[dict]:
    return [{"organisation": x.organisation_id, "name": str(x), "lead": x.lead} for x in p.partners.all()]


def register_json(p: Partnership) -> dict:
    return {
        "id": p.pk, "key": p.key, "name": p.name, "model": p.model, "status": p.status,
        "institutions": sorted(p.institutions.values_list("pk", flat=True)), "partners": partner_json(p),
        "other_parties": p.other_parties, "start_year": p.start_year,
        "start_date": p.start_date.isoformat() if p.start_date else None, "term_years": p.term_years,
        "open_ended": p.open_ended, "ministry_agreement": p.ministry_agreement,
        "ministry_agreement_date": p.ministry_agreement_date.isoformat() if p.ministry_agreement_date else None,
        "registration": p.registration, "licence": p.licence, "teaching_languages": p.teaching_languages,
        "funding_sources": p.funding_sources, "joint_committees": p.joint_committees,
        "targets": [{"name": t.name, "year": t.year, "target": str(t.target.normalize()),
                     "actual": None if t.actual is None else str(t.actual.normalize()), "source": t.source}
                    for t in p.targets.all()],
        "sources": p.sources, "stated_none": p.stated_none,
    }


def as_json(card: Scorecard) -> dict:
    out = register_json(card.partnership)
    out["year"] = card.year
    out["criteria"] = [{"id": c.id, "state": o.state, "evidence": o.evidence} for c, o in card.results]
    return out


# -- words ------------------------------------------------------------------------------------------------

def state_label(state: str) -> str:
    return str(STATE_LABELS[state])


def model_label(model: str) -> str:
    return str(Model(model).label)


def field_label(name: str) -> str:
    if name == "targets":
        return _("target indicators")
    return str(Partnership._meta.get_field(name).verbose_name)


def section_label(model_name: str) -> str:
    from django.apps import apps

    return str(apps.get_model("records", model_name)._meta.verbose_name_plural)


def _value(value) -> str:
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)


def describe(item: dict, lang: str) -> str:
    """One piece of evidence as a line of text in `lang`."""
    with translation.override(lang):
        kind = item["kind"]
        if kind == "fact":
            text = f"{field_label(item['field'])}: {_value(item['value'])}"
        elif kind == "stated_none":
            text = _("%(field)s: stated as absent") % {"field": field_label(item["field"])}
        elif kind == "records":
            ids = ", ".join(f"#{r['id']}" for r in item["records"][:8])
            more = len(item["records"]) - 8
            text = _("%(count)s of %(reported)s counted rows (%(section)s) are with the partner") % {
                "count": item["count"], "reported": item["reported"], "section": section_label(item["section"])}
            if item["quantity"] != item["count"]:
                text += "; " + _("they stand for %(n)s") % {"n": item["quantity"]}
            if ids:
                text += f": {ids}" + (f" (+{more})" if more > 0 else "")
        elif kind == "ranking":
            scope = item["subject"] if item["scope"] == "subject" else pgettext("ranking", "overall")
            text = _("%(partner)s: %(system)s %(edition)s (%(scope)s) — %(position)s; %(url)s, retrieved "
                     "%(date)s") % {"partner": item["partner"], "system": item["system"], "edition": item["edition"],
                                    "scope": scope, "position": item["position"], "url": item["url"],
                                    "date": item["retrieved_on"]}
        elif kind == "target":
            actual = item["actual"] if item["actual"] is not None else "—"
            text = _("%(name)s, %(year)s: target %(target)s, achieved %(actual)s") % {
                "name": item["name"], "year": item["year"], "target": item["target"], "actual": actual}
        else:
            raise ValueError(f"unknown evidence kind {kind!r}")
        source = item.get("source")
        return f"{text} [{source}]" if source else text
