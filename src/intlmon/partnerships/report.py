"""The Ministry's report on strategic partnerships: a national summary, then one scorecard per partnership.

Built from the assessment (`partnerships.assess`) in the reports' format-neutral blocks
(`reports.document`), so `intlmon report partnerships --year Y --lang … --format docx,pdf,html` renders it like
every other report. The summary counts partnerships per model and, per criterion, how many meet it, do not, or
have no evidence, and names the criteria whose evidence is missing most; each scorecard lists every criterion
with its state and the evidence used (facts with their sources, counted records, rankings with their URL).
The assessment is computed once per build and shared by the three languages (`cache`).
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from intlmon.analytics.read import label
from intlmon.partnerships.assess import assess_all, describe, model_label, state_label, summary
from intlmon.partnerships.criteria import CRITERIA, MET, NO_EVIDENCE, NOT_APPLICABLE, NOT_MET
from intlmon.partnerships.models import Model, Partnership
from intlmon.reports.document import (
    Document,
    Heading,
    KeyFigures,
    PageBreak,
    Paragraph,
    Table,
    TableOfContents,
    Unstated,
)

MISSING_SHOWN = 5


def partner_name(partner, lang: str) -> str:
    org = partner.organisation
    if org is None:
        return partner.name
    return (org.name_ru if lang in ("ru", "kk") and org.name_ru else "") or org.name_en


def build_partnerships_report(year: int, lang: str, cache: dict | None = None) -> Document:
    cache = cache if cache is not None else {}
    if ("partnerships", year) not in cache:
        cards = assess_all(year)
        cache[("partnerships", year)] = (cards, summary(cards))
    cards, totals = cache[("partnerships", year)]
    with translation.override(lang):
        doc = Document(
            _("Strategic partnerships with foreign HEIs, %(year)s") % {"year": year}, lang,
            subtitle=_("Assessment against the Methodological Recommendations of the Ministry of Science and Higher "
                       "Education"),
        )
        doc.add(TableOfContents(_("Contents"), max_level=1))
        national_summary(doc, cards, totals, lang, year)
        doc.add(PageBreak(), Heading(1, _("Scorecards")))
        for n, card in enumerate(cards):
            if n:
                doc.add(PageBreak())
            scorecard(doc, card, lang)
    return doc


def national_summary(doc: Document, cards, totals: dict, lang: str, year: int) -> None:
    doc.add(Heading(1, _("National summary")))
    n = totals["partnerships"]
    doc.add(Paragraph(_(
        "The register holds %(n)s strategic partnerships. Each is assessed for %(year)s against %(criteria)s "
        "recommendations of Chapters 1–3 of the Methodological Recommendations: a recommendation is met or not met "
        "only on evidence — a fact of the register with its source, the counted records of the year or a ranking "
        "position with its public source; otherwise it has no evidence.") % {
        "n": n, "year": year, "criteria": len(CRITERIA)}, style="lead"))
    status = {s: sum(1 for c in cards if c.partnership.status == s) for s in Partnership.Status.values}
    doc.add(KeyFigures([
        (_("partnerships in the register"), n, ""),
        (str(Partnership.Status.OPERATING.label), status["operating"], ""),
        (str(Partnership.Status.PLANNED.label), status["planned"], ""),
        (_("status not stated"), n - sum(status.values()), ""),
    ]))
    doc.add(Table(_("Partnerships by model"), [_("Model"), _("Partnerships")],
                  [[model_label(m), totals["per_model"][m]] for m in Model.values],
                  total=[_("Total"), n], widths=[4, 1]))
    rows = []
    for criterion in CRITERIA:
        counts = totals["per_criterion"][criterion.id]
        rows.append([criterion.text[lang], counts[MET], counts[NOT_MET], counts[NO_EVIDENCE], counts[NOT_APPLICABLE]])
    doc.add(Table(_("Recommendations met, by criterion"),
                  [_("Recommendation"), state_label(MET), state_label(NOT_MET), state_label(NO_EVIDENCE),
                   state_label(NOT_APPLICABLE)], rows, widths=[5, 1, 1, 1, 1],
                  notes=[_("Counts of partnerships. Not applicable: registration, licence and parity management "
                           "concern branches only.")]))
    missing = totals["missing_most"][:MISSING_SHOWN]
    if missing:
        by_id = {c.id: c for c in CRITERIA}
        items = "; ".join(f"{by_id[m].text[lang]} ({totals['per_criterion'][m][NO_EVIDENCE]})" for m in missing)
        doc.add(Paragraph(_("Evidence is missing most for: %(items)s.") % {"items": items}))


def scorecard(doc: Document, card, lang: str) -> None:
    p = card.partnership
    heis = [label("institution", h, lang) for h in sorted(p.institutions.values_list("pk", flat=True))]
    partners = [partner_name(x, lang) for x in p.partners.all()]
    doc.add(Heading(2, title(p, partners, heis, lang)))
    facts = [
        (_("Model"), model_label(p.model)),
        (_("Kazakh HEIs"), "; ".join(heis) or _("not stated")),
        (_("Foreign partners"), "; ".join(partners) or _("not stated")),
        (_("Other parties"), "; ".join(p.other_parties) or _("not stated")),
        (_("Status"), p.get_status_display() if p.status else _("not stated")),
    ]
    doc.add(Paragraph(" · ".join(f"{k}: {v}" for k, v in facts)))
    doc.add(Paragraph(_("Met: %(met)s · not met: %(not_met)s · no evidence: %(none)s · not applicable: %(na)s") % {
        "met": card.count(MET), "not_met": card.count(NOT_MET), "none": card.count(NO_EVIDENCE),
        "na": card.count(NOT_APPLICABLE)}, style="note"))
    rows = []
    for criterion, outcome in card.results:
        lines = [describe(item, lang) for item in outcome.evidence]
        # table cells hold one paragraph in every renderer: several pieces of evidence are bulleted inline
        evidence = (lines[0] if len(lines) == 1 else " ".join(f"• {line}" for line in lines)) or Unstated("—")
        rows.append([criterion.text[lang], state_label(outcome.state), evidence])
    doc.add(Table(_("Scorecard"), [_("Recommendation"), _("Assessment"), _("Evidence")],
                  rows, widths=[3, 1.5, 5], numbered=False))
    doc.add(Paragraph(_("In the register: %(key)s — %(name)s.") % {"key": p.key, "name": p.name}, style="note"))
    if p.notes:
        doc.add(Paragraph(p.notes, style="note"))


def heading_of(p: Partnership, lang: str) -> str:
    """The partnership's title in `lang` (the report's headings, the portal's pages)."""
    heis = [label("institution", h, lang) for h in sorted(p.institutions.values_list("pk", flat=True))]
    return title(p, [partner_name(x, lang) for x in p.partners.all()], heis, lang)


def title(p: Partnership, partners: list[str], heis: list[str], lang: str) -> str:
    """'University of Arizona — M. Kozybayev North Kazakhstan University' in the document's language (the
    register's own name is in the language of its source); a consortium is named by its lead partner."""
    lead = [partner_name(x, lang) for x in p.partners.all() if x.lead] or partners[:1]
    who = lead[0] + (" " + _("and %(n)s more") % {"n": len(partners) - 1} if len(partners) > 1 else "") if lead else ""
    where = "; ".join(heis)
    if who and where:
        return f"{who} — {where}"
    return who or where or p.name
