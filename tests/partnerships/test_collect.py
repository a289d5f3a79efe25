"""The workbook's "Strategic partnerships" rows of counted versions feed the register; an analyst's value is
never overwritten, and each fact taken names the row it came from."""

from __future__ import annotations

from datetime import date

from intlmon.partnerships.collect import collect
from intlmon.partnerships.criteria import BY_ID, MET, NOT_MET, Context
from intlmon.partnerships.models import Partnership
from intlmon.records.models import StrategicPartnership


def row(pworld, hei, sub=None, **fields):
    """`World.add` takes the model as its first argument; a partnership row has a field named `model` too."""
    if sub is None:
        sub = pworld._subs.get((hei.pk, pworld.year)) or pworld._subs.setdefault((hei.pk, pworld.year),
                                                                                  pworld.submission(hei))
    return StrategicPartnership.objects.create(period=sub.period, submission=sub, institution=hei, **fields)


def test_a_counted_row_creates_a_partnership_with_its_facts(pworld):
    hei = pworld.heis[0]
    row(pworld, hei, model="branch", partner_id="uni-a", term_years=10, status="operating",
               ministry_agreement="No. 7", ministry_agreement_date=date(2023, 2, 1), other_parties="Kazphosphate LLP",
               joint_committees="Admission; Student Experience", licensed=False, languages=["kk", "ru", "en"],
               source_sheet="Strategic partnerships", source_row=5)
    out = collect(2023)
    assert len(out.created) == 1
    p = Partnership.objects.get(key=out.created[0])
    assert (p.model, p.term_years, p.status, p.ministry_agreement) == ("branch", 10, "operating", "No. 7")
    assert p.joint_committees == ["Admission", "Student Experience"]
    assert p.sources["ministry_agreement"] == "workbook: hei1, version 1, Strategic partnerships, row 5"
    ctx = Context.of(p, 2023)
    assert BY_ID["ministry_agreement"].assess(ctx).state == MET
    assert BY_ID["licence"].assess(ctx).state == NOT_MET  # "No" in the sheet: stated as absent
    assert collect(2023).created == []  # the second run matches the same partnership


def test_an_analysts_value_is_kept_and_the_difference_reported(pworld):
    p = pworld.partnership(model="branch", term_years=5)
    row(pworld, pworld.heis[0], model="branch", partner_id="uni-a", term_years=3)
    out = collect(2023)
    p.refresh_from_db()
    assert p.term_years == 5
    assert out.conflicts and "term_years" in out.conflicts[0]


def test_a_draft_is_not_collected_and_an_unresolved_partner_is_reported(pworld):
    hei = pworld.heis[0]
    draft = pworld.submission(hei, status="draft")
    row(pworld, hei, sub=draft, model="branch", partner_id="uni-a")
    row(pworld, pworld.heis[1], model="franchise", partner_raw="Some College")
    out = collect(2023)
    assert out.created == [] and len(out.unresolved) == 1
