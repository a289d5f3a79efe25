"""What a workbook column and section are (`Column`, `Section`), the kinds and list names they may use,
the generic help of each kind and `normalise_header`, the comparison form of every header and label.

Kept apart from the section catalogue so the types can be read (and imported) without the long lists."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

LANGS = ("kk", "ru", "en")

KINDS = ("text", "integer", "date", "term", "choice", "country", "field", "partner", "languages", "boolean")

CHOICE_LISTS = (
    "countries",
    "fields",
    "levels",
    "categories",
    "directions",
    "presence_directions",
    "presence_kinds",
    "project_kinds",
    "mobility_directions",
    "persons",
    "formats",
    "funding_sources",
    "languages",
    "partnership_models",
    "databases",
    "statuses",
    "partnership_statuses",
    "booleans",
)

# Lists whose cells may name several values, separated by ';' (also ',', '/', 'и', 'және', 'and' on reading).
MULTI_VALUE_LISTS = ("directions", "languages")


# --------------------------------------------------------------------------------------------
# Normalisation


_QUOTES = "\"'«»“”„‟‘’‚‛`´"
_NON_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_header(text: object) -> str:
    """Comparison form of a header, sheet name or label: NFKC, casefolded, ё→е, punctuation → one space."""
    if text is None:
        return ""
    value = unicodedata.normalize("NFKC", str(text)).casefold().replace("ё", "е")
    for quote in _QUOTES:
        value = value.replace(quote, " ")
    return _NON_WORD.sub(" ", value).strip()


# --------------------------------------------------------------------------------------------
# Declarations


@dataclass(frozen=True)
class Column:
    key: str
    headers: dict[str, str]
    kind: str = "text"
    required: bool = False
    choices: str | None = None
    help: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()

    def header(self, lang: str) -> str:
        return self.headers.get(lang) or self.headers["ru"]

    def help_text(self, lang: str) -> str:
        """The column's own help, or the generic help of its kind."""
        own = self.help.get(lang) or self.help.get("ru")
        return own or KIND_HELP.get(self.kind, {}).get(lang, "")

    @property
    def spellings(self) -> tuple[str, ...]:
        """Every header text accepted for this column on reading (all languages and aliases).

        The machine key is not among them: the reader matches keys only in the machine header row.
        """
        return (*self.headers.values(), *self.aliases)


@dataclass(frozen=True)
class Section:
    key: str
    model_label: str
    titles: dict[str, str]
    columns: tuple[Column, ...]
    help: dict[str, str] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()  # other sheet names accepted on reading

    def title(self, lang: str) -> str:
        return self.titles.get(lang) or self.titles["ru"]

    def column(self, key: str) -> Column:
        for col in self.columns:
            if col.key == key:
                return col
        raise KeyError(f"{self.key} has no column {key!r}")

    @property
    def column_keys(self) -> tuple[str, ...]:
        return tuple(col.key for col in self.columns)

    @property
    def required_keys(self) -> tuple[str, ...]:
        return tuple(col.key for col in self.columns if col.required)


def _t(kk: str, ru: str, en: str) -> dict[str, str]:
    return {"kk": kk, "ru": ru, "en": en}


KIND_HELP: dict[str, dict[str, str]] = {
    "text": _t("Мәтін.", "Текст.", "Text."),
    "integer": _t("Бүтін сан, 0 немесе одан көп.", "Целое число, 0 или больше.", "A whole number, 0 or more."),
    "date": _t(
        "Күні (КК.АА.ЖЖЖЖ); тек жылы белгілі болса, жылды жазыңыз.",
        "Дата (ДД.ММ.ГГГГ); если известен только год, укажите год.",
        "Date (DD.MM.YYYY); if only the year is known, enter the year.",
    ),
    "term": _t(
        "Мерзімі: жыл саны (мысалы, «5 жыл»), аяқталу күні немесе «мерзімсіз».",
        "Срок: число лет (например, «5 лет»), дата окончания или «бессрочный».",
        "Term: a number of years (e.g. '5 years'), an end date, or 'open-ended'.",
    ),
    "choice": _t("Тізімнен таңдаңыз.", "Выберите из списка.", "Choose from the list."),
    "country": _t(
        "Мемлекетті тізімнен таңдаңыз.",
        "Выберите страну из списка.",
        "Choose the country from the list.",
    ),
    "field": _t(
        "Білім беру саласын тізімнен таңдаңыз (коды және атауы).",
        "Выберите область образования из списка (код и название).",
        "Choose the field of education from the list (code and name).",
    ),
    "partner": _t(
        "Шетелдік ұйымның шарттағыдай толық ресми атауы.",
        "Полное официальное название зарубежной организации, как в договоре.",
        "Full official name of the foreign organisation, as in the agreement.",
    ),
    "languages": _t(
        "Бір немесе бірнеше тіл, «;» арқылы бөліп жазыңыз.",
        "Один или несколько языков через «;».",
        "One or more languages, separated by ';'.",
    ),
    "boolean": _t("Иә / Жоқ.", "Да / Нет.", "Yes / No."),
}


def _col(
    key: str,
    kk: str,
    ru: str,
    en: str,
    kind: str = "text",
    *,
    required: bool = False,
    choices: str | None = None,
    help: dict[str, str] | None = None,
    aliases: tuple[str, ...] = (),
) -> Column:
    assert kind in KINDS, kind
    assert choices is None or choices in CHOICE_LISTS, choices
    return Column(key, _t(kk, ru, en), kind, required, choices, help or {}, aliases)

