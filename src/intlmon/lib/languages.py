"""Languages of instruction as ISO 639-1 codes, from abbreviations and names in ru/kk/en.

The reports write languages every way at once ('rus/kaz/ French', 'анг.', 'қазақ',
'казахский, русский'), and statistics such as "programmes taught in English" need one code per
language. Abbreviations are matched exactly and full words by stem, because Russian and Kazakh
decline them ('на английском', 'ағылшынша'). A word we do not know makes the whole cell
unrecognised: dropping it would report a bilingual programme as monolingual.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from intlmon.lib.counts import Missing, Unrecognised, clean_cell


@dataclass(frozen=True)
class Languages:
    codes: tuple[str, ...]  # ISO 639-1, de-duplicated, in the order printed
    raw: str = ""


# 'kz' is the country code, but people write it for the language; it can only mean Kazakh here.
# The upload form's language dropdown (collection.sections) offers these codes and takes these
# abbreviations as its aliases: one declaration of what a language cell may say.
ABBREVIATIONS = {
    "kk": ("kk", "kz", "kaz", "каз", "қаз", "kazakh"),
    "ru": ("ru", "rus", "рус", "орыс"),
    "en": ("en", "eng", "англ", "анг", "ағыл", "ағылш"),
    "fr": ("fr", "fra", "fre", "фр", "франц", "фран"),
    "de": ("de", "ger", "deu", "нем"),
    "zh": ("zh", "chi", "zho", "кит"),
    "tr": ("tr", "tur", "тур"),
    "ko": ("ko", "kor", "кор"),
    "es": ("es", "spa", "исп"),
    "it": ("ita", "итал"),
    "ar": ("ara", "араб"),
    "ja": ("ja", "jpn", "яп", "япон"),
    "pl": ("pl", "pol"),
    "uz": ("uz", "uzb"),
    "ky": ("ky", "kir", "kgz"),
}
_STEMS = {
    "kk": ("казах", "қазақ", "kazak"),
    "ru": ("русск", "russian", "орыс"),
    "en": ("англий", "english", "ағылшын"),
    "fr": ("француз", "french"),
    "de": ("немец", "german", "неміс"),
    "zh": ("китай", "chinese", "қытай"),
    "tr": ("турец", "turkish", "түрік"),
    "ko": ("корей", "korean"),
    "es": ("испан", "spanish"),
    "it": ("итальян", "italian"),
    "ar": ("арабск", "arabic"),
    "ja": ("японск", "japanese", "жапон"),
    "pl": ("польск", "polish", "поляк"),
    "uz": ("узбек", "uzbek", "өзбек"),
    "ky": ("киргиз", "кыргыз", "қырғыз", "kyrgyz"),
}
_EXACT = {a: code for code, abbrs in ABBREVIATIONS.items() for a in abbrs}
_FILLER = {"язык", "языке", "языка", "языки", "языках", "тілі", "тіл", "тілдері", "language",
           "languages", "на", "и", "and", "және", "в", "in", "бойынша"}  # fmt: skip
_SPLIT = re.compile(r"[/,;+&|\s]+")


@cache
def _babel_names() -> dict[str, str]:
    """Full language names in en/ru/kk, for languages too rare to list above."""
    try:
        from babel import Locale
    except ImportError:  # Babel is a project dependency, but the parser must not need it
        return {}
    names: dict[str, str] = {}
    for loc in ("en", "ru", "kk"):
        for code, name in Locale.parse(loc).languages.items():
            if len(code) == 2:
                names.setdefault(name.lower(), code)
                names.setdefault(name.lower().removesuffix(" тілі"), code)
    return names


def _code_of(word: str) -> str | None:
    if word in _EXACT:
        return _EXACT[word]
    for code, stems in _STEMS.items():
        if any(word.startswith(stem) for stem in stems):
            return code
    return _babel_names().get(word)


def parse_languages(text: object) -> Languages | Missing | Unrecognised:
    raw = "" if text is None else str(text)
    s = clean_cell(raw).lower()
    if not s or s == "-":
        return Missing(raw)
    codes: list[str] = []
    for word in _SPLIT.split(s):
        word = word.strip(".()\"'«»")
        if not word or word in _FILLER:
            continue
        code = _code_of(word)
        if code is None:
            return Unrecognised(raw, f"unknown language {word!r}")
        if code not in codes:
            codes.append(code)
    if not codes:
        return Unrecognised(raw, "no language named")
    return Languages(tuple(codes), raw=raw)
