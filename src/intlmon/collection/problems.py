"""A problem found in an upload: where it is (file, sheet, row, column), what, and how bad.

Messages are kept as a rule id plus parameters and rendered in the reader's language on demand, so
the same finding reads naturally in Kazakh, Russian or English.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"  # blocks the submission
    WARNING = "warning"  # must be confirmed by the uploader


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: Severity
    messages: dict[str, str]
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: str = ""
    params: dict = field(default_factory=dict)

    def message(self, lang: str = "ru") -> str:
        template = self.messages.get(lang) or self.messages.get("en") or next(iter(self.messages.values()))
        try:
            return template.format(**self.params, value=self.value)
        except (KeyError, IndexError):
            return template

    def where(self, lang: str = "ru") -> str:
        words = {
            "kk": ("файл", "парақ", "жол", "баған"),
            "ru": ("файл", "лист", "строка", "столбец"),
            "en": ("file", "sheet", "row", "column"),
        }.get(lang, ("file", "sheet", "row", "column"))
        parts = []
        for label, value in zip(words, (self.file, self.sheet, self.row, self.column), strict=True):
            if value not in ("", None):
                parts.append(f"{label} {value}")
        return ", ".join(parts)

    def as_dict(self, lang: str = "ru") -> dict:
        data = asdict(self)
        data["severity"] = self.severity.value
        data.pop("messages")
        data["message"] = self.message(lang)
        return data


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
