"""Candidate scoring of `intlmon.lib.matching.NameIndex` (step 4 of its docstring). Django-free.

Split from `matching` along the seam between *deciding* (exact spelling, key, acronym, and the rules
that forbid an auto-accept: matching.py) and *ranking* (which entities could a text mean, and how
well does each explain it: here). `Scoring` is a mixin: it reads the structures `NameIndex.__init__`
computes once per registry version (vocab, strict_vocab, inverted, weight, keys_of, …) and keeps
its per-word work in caches bounded by the index's lifetime.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

from intlmon.lib.acronyms import spells_concepts, spells_initials
from intlmon.lib.names import CONCEPT_NAMES, WEAK_CONCEPTS, Analysis

REVERSE_STATE_WEIGHT = 3.0  # 'University of Michigan' is not 'Michigan State University'
WEAK_WEIGHT = 0.3
DERIVED_SHARE = 0.8  # how much an acronym counts when it only spells the initials of a name
PLACE_SHARE = 0.3  # how much the entity's city counts in ranking (it counts fully for auto)
MAX_CANDIDATES = 5
SCORED_CANDIDATES = 12  # candidates scored in full (by coverage first)


@dataclass
class _Scored:
    id: str
    score: float
    coverage: float
    reason: str
    strict: float = 0.0  # coverage by certain spellings only (decides auto)



class Scoring:
    """Candidate generation and scores; mixed into `NameIndex`, which builds what these read."""

    def _w(self, token: str) -> float:
        if token in WEAK_CONCEPTS:
            return WEAK_WEIGHT
        return self.weight.get(token, self.unknown_weight)

    @lru_cache(maxsize=65536)  # noqa: B019  (one index per registry version; bounded)
    def _near_tokens(self, token: str) -> tuple[tuple[str, float], ...]:
        """Registered words within one edit (two from eight letters on; a swap of neighbours is one
        edit) of a word the index does not know: 'farb' → 'farab', 'narhos' → 'narhoz'. The
        second number is the share of the word that is right: 100 when no other word
        is as near (the misspelling is then as good as the word), less otherwise."""
        if len(token) < 4 or token in CONCEPT_NAMES:
            return ()
        k = 1 if len(token) < 8 else 2
        hits = process.extract(token, self.fuzzy_vocab, scorer=OSA.distance, processor=None, limit=5, score_cutoff=k)
        if not hits:
            return ()
        best = hits[0][1]
        unique = sum(1 for h in hits if h[1] == best) == 1
        out = []
        for word, d, _i in hits:
            share = 100.0 if (d == best and unique) else 100.0 * (1 - d / max(len(token), len(word)))
            out.append((word, share))
        return tuple(out)

    @lru_cache(maxsize=65536)  # noqa: B019  (one index per registry version; bounded)
    def _derived(self, token: str) -> frozenset[str]:
        """Entities one of whose names the unknown acronym `token` spells, word by word or concept by
        concept in any language (see `acronyms.spells_initials`, `acronyms.spells_concepts`)."""
        if not 3 <= len(token) <= 14:
            return frozenset()
        forms = {token, token.replace("spb", "sp")}  # СПб = Санкт-Петербург in every acronym it starts
        out = set()
        for target, words in self._spelled_by_head.get(token[:1], ()):
            if target in out:
                continue
            for f in forms:
                # every word gives a letter, or the first word gives three (brand-like)
                if (
                    (len(words) <= len(f) and all(w[:1] in f for w in words)) or words[0][:3] == f[:3]
                ) and spells_initials(f, words):
                    out.add(target)
                    break
        for target, tokens in self._concept_by_head.get(token[:1], ()):
            if target not in out and len(tokens) <= len(token) and spells_concepts(token, tokens):
                out.add(target)
        return frozenset(out)

    def _reverse_coverage(self, target: str, a: Analysis) -> float:
        """How much of the closest certain spelling of `target` the text contains (idf-weighted).

        'Sorbonne University Paris Cite' is wholly inside INALCO's 'Inalco-Sorbonne Paris Cité'
        but leaves out its name: explaining the text is not enough, the text must also say most
        of what identifies the candidate."""
        q = set(a.tokens)
        best = 0.0
        for k in self.strict_keys_of.get(target, ()):
            toks = k.split()
            total = sum(self._w(t) for t in toks) or 1.0
            best = max(best, sum(self._w(t) for t in toks if t in q) / total)
            if best >= 1.0:
                break
        return best

    def _reverse(self, target: str, a: Analysis) -> float:
        """How much of the closest certain spelling of `target` the text says, leaving out its
        eponym (often omitted) and counting 'state' as a name word (see REVERSE_STATE_WEIGHT):
        'Kazakh-American University' leaves out the 'Free' of Kazakhstan-American Free University."""
        return self._reverse_cached(target, a)

    def _reverse_uncached(self, target: str, a: Analysis) -> float:
        q = set(a.tokens)
        q |= {v for t in a.tokens if t not in self.weight for v, _r in self._near_tokens(t)}
        best = 0.0
        for toks, ws, eps, may_omit in self._reverse_keys.get(target, ()):
            got = total = 0.0
            for t, w, e in zip(toks, ws, eps, strict=True):
                if t in q:
                    got += w
                    total += w
                elif not (e and may_omit):
                    total += w
            if total and got / total > best:
                best = got / total
                if best >= 1.0:
                    break
        return best

    def _prepare_reverse(self) -> None:
        """Per candidate, its certain keys with token weights and eponym marks (for `_reverse`)."""
        self._reverse_keys: dict[str, list[tuple[tuple[str, ...], tuple[float, ...], tuple[bool, ...], bool]]] = {}
        for target, keys in self.strict_keys_of.items():
            eponym = self.eponym.get(target, set())
            rows = []
            for k in keys:
                toks = tuple(k.split())
                ws = tuple(REVERSE_STATE_WEIGHT if t == "STATE" else self._w(t) for t in toks)
                eps = tuple(t in eponym for t in toks)
                rest = {t for t, e in zip(toks, eps, strict=True) if not e}
                # the eponym may be left out, not the whole name
                rows.append((toks, ws, eps, any(eps) and bool(rest - WEAK_CONCEPTS)))
            self._reverse_keys[target] = rows
        self._reverse_cached = lru_cache(maxsize=65536)(self._reverse_uncached)

    def _score(self, raw_cf: str, a, group: str | None, single: str | None) -> list[_Scored]:
        tokens = list(dict.fromkeys(a.tokens))
        near: dict[str, tuple[tuple[str, float], ...]] = {}
        cands: set[str] = set()
        for t in tokens:
            ids = self.inverted.get(t)
            if ids and t not in WEAK_CONCEPTS:
                cands |= ids
            if t not in self.weight and t not in a.acronyms:
                near[t] = self._near_tokens(t)
                for v, _r in near[t]:
                    cands |= self.inverted.get(v, set())
        key = a.key
        if not cands or any(not v for v in near.values()):  # unknown words: whole-key similarity finds more
            hits = process.extract(key, self.all_keys, scorer=fuzz.ratio, processor=None, limit=5, score_cutoff=60)
            for _k, _s, i in hits:
                cands.update(self.all_key_ids[i])
        if single is not None:
            cands |= set(self.generated.get(single, {}))
        # an unknown acronym ('ЮУрГУ', 'TalTech', 'SeoulTech'): whose name's words it begins
        derived: dict[str, frozenset[str]] = {}
        for t in tokens:
            if t not in self.weight and (t in a.acronyms or t == single):
                derived[t] = self._derived(t)
                cands |= derived[t]
        if not cands:
            # only generic words: candidates are whoever has all of them
            for t in tokens:
                cands |= self.inverted.get(t, set())
            if len(cands) > 50:
                return []
        weights = [(t, self._w(t), t not in WEAK_CONCEPTS, near.get(t, ()), derived.get(t, ())) for t in tokens]
        total = sum(w for _t, w, _d, _n, _x in weights) or 1.0
        rejected = self.rejected.get(raw_cf, ())
        # first pass, cheap: how much of the text each candidate explains
        covered: list[tuple[float, float, str, list[str]]] = []
        for c in cands:
            if c in rejected:
                continue
            vocab = self.vocab[c]
            strict_vocab = self.strict_vocab.get(c, set())
            matched = strict_matched = 0.0
            explained: list[str] = []
            for t, tw, distinctive, near_t, derived_t in weights:
                if t in vocab:
                    matched += tw
                    if t in strict_vocab:
                        strict_matched += tw
                    if distinctive:
                        explained.append(t)
                    continue
                for v, r in near_t:
                    if v in vocab:
                        w = tw * (r / 100.0)
                        matched += w
                        if v in strict_vocab:
                            strict_matched += w
                        explained.append(f"{t}≈{v}")
                        break
                else:
                    if c in derived_t:
                        matched += tw * DERIVED_SHARE  # never strict: a guess is never auto
                        explained.append(f"{t}≈initials")
                    elif t in self.place_vocab.get(c, ()):
                        matched += tw * PLACE_SHARE
                        strict_matched += tw  # the text may name where the entity is
                        explained.append(f"{t} (its city)")
            covered.append((matched / total, strict_matched / total, c, explained))
        covered.sort(key=lambda x: (-x[0], x[2]))
        # second pass on the best few: similarity to the closest registered spelling
        out: list[_Scored] = []
        for coverage, strict, c, explained in covered[:SCORED_CANDIDATES]:
            best = process.extractOne(key, self.keys_of[c], scorer=fuzz.ratio, processor=None)
            sim = best[1] if best else 0.0
            score = 100.0 * (0.6 * coverage + 0.25 * sim / 100.0 + 0.15 * self._reverse(c, a))
            if group is not None and self.groups.get(c, group) not in (group, ""):
                score *= 0.85
            closest = self.keys[best[0]][c] if best else ""
            reason = f"tokens {', '.join(explained) or '—'} ({coverage:.0%} of the text); closest '{closest}'"
            out.append(_Scored(c, score, coverage, reason, strict))
        # ties: the candidate explained by certain spellings, then the one the text says most of
        out.sort(key=lambda s: (-round(s.score, 1), -s.strict, -self._reverse(s.id, a), s.id))
        return out[:MAX_CANDIDATES]
