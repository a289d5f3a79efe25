"""A finding of the audit: which check, how bad, what is involved, what to do.

Messages are kept as an English msgid plus parameters and rendered in the reader's language on
demand (`message(lang)`), so one audit run can be printed in Kazakh, Russian or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from django.utils import translation
from django.utils.translation import gettext


class Severity(StrEnum):
    ERROR = "error"  # a number that cannot be right as printed or stored
    WARNING = "warning"  # probably wrong; a person should look
    INFO = "info"  # unusual, worth a glance

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class RecordRef:
    """A stored record: model and pk, and where it came from (sheet/table and row)."""

    model: str
    pk: int
    sheet: str = ""
    row: int | None = None
    institution_id: str = ""

    def as_dict(self) -> dict:
        return {"model": self.model, "pk": self.pk, "sheet": self.sheet, "row": self.row, "institution": self.institution_id}

    def describe(self) -> str:
        where = f"{self.sheet} row {self.row}" if self.sheet else f"#{self.pk}"
        return f"{self.model} {where}" + (f" [{self.institution_id}]" if self.institution_id else "")


@dataclass(frozen=True)
class FigureRef:
    """A published figure: its pk, label, value as printed and where it was printed."""

    pk: int
    statistic: str
    label: str
    value: str
    source: str = ""
    year: int | None = None

    def as_dict(self) -> dict:
        return {"pk": self.pk, "statistic": self.statistic, "label": self.label, "value": self.value,
                "source": self.source, "year": self.year}

    def describe(self) -> str:
        line = self.source.split(";")[0].replace("seed ", "").strip()
        return f"«{self.label[:70]}» = {self.value} ({line})"


def render(msgid: str, params: dict, lang: str) -> str:
    with translation.override(lang):  # lazy parameters (model names) render in the same language
        text = gettext(msgid)
        try:
            return text % {k: str(v) if not isinstance(v, int | float) else v for k, v in params.items()}
        except (KeyError, ValueError, TypeError):
            return text


@dataclass
class Finding:
    check: str
    severity: Severity
    msgid: str
    params: dict = field(default_factory=dict)
    statistic: str = ""
    institution_id: str | None = None
    records: list[RecordRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    action_msgid: str = ""  # empty: the check's default action
    explanation: object | None = None  # quality.models.Explanation when an analyst explained it

    def message(self, lang: str = "ru") -> str:
        return render(self.msgid, self.params, lang)

    def action(self, lang: str = "ru") -> str:
        from intlmon.quality.registry import CHECKS

        msgid = self.action_msgid or CHECKS[self.check].action
        return render(msgid, self.params, lang)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.check, self.institution_id or "", self.statistic or "")

    def as_dict(self, lang: str = "ru") -> dict:
        return {
            "check": self.check,
            "severity": self.severity.value,
            "statistic": self.statistic,
            "institution": self.institution_id,
            "message": self.message(lang),
            "action": self.action(lang),
            "records": [r.as_dict() for r in self.records],
            "figures": [f.as_dict() for f in self.figures],
            "explanation": (
                {"text": self.explanation.text, "author": self.explanation.author, "year_from": self.explanation.year_from}
                if self.explanation is not None else None
            ),
        }
