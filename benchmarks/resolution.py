"""Benchmark of name resolution on the registry's labelled spellings, with a plain baseline.

    .venv/bin/python benchmarks/resolution.py [--kind institutions|organisations|both] [--labels CSV]
                                              [--folds 3] [--seed 2023]
    .venv/bin/python benchmarks/resolution.py --holdout benchmarks/holdout/names_holdout.csv [--failures]

The labelled CSV has a `raw` column and the expected id (`institution_id` / `organisation_id` /
`expected_id`; empty = a spelling that must not be mapped; 'a;b' = a text naming two). For each
fold the index is built from the registry's official names and acronyms plus a random two-thirds of
the labelled spellings, and the held-out third is resolved. Spellings are split by their case-folded
text, so a held-out text is never registered under another country cell.

The index is the production one (`intlmon.lib.matching.NameIndex`, fed by the same
`institution_entries` / `organisation_entries` the database path uses); it is built from the files
so the benchmark needs no database. In the cross-validation the registry's official names and
acronyms plus the fold's labelled spellings are registered (no ROR names: a held-out spelling is
often a ROR name). The hold-out uses what `load-registry` puts in the database
(`intlmon.lib.registry_files`: aliases, name history, ROR names), so it decides as production does.

Figures per fold:
- top-1: share of held-out texts with an expected id whose first candidate is right;
- auto precision: right auto-accepts / all auto-accepts (an auto-accept of a text that must not be
  mapped, or of one of two organisations named by one text, is wrong);
- auto recall: right auto-accepts / held-out texts with an expected id;
- review rate: share of held-out texts sent to review;
- names/s: held-out texts resolved per second by a freshly built index that has seen none of them
  (word caches hold only what building the index put there), the median of 15 repetitions (a
  fold is only ~120 texts, so one run takes a few milliseconds).

Hold-out (`--holdout FILE`, #16): spellings written before the resolver was tuned for them and never
registered (see benchmarks/holdout/README.md). The index is built from the whole registry (every
alias), as in production, and each text is resolved once with the index of its `kind` (`hei` or
`org`, with the row's `country` if any). Figures per kind: top-1 (rows with an expected id), auto
precision and recall, review rate, every wrong auto-accept listed, names/s (cold caches, median of
15 repetitions). A hold-out text found among the registered spellings is reported: it would make
the figure dishonest.

Baseline: rapidfuzz `process.extractOne(raw, display names, scorer=WRatio)` with rapidfuzz's
default processor; auto when the score ≥ 90, review when ≥ 45 (the review cut-off of ours), none
below.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rapidfuzz import fuzz, process, utils  # noqa: E402

from intlmon.lib import matching, name_entries, names, registry_files, translit  # noqa: E402
from intlmon.lib.resolution import Decision  # noqa: E402

DATA = ROOT / "data" / "registry"
BASELINE_AUTO = 90.0
BASELINE_REVIEW = matching.REVIEW_MIN_SCORE
REPEATS = 15


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def expected_of(row: dict[str, str]) -> set[str]:
    for col in ("expected_id", "institution_id", "organisation_id", "id"):
        if col in row:
            return {i for i in row[col].split(";") if i}
    raise SystemExit("the labelled CSV needs a column expected_id, institution_id or organisation_id")


def clear_caches(index: matching.NameIndex | None = None) -> None:
    for fn in (names.analyse, names._analyse_clean, names._word_tokens, names.stem, names.concept_of, names.concept_of_misspelt, translit.fold, translit.fold_keeping_doubles,
               translit.to_latin):
        fn.cache_clear()
    if index is not None:
        index._resolve.cache_clear()
        index._near_tokens.cache_clear()
        index._reverse_cached.cache_clear()


def folds(rows: list[dict[str, str]], k: int, seed: int) -> list[list[dict[str, str]]]:
    groups: dict[str, list[dict[str, str]]] = defaultdict(list)
    for row in rows:
        groups[names.casefold_raw(row["raw"])].append(row)
    keys = sorted(groups)
    random.Random(seed).shuffle(keys)
    return [[r for key in keys[i::k] for r in groups[key]] for i in range(k)]


def score(results: list[tuple[set[str], Decision, str | None]]) -> dict[str, float]:
    labelled = [r for r in results if r[0]]
    top1 = sum(1 for exp, _d, top in labelled if top in exp)
    autos = [r for r in results if r[1] is Decision.AUTO]
    right = [r for r in autos if len(r[0]) == 1 and r[2] in r[0]]
    return {
        "n": len(results),
        "top1": top1 / max(len(labelled), 1),
        "precision": len(right) / len(autos) if autos else 1.0,
        "recall": len(right) / max(len(labelled), 1),
        "review": sum(1 for r in results if r[1] is Decision.REVIEW) / max(len(results), 1),
    }


def baseline_choices(entities: list[dict[str, str]], cols: tuple[str, ...]) -> tuple[list[str], list[str]]:
    choices, ids = [], []
    for row in entities:
        for col in cols:
            if row.get(col):
                choices.append(row[col])
                ids.append(row["id"])
    return choices, ids


def run(kind: str, labels: Path | None, k: int, seed: int, show_failures: bool) -> list[dict]:
    if kind == "institutions":
        entities = read(DATA / "kz_institutions.csv")
        labels = labels or DATA / "kz_institution_aliases.csv"
        build = institution_index
        cols = ("name_kk", "name_ru", "name_en")
        id_col = "institution_id"
    else:
        entities = read(DATA / "foreign_organisations.csv")
        labels = labels or DATA / "foreign_organisation_aliases.csv"
        build = organisation_index
        cols = ("name_en", "name_ru", "name_local")
        id_col = "organisation_id"
    rows = read(labels)
    parts = folds(rows, k, seed)
    choices, choice_ids = baseline_choices(entities, cols)
    report = []
    print(f"\n== {kind}: {len(rows)} labelled spellings from {labels.name}, {k} folds (seed {seed})")
    print(f"{'fold':>4} {'method':<9} {'n':>4} {'top-1':>7} {'auto P':>7} {'auto R':>7} {'review':>7} {'names/s':>9}")
    for i, held in enumerate(parts):
        registered = [r for j, part in enumerate(parts) if j != i for r in part]
        alias_rows = [
            {"raw": r["raw"], id_col: ";".join(sorted(expected_of(r))), "origin": "seed", "confidence": r.get("confidence", "")}
            for r in registered
        ]
        seen = set()
        texts = []
        for r in held:
            key = names.casefold_raw(r["raw"])
            if key not in seen:
                seen.add(key)
                texts.append(r)
        timings = []
        for _ in range(REPEATS):
            # every repetition starts from a fresh index with no held-out text seen: caches are
            # cleared, the index is rebuilt (not timed), then the held-out texts are resolved
            clear_caches()
            index = build(entities, alias_rows)
            t0 = time.perf_counter()
            resolutions = [index.resolve(r["raw"]) for r in texts]
            timings.append(time.perf_counter() - t0)
        elapsed = statistics.median(timings)
        ours = [
            (expected_of(r), res.decision, res.candidates[0].id if res.candidates else None)
            for r, res in zip(texts, resolutions, strict=True)
        ]
        base_t0 = time.perf_counter()
        base = []
        for r in texts:
            hit = process.extractOne(r["raw"], choices, scorer=fuzz.WRatio, processor=utils.default_process)
            if hit is None or hit[1] < BASELINE_REVIEW:
                base.append((expected_of(r), Decision.NONE, choice_ids[hit[2]] if hit else None))
            else:
                d = Decision.AUTO if hit[1] >= BASELINE_AUTO else Decision.REVIEW
                base.append((expected_of(r), d, choice_ids[hit[2]]))
        base_elapsed = time.perf_counter() - base_t0
        for method, res, el in (("ours", ours, elapsed), ("baseline", base, base_elapsed)):
            s = score(res)
            s.update(fold=i + 1, method=method, rate=len(res) / el if el else float("inf"))
            report.append(s)
            print(
                f"{i + 1:>4} {method:<9} {s['n']:>4} {s['top1']:>7.1%} {s['precision']:>7.1%} "
                f"{s['recall']:>7.1%} {s['review']:>7.1%} {s['rate']:>9,.0f}"
            )
        if show_failures:
            for r, res, (exp, d, top) in zip(texts, resolutions, ours, strict=True):
                wrong_auto = d is Decision.AUTO and not (len(exp) == 1 and top in exp)
                miss = bool(exp) and (top not in exp or d is not Decision.AUTO)
                if wrong_auto or miss:
                    tag = "WRONG-AUTO" if wrong_auto else ("top1-miss" if top not in exp else "not-auto")
                    cands = ", ".join(f"{c.id}:{c.score:.0f}" for c in res.candidates[:3])
                    print(f"     {tag:<10} {r['raw']!r} expected {';'.join(sorted(exp)) or '-'} got {d.value} [{cands}]")
    for method in ("ours", "baseline"):
        rs = [r for r in report if r["method"] == method]
        print(
            f"{'mean':>4} {method:<9} {sum(r['n'] for r in rs):>4} {sum(r['top1'] for r in rs) / len(rs):>7.1%} "
            f"{sum(r['precision'] for r in rs) / len(rs):>7.1%} {sum(r['recall'] for r in rs) / len(rs):>7.1%} "
            f"{sum(r['review'] for r in rs) / len(rs):>7.1%} {sum(r['rate'] for r in rs) / len(rs):>9,.0f}"
        )
    if kind == "institutions":
        throughput(entities, rows, build, id_col)
    return report


def throughput(entities, rows, build, id_col) -> None:
    """Sustained rate on a larger cold stream: every labelled spelling, with variants, resolved once
    per repetition by a freshly built index with cleared caches; median of 5 repetitions, as wall
    time and as the process's CPU time (on a shared machine the wall figure measures the load)."""
    alias_rows = [{"raw": r["raw"], id_col: r.get(id_col, ""), "origin": "seed", "confidence": r.get("confidence", "")} for r in rows]
    texts = []
    for r in rows:
        raw = r["raw"]
        texts += [raw, raw.upper(), f"«{raw}»", raw.replace(" ", "  ") + " ", f"НАО {raw}", f"{raw} (Казахстан)"]
    texts = list(dict.fromkeys(texts))
    walls, cpus = [], []
    for _ in range(5):
        clear_caches()
        index = build(entities, alias_rows)
        t0, c0 = time.perf_counter(), time.process_time()
        for t in texts:
            index.resolve(t)
        walls.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"throughput: {len(texts)} distinct institution texts, cold caches: {len(texts) / wall:,.0f} names/s "
          f"(wall, median of 5); {len(texts) / cpu:,.0f} names/s of CPU time")


