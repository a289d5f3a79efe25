"""Transliteration of Kazakh and Russian names to one Latin matching alphabet. Django-free.

The aim is not a readable romanisation but a *matching key*: every spelling of one name that
arrives in practice should land on the same string. Three writing systems meet in the inputs:

- Russian and Kazakh Cyrillic ('Гумилёв', 'Жұбанов', 'Әуезов');
- English-style romanisations ('Gumilyov', 'Zhubanov', 'Auezov', 'Yessenov', 'Daukeyev');
- the Kazakh Latin alphabet of 2021 ('Äl-Farabi atyndağy Qazaq ūlttyq universitetı'), in which
  ы = y, і = ı, и/й = i, ж = j, ш = ş, ч = ç, ң = ñ, ғ = ğ, қ = q, ұ = ū, ү = ü, ө = ö, ә = ä.

`to_latin` spells Cyrillic in plain ASCII (Russian letters as in BGN/PCGN-like practice, Kazakh
letters by their nearest Russian-Latin value) and strips diacritics from Latin. `fold` then merges
the variants that romanisations disagree on:

    kh → h, zh → j, x → h (Narxoz), q → k, w → v, c before e/i/y → ts,
    y → i (ы, й and Latin y), yo/ё → e, ye → e (Yessenov = Есенов), doubled letters → one.

So 'Гумилёв', 'Гумилев', 'Gumilyov' and 'Gumilev' all fold to 'gumilev'; 'Досмұхамедов' and
'Dosmukhamedov' to 'dosmuhamedov'; 'Жангир' and 'Zhangir' to 'jangir'; 'Сейфуллин' to 'seifulin'.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Russian and Kazakh Cyrillic (lower case; callers lower-case first).
CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Kazakh letters
    "ә": "a", "ғ": "g", "қ": "q", "ң": "n", "ө": "o", "ұ": "u", "ү": "u", "һ": "h", "і": "i",
    # Ukrainian / Belarusian / Uzbek Cyrillic seen in partner names
    "ї": "yi", "є": "ye", "ў": "u", "ґ": "g", "ѳ": "f", "ђ": "d", "ј": "j",
}

# Latin letters whose diacritic carries a sound the ASCII fold must keep (Kazakh Latin 2021 and
# Turkish): ş → sh, ç → ch; ı (Kazakh і / Turkish dotless i) → i. Others lose their diacritic.
LATIN_SPECIAL = {"ş": "sh", "ș": "sh", "ç": "ch", "ı": "i", "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d"}

# Latin look-alikes of Cyrillic letters, for tokens typed in a mix of scripts ('КORKYT', 'Кyungdong').
LATIN_LOOKALIKE_OF_CYRILLIC = {
    "а": "a", "в": "b", "е": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p", "с": "c",
    "т": "t", "у": "y", "х": "x", "і": "i",
}


def is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u04ff"


def _latin_char(ch: str) -> str:
    special = LATIN_SPECIAL.get(ch)
    if special is not None:
        return special
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0x80, 0x250):  # Latin-1 supplement, Latin Extended-A and -B
        table[code] = _latin_char(chr(code))
    for code in range(0x0400, 0x0500):
        table[code] = CYRILLIC.get(chr(code), "")
    for ch, repl in LATIN_SPECIAL.items():
        table[ord(ch)] = repl
    return table


_TABLE = _table()


@lru_cache(maxsize=65536)
def to_latin(text: str) -> str:
    """Lower-case `text` and spell it in ASCII Latin (Cyrillic transliterated, diacritics dropped)."""
    text = text.lower().translate(_TABLE)
    if text.isascii():
        return text
    return "".join(ch if ch.isascii() else _latin_char(ch) for ch in text)


_SIMPLE = (("kh", "h"), ("zh", "j"), ("x", "h"), ("q", "k"), ("w", "v"))
_C_SOFT = re.compile(r"c(?=[eiy])")
_YE = re.compile(r"(?<=[aeiouy])ye|^ye|(?<=[aeiouy])ie")  # Yessenov / Есенов, Daukeyev / Даукеев
_DOUBLE = re.compile(r"(.)\1+")  # Seifullin / Сейфулин, Yessenov
_NON_ALNUM = re.compile(r"[^a-z0-9]")


@lru_cache(maxsize=65536)
def fold(token: str) -> str:
    """The matching key of one word: `to_latin`, then the romanisation variants merged."""
    return _DOUBLE.sub(r"\1", fold_keeping_doubles(token))


@lru_cache(maxsize=65536)
def fold_keeping_doubles(token: str) -> str:
    """`fold` without merging doubled letters: the acronyms 'KAZGUU' (КазГЮУ) and 'КазГУ' (KazNU's
    old acronym) fold alike but are not one acronym."""
    s = to_latin(token)
    if not s.isalnum():
        s = _NON_ALNUM.sub("", s)
    for a, b in _SIMPLE:
        if a in s:
            s = s.replace(a, b)
    if "c" in s:
        s = _C_SOFT.sub("ts", s)
    if "yo" in s:
        s = s.replace("yo", "e")  # Gumilyov / Гумилёв
    if "ye" in s or "ie" in s:
        s = _YE.sub("e", s)
    return s.replace("y", "i")
