"""Educational programme codes: the Kazakh classifier ('6B04107') and Russian OKSO ('38.04.01').

The code is the only stable key for a programme: names vary with every report ('Учет и аудит',
'«Учет и аудит»', 'Учет и аудит (US)'). Codes are read out of free text because the cells hold
codes with names, several codes, partner-side OKSO codes and markup.

Kazakh codes: level digit 6/7/8 with its letter B/M/D, then the two-digit field area 01..12 and
the rest. Look-alike letters are repaired and flagged (`repaired=True`): Cyrillic 'В'/'М' are
visually identical to Latin 'B'/'M' and appear in the same tables as their Latin twins. Cyrillic
'Д' is not a look-alike of 'D', but it is what people type on a Cyrillic keyboard for
*докторантура*; because the digit 8 already fixes the level, it is accepted and flagged too. The
letter must agree with the digit ('6M…' is rejected): a disagreement means the text is not a code
or is corrupted beyond what we should guess.

Only five digits after the letter is a programme code; three digits ('7M015') is the classifier's
direction of training. Other lengths are kept as `nonstandard` with field None: six digits
('6B020700') look like the pre-2018 specialty numbers, whose leading digits count a different
list of groups, and four digits ('6B7108') have lost a digit we should not guess.

OKSO codes carry their level in the middle part (03 bachelor, 04 master, 05 specialist, 06/07
postgraduate, read here as doctorate). Their enlarged group is mapped to the Kazakh field area
where the two classifiers put the subject in the same place; groups that straddle Kazakh areas
(e.g. 36 veterinary *and* animal husbandry, 39 sociology *and* social work) get field None.

A cell with a name and no code is answered with `NoCode`, not `Unrecognised`: it is a complete,
valid answer (the source just did not print a code), and it needs name matching, not a person
to decipher it. `Unrecognised` is kept for text that is neither a code nor a name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from intlmon.lib.counts import Missing, Unrecognised, clean_cell

Level = Literal["bachelor", "master", "doctorate", "specialist"]
Scheme = Literal["kz", "okso"]
Granularity = Literal["programme", "direction", "nonstandard"]


@dataclass(frozen=True)
class ProgrammeCode:
    code: str  # normalised: Latin letter, no spaces ('7M05407', '38.04.01')
    scheme: Scheme
    level: Level
    field: str | None  # Kazakh field area '01'..'12'
    repaired: bool  # the letter was a Cyrillic stand-in
    granularity: Granularity
    name: str | None = None  # the programme name printed with the code, if any
    name_note: str | None = None  # a trailing parenthesis: '(US)', '(двудипломная)', a partner
    raw: str = ""


@dataclass(frozen=True)
class NoCode:
    """The cell names a programme but prints no code."""

    raw: str
    name: str


_KZ_LEVEL: dict[str, Level] = {"6": "bachelor", "7": "master", "8": "doctorate"}
_KZ_LETTER = {"6": "B", "7": "M", "8": "D"}
_LOOKALIKE = {"В": "B", "в": "B", "М": "M", "м": "M", "Д": "D", "д": "D"}

_KZ = re.compile(r"(?<!\w)(?P<lvl>[678])(?P<let>[BMDbmdВМДвмд]) ?(?P<num>\d{2,6})(?!\d)")
_OKSO = re.compile(r"(?<![\w.])(?P<grp>\d{2})\.(?P<lvl>0[3-7])\.(?P<num>\d{2})(?![\d]|\.\d)")
_OKSO_LEVEL: dict[str, Level] = {
    "03": "bachelor", "04": "master", "05": "specialist", "06": "doctorate", "07": "doctorate",
}  # fmt: skip

# OKSO enlarged group (УГСН) -> Kazakh field area; absent groups have no single counterpart.
_OKSO_FIELD = {
    **dict.fromkeys(["01", "03", "04", "05", "06"], "05"),  # maths and natural sciences
    **dict.fromkeys(["02", "09", "10", "11"], "06"),  # computing, information security, telecom
    **dict.fromkeys(["07", "08", "12", "13", "14", "15", "18", "21", "22", "24", "26", "27",
                     "28", "29"], "07"),  # architecture, engineering, mining, materials
    **dict.fromkeys(["30", "31", "32", "33", "34"], "10"),  # medicine, pharmacy, nursing
    "35": "08",  # agriculture, forestry, fisheries
    **dict.fromkeys(["37", "41", "42"], "03"),  # psychology, politics, journalism
    **dict.fromkeys(["38", "40"], "04"),  # economics and management, law
    "43": "11",  # service and tourism
    "44": "01",  # education
    **dict.fromkeys(["45", "46", "47", "48", "50", "51", "52", "53", "54", "55", "58"], "02"),
    **dict.fromkeys(["56", "57"], "12"),  # military and security
}  # fmt: skip

# A digit, a letter and digits, e.g. '6M04107': a code with the wrong letter must not pass as a name.
_NEAR_CODE = re.compile(r"(?<!\w)\d ?[^\W\d_] ?\d{3,}")

_PAIRS = {"«": "»", '"': '"', "“": "”", "„": "“", "'": "'"}
_CLOSERS = {close: open_ for open_, close in _PAIRS.items()}
_NAME_END = re.compile(r"[;•]")
_TRAILING_NOTE = re.compile(r"\(([^()]*)\)\s*$")
_EDGE = re.compile(r"^[\s\-:,./\\]+|[\s\-:,;./\\]+$")


def _unquote(s: str) -> str:
    """Drop quotes around the name, and stray ones the cell split left at an edge.

    A quote whose partner is inside the name stays: 'программа "Общественное здравоохранение"'.
    """
    if len(s) >= 2 and _PAIRS.get(s[0]) == s[-1]:
        return s[1:-1]
    if s and s[0] in _PAIRS and _PAIRS[s[0]] not in s[1:]:
        return s[1:]
    if s and s[-1] in _CLOSERS and _CLOSERS[s[-1]] not in s[:-1]:
        return s[:-1]
    return s


def _tidy(fragment: str) -> str:
    s = fragment
    for _ in range(4):
        s = _unquote(_EDGE.sub("", s).strip())
    return s


def _split_name(fragment: str) -> tuple[str | None, str | None]:
    """Separate '(US)'-style trailing notes from the name itself."""
    s = _tidy(_NAME_END.split(fragment, maxsplit=1)[0])
    note = None
    m = _TRAILING_NOTE.search(s)
    if m and m.start() > 0:
        note = _tidy(m.group(1)) or None
        s = _tidy(s[: m.start()])
    return (s or None), note


def _matches(text: str) -> list[tuple[int, int, dict[str, object]]]:
    found: list[tuple[int, int, dict[str, object]]] = []
    for m in _KZ.finditer(text):
        lvl, let, num = m["lvl"], m["let"], m["num"]
        latin = _LOOKALIKE.get(let, let.upper())
        if latin != _KZ_LETTER[lvl]:
            continue
        area = num[:2]
        granularity: Granularity = {5: "programme", 3: "direction"}.get(len(num), "nonstandard")
        in_range = "01" <= area <= "12"
        found.append((m.start(), m.end(), {
            "code": f"{lvl}{latin}{num}", "scheme": "kz", "level": _KZ_LEVEL[lvl],
            "field": area if in_range and granularity != "nonstandard" else None,
            "repaired": let in _LOOKALIKE, "granularity": granularity,
        }))  # fmt: skip
    for m in _OKSO.finditer(text):
        if not "01" <= m["grp"] <= "58":
            continue
        found.append((m.start(), m.end(), {
            "code": m.group(0), "scheme": "okso", "level": _OKSO_LEVEL[m["lvl"]],
            "field": _OKSO_FIELD.get(m["grp"]), "repaired": False, "granularity": "programme",
        }))  # fmt: skip
    return sorted(found, key=lambda f: f[0])


def find_programme_codes(text: object) -> list[ProgrammeCode]:
    """Every code in the cell, in order, each with the name printed after it.

    A name is the text up to the next code (or ';'/'•'). When the only name is printed before
    the code ('Электроэнергетика 7M07101', 'Фармацевтическая экология/7М10143') that one is used.
    """
    raw = "" if text is None else str(text)
    s = clean_cell(raw)
    found = _matches(s)
    codes: list[ProgrammeCode] = []
    for i, (start, end, attrs) in enumerate(found):
        stop = found[i + 1][0] if i + 1 < len(found) else len(s)
        name, note = _split_name(s[end:stop])
        if name is None and i == 0:
            before = _tidy(re.split(r"[;•]", s[:start])[-1])
            if before:
                name, note = _split_name(before)
        codes.append(ProgrammeCode(**attrs, name=name, name_note=note, raw=raw))  # type: ignore[arg-type]
    return codes


def parse_programme_code(text: object) -> ProgrammeCode | NoCode | Missing | Unrecognised:
    """The cell's programme code; with several codes, the first one printed.

    Use `find_programme_codes` when a cell may list several programmes.
    """
    raw = "" if text is None else str(text)
    s = clean_cell(raw)
    if not s or s == "-":
        return Missing(raw)
    codes = find_programme_codes(raw)
    if codes:
        return codes[0]
    if _NEAR_CODE.search(s):
        return Unrecognised(raw, "looks like a programme code but is not a valid one")
    name = _tidy(s)
    if len(re.findall(r"[^\W\d_]", name)) >= 3:
        return NoCode(raw, name)
    return Unrecognised(raw, "neither a programme code nor a name")
