"""A finding of the audit: which check, how bad, what is involved, what to do.

Its problem part is the one problem shape (`collection.problems.Problem`: rule = the check id, message,
hint = the suggested action; sheet and row when exactly one record is involved), so the audit's JSON,
the upload's and the portal's read alike; the audit adds the statistic, institution, records, figures
and explanation. Messages are English msgids plus parameters rendered in the reader's language on
demand (`message(lang)`), so one audit run can be printed in Kazakh, Russian or English.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from intlmon.collection.problems import Message, Problem, Severity

__all__ = ["Finding", "FigureRef", "RecordRef", "Severity", "render"]


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

    def describe(self, lang: str = "ru") -> str:
        """'DoubleDegreeProgramme ddp.csv row 60 [Atyrau University]': the HEI by its name in `lang`."""
        where = f"{self.sheet} row {self.row}" if self.sheet else f"#{self.pk}"
        hei = name_of("institution", self.institution_id, lang) if self.institution_id else ""
        return f"{self.model} {where}" + (f" [{hei}]" if hei else "")


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


# Message parameters that hold a registry id, and the dimension that names it: a reader sees
# "Kozybayev University", not `kozybayev` (a finding may name others in `Finding.names`).
NAMED_PARAMS = {"hei": "institution", "reporter": "institution", "other": "institution", "partner": "partner"}


def name_of(dim: str, code: str, lang: str) -> str:
    """The display name of a registry id in `lang` (analytics labels: one query per dimension within a
    read `session()`); an id the registry does not know stays as written."""
    from intlmon.analytics.read import label

    return label(dim, code, lang) if code else code


def render(msgid: str, params: dict, lang: str) -> str:
    """`msgid` from the catalogue in `lang`, filled with `params` (lazy model names render in `lang` too)."""
    return Message(msgid).text(lang, params)


@dataclass
class Finding:
    check: str
    severity: Severity
    msgid: str | Message  # a Message (`problems.ngettext_noop`) when it prints a count: plural forms
    params: dict = field(default_factory=dict)
    statistic: str = ""
    institution_id: str | None = None
    records: list[RecordRef] = field(default_factory=list)
    figures: list[FigureRef] = field(default_factory=list)
    action_msgid: str = ""  # empty: the check's default action
    explanation: object | None = None  # quality.models.Explanation when an analyst explained it
    names: dict = field(default_factory=dict)  # extra param → dimension naming it (beyond NAMED_PARAMS)

    @property
    def problem(self) -> Problem:
        """The finding in the one problem shape; a single record involved gives its sheet and row."""
        return self.problem_in(None)

    def problem_in(self, lang: str | None) -> Problem:
        """The problem shape with the ids among its parameters named in `lang` (as stored when None)."""
        from intlmon.quality.registry import CHECKS

        record = self.records[0] if len(self.records) == 1 else None
        return Problem(
            rule=self.check, severity=self.severity, text=self.msgid if isinstance(self.msgid, Message) else Message(self.msgid),
            sheet=record.sheet if record else "", row=record.row if record else None,
            params=self.params if lang is None else self.named_params(lang),
            hint_text=Message(self.action_msgid or CHECKS[self.check].action),
        )

    def named_params(self, lang: str) -> dict:
        """`params` with every HEI and partner id replaced by its name in `lang`."""
        dims = {**NAMED_PARAMS, **self.names}
        return {k: name_of(dims[k], v, lang) if k in dims and isinstance(v, str) else v for k, v in self.params.items()}

    def message(self, lang: str = "ru") -> str:
        return self.problem_in(lang).message(lang)

    def action(self, lang: str = "ru") -> str:
        return self.problem_in(lang).hint(lang)

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.check, self.institution_id or "", self.statistic or "")

    def as_dict(self, lang: str = "ru") -> dict:
        """The problem shape's keys, then the audit's own: check (= rule, kept for existing readers),
        statistic, institution, records, figures, explanation."""
        return {
            **self.problem_in(lang).as_dict(lang),
            "check": self.check,
            "statistic": self.statistic,
            "institution": self.institution_id,
            "records": [r.as_dict() for r in self.records],
            "figures": [f.as_dict() for f in self.figures],
            "explanation": (
                {"text": self.explanation.text, "author": self.explanation.author, "year_from": self.explanation.year_from}
                if self.explanation is not None else None
            ),
        }
