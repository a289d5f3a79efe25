"""`{{ value|figure:LANGUAGE_CODE }}`: a number written as the reports write it (analytics.yoy.format_number:
1 234 in kk/ru, 1,234 in en); text passes unchanged."""

from decimal import Decimal

from django import template

from intlmon.analytics.yoy import format_number

register = template.Library()


@register.filter
def figure(value, lang: str = "en"):
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return value
    return format_number(Decimal(str(value)), (lang or "en")[:2])
