"""The completeness and timeliness board of a period, worked out by hand (analytics/completeness.py).

A 2024 period with the deadline 1 March 2024 and eight expected HEIs, one in each situation an analyst
meets, seen on 10 March:

    hei     category  city    current version                          reported?  on time?
    a-uni   national  Almaty  approved, submitted 20 Feb               yes        yes
    b-uni   national  Almaty  submitted 1 Mar 23:59:59 Almaty time     yes        yes (the deadline day counts)
    c-uni   national  Astana  submitted 2 Mar 00:00:00 Almaty time     yes        no: late
    d-uni   national  Astana  returned (submitted 25 Feb)              no         late (nothing by the deadline)
    e-uni   private   Astana  draft                                    no         late
    f-uni   private   Astana  nothing                                  no         late
    g-uni   private   Shymkent v2 draft, locked; v1 approved (10 Feb)  yes (v1)   yes
    h-uni   private   Shymkent v2 draft; v1 submitted 25 Feb           no         late (v1 can no longer be approved)

reporting rate = 4 / 8 = 50.0 %; on-time rate = 3 / 8 = 37.5 %.
Also in the registry: `closed` (a category for 2023 only: not expected in 2024) and `newcomer` (no
category at all) which submitted anyway: listed, kept out of every rate.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from intlmon.analytics.completeness import Basis, State, completeness_board, expected_institutions
from intlmon.collection.models import AuditEntry, Submission
from intlmon.records.models import ReportingPeriod
from intlmon.registry.models import Institution, InstitutionCategory

YEAR = 2024
DEADLINE = date(2024, 3, 1)
TODAY = date(2024, 3, 10)
ALMATY = ZoneInfo(settings.TIME_ZONE)


def at(*args) -> datetime:
    return datetime(*args, tzinfo=ALMATY)


class Period:
    def __init__(self, deadline=DEADLINE):
        self.period = ReportingPeriod.objects.create(year=YEAR, deadline=deadline)
        for code, category, city in (
            ("a-uni", "national", "Almaty"), ("b-uni", "national", "Almaty"), ("c-uni", "national", "Astana"),
            ("d-uni", "national", "Astana"), ("e-uni", "private", "Astana"), ("f-uni", "private", "Astana"),
            ("g-uni", "private", "Shymkent"), ("h-uni", "private", "Shymkent"),
        ):
            hei = Institution.objects.create(id=code, name_en=code.upper(), name_ru=code.upper(), city=city)
            InstitutionCategory.objects.create(institution=hei, year=YEAR, category=category)
        closed = Institution.objects.create(id="closed", name_en="Closed", city="Almaty")
        InstitutionCategory.objects.create(institution=closed, year=2023, category="state")
        Institution.objects.create(id="newcomer", name_en="Newcomer", city="Almaty")

    def version(self, hei: str, status: str, *, submitted: datetime | None = None, stored: datetime | None = None,
                locked: bool = False) -> Submission:
        Submission.objects.filter(institution_id=hei, period=self.period).update(is_current=False)
        number = Submission.objects.filter(institution_id=hei, period=self.period).count() + 1
        sub = Submission.objects.create(institution_id=hei, period=self.period, version=number, is_current=True,
                                        status=status, locked_at=at(2024, 3, 5) if locked else None)
        Submission.objects.filter(pk=sub.pk).update(uploaded_at=stored or at(2024, 2, 1))
        entry = AuditEntry.objects.create(actor="clerk", action="store_version", submission=sub)
        AuditEntry.objects.filter(pk=entry.pk).update(at=stored or at(2024, 2, 1))
        if submitted is not None:
            self.step(sub, "submit", submitted)
        return sub

    @staticmethod
    def step(sub: Submission, action: str, when: datetime) -> None:
        entry = AuditEntry.objects.create(actor="someone", action=action, submission=sub)
        AuditEntry.objects.filter(pk=entry.pk).update(at=when)

    def fill(self):
        self.version("a-uni", "approved", submitted=at(2024, 2, 20))
        self.version("b-uni", "submitted", submitted=at(2024, 3, 1, 23, 59, 59))
        self.version("c-uni", "submitted", submitted=at(2024, 3, 2, 0, 0, 0))
        d = self.version("d-uni", "returned", submitted=at(2024, 2, 25))
        self.step(d, "return", at(2024, 2, 27))
        self.version("e-uni", "draft")
        self.version("g-uni", "approved", submitted=at(2024, 2, 10))
        self.version("g-uni", "draft", stored=at(2024, 3, 4), locked=True)
        self.version("h-uni", "submitted", submitted=at(2024, 2, 25))
        self.version("h-uni", "draft", stored=at(2024, 2, 28))
        self.version("newcomer", "submitted", submitted=at(2024, 2, 2))
        return self


@pytest.fixture
def period(db):
    return Period().fill()


def rows(board) -> dict:
    return {r.institution: r for r in board.rows}


def test_the_rates_are_those_worked_out_by_hand(period):
    board = completeness_board(YEAR, today=TODAY, lang="en")
    t = board.totals
    assert t.expected == 8
    assert (t.reported, t.on_time, t.late, t.locked) == (4, 3, 5, 1)
    assert (t.reporting_rate.numerator, t.reporting_rate.denominator) == (4, 8)
    assert t.reporting_rate.percent == Decimal("50.0")
    assert t.on_time_rate.percent == Decimal("37.5")
    assert dict(t.states) == {State.APPROVED: 1, State.SUBMITTED: 2, State.RETURNED: 1, State.DRAFT: 3, State.NONE: 1}


def test_each_hei_has_its_state_and_flags(period):
    r = rows(completeness_board(YEAR, today=TODAY))
    assert [(c, r[c].state, r[c].reported, r[c].on_time, r[c].late) for c in sorted(r) if r[c].expected] == [
        ("a-uni", State.APPROVED, True, True, False),
        ("b-uni", State.SUBMITTED, True, True, False),
        ("c-uni", State.SUBMITTED, True, False, True),
        ("d-uni", State.RETURNED, False, None, True),
        ("e-uni", State.DRAFT, False, None, True),
        ("f-uni", State.NONE, False, None, True),
        ("g-uni", State.DRAFT, True, True, False),
        ("h-uni", State.DRAFT, False, None, True),
    ]
    assert r["g-uni"].locked and r["g-uni"].reported_version == 1 and r["g-uni"].version == 2
    assert r["f-uni"].version is None and r["f-uni"].last_activity is None
    assert r["g-uni"].last_activity == at(2024, 3, 4)  # the upload of the draft, after v1's submission
    assert r["d-uni"].last_activity == at(2024, 2, 27)  # the return


def test_the_deadline_day_counts_whole_in_almaty_time(period):
    r = rows(completeness_board(YEAR, today=TODAY))
    assert r["b-uni"].reported_at == at(2024, 3, 1, 23, 59, 59) and r["b-uni"].on_time
    assert r["c-uni"].reported_at == at(2024, 3, 2) and r["c-uni"].late


def test_nobody_is_late_for_not_reporting_before_the_deadline_has_passed(period):
    r = rows(completeness_board(YEAR, today=DEADLINE))
    assert [c for c in sorted(r) if r[c].late] == ["c-uni"]  # only the one that reported after it


def test_a_resubmission_after_the_deadline_makes_a_returned_hei_late(period):
    d = Submission.objects.get(institution_id="d-uni", is_current=True)
    Submission.objects.filter(pk=d.pk).update(status="submitted")
    Period.step(d, "submit", at(2024, 3, 3, 9))
    r = rows(completeness_board(YEAR, today=TODAY))
    assert r["d-uni"].reported and r["d-uni"].late and r["d-uni"].reported_at == at(2024, 3, 3, 9)


def test_an_approved_version_returned_later_no_longer_reports(period):
    a = Submission.objects.get(institution_id="a-uni", is_current=True)
    Submission.objects.filter(pk=a.pk).update(status="returned")
    board = completeness_board(YEAR, today=TODAY)
    assert not rows(board)["a-uni"].reported
    assert board.totals.reporting_rate.numerator == 3


def test_categories_and_cities_have_their_own_rates(period):
    board = completeness_board(YEAR, today=TODAY)
    national, private = board.by_category["national"], board.by_category["private"]
    assert (national.expected, national.reported, national.on_time) == (4, 3, 2)
    assert national.reporting_rate.percent == Decimal("75.0") and national.on_time_rate.percent == Decimal("50.0")
    assert (private.expected, private.reported, private.on_time) == (4, 1, 1)
    assert {city: t.reporting_rate.percent for city, t in board.by_region.items()} == {
        "Almaty": Decimal("100.0"), "Astana": Decimal("25.0"), "Shymkent": Decimal("50.0")}


def test_heis_not_expected_are_listed_but_not_counted(period):
    board = completeness_board(YEAR, today=TODAY)
    assert [r.institution for r in board.unexpected] == ["newcomer"]
    assert "closed" not in rows(board)
    assert board.totals.expected == 8 and board.rows[-1].institution == "newcomer"


def test_without_a_deadline_there_is_no_on_time_rate_and_nobody_is_late(db):
    Period(deadline=None).version("a-uni", "submitted", submitted=at(2024, 5, 1))
    board = completeness_board(YEAR, today=TODAY)
    assert board.totals.on_time_rate is None and board.totals.late == 0
    assert board.totals.reporting_rate.percent == Decimal("12.5")
    assert board.as_dict()["totals"]["on_time_rate"] is None


def test_the_expected_heis_follow_the_registry_years(period):
    assert expected_institutions(YEAR).basis is Basis.CATEGORIES
    later = expected_institutions(2025)  # no categories for 2025 yet: those of 2024
    assert later.basis is Basis.EARLIER_CATEGORIES and later.year == YEAR and len(later.institutions) == 8
    assert expected_institutions(2023).institutions == {"closed"}
    whole = expected_institutions(2020)
    assert whole.basis is Basis.REGISTRY and len(whole.institutions) == 10
    assert "2025" in later.describe(2025, "en") and "2024" in later.describe(2025, "en")


def test_the_json_shape_carries_every_number(period):
    data = completeness_board(YEAR, today=TODAY, lang="en").as_dict()
    assert data["deadline"] == "2024-03-01" and data["unexpected"] == 1
    assert data["totals"]["reporting_rate"] == {"numerator": 4, "denominator": 8, "percent": 50.0}
    assert data["totals"]["on_time_rate"]["percent"] == 37.5
    assert data["totals"]["states"] == {"none": 1, "draft": 3, "submitted": 2, "approved": 1, "returned": 1}
    national = next(c for c in data["by_category"] if c["category"] == "national")
    assert national["label"] == "national" and national["reported"] == 3
    b = next(r for r in data["institutions"] if r["institution"] == "b-uni")
    assert b["reported_at"].startswith("2024-03-01T23:59:59") and b["state_label"] == "submitted"


def test_state_labels_follow_the_language(period, compiled_catalogues):
    data = completeness_board(YEAR, today=TODAY, lang="ru").as_dict()
    f = next(r for r in data["institutions"] if r["institution"] == "f-uni")
    assert f["state_label"] == "нет данных"
    kk = completeness_board(YEAR, today=TODAY, lang="kk").as_dict()
    assert next(r for r in kk["institutions"] if r["institution"] == "f-uni")["state_label"] == "деректер жоқ"


def test_the_board_command_prints_the_same_numbers(period, cli, capsys):
    code = cli(["submission", "board", "--year", str(YEAR), "--today", "2024-03-10", "--format", "json",
                "--lang", "en"])
    out = capsys.readouterr()
    assert code == 0, out.err
    data = json.loads(out.out)
    assert data == completeness_board(YEAR, today=TODAY, lang="en").as_dict()
    code = cli(["submission", "board", "--year", str(YEAR), "--today", "2024-03-10", "--lang", "en"])
    text = capsys.readouterr().out
    assert code == 0 and "4 / 8" in text and "50.0" in text and "37.5" in text and "C-UNI" in text


def test_without_any_categories_the_expected_heis_are_those_that_existed_that_year(period):
    # the registry keeps merged HEIs for their history (issue 16): one merged in 2020 is expected in 2019 but
    # not in 2020, and one founded in 2021 not before it
    Institution.objects.filter(id="closed").update(status=Institution.Status.MERGED, status_since=2020,
                                                   merged_into_id="a-uni")
    Institution.objects.filter(id="newcomer").update(founded=2021)
    assert {"closed", "newcomer"} - expected_institutions(2019).institutions == {"newcomer"}
    in_2020 = expected_institutions(2020)
    assert in_2020.basis is Basis.REGISTRY and "closed" not in in_2020.institutions
    assert len(in_2020.institutions) == 8
    assert "newcomer" in expected_institutions(2022).institutions
