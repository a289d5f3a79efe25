"""The upload result names each problem's kind as the rules declare it: an unknown partner is a note
(stored, queued for review, nothing to confirm), not a warning the clerk must accept."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation


def kinds(lang: str) -> list[str]:
    found = [{"severity": s, "rule": r, "row": 3, "column": "partner", "header": "", "value": "X", "message": "m",
              "hint": ""} for s, r in (("error", "date"), ("warning", "duplicate_key"), ("info", "unresolved_name"))]
    with translation.override(lang):
        html = render_to_string("web/clerk/_problems.html", {"sheets": [("DDP", found)]})
    cells = [part.split("<code>", 1)[0].strip() for part in html.split('<tr class="problem problem-')[1:]]
    return [cell.split("<td>", 1)[1].strip() for cell in cells]


def test_each_severity_has_its_own_word_in_every_language():
    assert kinds("en") == ["error", "warning", "note"]
    assert kinds("ru")[2] == "к сведению" and kinds("kk")[2] == "мәлімет"
    assert len(set(kinds("ru"))) == 3 and len(set(kinds("kk"))) == 3
