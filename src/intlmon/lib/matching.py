"""The name-matching engine behind `resolve_institution` and `resolve_organisation`. Django-free.

A `NameIndex` is built once from the registry's names, acronyms and aliases (and the reviewers'
rejections); `resolve(raw)` then answers a `Resolution`. Steps, first decisive one wins:

1. **Exact alias** — the raw text, case folded, is a registered spelling → `auto`. A spelling the
   registry marks as unmappable (an alias with no target) is never auto-accepted. When the text is
   the official name of one entity and an alias of others, the official name wins (#16: 'Sorbonne
   University' was a probable alias of INALCO).
2. **Normalised key** — the canonical tokens (`intlmon.lib.names`) equal those of one registered
   spelling → `auto`; of several institutions → `review`.
3. **Acronym** — the text is one token that is a registered acronym of exactly one entity (in any
   script: КазНУ / ҚазҰУ / KazNU) → `auto`. An acronym that is registered for two entities (former
   acronyms included: КГУ was Kokshetau's, Kostanay's and Kyzylorda's), or that is registered for
   one and spelled out by the full name (or former name) of another (ҚМУ: Karaganda Medical
   University, and Казахстанский медицинский университет), or that folds like a registered one only
   by merging doubled letters (КазГУ / KAZGUU) → `review`.
4. **Scored candidates** (`intlmon.lib.scoring`) — candidates come from an inverted token index and from rapidfuzz over
   the precomputed keys (no loop over the registry). Each is scored by
   - *coverage*: the idf-weighted share of the query's tokens found in the candidate's vocabulary
     (all tokens of its names, acronyms and aliases; a misspelt word counts through its nearest
     vocabulary words within one edit, two from eight letters on — misspelt *generic* words are
     already canonical, `names.concept_of_misspelt`),
   - *similarity*: rapidfuzz ratio between the query key and the candidate's closest key, and
   - *reverse coverage*: how much of the candidate's closest certain name the text says (its eponym
     may be left out; 'state' weighs like a name word).
   `auto` only when the top candidate explains the whole query through *certain* spellings
   (coverage ≥ 0.95, so every eponym, city, field word and acronym in the text belongs to it), the
   query has at least one distinctive token, no other candidate explains it as well (coverage gap
   ≥ 0.25, score gap ≥ 10), and the query's distinctive words come from the candidate's official
   names — or else the query contains ≥ 75 % of the alias it matched through ('Sorbonne University
   Paris Cite' is inside INALCO's alias 'Inalco-Sorbonne Paris Cité' but is not INALCO), and the
   text says ≥ 75 % of the candidate's name or names its eponym ('Kazakh-American University' is
   not Kazakhstan-American *Free* University; 'University of Michigan' not Michigan *State*).
   Otherwise `review` (best score ≥ 45) or `none`.

Never auto-accepted whatever the score: a probable alias; a spelling the registry marks unmappable;
a text for which a reviewer rejected a candidate; an acronym that two entities share; a text naming
a kind of institution (academy, conservatory, college, school) the candidate never was; a Kazakh
branch or franchise for a text that says no more than its foreign parent's name (`related`); for
foreign organisations, a name written in Kazakh (a translation), an organisation of another country
than the one given, and a text that places itself in Kazakhstan or calls itself a branch when the
organisation's names do not ('De Montfort University Kazakhstan', 'Казахстанский филиал МГУ').

The thresholds are deliberately conservative: a wrong auto-accept corrupts every total, a review
costs an analyst a click.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from intlmon.lib.acronyms import (
    CONCEPT_INITIALS,
    acronym_forms,
    acronym_stem,
    eponym_part,
    generated_acronym,
    initials_tokens,
    initials_words,
)
from intlmon.lib.names import (
    CONCEPT_NAMES,
    WEAK_CONCEPTS,
    Analysis,
    analyse,
    casefold_raw,
    clean,
    is_kazakh_text,
    looks_like_acronym,
)
from intlmon.lib.resolution import Candidate, Decision, Resolution
from intlmon.lib.scoring import REVERSE_STATE_WEIGHT, WEAK_WEIGHT, Scoring, _Scored  # noqa: F401 (re-exported)
from intlmon.lib.translit import fold_keeping_doubles

AUTO_COVERAGE = 0.95
AUTO_COVERAGE_GAP = 0.25
AUTO_REVERSE_COVERAGE = 0.75
AUTO_SCORE_GAP = 10.0
REVIEW_MIN_SCORE = 45.0
FUZZY_TOKEN_CUTOFF = 85.0  # rapidfuzz ratio of a whole-key near match
# Institution kinds: a text that says 'academy' is not a university that never was one
# (institutes became universities by the dozen: only the other kinds must agree)
KIND_CONCEPTS = frozenset({"ACAD", "CONS", "COLL", "SCHOOL"})
# Words that place a text in Kazakhstan or make it a branch (folded stems, concepts): a foreign
# organisation is never auto-accepted for a text that has one its own names lack ('De Montfort
# University Kazakhstan' is the franchise, 'Казахстанский филиал МГУ' the branch)
HOME_MARKS = frozenset({
    "KZ", "filial", "branch", "kampus", "campus", "almat", "astan", "nursultan", "shimkent", "karagand",
    "AKTOBE", "atirau", "pavlodar", "semei", "oskemen", "ustkamenogorsk", "taraz", "kostanai", "kizilord",
    "oral", "uralsk", "petropavl", "kokshetau", "taldikorgan", "turkistan", "aktau", "jezkazgan", "ekibastuz",
})
WORLD_SHARED = "other organisations use this acronym too (ROR)"


_DOUBLED = re.compile(r"(.)\1+")


def _spelled(text: str) -> str:
    """An acronym folded with its doubled letters kept (see `translit.fold_keeping_doubles`)."""
    return fold_keeping_doubles(clean(text).replace(" ", "").replace(".", ""))


def _script(text: str) -> str:
    """'cyr' for a text with a Cyrillic letter, else 'lat'."""
    return "cyr" if _CYRILLIC.search(text) else "lat"


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _specific(tokens: set[str]) -> bool:
    """A key identifies something only with a name, place or acronym, or two field concepts:
    'Northwest University' ({NORTH, U}) names nothing in particular."""
    if any(t not in CONCEPT_NAMES for t in tokens):
        return True
    return len([t for t in tokens if t not in WEAK_CONCEPTS]) >= 2


@dataclass(frozen=True)
class Entry:
    """One spelling of an entity. `target` None marks a spelling known to be unmappable."""

    target: str | None
    text: str
    kind: str = "alias"  # name | acronym | alias
    origin: str = "seed"
    certain: bool = True  # False for a 'probable' alias: it is offered, never auto-accepted


class NameIndex(Scoring):
    """Everything `resolve` needs, computed once per registry version."""

    def __init__(
        self,
        entries: Iterable[Entry],
        groups: dict[str, str] | None = None,
        rejected: Iterable[tuple[str, str]] = (),
        label: str = "entity",
        kazakh_text_needs_review: bool = False,
        related: dict[str, Iterable[str]] | None = None,
        foreign: bool = False,
        shared_acronyms: Iterable[str] = (),
        places: dict[str, Iterable[str]] | None = None,
    ):
        self.label = label
        # acronym forms other organisations in the world use too (ROR, `lib.registry_files`)
        self.shared_acronyms = frozenset(shared_acronyms)
        # a Kazakh branch or franchise → the names of its foreign parent (and the reverse is
        # `foreign`): a text that says no more than the parent's name is not the branch
        self.related_vocab: dict[str, set[str]] = {
            t: {tok for n in names_ for tok in analyse(n).tokens} for t, names_ in (related or {}).items()
        }
        self.foreign = foreign
        # Foreign names written in Kazakh are translations (often machine translations: the 2023
        # report's 'Санкт-Петербург мемлекеттік университеті' is the Mining University): only an
        # exact registered spelling is accepted without a person.
        self.kazakh_text_needs_review = kazakh_text_needs_review
        self.groups = dict(groups or {})
        self.rejected: dict[str, set[str]] = defaultdict(set)
        for raw, target in rejected:
            self.rejected[casefold_raw(raw)].add(target)
        self.exact: dict[str, dict[str | None, str]] = defaultdict(dict)
        self.exact_acronym: set[str] = set()  # exact spellings that are only declared acronyms
        self.keys: dict[str, dict[str, str]] = defaultdict(dict)
        self.acronyms: dict[str, dict[str, str]] = defaultdict(dict)
        # each registered spelling of an acronym with its doubled letters: 'КазГУ' and 'KAZGUU' fold alike
        self.acronym_letters: dict[tuple[str, str], set[str]] = defaultdict(set)
        self.acronym_scripts: dict[tuple[str, str], set[str]] = defaultdict(set)
        # acronyms spelled out by full names: form → {target: number of letters}
        self.generated: dict[str, dict[str, int]] = defaultdict(dict)
        self.acronym_stems: dict[str, set[str]] = defaultdict(set)  # 'kazgi' (казгю) → {'kazgiu'}
        self.vocab: dict[str, set[str]] = defaultdict(set)
        self.strict_vocab: dict[str, set[str]] = defaultdict(set)
        self.uncertain_exact: set[tuple[str, str]] = set()
        self.uncertain_keys: set[tuple[str, str]] = set()
        certain_keys: set[tuple[str, str]] = set()
        self.keys_of: dict[str, list[str]] = defaultdict(list)
        self.strict_keys_of: dict[str, set[str]] = defaultdict(set)
        self.name_vocab: dict[str, set[str]] = defaultdict(set)  # tokens of official names and acronyms
        self.official_exact: dict[str, set[str]] = defaultdict(set)  # full official names → ids
        self.official_keys: dict[str, set[str]] = defaultdict(set)
        self.eponym: dict[str, set[str]] = defaultdict(set)  # tokens of eponyms (a text may omit them)
        self.ids: set[str] = set()
        self._spelled_names: list[tuple[str, tuple[tuple[str, ...], ...]]] = []  # for `_derived`
        self._spelled_by_head: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        self._concept_names: list[tuple[str, tuple[tuple[str, ...], ...]]] = []  # for `_derived`
        entries = list(entries)
        for e in entries:
            if not e.text or not e.text.strip():
                continue
            raw = casefold_raw(e.text)
            if e.kind == "acronym":
                if raw not in self.exact:
                    self.exact_acronym.add(raw)
            else:
                self.exact_acronym.discard(raw)
            self.exact[raw].setdefault(e.target, e.text)
            if e.target is None:
                continue
            if e.kind == "name" and e.origin == "registry":
                self.official_exact[raw].add(e.target)
            if not e.certain:
                self.uncertain_exact.add((raw, e.target))
            strict = self.strict_vocab[e.target] if e.certain else set()
            self.ids.add(e.target)
            a = analyse(e.text)
            single_acronym = e.kind == "acronym" or (
                len(e.text.split()) == 1 and looks_like_acronym(e.text.strip(" \"'«»"))
            )
            if single_acronym:
                for form in acronym_forms(e.text):
                    if e.certain:
                        self.acronyms[form].setdefault(e.target, e.text)
                        self.acronym_letters[(form, e.target)].add(_spelled(e.text))
                        self.acronym_scripts[(form, e.target)].add(_script(e.text))
                    self.vocab[e.target].add(form)
                    strict.add(form)
                    if e.kind == "acronym":
                        self.name_vocab[e.target].add(form)
                    lowered = acronym_stem(e.text)
                    if lowered and lowered != form:
                        self.acronym_stems[lowered].add(form)
            if a.tokens:
                self.keys[a.key].setdefault(e.target, e.text)
                self.vocab[e.target].update(a.tokens)
                strict.update(a.tokens)
                (certain_keys if e.certain else self.uncertain_keys).add((a.key, e.target))
                if a.key not in self.keys_of[e.target]:
                    self.keys_of[e.target].append(a.key)
                if e.certain:
                    self.strict_keys_of[e.target].add(a.key)
                if e.kind in ("name", "acronym"):
                    self.name_vocab[e.target].update(a.tokens)
                if e.kind == "name" and e.origin == "registry":
                    self.official_keys[a.key].add(e.target)
                if e.kind == "name" and e.certain:
                    self.eponym[e.target].update(analyse(eponym_part(e.text)).tokens)
            if e.certain and not single_acronym and len(a.tokens) >= 2:
                self._spelled_names.append((e.target, initials_words(e.text)))
                self._concept_names.append((e.target, initials_tokens(e.text)))
            if e.kind == "name" or (e.certain and not single_acronym and len(a.tokens) >= 2):
                g = generated_acronym(e.text)
                if g:
                    for form in acronym_forms(g):
                        self.generated[form][e.target] = len(g)
        # where each entity is: a text may add its city ('Nazarbayev University, Astana', '…, г. Астана').
        # The city explains that word (for auto-accepting), but ranks little: every HEI of Aktobe is in
        # Aktobe, only one is 'Aktobe University' (`scoring.PLACE_SHARE`); it never finds a candidate.
        self.place_vocab: dict[str, set[str]] = {}
        for target, spellings in (places or {}).items():
            if target in self.ids:
                tokens = {t for spelling in spellings for t in analyse(spelling).tokens}
                self.place_vocab[target] = tokens - self.vocab[target]
        self.uncertain_keys -= certain_keys
        self.uncertain_exact -= {(casefold_raw(e.text), e.target) for e in entries if e.certain and e.target}
        # weights: idf over entities; generic concepts count little
        df: dict[str, int] = defaultdict(int)
        self.inverted: dict[str, set[str]] = defaultdict(set)
        for target, tokens in self.vocab.items():
            for t in tokens:
                df[t] += 1
                self.inverted[t].add(target)
        n = max(len(self.ids), 1)
        self.weight: dict[str, float] = {
            t: (WEAK_WEIGHT if t in WEAK_CONCEPTS else 1.0 + math.log(n / c)) for t, c in df.items()
        }
        self.unknown_weight = 1.0 + math.log(n)
        self.fuzzy_vocab = sorted(t for t in df if len(t) >= 4 and t not in CONCEPT_NAMES)
        self.all_keys = list(self.keys)
        self.all_key_ids = [sorted(self.keys[k]) for k in self.all_keys]
        self._prepare_reverse()
        for target, variants in self._spelled_names:
            for words in variants:
                self._spelled_by_head[words[0][:1]].append((target, words))
        self._concept_by_head: dict[str, list[tuple[str, tuple[str, ...]]]] = defaultdict(list)
        for target, variants in self._concept_names:
            for tokens in variants:
                for head in CONCEPT_INITIALS.get(tokens[0]) or {tokens[0][:1]}:
                    self._concept_by_head[head[:1]].append((target, tokens))
        self._resolve = lru_cache(maxsize=65536)(self._resolve_uncached)

    # -- helpers --------------------------------------------------------------------------------

    def _world_shared(self, raw: str) -> bool:
        """The text is one acronym that other organisations in the world use too."""
        word = raw.strip(" \"'«»")
        return len(word.split()) == 1 and looks_like_acronym(word) and bool(acronym_forms(word) & self.shared_acronyms)

    def _named_or_contained(self, target: str, a: Analysis) -> bool:
        """The text's distinctive words come from the candidate's registry names, or the text
        contains most of the one spelling it was matched through."""
        names = self.name_vocab.get(target, set())
        for t in a.distinctive:
            if t in names or any(v in names for v, _r in self._near_tokens(t)):
                continue
            return self._reverse_coverage(target, a) >= AUTO_REVERSE_COVERAGE
        return True

    def _canonical(self, a: Analysis) -> Analysis:
        """Acronyms typed in lower case ('казгю', 'Қазұазу') were stemmed like words: restore them."""
        if not self.acronym_stems:
            return a
        tokens = list(a.tokens)
        acronyms = set(a.acronyms)
        changed = False
        for i, t in enumerate(tokens):
            if t in a.acronyms or t in self.weight:
                continue
            forms = self.acronym_stems.get(t)
            if forms and len(forms) == 1:
                tokens[i] = next(iter(forms))
                acronyms.add(tokens[i])
                changed = True
        return Analysis(tuple(tokens), frozenset(acronyms)) if changed else a

    def _official(self, targets: dict[str, str], official: set[str]) -> dict[str, str]:
        """A full official name of exactly one entity outranks another's alias ('Sorbonne University'
        is the name of Sorbonne Université, and a probable alias of INALCO)."""
        if len(targets) > 1 and len(official & set(targets)) == 1:
            t = next(iter(official & set(targets)))
            return {t: targets[t]}
        return targets

    def _blocked(self, target: str, a: Analysis) -> str | None:
        """Why `target` may not be auto-accepted for the text `a` (None: no reason)."""
        q = set(a.tokens)
        strict = self.strict_vocab.get(target, set())
        kinds = (q & KIND_CONCEPTS) - strict
        if kinds:
            return f"the text names a kind of institution ({', '.join(sorted(kinds))}) it never was"
        parent = self.related_vocab.get(target)
        if parent is not None and all(t in parent or any(v in parent for v, _r in self._near_tokens(t)) for t in q):
            return "the text names its foreign parent, not the Kazakh branch or franchise"
        if self.foreign:
            home = {t for t in q if t in HOME_MARKS} - strict
            if home:
                return "the text names a branch or franchise in Kazakhstan, not the organisation itself"
        return None

    def _says_eponym(self, target: str, a: Analysis) -> bool:
        """The text names the candidate's eponym ('Satpayev University', 'Е.А.Бөкетов'): a person's
        name identifies more than the generic words it leaves out."""
        eponym = self.eponym.get(target)
        if not eponym:
            return False
        return any(t in eponym or any(v in eponym for v, _r in self._near_tokens(t)) for t in a.distinctive)

    def _allowed(self, raw_cf: str, target: str, group: str | None) -> bool:
        return target not in self.rejected.get(raw_cf, ())

    # -- resolution -----------------------------------------------------------------------------

    def resolve(self, raw: str, group: str | None = None) -> Resolution:
        return self._resolve(raw or "", group or None)

    def _resolve_uncached(self, raw: str, group: str | None) -> Resolution:
        raw_cf = casefold_raw(raw)
        if not raw_cf:
            return Resolution(raw, Decision.NONE, [])
        known_unmappable = False
        hit = self.exact.get(raw_cf) if raw_cf not in self.exact_acronym else None
        if hit:
            targets = {t: text for t, text in hit.items() if t is not None and self._allowed(raw_cf, t, group)}
            targets = self._official(targets, self.official_exact.get(raw_cf, set()))
            known_unmappable = None in hit
            if len(targets) == 1 and not known_unmappable:
                (t, text), = targets.items()
                if (raw_cf, t) in self.uncertain_exact:
                    return Resolution(raw, Decision.REVIEW, [Candidate(t, 100.0, f"probable alias '{text}' (to be confirmed)")])
                if self.foreign and self._world_shared(raw):
                    return Resolution(raw, Decision.REVIEW, [Candidate(t, 100.0, f"alias '{text}'; {WORLD_SHARED}")])
                return Resolution(raw, Decision.AUTO, [Candidate(t, 100.0, f"alias '{text}'")])
            if len(targets) > 1:
                cands = [Candidate(t, 100.0, f"alias '{text}' (the text names several)") for t, text in sorted(targets.items())]
                return Resolution(raw, Decision.REVIEW, cands)
        a = self._canonical(analyse(raw))
        if not a.tokens:
            return Resolution(raw, Decision.NONE, [])
        uniq = set(a.tokens)
        single = next(iter(uniq)) if len(uniq) == 1 else None
        acronymic = single is not None and (single in self.acronyms or single in self.generated)
        translated = self.kazakh_text_needs_review and is_kazakh_text(raw)
        # a reviewer rejected a candidate for this text: what is left still needs a person
        needs_person = translated or raw_cf in self.rejected
        if not known_unmappable and not needs_person:
            hit = self.keys.get(a.key)
            if hit and not acronymic and (_specific(uniq) or (a.distinctive and len(hit) == 1)):
                targets = {t: text for t, text in hit.items() if self._allowed(raw_cf, t, group)}
                targets = self._official(targets, self.official_keys.get(a.key, set()))
                if len(targets) == 1 and (a.key, next(iter(targets))) not in self.uncertain_keys:
                    (t, text), = targets.items()
                    if (group is None or self.groups.get(t, group) in (group, "")) and not self._blocked(t, a):
                        return Resolution(raw, Decision.AUTO, [Candidate(t, 99.0, f"normalised key of '{text}'")])
            if single is not None:
                token = single
                declared = {t: x for t, x in self.acronyms.get(token, {}).items() if self._allowed(raw_cf, t, group)}
                # another entity's full name spells the same letters (ҚМУ / Казахстанский медицинский
                # университет); 'ҚазҰУ' and 'ҚАЗУ' fold alike but differ in length, so they do not clash
                letters = len(clean(raw).replace(" ", "").replace(".", ""))
                others = {t for t, n in self.generated.get(token, {}).items() if n == letters} - set(declared)
                spellings = self.acronym_letters[(token, next(iter(declared)))] if len(declared) == 1 else set()
                doubled = any(sp != _DOUBLED.sub(r"\1", sp) for sp in spellings)
                if len(declared) == 1 and not others and (not doubled or _spelled(raw) in spellings):
                    (t, text), = declared.items()
                    # a foreign organisation's acronym: not one the world shares, and written in the
                    # script it is registered in ('КФУ' is not the ROR acronym 'KFU': Russian
                    # acronyms are a namespace of their own, Crimean Federal University is КФУ too)
                    foreign_doubt = self.foreign and (
                        token in self.shared_acronyms or _script(raw) not in self.acronym_scripts[(token, t)]
                    )
                    if not foreign_doubt and (group is None or self.groups.get(t, group) in (group, "")):
                        return Resolution(raw, Decision.AUTO, [Candidate(t, 97.0, f"acronym '{text}'")])
        scored = self._score(raw_cf, a, group, single)
        if not scored:
            return Resolution(raw, Decision.NONE, [])
        top = scored[0]
        second = scored[1] if len(scored) > 1 else None
        decision = Decision.REVIEW if top.score >= REVIEW_MIN_SCORE else Decision.NONE
        blocked = self._blocked(top.id, a)
        if blocked:
            scored[0] = top = _Scored(top.id, top.score, top.coverage, f"{top.reason}; {blocked}", top.strict)
        if (
            not blocked
            and (self._reverse(top.id, a) >= AUTO_REVERSE_COVERAGE or self._says_eponym(top.id, a))
            and
            not known_unmappable
            and not needs_person
            and not acronymic
            and top.strict >= AUTO_COVERAGE
            and self._named_or_contained(top.id, a)
            and a.distinctive
            and (second is None or (top.coverage - second.coverage >= AUTO_COVERAGE_GAP and top.score - second.score >= AUTO_SCORE_GAP))
            and (group is None or self.groups.get(top.id, group) in (group, ""))
        ):
            decision = Decision.AUTO
        if known_unmappable:
            top_reason = "the registry marks this spelling as not mappable"
            scored[0] = _Scored(top.id, top.score, top.coverage, f"{top.reason}; {top_reason}", top.strict)
        if decision is Decision.NONE:
            return Resolution(raw, Decision.NONE, [Candidate(s.id, round(s.score, 1), s.reason) for s in scored])
        return Resolution(raw, decision, [Candidate(s.id, round(s.score, 1), s.reason) for s in scored])
