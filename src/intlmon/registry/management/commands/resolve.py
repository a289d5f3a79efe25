"""`intlmon resolve institutions|organisations|countries IN.csv -o OUT.csv`: batch reconciliation.

IN has a column `raw` (and, for organisations, optionally `country`). OUT repeats the input columns
and adds `id`, `decision` (auto / review / none), `score` and `candidates` (a JSON list of
{"id", "score"}, best first). For a country cell naming several countries, `id` lists them
separated by ';'. With `--queue`, every text that is not auto-accepted goes on the review queue,
counted once per input row. Exit codes: 0 done, 1 rejected input, 2 usage error.
"""

from __future__ import annotations

import csv
import io
import json
import sys
import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from intlmon.lib.neutralise import csv_row
from intlmon.lib.resolution import Decision
from intlmon.registry import resolve as resolver
from intlmon.registry.models import ReviewItem

KINDS = {
    "institutions": ReviewItem.Kind.INSTITUTION,
    "organisations": ReviewItem.Kind.ORGANISATION,
    "countries": ReviewItem.Kind.COUNTRY,
}
ADDED = ("id", "decision", "score", "candidates")


class Command(BaseCommand):
    help = "Resolve a CSV column of raw names to registry ids (institutions, organisations or countries)."

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(KINDS), help="what the names are")
        parser.add_argument("input", type=Path, metavar="IN.csv", help="CSV with a column 'raw'")
        parser.add_argument("-o", "--output", type=Path, metavar="OUT.csv", help="result CSV (default: standard output)")
        parser.add_argument("--format", choices=["text", "json"], default="text", help="summary format")
        parser.add_argument("--queue", action="store_true", help="put texts that are not auto-accepted on the review queue")

    def handle(self, *args, kind: str, input: Path, output: Path | None = None, format: str = "text", queue: bool = False, **options):
        rows, columns = read_input(input, kind)
        review_kind = KINDS[kind]
        started = time.perf_counter()
        counts: Counter[str] = Counter()
        out_rows = []
        uses: Counter[tuple[str, str]] = Counter()
        first: dict[tuple[str, str], object] = {}
        for row in rows:
            raw = row.get("raw") or ""
            context = (row.get("country") or "") if kind == "organisations" else ""
            res = resolver.resolve(review_kind, raw, context)
            counts[res.decision.value] += 1
            if kind == "countries" and res.decision is Decision.AUTO:
                ident = ";".join(dict.fromkeys(c.id for c in res.candidates))
            else:
                ident = res.id or ""
            out = dict(row)
            out.update(
                id=ident,
                decision=res.decision.value,
                score=f"{res.score:.1f}" if res.candidates else "",
                candidates=json.dumps([{"id": c.id, "score": c.score} for c in res.candidates], ensure_ascii=False),
            )
            out_rows.append(out)
            if queue and res.decision is not Decision.AUTO and raw.strip():
                uses[(raw, context)] += 1
                first.setdefault((raw, context), res)
        elapsed = time.perf_counter() - started
        queued = 0
        for (raw, context), n in uses.items():
            if resolver.queue(review_kind, raw, first[(raw, context)], records=n, context=context):
                queued += 1
        fieldnames = columns + [c for c in ADDED if c not in columns]
        write_output(output, fieldnames, out_rows, self.stdout)
        summary = {
            "kind": kind,
            "input": str(input),
            "output": str(output) if output else "-",
            "rows": len(rows),
            "auto": counts["auto"],
            "review": counts["review"],
            "none": counts["none"],
            "queued": queued,
            "seconds": round(elapsed, 3),
        }
        if format == "json":
            target = self.stderr if output is None else self.stdout
            target.write(json.dumps(summary, ensure_ascii=False))
        else:
            target = self.stderr if output is None else self.stdout
            target.write(
                f"{kind}: {len(rows)} rows — auto {counts['auto']}, review {counts['review']}, none {counts['none']}"
                + (f"; {queued} texts on the review queue" if queue else "")
                + (f" → {output}" if output else "")
            )


def read_input(path: Path, kind: str) -> tuple[list[dict[str, str]], list[str]]:
    if not path.is_file():
        raise CommandError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CommandError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from exc
    reader = csv.DictReader(io.StringIO(text, newline=""))
    columns = [c.strip() for c in (reader.fieldnames or []) if c is not None]
    if "raw" not in columns:
        found = ", ".join(repr(c) for c in columns) or "no header"
        raise CommandError(f"{path}: column 'raw' is missing (found {found}); the input needs a column 'raw'")
    rows = []
    for row in reader:
        rows.append({(k or "").strip(): (v or "") for k, v in row.items() if k is not None})
    return rows, columns


def write_output(path: Path | None, fieldnames: list[str], rows: list[dict], stdout) -> None:
    rows = [csv_row(row) for row in rows]  # '=…', '+…', '-…', '@…' get a leading apostrophe (formula injection)
    if path is None:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
        sys.stdout.write(buf.getvalue()) if stdout is None else stdout.write(buf.getvalue(), ending="")
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="") as fh:
            writer = csv.DictWriter(fh, fieldnames=fieldnames, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)
    except OSError as exc:
        raise CommandError(f"{path}: cannot write ({exc.strerror})") from exc
