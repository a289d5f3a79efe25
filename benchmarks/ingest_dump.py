"""What an ingest stores, dumped to text: the check that making ingest faster changed no record.

    .venv/bin/python benchmarks/ingest_dump.py OUT [--heis 120] [--rows 26000] [--year 2023] [--seed 2023]
                                                   [--database-url postgres://…/scratch]

Ingests, into a scratch SQLite database in OUT (or, with `--database-url`, a scratch PostgreSQL database,
created and dropped: the store takes another path there, so it is compared on its own; compare dumps
of the same kind of database), the synthetic national year of `benchmarks/ingest.py` (same seed → same
workbooks) and every file of `tests/fixtures/bad/` (for `kaznpu`, 2024, warnings accepted), then
writes to OUT:

- `<Model>.tsv` for every section model and `Submission.tsv`: every stored row, every column but the
  autoincrement ids and timestamps (the submission a record belongs to is named by institution, year
  and version), ordered;
- `ReviewItem.tsv` and `queue_name.tsv`: what was queued for review, and from where;
- `problems.tsv`: every problem of every file, in the order ingest returned them, in the three
  languages.

Run it before and after a change to the upload path and `diff -r` the two directories: they must be
byte-identical.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "src"))
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

SKIP = {"id", "file_sha256", "file_size", "uploaded_at", "at", "created_at", "updated_at", "decided_at", "file_content", "submission_id"}


def rows_of(model) -> tuple[list[str], list[tuple]]:
    from django.db import models

    fields = [f.attname for f in model._meta.concrete_fields
              if f.attname not in SKIP and not isinstance(f, models.DateTimeField)]
    cols = list(fields)
    qs = model.objects.all()
    if any(f.attname == "submission_id" for f in model._meta.concrete_fields):
        cols += ["submission__institution_id", "submission__period__year", "submission__version"]
    rows = sorted(qs.values_list(*cols), key=lambda r: [repr(v) for v in r])
    return cols, rows


def write_tsv(path: Path, cols: list[str], rows) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write("\t".join(cols) + "\n")
        for r in rows:
            out.write("\t".join(repr(v) for v in r) + "\n")


def main(argv=None) -> int:
    p = argparse.ArgumentParser()
    p.add_argument("out", type=Path)
    p.add_argument("--heis", type=int, default=120)
    p.add_argument("--rows", type=int, default=26000)
    p.add_argument("--year", type=int, default=2023)
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--database-url", help="a scratch PostgreSQL database (created, then dropped)")
    args = p.parse_args(argv)
    out = args.out
    if out.exists():
        shutil.rmtree(out)
    (out / "workbooks").mkdir(parents=True)
    import ingest as bench

    if args.database_url:
        from urllib.parse import urlsplit

        _, admin = bench.prepare_postgres(args.database_url)
        bench.drop_postgres(admin, urlsplit(args.database_url).path.lstrip("/"))  # a fresh one each time
        bench.prepare_postgres(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ["DATABASE_URL"] = f"sqlite:///{out / 'db.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    import django

    django.setup()
    from django.db import connections

    from intlmon.collection.ingest import ingest_file
    from intlmon.collection.models import AuditEntry, Submission
    from intlmon.records.models import SECTION_MODELS
    from intlmon.registry.models import ReviewItem

    heis = bench.setup_database(args.heis)
    connections.close_all()
    child = multiprocessing.get_context("fork").Process(
        target=bench.write_year, args=(out / "workbooks", heis, args.rows, args.year, args.seed))
    child.start()
    child.join()
    if child.exitcode != 0:
        return 1
    jobs = [(f, args.year) for f in sorted((out / "workbooks").glob("*.xlsx"))]
    jobs += [(f, 2024) for f in sorted((HERE.parent / "tests" / "fixtures" / "bad").iterdir())
             if f.suffix in (".xlsx", ".xls", ".xlsm", ".ods")]
    with (out / "problems.tsv").open("w", encoding="utf-8") as problems:
        for path, year in jobs:
            inst = None if year == args.year else "kaznpu"
            result = ingest_file(path, year, institution_id=inst, lang="ru", actor="dump", accept_warnings=True)
            problems.write(f"# {path.name}\taccepted={result.accepted}\trows={sorted(result.rows.items())}\n")
            for problem in result.problems:
                d = {lang: problem.as_dict(lang) for lang in ("ru", "kk", "en")}
                problems.write("\t".join(repr(d[lang]) for lang in d) + "\n")
    for model in [*SECTION_MODELS, Submission, ReviewItem]:
        cols, rows = rows_of(model)
        write_tsv(out / f"{model.__name__}.tsv", cols, rows)
    queued = [(e.detail.get("name"), e.detail.get("country"), e.detail.get("institution"), e.detail.get("file"),
               e.detail.get("sheet"), e.detail.get("row")) for e in AuditEntry.objects.filter(action="queue_name")]
    write_tsv(out / "queue_name.tsv", ["name", "country", "institution", "file", "sheet", "row"], sorted(queued, key=repr))
    stores = [sorted((k, v) for k, v in e.detail.items() if k != "sha256") for e in
              AuditEntry.objects.filter(action="store_version")]
    write_tsv(out / "store_version.tsv", ["detail"], [(s,) for s in sorted(stores, key=repr)])
    connections.close_all()
    shutil.rmtree(out / "workbooks")
    if args.database_url:
        _, admin = bench.prepare_postgres(args.database_url)
        bench.drop_postgres(admin, urlsplit(args.database_url).path.lstrip("/"))
    else:
        (out / "db.sqlite3").unlink()
    print(f"dumped {len(jobs)} files to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
