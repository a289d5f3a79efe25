"""Acronyms: their lookup forms, the acronyms full names spell, and whether an unknown acronym
spells a name. Django-free.

Split from `names` (which reduces a name to canonical tokens) because acronyms are the one place
where a text is matched letter by letter rather than word by word: `acronym_forms` gives the token
a registered acronym is looked up under, `generated_acronym` the initials of a full name (used only
to find acronyms two institutions could share), and `spells_initials` / `spells_concepts` whether
an acronym nobody registered begins the words of a name or gives each of its concepts an initial in
some language (used only to *offer* candidates, never to accept one: #16).
"""

from __future__ import annotations

import html
import re

from intlmon.lib.names import CONCEPTS, LEGAL_TOKENS, STOPWORDS, WORD, analyse, clean, stem
from intlmon.lib.translit import fold


def acronym_forms(acronym: str) -> set[str]:
    """The token under which a registered acronym is looked up (КазНУ, KazNU → 'kaznu')."""
    f = fold(clean(acronym).replace(" ", ""))
    return {f} if f else set()


def acronym_stem(acronym: str) -> str:
    """The form an acronym takes when typed in lower case and so stemmed like a word ('казгю')."""
    f = fold(clean(acronym).replace(" ", ""))
    return stem(f) if f else ""


# --- acronyms generated from full names (used to spot ambiguous acronyms) ----------------------

_EPONYM_RU = re.compile(r"\s(?:имени|им\.?)\s.*$", re.IGNORECASE)
_EPONYM_EN = re.compile(r"\snamed after\s.*$|^.*?\bnamed after\b", re.IGNORECASE)
_EPONYM_KK = re.compile(r"^.*\sатындағы\s", re.IGNORECASE)
_QUOTED = re.compile(r"[«\"“].*?[»\"”]")


def generated_acronym(name: str) -> str:
    """First letters of the words of a full name, eponym and quoted parts left out.

    'Казахстанский медицинский университет «ВШОЗ»' → 'КМУ'. Used only to find acronyms that two
    institutions could share; a generated acronym never identifies an institution by itself.
    """
    text = html.unescape(name or "")
    text = _QUOTED.sub(" ", text)
    text = _EPONYM_RU.sub(" ", text)
    text = _EPONYM_EN.sub(" ", text)
    text = _EPONYM_KK.sub(" ", text)
    words = [w for w in re.split(r"[\s\-–—]+", text) if w and w[0].isalpha()]
    words = [w for w in words if fold(w) not in STOPWORDS and fold(w) not in LEGAL_TOKENS]
    if len(words) < 2:
        return ""
    return "".join(w[0].upper() for w in words)


def initials_words(name: str) -> tuple[tuple[str, ...], ...]:
    """The folded words of a name an acronym may be made of: all of them, and without the quoted
    and eponym parts (as `generated_acronym`); stop words and legal forms left out."""
    def words(text: str) -> tuple[str, ...]:
        out = (fold(w) for w in WORD.findall(clean(text)) if w != ".")
        return tuple(f for f in out if f and f not in STOPWORDS and f not in LEGAL_TOKENS and not f.isdigit())

    text = html.unescape(name or "")
    short = _EPONYM_KK.sub(" ", _EPONYM_EN.sub(" ", _EPONYM_RU.sub(" ", _QUOTED.sub(" ", text))))
    variants = {words(text), words(short)}
    return tuple(v for v in variants if len(v) >= 2)


# the initial letters (folded) each concept has in the languages of `CONCEPTS`: STATE is Г
# (государственный), М (мемлекеттік), S (state), D (devlet); an acronym may be made in any of them
CONCEPT_INITIALS: dict[str, frozenset[str]] = {
    c: frozenset(fold(p)[:1] for p in ps if fold(p)) for c, ps in CONCEPTS.items()
}


def initials_tokens(name: str) -> tuple[tuple[str, ...], ...]:
    """The canonical tokens of a name, and of the name without its quoted and eponym parts, for
    acronyms made in another language than the name ('ММУ', Kazakh, for Московский
    государственный университет: MOSCOW STATE U → М-М-У through Мәскеу мемлекеттік университеті)."""
    text = html.unescape(name or "")
    short = _EPONYM_KK.sub(" ", _EPONYM_EN.sub(" ", _EPONYM_RU.sub(" ", _QUOTED.sub(" ", text))))
    variants = {analyse(text).tokens, analyse(short).tokens}
    return tuple(v for v in variants if len(v) >= 2)


def spells_concepts(acronym: str, tokens: tuple[str, ...]) -> bool:
    """The folded `acronym` gives each token one initial, in order: a concept's initial in any of
    its languages (`CONCEPT_INITIALS`), a name's first one or two letters."""
    n = len(acronym)
    if n < 2:
        return False
    states = {0}  # positions in the acronym reachable after the tokens read so far
    for t in tokens:
        starts = CONCEPT_INITIALS.get(t) or (t[:1], t[:2])
        states = {i + len(s) for i in states for s in starts if acronym.startswith(s, i)}
        if not states:
            return False
    return n in states


def _common(acronym: str, i: int, word: str) -> int:
    """How many letters of `word` the acronym repeats from position `i`."""
    k, lim = 0, min(len(word), len(acronym) - i)
    while k < lim and acronym[i + k] == word[k]:
        k += 1
    return k


def spells_initials(acronym: str, words: tuple[str, ...]) -> bool:
    """The folded `acronym` is made of the beginnings of `words`, in order: of every word
    ('iuurgu' = iu-jno ur-alskii g-osudarstvennyi u-niversitet), or, brand-like, of the first word and
    some later ones, three letters at least each ('taltech' = tal-linn … tech-nology)."""
    n = len(acronym)
    if n < 3 or not words:
        return False
    if len(words) <= n:  # every word gives one letter or more
        states = {0}
        for w in words:
            states = {i + k for i in states for k in range(1, _common(acronym, i, w) + 1)}
            if not states:
                break
        if n in states:
            return True
    first = _common(acronym, 0, words[0])
    parts = {k: 1 for k in range(3, first + 1)}  # position → parts read; later words may be skipped
    for w in words[1:]:
        for i, p in list(parts.items()):
            for k in range(3, _common(acronym, i, w) + 1):
                parts[i + k] = max(parts.get(i + k, 0), p + 1)
    return parts.get(n, 0) >= 2


_EPONYM_PARTS = (
    re.compile(r"\s(?:имени|им\.)\s*(.+)$", re.IGNORECASE),
    re.compile(r"\snamed after\s(.+)$", re.IGNORECASE),
    re.compile(r"^(.+?)\s(?:атындағы|атындагы)\s", re.IGNORECASE),
)


def eponym_part(name: str) -> str:
    """The eponym of a full name ('… имени Л. Н. Гумилёва' → 'Л. Н. Гумилёва'), '' if none is marked.
    A text may leave the eponym out and still name the institution."""
    for rx in _EPONYM_PARTS:
        m = rx.search(html.unescape(name or ""))
        if m:
            return m.group(1)
    return ""
