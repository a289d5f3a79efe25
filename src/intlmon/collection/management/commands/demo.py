"""`intlmon demo`: the main job on the embedded default — what was loaded and produced, and where.

It writes one filled template per HEI from the counted 2023 records (each HEI's approved version, as
the statistics count them — not a draft uploaded on top) to out/submissions/2023/, ingests
them through the upload path into a separate database (var/uploads-demo.sqlite3), and compares row
counts per section between the imported and the uploaded data.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from intlmon.analytics.scope import counted_submissions
from intlmon.collection.export import section_counts, write_submissions
from intlmon.records.models import SECTION_MODELS, PublishedFigure
from intlmon.registry.loading import registry_summary


def record_counts(year: int) -> dict[str, int]:
    """Records per model in the versions the statistics count (an HEI's draft on top changes nothing)."""
    from intlmon.analytics.scope import current

    return {m.__name__: current(m, year).count() for m in SECTION_MODELS}


def uploads_counts(db_path, files, year: int, report_path) -> dict:
    """Run the upload path in a separate process against its own database; return its counts."""
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db_path}"}
    if db_path.exists():
        db_path.unlink()
    cli = [sys.executable, "-m", "intlmon.cli"]
    subprocess.run([*cli, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*cli, "load-registry"], env=env, check=True, stdout=subprocess.DEVNULL)
    ingest = subprocess.run(
        [*cli, "ingest", *map(str, files), "--year", str(year), "--accept-warnings", "--report-json", str(report_path),
         "--format", "json"],
        env=env, capture_output=True, text=True,
    )
    results = json.loads(ingest.stdout or "[]")
    script = (
        "import django, json; django.setup(); "
        "from intlmon.collection.export import section_counts; "
        f"print(json.dumps(section_counts({year}, counted=False)))"  # its uploads are drafts: count what was stored
    )
    counted = subprocess.run(
        [sys.executable, "-c", script], env={**env, "DJANGO_SETTINGS_MODULE": "intlmon.settings"},
        check=True, capture_output=True, text=True,
    )
    return {"results": results, "counts": json.loads(counted.stdout)}


def duplicates_by_section(results: list[dict]) -> dict[str, list[str]]:
    """The exact repeats the upload path dropped, by section: 'file, sheet row N = row M'."""
    from intlmon.collection.sections import SECTIONS

    by_title = {title: s.key for s in SECTIONS for title in s.titles.values()}
    found: dict[str, list[str]] = {}
    for result in results:
        for p in result["problems"]:
            if p["rule"] == "duplicate_row":
                key = by_title.get(p["sheet"], p["sheet"])
                found.setdefault(key, []).append(f"{result['file']}, {p['sheet']} row {p['row']} = row {p['params']['other']}")
    return found


def warnings_by_rule(results: list[dict]) -> dict[str, int]:
    """How often each warning fired on the upload path: the faults of the data that a clerk confirms."""
    counts: dict[str, int] = {}
    for result in results:
        for p in result["problems"]:
            if p["severity"] == "warning":
                counts[p["rule"]] = counts.get(p["rule"], 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


class Command(BaseCommand):
    help = "Run the main job on the loaded database and print what it produced and where."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=2023)
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, year: int = 2023, format: str = "text", **options):
        out = settings.OUT_DIR / "submissions" / str(year)
        out.mkdir(parents=True, exist_ok=True)
        files = write_submissions(year, out)
        uploads_db = settings.VAR_DIR / "uploads-demo.sqlite3"
        report_path = out / "ingest-report.json"
        uploads = uploads_counts(uploads_db, files, year, report_path)
        imported = section_counts(year)
        rejected = [r for r in uploads["results"] if not r["accepted"]]
        duplicates = duplicates_by_section(uploads["results"])
        expected = {key: n - len(duplicates.get(key, [])) for key, n in imported.items()}
        result = {
            "database": str(settings.DATABASES["default"]["NAME"]),
            "registry": registry_summary(),
            "records": record_counts(year),
            "submissions": counted_submissions(year).count(),
            "published_figures": PublishedFigure.objects.count(),
            "templates": {"directory": str(out), "files": len(files)},
            "upload_path": {
                "database": str(uploads_db),
                "report": str(report_path),
                "accepted": len(uploads["results"]) - len(rejected),
                "rejected": {
                    r["file"]: [f"{p['sheet']}, row {p['row']}: {p['message']}" for p in r["problems"] if p["severity"] == "error"]
                    for r in rejected
                },
                "counts": uploads["counts"],
                "duplicates_dropped": duplicates,
                "warnings": warnings_by_rule(uploads["results"]),
            },
            "imported_counts": imported,
            "expected_upload_counts": expected,
            "agree": expected == uploads["counts"],
        }
        if format == "json":
            self.stdout.write(json.dumps(result, ensure_ascii=False, indent=2))
            return
        w = self.stdout.write
        w(f"Database: {result['database']}")
        w("Registry: " + ", ".join(f"{k} {v}" for k, v in result["registry"].items()))
        w(f"Reference data {year}: {result['submissions']} HEI submissions (the counted versions), "
          f"{result['published_figures']} published figures")
        for model, n in result["records"].items():
            if n:
                w(f"  {model:<24} {n:>5}")
        w(f"Templates filled from the {year} records: {len(files)} files in {out}")
        up = result["upload_path"]
        w(f"Upload path ({up['database']}): {up['accepted']} accepted, {len(up['rejected'])} rejected; "
          f"report {up['report']}")
        for name, messages in up["rejected"].items():
            w(f"  {name}: " + " | ".join(messages))
        w("Warnings raised by the 2023 data on the upload path (confirmed with --accept-warnings):")
        for rule, n in up["warnings"].items():
            w(f"  {rule:<24} {n:>5}")
        w("Exact duplicate rows, stored once:")
        for key, rows in duplicates.items():
            for row in rows:
                w(f"  {key}: {row}")
        w(f"{'section':<26} {'imported':>9} {'duplicates':>11} {'uploaded':>9}")
        for key in imported:
            w(f"  {key:<24} {imported[key]:>9} {len(duplicates.get(key, [])):>11} {up['counts'].get(key, 0):>9}")
        w("Row counts agree: uploaded = imported − exact duplicates." if result["agree"] else
          "Row counts DIFFER: uploaded ≠ imported − exact duplicates (see the rejected workbooks above).")
        w("Projects are not compared: the legacy tables give project counts per HEI, not project rows.")