def institution_index(institutions, aliases, rejected=()):
    """The production Kazakh-HEI index with the registry's franchise relations (as the database path)."""
    related = name_entries.franchise_parents(read(DATA / "kz_institution_relations.csv"), read(DATA / "foreign_organisations.csv"))
    return name_entries.institution_index(institutions, aliases, rejected, related=related, cities=read(DATA / "kz_cities.csv"))


def organisation_index(organisations, aliases, rejected=()):
    """The production foreign-partner index with the acronyms the world shares (as the database path)."""
    return name_entries.organisation_index(organisations, aliases, rejected, shared_acronyms=registry_files.shared_acronyms(DATA.parent))


CLASSES = (
    ("acronym", ("acronym",)),
    ("former name", ("former",)),
    ("declension", ("prepositional", "genitive", "dative", "instrumental", "locative", "declined")),
    ("Kazakh Latin", ("kazakh latin",)),
    ("typo", ("typo", "letter", "swapped", "romanisation", "form of eponym", "no accent", "abbreviated")),
)


def class_of(row: dict[str, str]) -> str:
    """The failure class a hold-out row tests, from its note ('negative' when nothing may match)."""
    if not row["expected_id"]:
        return "negative"
    note = row["note"].lower()
    for name, words in CLASSES:
        if any(w in note for w in words):
            return name
    return "other"


