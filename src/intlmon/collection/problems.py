"""The one shape of every problem found in data: upload rules, the reader, file safety and the audit.

A problem says which rule, how bad, where (file, sheet, row, column), which value, what is wrong
(`message`) and what to do (`hint`). `as_dict(lang)` is the JSON form that `ingest`, `audit`, the
portal and the API print, always with the same keys (`FIELDS`).

Why messages are kept as catalogue msgids plus parameters: one problem is shown in Kazakh, Russian or
English depending on who reads it, so the text is rendered on demand from the gettext catalogues
(plural forms included: `ngettext_noop` names the parameter holding the count). Parameters that are
themselves words (a column header, a dropdown's labels, a kind of file) are `Label`s or `Message`s and
follow the reader's language too — unless pinned to the workbook's language, so that a Kazakh sheet's
problems name its headers and list choices as that sheet shows them.

The module imports no Django at load time (the audit, the reader and tests use it freely); only
rendering a message asks Django's translation machinery for the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

FIELDS = ("rule", "severity", "file", "sheet", "row", "column", "value", "message", "hint")


class Severity(StrEnum):
    ERROR = "error"  # blocks the upload; in the audit: a number that cannot be right
    WARNING = "warning"  # must be confirmed by the uploader; in the audit: a person should look
    INFO = "info"  # audit only: unusual, worth a glance

    @property
    def rank(self) -> int:
        return {"error": 0, "warning": 1, "info": 2}[self.value]


@dataclass(frozen=True)
class Message:
    """A catalogue message: an English msgid, its plural and the parameter that holds the count."""

    msgid: str
    plural: str = ""
    count: str = ""

    def text(self, lang: str, params: dict | None = None) -> str:
        from django.utils import translation

        params = params or {}
        with translation.override(lang):
            if self.plural:
                n = params.get(self.count, 0)
                template = translation.ngettext(self.msgid, self.plural, int(n) if isinstance(n, int | float) else 0)
            else:
                template = translation.gettext(self.msgid)
            values = {k: localise(v, lang) for k, v in params.items()}
            return template % values if values or "%%" in template else template


class Reason(str):
    """A catalogue message with its parameters that is also its English text as a `str`: for notes kept
    in reports that are printed as JSON (English) and also shown translated (`text(lang)`), e.g. why
    the legacy import read a row with care or did not store it."""

    message: Message
    params: dict

    def __new__(cls, msgid: str, **params) -> Reason:
        message = Message(msgid)
        obj = super().__new__(cls, message.text("en", params))
        obj.message, obj.params = message, params
        return obj

    def text(self, lang: str) -> str:
        return self.message.text(lang, self.params)


def ngettext_noop(singular: str, plural: str, count: str = "n") -> Message:
    """Marks a plural message for the catalogue (extracted like `ngettext`) without translating it yet."""
    return Message(singular, plural, count)


@dataclass(frozen=True)
class Label:
    """A word the data itself declares in kk/ru/en (a header, a sheet title, a dropdown's labels).

    `lang` pins it to one language: the workbook's, when the problem should name what the sheet shows.
    """

    texts: tuple[tuple[str, str], ...]
    lang: str = ""

    @classmethod
    def of(cls, texts: dict[str, str], lang: str | None = "") -> Label:
        return cls(tuple(texts.items()), lang or "")

    def text(self, lang: str) -> str:
        texts = dict(self.texts)
        return texts.get(self.lang or lang) or texts.get("en") or next(iter(texts.values()), "")

    def __str__(self) -> str:
        return self.text(self.lang or "en")


def localise(value: object, lang: str) -> object:
    """A parameter as shown in `lang`: Labels and Messages are rendered, lazy strings forced, numbers kept."""
    if isinstance(value, Label):
        return value.text(lang)
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    if isinstance(value, list | tuple):
        return ", ".join(str(localise(v, lang)) for v in value)
    if value is None:
        return ""
    from django.utils import translation

    with translation.override(lang):  # lazy model names render in the same language
        return str(value)


@dataclass(frozen=True)
class Problem:
    rule: str
    severity: Severity
    text: Message
    file: str = ""
    sheet: str = ""
    row: int | None = None
    column: str = ""  # Excel column letter
    value: str = ""
    params: dict = field(default_factory=dict, hash=False, compare=False)
    hint_text: Message | None = None

    def _params(self) -> dict:
        where = {"file": self.file, "sheet": self.sheet, "row": self.row if self.row is not None else "",
                 "letter": self.column, "value": self.value}
        return {**where, **self.params}

    def message(self, lang: str = "ru") -> str:
        return self.text.text(lang, self._params())

    def hint(self, lang: str = "ru") -> str:
        return self.hint_text.text(lang, self._params()) if self.hint_text else ""

    def where(self, lang: str = "ru") -> str:
        """'file a.xlsx, sheet ДДП, row 3, column B' in `lang` (only the parts that are known)."""
        from django.utils import translation

        with translation.override(lang):
            labels = (translation.pgettext("location", "file"), translation.pgettext("location", "sheet"),
                      translation.pgettext("location", "row"), translation.pgettext("location", "column"))
        parts = [f"{label} {value}" for label, value in zip(labels, (self.file, self.sheet, self.row, self.column),
                                                             strict=True) if value not in ("", None)]
        return ", ".join(parts)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self, lang: str = "ru") -> dict:
        return {"rule": self.rule, "severity": self.severity.value, "file": self.file, "sheet": self.sheet,
                "row": self.row, "column": self.column, "value": self.value, "message": self.message(lang),
                "hint": self.hint(lang)}


@dataclass(frozen=True)
class Rule:
    """A declared rule: its id, severity, message and (optional) hint, both catalogue messages."""

    id: str
    severity: Severity
    message: Message | str
    hint: Message | str | None = None

    def at(self, file: str = "", sheet: str | None = "", row: int | None = None, column: str | None = "",
           value: object = "", **params) -> Problem:
        return Problem(
            rule=self.id, severity=self.severity, text=_message(self.message), file=file, sheet=sheet or "",
            row=row, column=column or "", value="" if value is None else str(value), params=params,
            hint_text=_message(self.hint) if self.hint else None,
        )


def _message(text: Message | str) -> Message:
    return text if isinstance(text, Message) else Message(text)


LANGS = ("kk", "ru", "en")


def message_language(*candidates: str | None) -> str:
    """The first of `candidates` that is a language we speak (`--lang`, then the workbook's), else the
    configured default (`LANGUAGE_CODE`)."""
    for lang in candidates:
        if lang in LANGS:
            return lang
    from django.conf import settings

    return settings.LANGUAGE_CODE if settings.LANGUAGE_CODE in LANGS else "ru"


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity is Severity.ERROR for p in problems)
