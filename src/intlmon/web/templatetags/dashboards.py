"""`{{ value|figure:LANGUAGE_CODE }}`: a number written as the reports write it (analytics.yoy.format_number:
1 234 in kk/ru, 1,234 in en); text passes unchanged. `{% table_rows table LANGUAGE_CODE %}`: a dashboard
table's drawn rows, each number so written and the last linked to its drill-down."""

from decimal import Decimal
from functools import lru_cache

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from intlmon.analytics.yoy import format_number

register = template.Library()


@register.filter
def figure(value, lang: str = "en"):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    return _formatted(str(value), (lang or "en")[:2])


@lru_cache(maxsize=8192)
def _formatted(text: str, lang: str) -> str:
    """Remembered: an overview writes some 20,000 numbers, most of them small and repeated (Babel's
    formatting was a tenth of its time on the 1,000-HEI database)."""
    return format_number(Decimal(text), lang)


@register.simple_tag
def table_rows(table, lang: str) -> SafeString:
    """The `<tr>` of each row `table.shown_rows` draws, as the template loop over its cells wrote them (every
    cell through `figure` and escaped; the last one linked when the row has a link). Written here because the
    overview on 1,000 HEIs draws some 3,000 rows, and the template loop was a fifth of its time after an
    approval (`tests/web/test_dashboard_pages.py` compares both)."""
    out = []
    for row in table.shown_rows:
        cells, link = row.cells, row.link
        last = len(cells) - 1
        out.append("<tr>")
        for i, cell in enumerate(cells):
            text = conditional_escape(figure(cell, lang))
            if i == last and link:
                out.append(f'<td class="num"><a href="{conditional_escape(link)}" class="figure-link">{text}</a></td>')
            else:
                out.append(f"<td>{text}</td>")
        out.append("</tr>\n  ")
    return mark_safe("".join(out))  # noqa: S308  (every part escaped above)