def holdout(path: Path, show_failures: bool) -> dict[str, dict[str, float]]:
    """Resolve the hold-out texts with indexes built from the whole registry (see the docstring)."""
    rows = read(path)
    registries = {
        "hei": (*registry_files.institution_rows(DATA.parent), institution_index, ("name_kk", "name_ru", "name_en", "short_names")),
        "org": (*registry_files.organisation_rows(DATA.parent), organisation_index, ("name_en", "name_ru", "name_local")),
    }
    out: dict[str, dict[str, float]] = {}
    for kind, (entities, aliases, build, cols) in registries.items():
        texts = [r for r in rows if r["kind"] == kind]
        if not texts:
            continue
        seen = {names.casefold_raw(a["raw"]) for a in aliases}
        seen |= {names.casefold_raw(x) for e in entities for c in cols for x in (e.get(c) or "").split(";") if x}
        leaked = [r["raw"] for r in texts if names.casefold_raw(r["raw"]) in seen]
        timings = []
        for _ in range(REPEATS):
            clear_caches()
            index = build(entities, aliases)
            t0 = time.perf_counter()
            resolutions = [index.resolve(r["raw"], r.get("country") or None) for r in texts]
            timings.append(time.perf_counter() - t0)
        elapsed = statistics.median(timings)
        results = [
            (expected_of(r), res.decision, res.candidates[0].id if res.candidates else None)
            for r, res in zip(texts, resolutions, strict=True)
        ]
        s = score(results)
        negatives = [x for x in results if not x[0]]
        s["negatives"] = len(negatives)
        s["rate"] = len(texts) / elapsed if elapsed else float("inf")
        wrong = [
            (r, res) for r, res, (exp, d, top) in zip(texts, resolutions, results, strict=True)
            if d is Decision.AUTO and not (len(exp) == 1 and top in exp)
        ]
        s["wrong_auto"] = len(wrong)
        leaked_set = set(leaked)
        unseen = [x for r, x in zip(texts, results, strict=True) if r["raw"] not in leaked_set]
        s["unseen"] = score(unseen)
        out[kind] = s
        print(f"\n== hold-out {kind}: {len(texts)} texts ({len(texts) - len(negatives)} with an expected id, "
              f"{len(negatives)} that must not be auto-accepted) from {path.name}")
        print(f"   top-1 {s['top1']:.1%}  auto P {s['precision']:.1%}  auto R {s['recall']:.1%}  "
              f"review {s['review']:.1%}  wrong auto-accepts {len(wrong)}  {s['rate']:,.0f} names/s")
        u = s["unseen"]
        print(f"   without the {len(leaked)} texts registered since (former names and acronyms, see README): "
              f"n {u['n']}  top-1 {u['top1']:.1%}  auto P {u['precision']:.1%}  auto R {u['recall']:.1%}  review {u['review']:.1%}")
        print(f"   {'class':<13} {'n':>4} {'seen':>5} {'top-1':>7} {'auto R':>7} {'wrong auto':>10}")
        for cls in [c for c, _w in CLASSES] + ["other", "negative"]:
            picked = [(r, x) for r, x in zip(texts, results, strict=True) if class_of(r) == cls]
            if not picked:
                continue
            c = score([x for _r, x in picked])
            bad = sum(1 for _r, (exp, d, top) in picked if d is Decision.AUTO and not (len(exp) == 1 and top in exp))
            seen_n = sum(1 for r, _x in picked if r["raw"] in leaked_set)
            top1 = f"{c['top1']:.1%}" if cls != "negative" else "—"
            rec = f"{c['recall']:.1%}" if cls != "negative" else "—"
            print(f"   {cls:<13} {len(picked):>4} {seen_n:>5} {top1:>7} {rec:>7} {bad:>10}")
        if show_failures:
            for raw in leaked:
                print(f"   registered since: {raw!r}")
        for r, res in wrong:
            print(f"   WRONG-AUTO {r['raw']!r} expected {r['expected_id'] or '(nothing)'} got {res.candidates[0].id}")
        if show_failures:
            for r, res, (exp, d, top) in zip(texts, resolutions, results, strict=True):
                if exp and (top not in exp or d is not Decision.AUTO):
                    tag = "top1-miss" if top not in exp else "not-auto"
                    cands = ", ".join(f"{c.id}:{c.score:.0f}" for c in res.candidates[:3])
                    print(f"     {tag:<10} {r['raw']!r} expected {';'.join(sorted(exp))} got {d.value} [{cands}]  ({r['note']})")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--kind", choices=("institutions", "organisations", "both"), default="both")
    ap.add_argument("--labels", type=Path)
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--seed", type=int, default=2023)
    ap.add_argument("--failures", action="store_true", help="list the held-out texts that fail")
    ap.add_argument("--holdout", type=Path, help="resolve a hold-out CSV (raw, kind, expected_id, country, note)")
    args = ap.parse_args(argv)
    if args.holdout:
        holdout(args.holdout, args.failures)
        return 0
    kinds = ("institutions", "organisations") if args.kind == "both" else (args.kind,)
    if args.labels and len(kinds) > 1:
        ap.error("--labels needs --kind")
    for kind in kinds:
        run(kind, args.labels, args.folds, args.seed, args.failures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
