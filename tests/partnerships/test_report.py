"""The Ministry's partnerships report: the national summary, then one scorecard per partnership, in kk/ru/en."""

from __future__ import annotations

import pytest

from intlmon.partnerships.criteria import CRITERIA
from intlmon.partnerships.report import build_partnerships_report
from intlmon.reports.document import Heading, Table


@pytest.mark.parametrize("lang,summary,scorecards", [("kk", "Ұлттық жиынтық", "Әріптестіктердің бағалау карталары"),
                                                      ("ru", "Национальная сводка", "Оценочные карты партнёрств"),
                                                      ("en", "National summary", "Scorecards")])
def test_the_report_has_a_summary_and_one_scorecard_per_partnership(pworld, compiled_catalogues, lang, summary,
                                                                    scorecards):
    pworld.partnership("a", model="branch", term_years=10)
    pworld.partnership("b", model="franchise", partners=("uni-b",), heis=[pworld.heis[1]])
    doc = build_partnerships_report(2023, lang)
    chapters = [b.text for b in doc.blocks if isinstance(b, Heading) and b.level == 1]
    assert chapters == [summary, scorecards]
    cards = [b for b in doc.blocks if isinstance(b, Heading) and b.level == 2]
    hei = "University" if lang == "en" else "Университет"  # the world's HEIs have no Kazakh name: Russian shown
    assert [c.text for c in cards] == [f"University A — {hei} 1", f"University B — {hei} 2"]
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    by_model, by_criterion, *scorecard_tables = tables
    assert by_model.total[-1] == 2
    assert len(by_criterion.rows) == len(CRITERIA)
    long_term = by_criterion.rows[0]
    assert long_term[1:] == [1, 0, 1, 0]  # met by "a" (10 years), no evidence for "b"
    assert len(scorecard_tables) == 2 and all(len(t.rows) == len(CRITERIA) for t in scorecard_tables)
