"""Normalisation of institution and organisation names for matching. Django-free.

A name is reduced to a tuple of *canonical tokens*; two spellings of one institution should give
the same tokens whatever the language, script, legal form, case or word order. Rules, in order:

1. Clean: HTML entities and tags dropped; Unicode NFKC; every quote (« » “ ” „ " ' ’ `) and
   punctuation mark becomes a space; hyphens and dashes split words ('Западно-Казахстанский').
2. Legal forms dropped as phrases: 'Некоммерческое акционерное общество', 'НАО', 'АО', 'ТОО',
   'УО', 'УВО', 'РГП на ПХВ', 'ФГБОУ ВО', 'Федеральное государственное … учреждение высшего
   образования', 'Учреждение …', 'NJSC', 'JSC', 'Private Institution', 'КЕАҚ' …
3. The eponym markers dropped: 'имени', 'им.', 'атындағы', 'ат.', 'named after'; initials
   ('Л.Н.', 'Sh.') and honorifics ('академика', 'academician') dropped; the eponym itself is kept.
4. Each word is transliterated and folded (`intlmon.lib.translit.fold`), so Cyrillic, the Kazakh
   Latin alphabet of 2021 and English romanisations meet ('Гумилёв' = 'Gumilyov' = 'gumilev').
5. Generic and field words become language-independent *concepts*: университет / университеті /
   university → `U`; национальный / ұлттық / national → `NAT`; педагогический / педагогикалық /
   pedagogical / teacher → `PED`; медицинский / медицина / medical → `MED`; технический /
   техникалық / technical → `TECH`; аграрный / аграрлық / agrarian → `AGR`; индустриальный /
   индустриялық / industrial → `IND`; женский / қыздар / women → `WOMEN`; Западно- / Батыс / West
   → `WEST`; казахский / қазақ / kazakh / казахстанский → `KZ`, and so on (see `CONCEPTS`).
6. Other words are stemmed: Russian adjective and genitive endings ('Карагандинский' →
   'karagand', 'Гумилева' → 'gumilev', 'Абая' → 'abai', 'Ауэзова' → 'auezov'), Kazakh case
   endings ('Инеудегі' → 'ineu', '-ның/-нің', '-нда/-нде', '-дағы'), a final vowel ('Қарағанды',
   'Karaganda' → 'karagand').
7. Acronyms (a word with two or more capitals: КазНУ, ҚазҰУ, KazNU, ЕНУ, ЕҰУ, ENU) are folded but
   not stemmed; `acronyms.acronym_forms` gives the form under which a registered acronym is looked up.

`key(text)` is the sorted set of canonical tokens joined by spaces: word order and repetitions
do not matter ('Al-Farabi KazNU' and 'КазНУ им. аль-Фараби' both give 'farab kaznu').
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

from rapidfuzz.distance import OSA

from intlmon.lib.translit import fold, to_latin

# --- 1. cleaning -------------------------------------------------------------------------------

TAG = re.compile(r"<[^>]*>")
_AMP_PAIR = re.compile(r"(?<![^\W\d_])([^\W\d_])\s*&\s*([^\W\d_])(?![^\W\d_])")  # A&F → AF
# quotes, dashes and punctuation → a space; a full stop stays a word of its own (initials need it)
_SPACE_OUT = {ord(c): " " for c in "«»“”„‟\"'`´‘’‚‹›‐‑‒–—―-−_/\\|,;:!?()[]{}#№*+=~^%$@<>"}
_SPACE_OUT[ord(".")] = " . "
_SPACE_OUT[ord("&")] = " & "


def _unmarked(text: str) -> str:
    """Entities decoded, tags dropped, NFKC — each step only when the text needs it (most do not:
    this runs once per resolved text, and the checks cost a fraction of the steps)."""
    if "&" in text:
        text = html.unescape(text)
    if "<" in text:
        text = TAG.sub(" ", text)
    if not text.isascii() and not unicodedata.is_normalized("NFKC", text):
        text = unicodedata.normalize("NFKC", text)
    return text


def clean(text: str) -> str:
    """Entities and tags dropped, quotes/punctuation/dashes turned into spaces; case kept."""
    text = _unmarked(text or "")
    if "&" in text:
        text = _AMP_PAIR.sub(r"\1\2", text)
    return " ".join(text.translate(_SPACE_OUT).split())


def casefold_raw(text: str) -> str:
    """The exact-alias form: entities decoded, whitespace collapsed, case folded. Nothing else."""
    return " ".join(_unmarked(text or "").split()).casefold()


# --- 2. legal forms ----------------------------------------------------------------------------

_LEGAL_PHRASES = [
    # Russian
    r"федеральное государственное (?:бюджетное |автономное |казенное )?образовательное учреждение"
    r"(?: высшего(?: профессионального)? образования)?",
    r"(?:образовательное )?(?:частное |негосударственное )?(?:образовательное )?учреждение"
    r"(?: высшего(?: профессионального)?| дополнительного профессионального)? образования",
    r"некоммерческое акционерное общество",
    r"акционерное общество",
    r"товарищество с ограниченной ответственностью",
    r"республиканское государственное (?:казенное )?предприятие(?: на праве хозяйственного ведения)?",
    r"государственное коммунальное предприятие(?: на праве хозяйственного ведения)?",
    r"частное учреждение",
    r"учреждение",
    r"рг[кп]?п на пхв",
    r"гкп на пхв",
    r"минздрава россии",
    r"министерства здравоохранения (?:рф|российской федерации)",
    # Kazakh
    r"коммерциялық емес акционерлік қоғамы?",
    r"акционерлік қоғамы?",
    r"жауапкершілігі шектеулі серіктестігі?",
    r"мекемесі",
    # English
    r"non[ -]?(?:profit|commercial) joint[ -]stock company",
    r"joint[ -]stock company",
    r"private institution",
    r"limited liability partnership",
    r"republican state enterprise(?: on the right of economic management)?",
]
LEGAL_PHRASE = re.compile(r"(?<!\w)(?:" + "|".join(_LEGAL_PHRASES) + r")(?!\w)")

# Stand-alone legal-form abbreviations (compared after folding).
LEGAL_TOKENS = {
    fold(w)
    for w in (
        "нао нуо ао тоо уо уво чу ано очу ргп ргкп гкп пхв кеақ ақ жшс фгбоу фгаоу фгбу фгбоуво фгаоуво "
        "во впо njsc jsc llp nao nuo ao uo ltd inc gmbh plc"
    ).split()
}

# --- 3. eponym markers, honorifics, function words -----------------------------------------------

STOPWORDS = {
    fold(w)
    for w in (
        "имени им атындағы атындагы ат named after name of the and for in at under und de la le les du des "
        "di del della der die das von y e et и в на при жанындағы а академика академик академиктің "
        "academician akademik akademika г гор города город қ қала қаласы қаласының city "
        "профессора профессор professor training аль әл ал al el ul"
    ).split()
}

# --- 5. concepts -------------------------------------------------------------------------------

CONCEPTS: dict[str, tuple[str, ...]] = {
    # kinds of institution
    "U": ("университет", "university", "universitet", "universite", "universidad", "universita",
          "uniwersytet", "univerzita", "universitas", "üniversite", "universitat", "ниуверситет",
          "универстет", "universiteti"),
    "ACAD": ("академи", "academy", "akademi", "academi", "académie"),
    "INST": ("институт", "institut", "institute"),
    "CONS": ("консерватор", "conservator"),
    "COLL": ("колледж", "college"),
    "SCHOOL": ("школа", "school", "ecole", "école", "мектеб"),
    # status
    "NAT": ("национал", "national", "ұлттық", "ulttyq", "milli"),
    "STATE": ("государств", "государт", "мемлекет", "state", "gosudarstv", "devlet"),
    "REG": ("региональ", "өңірлік", "regional", "onirlik"),
    "FED": ("федераль", "federal"),
    "INTL": ("международ", "халықаралық", "international", "halyqaralyq", "mezhdunarod"),
    "RESEARCH": ("исследоват", "зерттеу", "research", "zertteu", "issledovat"),
    "OPEN": ("открыт", "ашық", "open"),
    "FREE": ("свободн", "еркін", "free"),
    "REPUBLIC": ("республик", "republic", "respublik"),
    # nations and regions
    "KZ": ("казах", "қазақ", "kazakh", "qazaq", "kazak"),
    "RU": ("российск", "ресей", "russia", "rossii"),
    "EURASIA": ("евраз", "еуразия", "eurasia", "euras"),
    "SOUTH": ("южн", "оңтүстік", "south", "ontustik"),
    "NORTH": ("северн", "северо", "солтүстік", "north", "soltustik"),
    "WEST": ("западн", "батыс", "west", "batys"),
    "EAST": ("восточн", "шығыс", "east", "shygys"),
    "CENTRAL": ("центральн", "центрально", "орталық", "central", "ortalyq"),
    "AKTOBE": ("актюбин", "ақтөбе", "aktobe", "aqtobe", "aktiubinsk"),
    "RUDNY": ("рудненск", "рудный", "rudny", "rudnyi", "rudnenskiy"),
    # fields
    "PED": ("педагог", "pedagog", "teacher", "normal"),
    "MED": ("медицин", "медицина", "medic", "medical", "meditsin"),
    "TECHNOL": ("технолог", "technolog", "tehnolog"),
    "POLYTECH": ("политехн", "polytechn", "politehn", "politechn"),
    "AGROTECH": ("агротехн", "agrotechn", "agrotehn"),
    "TECH": ("технич", "техника", "technic", "техникал", "tehnik", "tehnich", "technical", "technische"),
    "AGR": ("аграр", "agrar", "сельскохоз", "agricult"),
    "IND": ("индустр", "industr"),
    "WOMEN": ("женск", "қыздар", "women", "womens", "kyzdar"),
    "ARTS": ("искусств", "өнер", "arts", "oner"),
    "HUM": ("гуманитар", "humanit"),
    "ECON": ("эконом", "econom", "ekonom"),
    "INNOV": ("инновац", "инновация", "innovat", "innovac"),
    "ENERGY": ("энергет", "energ"),
    "ENG": ("инженер", "инжиниринг", "engineer", "injener", "inzhiniring"),
    "OIL": ("нефт", "мұнай", "oil", "neft", "munai"),
    "LANG": ("язык", "languag", "лингвист", "linguist"),
    "SPORT": ("спорт", "sport"),
    "FRIEND": ("дружб", "достығы", "достық", "friendship", "druzhb"),
    "PEOPLE": ("народ", "халықтар", "peoples", "people", "narod"),
    "BUSINESS": ("бизнес", "business", "biznes"),
    "MANAGEMENT": ("менеджмент", "management", "менеджмент"),
    "APPLIED": ("прикладн", "applied", "angewandte"),
    "SCIENCE": ("наук", "science", "ғылым", "sciences", "wissenschaft"),
    "LAW": ("юридич", "юриспруденц", "iuridich", "iuridik", "yuridik", "jurid"),
    # capitals whose names differ by language (Мәскеу / Москва / Moscow: the fold alone misses them)
    "MOSCOW": ("москов", "москв", "мәскеу", "moscow", "moskov", "moskva", "maskeu"),
}

# English compounds that Russian and Kazakh spell as two words (Северо-Западный, Солтүстік-Батыс)
COMPOUND_DIRECTIONS = {
    fold("northwest"): ("NORTH", "WEST"), fold("northwestern"): ("NORTH", "WEST"),
    fold("northeast"): ("NORTH", "EAST"), fold("northeastern"): ("NORTH", "EAST"),
    fold("southwest"): ("SOUTH", "WEST"), fold("southwestern"): ("SOUTH", "WEST"),
    fold("southeast"): ("SOUTH", "EAST"), fold("southeastern"): ("SOUTH", "EAST"),
}

# exact words for concepts whose prefix would be too greedy
CONCEPT_WORDS: dict[str, str] = {
    fold("art"): "ARTS",
    fold("газ"): "GAS",
    fold("gas"): "GAS",
    fold("ун-т"): "U",
    fold("унт"): "U",
    fold("law"): "LAW",
    fold("заң"): "LAW",
    fold("univ"): "U",
    fold("унив"): "U",
}

# Abbreviated generic and field words, with or without their full stop: 'Ошский гос. ун-т',
# 'Казанский нац. исслед. техн. ун-т', 'Natl. Univ.', 'Intl. Acad.', 'мемл. ун-ті' (#16: «гос.»
# sent three foreign universities to review). Only abbreviations that are no word of a name.
ABBREVIATIONS: dict[str, str] = {
    **{fold(w): "STATE" for w in ("гос", "госуд", "мемл")},
    **{fold(w): "NAT" for w in ("нац", "natl", "ұлт")},
    **{fold(w): "TECH" for w in ("техн", "tekhn")},
    **{fold(w): "PED" for w in ("пед", "pedag")},
    **{fold(w): "MED" for w in ("мед", "med")},
    **{fold(w): "ACAD" for w in ("акад", "acad")},
    **{fold(w): "INST" for w in ("инст", "inst")},
    **{fold(w): "INTL" for w in ("межд", "междунар", "intl")},
    **{fold(w): "FED" for w in ("федер", "feder")},
    **{fold(w): "RESEARCH" for w in ("исслед", "иссл")},
    **{fold(w): "ECON" for w in ("экон", "econ")},
    **{fold(w): "AGR" for w in ("agr", "с/х", "сельхоз")},
    **{fold(w): "POLYTECH" for w in ("политех", "polytech")},
    fold("sci"): "SCIENCE",
    fold("coll"): "COLL",
}
CONCEPT_WORDS.update(ABBREVIATIONS)
# 'госуниверситет', 'медакадемия', 'педуниверситета': an abbreviated word fused with a kind
FUSED_HEADS: dict[str, str] = {fold(w): c for w, c in (("гос", "STATE"), ("мед", "MED"), ("пед", "PED"), ("тех", "TECH"))}
# 'ун-т', 'ин-т', 'ун-та', 'ун-ті' (the dash would split them before the words are read)
HYPHENATED = re.compile(r"(?<!\w)(ун|ин)\s*-\s*т(?:а|у|ом|е|ы|ті|тің)?(?!\w)", re.IGNORECASE)
_HYPHENATED_AS = {"ун": "университет", "ин": "институт"}
# a Kazakh case or possessive ending hyphenated to an acronym: 'ҚазҰПУ-да', 'ШҚТУ-ның', 'ЕҰУ-дің',
# 'KazNU-da' (the acronym ends in a capital letter; the ending is dropped, as `stem` drops it from words)
ACRONYM_ENDING = re.compile(
    r"(?<=[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ])\s*-\s*(?:д[аеы]ғы|д[ае]гі|т[ае]ғы|т[ае]гі|[нтд][ыі]ң|[дтн][ае]н|[дтн]а|[дтн]е|[гғкқ][аеә]|"
    r"мен|бен|пен|сы|сі|ы|і|ын|ін|da|de|ta|te|nyn|nin|dan|den|men|ge|ga|ka|ke)(?![^\W\d_])"
)

# (folded prefix, concept), longest first so that 'tehnolog' wins over 'tehn…'
_CONCEPT_PREFIXES: list[tuple[str, str]] = sorted(
    {(fold(p), c) for c, ps in CONCEPTS.items() for p in ps if fold(p)},
    key=lambda pc: -len(pc[0]),
)
_CONCEPT_BY_HEAD: dict[str, list[tuple[str, str]]] = {}
for _p, _c in _CONCEPT_PREFIXES:
    _CONCEPT_BY_HEAD.setdefault(_p[:3], []).append((_p, _c))
CONCEPT_NAMES = frozenset(CONCEPTS) | frozenset(CONCEPT_WORDS.values())

# Generic concepts: they say what kind of thing it is, not which one.
WEAK_CONCEPTS = frozenset({"U", "ACAD", "INST", "COLL", "SCHOOL", "NAT", "STATE", "REG", "KZ", "FED", "RESEARCH", "REPUBLIC"})
# 'РК', 'RK', 'ҚР': Республика Казахстан / Қазақстан Республикасы, as official names spell it out
# ('Академия … при Президенте РК')
REPUBLIC_OF_KAZAKHSTAN = frozenset({"РК", "RK", "ҚР"})
# Field and regional concepts: they must agree (a pedagogical university is not a medical one).
FIELD_CONCEPTS = CONCEPT_NAMES - WEAK_CONCEPTS


@lru_cache(maxsize=65536)
def concept_of(folded: str) -> str | None:
    if folded in CONCEPT_WORDS:
        return CONCEPT_WORDS[folded]
    for prefix, concept in _CONCEPT_BY_HEAD.get(folded[:3], ()):
        if folded.startswith(prefix):
            return concept
    return None


# Typos in generic and field words ('Univercity', 'Univeristy', 'универитет', 'инстиут', 'акдемия',
# 'Tehnical', 'Managment'): a word that is no concept but lies within one edit (two for prefixes of
# ten letters or more; a swap of neighbours counts as one) of the beginning of a concept word of at
# least six letters takes that concept. Short concept words are left out: 'state', 'oil', 'arts'
# are one letter from too many names.
_TYPO_PREFIXES: dict[str, list[tuple[str, str]]] = {}
for _p, _c in _CONCEPT_PREFIXES:
    if len(_p) >= 6:
        _TYPO_PREFIXES.setdefault(_p[0], []).append((_p, _c))


@lru_cache(maxsize=65536)
def concept_of_misspelt(folded: str) -> str | None:
    """The concept of a misspelt generic word, or None (see `_TYPO_PREFIXES`)."""
    if len(folded) < 6:
        return None
    best: tuple[int, int, str] | None = None
    for prefix, concept in _TYPO_PREFIXES.get(folded[0], ()):
        k = 1 if len(prefix) < 10 else 2
        n = len(prefix)
        if len(folded) < n - k:
            continue
        d = min(OSA.distance(folded[:m], prefix, score_cutoff=k + 1) for m in {min(m, len(folded)) for m in (n - 1, n, n + 1)})
        if d <= k and (best is None or (d, -n) < best[:2]):
            best = (d, -n, concept)
    return best[2] if best else None


# --- 6. stemming -------------------------------------------------------------------------------

# Kazakh case and possessive endings (folded): locative-attributive, genitive, locative, ablative,
# instrumental, dative.
_KK_ENDINGS = re.compile(r"(?:indagi|indegi|ndagi|ndegi|dagi|degi|tagi|tegi|ninin|nin|tin|din|inda|inde|inen|inan)$")
# Russian adjective endings (with the -sk-/-insk- of place adjectives) and genitive/dative/
# instrumental endings of surnames and nouns.
_RU_ADJ = re.compile(
    r"(?:insk|sk)(?:ogo|ego|omu|emu|aia|oe|om|em|i|ie|ih|im|imi|oi|ei|uiu)?$|(?:ogo|ego|omu|emu|aia|oe|ie|oi|ei|uiu|nom|nim)$"
)
_RU_SURNAME = re.compile(r"(?<=[oe]v|in)(?:a|u|im|oi|e|oi)$")
_FINAL_VOWEL = re.compile(r"[aeiou]$")


@lru_cache(maxsize=65536)
def stem(folded: str) -> str:
    """Inflection folding of one (folded) word; the stem keeps at least 4 letters."""
    s = folded
    if len(s) < 4 or s.isdigit():
        return s
    if len(s) >= 7:
        m = _KK_ENDINGS.search(s)
        if m and m.start() >= 4:
            s = s[: m.start()]
    if len(s) >= 6:
        m = _RU_ADJ.search(s)
        if m and m.start() >= 3:
            s = s[: m.start()]
    if s[-1] in "aueim":
        m = _RU_SURNAME.search(s)
        if m and m.start() >= 4:
            s = s[: m.start()]
    for _ in range(2):  # Абая / Абай, хана / хан, Қарағанды / Karaganda
        if len(s) >= 4:
            s = _FINAL_VOWEL.sub("", s)
    return s


# --- 7. tokens ---------------------------------------------------------------------------------

WORD = re.compile(r"[^\W_]+|\.", re.UNICODE)


def looks_like_acronym(word: str) -> bool:
    """КазНУ, ҚазҰУ, KazNU, ЕНУ, ENU, КазУМОиМЯ, AlmaU: two or more capitals, short."""
    if len(word) < 2 or len(word) > 12 or word.islower() or word[1:].islower() or not word.isalpha():
        return False
    upper = sum(1 for c in word if c.isupper())
    if upper < 2:
        return False
    return upper * 2 >= len(word) or not re.search(r"[^\W\d_]{4}", re.sub(r"[A-ZА-ЯЁӘҒҚҢӨҰҮҺІ]", " ", word))


_ASCII_LETTER = re.compile(r"[A-Za-z]")


def _fix_mixed_script(word: str) -> str:
    """'КORKYT', 'Кyungdong': a word in one script with a look-alike letter from the other."""
    if word.isascii() or not _ASCII_LETTER.search(word):
        return word
    cyr = sum(1 for c in word if "\u0400" <= c <= "\u04ff")
    lat = sum(1 for c in word if c.isascii() and c.isalpha())
    if cyr and lat:
        if lat >= cyr:
            table = {"К": "K", "к": "k", "А": "A", "а": "a", "Е": "E", "е": "e", "О": "O", "о": "o",
                     "Р": "P", "р": "p", "С": "C", "с": "c", "Т": "T", "Н": "H", "М": "M", "В": "B", "Х": "X",
                     "х": "x", "у": "y", "І": "I", "і": "i"}
        else:
            table = {"K": "К", "k": "к", "A": "А", "a": "а", "E": "Е", "e": "е", "O": "О", "o": "о",
                     "P": "Р", "p": "р", "C": "С", "c": "с", "T": "Т", "H": "Н", "M": "М", "B": "В", "X": "Х",
                     "x": "х", "y": "у", "I": "І", "i": "і"}
        word = "".join(table.get(c, c) for c in word)
    return word


class Analysis:
    """The canonical tokens of a name. `acronyms` are the tokens that came from acronyms; `key` is
    the sorted set of tokens; `distinctive` the tokens that are not generic concepts (names,
    places, fields, acronyms). Computed once: analyses are cached and read on every resolution."""

    __slots__ = ("tokens", "acronyms", "key", "distinctive")

    def __init__(self, tokens: tuple[str, ...], acronyms: frozenset[str]):
        self.tokens = tokens
        self.acronyms = acronyms
        self.key = " ".join(sorted(set(tokens)))
        self.distinctive = frozenset(t for t in tokens if t not in WEAK_CONCEPTS)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Analysis) and (self.tokens, self.acronyms) == (other.tokens, other.acronyms)

    def __hash__(self) -> int:
        return hash((self.tokens, self.acronyms))

    def __repr__(self) -> str:
        return f"Analysis(tokens={self.tokens!r}, acronyms={set(self.acronyms)!r})"


@lru_cache(maxsize=131072)
def analyse(text: str) -> Analysis:
    """Canonical tokens of a name (see the module docstring for the rules)."""
    if "-" in text:
        text = HYPHENATED.sub(lambda m: _HYPHENATED_AS[m.group(1).lower()], text)
        text = ACRONYM_ENDING.sub("", text)
    return _analyse_clean(clean(text))


@lru_cache(maxsize=131072)
def _analyse_clean(cleaned: str) -> Analysis:
    """`analyse` of a cleaned text: '«X»', 'X ' and 'X' share one analysis."""
    words_orig = WORD.findall(cleaned)
    lowered = cleaned.lower()
    if LEGAL_PHRASE.search(lowered):
        # keep the original case of the surviving words (acronym detection needs it)
        words_orig = _recase(cleaned, WORD.findall(LEGAL_PHRASE.sub(" ", lowered)))
    tokens: list[str] = []
    acronyms: set[str] = set()
    n = len(words_orig)
    for i, word in enumerate(words_orig):
        if word == ".":
            continue
        got, acronym = _word_tokens(word, i + 1 < n and words_orig[i + 1] == ".")
        tokens.extend(got)
        if acronym:
            acronyms.update(got)
    return Analysis(tuple(tokens), frozenset(acronyms))


@lru_cache(maxsize=131072)
def _word_tokens(word: str, followed_by_dot: bool) -> tuple[tuple[str, ...], bool]:
    """The canonical tokens of one word (none, one, or two for 'Northwest') and whether it is an
    acronym. Words repeat across names far more than names do, so this is what the cache keeps."""
    word = _fix_mixed_script(word)
    if word in REPUBLIC_OF_KAZAKHSTAN:
        return ("REPUBLIC", "KZ"), False
    f = fold(word)
    if not f or f in LEGAL_TOKENS or f in STOPWORDS:
        return (), False
    letters = len(word)
    # initials: 'Л.', 'Sh.', 'Ж.' (one or two letters followed by a dot, or a lone letter)
    if word.isalpha() and (letters == 1 or (letters <= 2 and followed_by_dot and not word.isupper())):
        return (), False
    if word.isalpha() and letters <= 2 and followed_by_dot and word.isupper() and len(f) <= 2:
        return (), False
    if word.isdigit():
        return (), False
    if looks_like_acronym(word):
        return (f,), True
    pair = COMPOUND_DIRECTIONS.get(f)
    if pair:
        return pair, False
    c = concept_of(f)
    if c is not None:
        return (c,), False
    c = concept_of_misspelt(f)
    if c is not None:
        return (c,), False
    fused = _fused(f)
    return fused if fused else (stem(f),), False


def _fused(folded: str) -> tuple[str, str] | None:
    """'госуниверситет' → (STATE, U): an abbreviated head fused with a kind of institution."""
    for head, concept in FUSED_HEADS.items():
        if folded.startswith(head) and len(folded) >= len(head) + 5:
            rest = folded[len(head):]
            kind = concept_of(rest) or concept_of_misspelt(rest)
            if kind in ("U", "ACAD", "INST", "COLL", "SCHOOL"):
                return (concept, kind)
    return None


def _recase(cleaned: str, words_lower: list[str]) -> list[str]:
    """Original-case words for the lower-cased words that survived legal-form removal."""
    pool = WORD.findall(cleaned)
    out: list[str] = []
    j = 0
    for w in words_lower:
        while j < len(pool) and pool[j].lower() != w:
            j += 1
        if j < len(pool):
            out.append(pool[j])
            j += 1
        else:
            out.append(w)
    return out


def key(text: str) -> str:
    return analyse(text).key


KAZAKH_LETTERS = re.compile(r"[әғқңөұүһіӘҒҚҢӨҰҮҺІ]")


def is_kazakh_text(text: str) -> bool:
    """Written in Kazakh Cyrillic (it has a letter Russian does not use)."""
    return bool(KAZAKH_LETTERS.search(text or ""))


def latin(text: str) -> str:
    """Readable ASCII spelling of a name (for logs and reasons)."""
    return to_latin(text)
