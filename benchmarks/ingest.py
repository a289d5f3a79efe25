"""Benchmark of the upload path: a synthetic national year ingested file by file, against a raw read.

    .venv/bin/python benchmarks/ingest.py [--heis 120] [--rows 26000] [--year 2023] [--seed 2023]
                                          [--single-rows 2000] [--workdir DIR] [--database-url URL]
                                          [--keep] [--profile OUT] [--both POSTGRES_URL]

What it does, in one run:

1. Makes a scratch database (SQLite in the work directory, or the PostgreSQL database given by
   `--database-url`, created if it does not exist and then dropped unless `--keep`), migrates it and
   loads the registry. The registry has fewer HEIs than a national year, so the missing ones are
   added as synthetic institutions `bench-NNN` (only in the scratch database).
2. Writes one collection workbook per HEI with the project's own template writer
   (`collection.template.write_template`, language kk/ru/en in turn), filled with rows built from
   the registry: real partners (names in English, Russian and local spelling, and the registry's
   certain aliases), the partner's own country named in kk/ru/en, and the messy-but-valid values
   HEIs type — dates as '27.03.2019', as Excel serial numbers and as real dates, terms such as
   '5 лет', '5 жыл', 'бессрочный', an end date; programme codes with Cyrillic look-alike letters
   ('6В04107'); counts. Sizes per HEI are skewed (a few large universities, many small ones) and the
   sections are mixed as in the 2023 report (agreements and mobility dominate). Also three
   workbooks of `--single-rows` rows (2,000) for one HEI: the upload a clerk waits for. This step
   runs in a forked child, so the figures below are those of ingesting, not of writing.
3. Ingests every file through the library path the `ingest` command uses
   (`collection.ingest.ingest_file`, warnings accepted as `--accept-warnings` does) and times it,
   split into read / convert+validate / store; every file must be accepted and every row stored.
4. In the same run, reads the same files with python-calamine only (every sheet to Python values),
   the median of three passes: the floor any reader has to pay.
5. In the same run, the peer baseline: pandas `read_excel(engine="calamine")` (pandas' fastest
   reader) of every sheet of every file, each sheet appended with `DataFrame.to_sql` to a table of the
   same kind of database (a second SQLite file beside the first; on PostgreSQL a second scratch
   database `<name>_pandas` through SQLAlchemy + psycopg), with no validation at all. Goal: our full
   ingest (read, resolve, validate, store) takes less time than that.
6. One HEI's 2,000-row workbook uploaded into the loaded year, three times (three different files,
   each a new version): the median is the time a clerk waits for the answer. Goal ≤ 1 s.
7. Ingests the largest file once more under tracemalloc inside a rolled-back transaction: the
   Python-heap peak of one upload.

Figures: files, rows, total seconds (wall and CPU: the machine may be shared, and CPU time is the
steadier of the two on SQLite, where all the work is in this process; on PostgreSQL it leaves out the
server's share), rows/s, peak RSS of the process (`resource.getrusage`, which
includes Django and the registry index), the tracemalloc peak, the raw read seconds and the ratio
ours ÷ raw read (goal ≤ 10, issue #17), the baseline's seconds and ours ÷ baseline (goal < 1), and
the single upload's seconds (goal ≤ 1 s), each goal marked PASS or MISS (wall and CPU). `--profile OUT`
writes a cProfile of the ingest pass. `--both URL` runs everything on SQLite, then on that PostgreSQL
database, and prints both (with `--workdir`, the two runs share its workbooks folder one after the other).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import multiprocessing
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

# Share of each section in a year's rows (the 2023 report: thousands of agreements, mobility next).
SECTION_MIX = {
    "agreements": 0.40,
    "mobility": 0.30,
    "visiting_faculty": 0.08,
    "international_students": 0.06,
    "double_degree_programmes": 0.05,
    "projects": 0.05,
    "joint_programmes": 0.03,
    "publications": 0.02,
    "presences": 0.005,
    "strategic_partnerships": 0.005,
}
LANGS = ("ru", "kk", "en")
PROGRAMME_NAMES = ("Экономика", "Менеджмент", "Информационные системы", "Химия", "Физика", "Математика",
                   "Иностранный язык: два иностранных языка", "Международные отношения", "Журналистика",
                   "Биология", "Финансы", "Юриспруденция", "Computer Science", "Маркетинг", "Туризм")
CODE_LEVELS = (("6B", "6В", "bachelor"), ("7M", "7М", "master"), ("8D", "8D", "doctorate"))
TERMS = ("5 лет", "5 жыл", "3 года", "10 years", "бессрочный", "мерзімсіз", "5 лет с пролонгацией",
         "до 31.12.2027", "31.12.2028", "2030", "7 лет", "unlimited", "до 2028 года",
         "5 жыл автоматты ұзартумен", "5 years with automatic prolongation")
# Agreements get no 'N years' terms: Agreement has no term_years field and ingest crashes on one
# (TypeError in store_version; reported to the lead). Remove this once ingest drops the field there.
AGREEMENT_TERMS = tuple(t for t in TERMS if not any(w in t for w in ("лет", "жыл", "года", "years")))
DIRECTIONS = ("academic mobility", "совместные проекты; научные исследования", "бірлескен зерттеулер",
              "повышение квалификации", "ДДП; СОП", "мобильность, совместные исследования", "joint projects")
DEGREES = ("PhD", "д.э.н., профессор", "PhD, associate professor", "Doctor of Sciences", "к.т.н.", "")
ROLES = ("координатор", "партнёр", "partner", "coordinator", "үйлестіруші")
FUNDERS = ("Erasmus+", "British Council", "Horizon Europe", "DAAD", "TÜBİTAK", "JICA", "USAID", "КН МНВО РК")
CITIES = ("Москва", "Бишкек", "Ташкент", "Paris", "Berlin", "Istanbul", "Seoul", "Beijing")


def parse_args(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--heis", type=int, default=120)
    p.add_argument("--rows", type=int, default=26000, help="data rows in all (≥ 25,000 for the issue's figure)")
    p.add_argument("--year", type=int, default=2023)
    p.add_argument("--seed", type=int, default=2023)
    p.add_argument("--workdir", type=Path, help="where workbooks and the SQLite database go (default: a temp dir)")
    p.add_argument("--database-url", help="PostgreSQL URL of a scratch database (created if missing)")
    p.add_argument("--keep", action="store_true", help="keep the work directory / PostgreSQL database")
    p.add_argument("--profile", type=Path, metavar="OUT", help="write a cProfile of the ingest pass to OUT")
    p.add_argument("--single-rows", type=int, default=2000, help="rows of the one-HEI upload timed on its own")
    p.add_argument("--both", metavar="URL", help="run on SQLite, then on this scratch PostgreSQL database, and print both")
    return p.parse_args(argv)


# -- database ----------------------------------------------------------------------------------


def prepare_postgres(url: str) -> tuple[bool, str]:
    """Create the database named in `url` when missing; returns (created, maintenance URL)."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = urlunsplit((parts.scheme.replace("postgres", "postgresql", 1) if parts.scheme == "postgres" else parts.scheme,
                        parts.netloc, "/postgres", "", ""))
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return not exists, admin


def drop_postgres(admin: str, name: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_database(extra_heis: int) -> list[str]:
    """Migrate, load the registry and top it up with synthetic HEIs; returns the HEI ids in use."""
    from django.core.management import call_command

    from intlmon.registry.loading import load_registry
    from intlmon.registry.models import Institution

    call_command("migrate", verbosity=0, interactive=False)
    load_registry()
    ids = list(Institution.objects.order_by("id").values_list("id", flat=True))
    for i in range(len(ids) + 1, extra_heis + 1):
        ident = f"bench-{i:03d}"
        Institution.objects.get_or_create(
            id=ident,
            defaults={"name_ru": f"Синтетический университет № {i}", "name_kk": f"№ {i} синтетикалық университет",
                      "name_en": f"Synthetic University No. {i}", "city": "Астана"},
        )
        ids.append(ident)
    return ids[:extra_heis]


# -- the synthetic year ------------------------------------------------------------------------


class RowMaker:
    """Messy-but-valid rows from the registry's real partners, countries and fields."""

    def __init__(self, rng: random.Random, year: int):
        from intlmon.registry.models import Country, FieldOfEducation, ForeignOrganisation, OrganisationAlias

        self.rng = rng
        self.year = year
        self.countries = {c.code: c for c in Country.objects.all()}
        self.fields = [f.code for f in FieldOfEducation.objects.order_by("code")]
        spellings: dict[str, list[str]] = {}
        for org in ForeignOrganisation.objects.exclude(country=None):
            names = [n for n in (org.name_en, org.name_ru, org.name_local) if n]
            spellings[org.pk] = names
        for alias in OrganisationAlias.objects.filter(confidence="certain").exclude(organisation=None):
            if alias.organisation_id in spellings:
                spellings[alias.organisation_id].append(alias.raw)
        country_of = dict(ForeignOrganisation.objects.exclude(country=None).values_list("pk", "country_id"))
        self.partners = [(org, country_of[org], sorted(set(names))) for org, names in sorted(spellings.items())]
        self.foreign_countries = [c for c in sorted(self.countries) if c != "KZ"]

    # values -----------------------------------------------------------------------------------
    def partner(self) -> tuple[str, object]:
        _org, country, names = self.rng.choice(self.partners)
        return self.rng.choice(names), self.country_cell(country)

    def country_cell(self, code: str) -> object:
        country = self.countries[code]
        names = [n for n in (country.name_ru, country.name_kk, country.name_en) if n]
        return self.rng.choice(names) if self.rng.random() < 0.7 else country

    def date_cell(self, first: int = 2008, last: int | None = None) -> object:
        last = last or self.year
        day = dt.date(first, 1, 1) + dt.timedelta(days=self.rng.randrange((dt.date(last, 12, 31) - dt.date(first, 1, 1)).days))
        kind = self.rng.random()
        if kind < 0.5:
            return day.strftime("%d.%m.%Y")  # '27.03.2019' typed as text
        if kind < 0.7:
            return (day - dt.date(1899, 12, 30)).days  # an Excel serial number typed or pasted as a number
        if kind < 0.8:
            return str(day.year)  # only the year is known
        return day  # a real Excel date

    def programme(self, level_hint: str | None = None) -> tuple[str, str]:
        latin, cyrillic, level = self.rng.choice([c for c in CODE_LEVELS if c[2] == level_hint] or CODE_LEVELS)
        prefix = cyrillic if self.rng.random() < 0.3 else latin
        field = self.rng.choice(self.fields)
        code = f"{prefix}{field}{self.rng.randrange(100, 999)}"
        return f"{code} {self.rng.choice(PROGRAMME_NAMES)}", level

    def count(self, lo: int, hi: int) -> object:
        n = self.rng.randint(lo, hi)
        return str(n) if self.rng.random() < 0.2 else n  # numbers typed as text too

    # sections ---------------------------------------------------------------------------------
    def agreements(self) -> dict:
        partner, country = self.partner()
        return {"partner": partner, "country": country, "directions": self.rng.choice(DIRECTIONS),
                "signed_on": self.date_cell(), "term": self.rng.choice(AGREEMENT_TERMS),
                "auto_renewal": self.rng.random() < 0.3}

    def mobility(self) -> dict:
        partner, country = self.partner()
        return {"direction": self.rng.choice(("outbound", "inbound", "исходящая", "кіріс")),
                "person": self.rng.choice(("student", "staff", "студенты", "ПОҚ")),
                "level": self.rng.choice(("bachelor", "master", "doctorate", None)), "partner": partner,
                "country": country, "field": self.rng.choice(self.fields),
                "format": self.rng.choice(("physical", "online", "blended", "очно", "онлайн")),
                "funding": self.rng.choice(("republican_budget", "extra_budgetary", "grant", "partner", None)),
                "headcount": self.count(1, 40)}

    def visiting_faculty(self) -> dict:
        partner, country = self.partner()
        return {"partner": partner, "country": country, "headcount": self.count(1, 6),
                "academic_degree": self.rng.choice(DEGREES), "field": self.rng.choice(self.fields),
                "format": self.rng.choice(("physical", "online", "offline")),
                "funding": self.rng.choice(("extra_budgetary", "republican_budget", "grant"))}

    def international_students(self) -> dict:
        return {"country": self.country_cell(self.rng.choice(self.foreign_countries)),
                "level": self.rng.choice(("bachelor", "master", "doctorate", "specialist")),
                "headcount": self.count(1, 300)}

    def programmes(self) -> dict:
        partner, country = self.partner()
        programme, level = self.programme()
        return {"level": level, "programme": programme, "partner": partner, "country": country,
                "contract_date": self.date_cell(2012), "term": self.rng.choice(TERMS),
                "languages": self.rng.choice((["ru", "en"], ["kk", "en"], ["en"], "рус/каз/ англ", "English")),
                "funding": self.rng.choice(("student", "republican_budget", "grant", None)),
                "enrolment": self.count(0, 60)}

    double_degree_programmes = joint_programmes = programmes

    def projects(self) -> dict:
        partner, country = self.partner()
        start = self.rng.randint(2015, self.year)
        return {"kind": self.rng.choice(("research", "educational", "научный", "білім беру")),
                "title": f"{self.rng.choice(FUNDERS)} project {self.rng.randrange(10**6)}",
                "funder": self.rng.choice(FUNDERS), "partner": partner, "country": country,
                "field": self.rng.choice(self.fields), "role": self.rng.choice(ROLES), "start_year": start,
                "end_year": start + self.rng.randint(1, 4)}

    def presences(self) -> dict:
        partner, country = self.partner()
        return {"direction": self.rng.choice(("inbound", "outbound")),
                "kind": self.rng.choice(("branch", "representation", "centre", "office")),
                "name": f"Центр {partner}"[:200], "partner": partner, "country": country,
                "city": self.rng.choice(CITIES), "opened_on": self.date_cell(2010), "status": "operating"}

    def strategic_partnerships(self) -> dict:
        partner, country = self.partner()
        return {"model": self.rng.choice(("branch", "consortium", "joint_school", "franchise")), "partner": partner,
                "country": country, "start_year": self.rng.randint(2018, self.year), "term_years": self.count(3, 10),
                "partner_ranking": self.count(50, 900), "foreign_staff_share": f"{self.rng.randint(5, 60)}%",
                "languages": ["en", "ru"], "kazakh_language_disciplines": self.count(0, 10),
                "registered": self.rng.random() < 0.5, "licensed": self.rng.random() < 0.5, "funding": "partner"}

    def publications(self, n: int) -> list[dict]:
        combos = [(db, f) for db in ("scopus", "wos") for f in self.fields]
        self.rng.shuffle(combos)
        rows = []
        for db, f in combos[: min(n, len(combos))]:
            total = self.rng.randint(1, 400)
            rows.append({"database": db, "field": f, "count": total, "with_foreign_coauthors": self.rng.randint(0, total)})
        return rows

    def profile(self) -> dict:
        return {"students": self.count(800, 30000), "academic_staff": self.count(80, 2500)}


def sizes(rng: random.Random, heis: int, rows: int) -> list[int]:
    """Rows per HEI: a skewed (log-normal) spread scaled to `rows` in all, at least 8 each."""
    weights = [rng.lognormvariate(0, 0.9) for _ in range(heis)]
    scale = (rows - 8 * heis) / sum(weights)
    out = [8 + int(w * scale) for w in weights]
    out[out.index(max(out))] += rows - sum(out)
    return out


def unique_rows(make, n: int, rng: random.Random) -> list[dict]:
    """`n` rows no two of which are equal (an exact repeat is an error the uploader must fix)."""
    seen, rows = set(), []
    while len(rows) < n:
        row = make()
        key = repr(sorted((k, str(v)) for k, v in row.items()))
        if key not in seen:
            seen.add(key)
            rows.append(row)
    return rows


def year_rows(maker: RowMaker, rng: random.Random, total: int) -> dict[str, list[dict]]:
    rows: dict[str, list[dict]] = {"profile": [maker.profile()]}
    left = total - 1
    for key, share in SECTION_MIX.items():
        n = int(round((total - 1) * share * rng.uniform(0.6, 1.4)))
        n = min(n, left)
        if key == "publications":
            found = maker.publications(n)
        else:
            found = unique_rows(getattr(maker, key), n, rng)
        if found:
            rows[key] = found
        left -= len(found)
    if left > 0:  # what rounding left over goes to agreements, the biggest section
        rows["agreements"] += unique_rows(maker.agreements, left, rng)
    return rows


def write_year(workdir: Path, heis: list[str], total_rows: int, year: int, seed: int,
               single: tuple[Path, str, int] | None = None) -> None:
    """Runs in a forked child: builds the rows and writes one workbook per HEI.

    `single` (directory, HEI, rows): also three workbooks of that many rows for that HEI, written
    after the year's so that the year's files do not depend on it."""
    from intlmon.collection.template import write_template

    rng = random.Random(seed)
    maker = RowMaker(rng, year)
    for i, (ident, n) in enumerate(zip(heis, sizes(rng, len(heis), total_rows), strict=True)):
        write_template(workdir / f"{ident}.xlsx", year, lang=LANGS[i % 3], institution=ident,
                       rows=year_rows(maker, rng, n))
    if single:
        where, ident, n = single
        where.mkdir(parents=True, exist_ok=True)
        for k in range(3):
            write_template(where / f"{ident}-{k + 1}.xlsx", year, lang=LANGS[k], institution=ident,
                           rows=year_rows(maker, rng, n))


def data_rows(path: Path) -> int:
    """Rows below the header on every section sheet, counted with calamine."""
    from python_calamine import CalamineWorkbook

    from intlmon.collection.sections import SECTIONS

    first_keys = {s.columns[0].key for s in SECTIONS}
    wb = CalamineWorkbook.from_path(str(path))
    n = 0
    for name in wb.sheet_names:
        rows = wb.get_sheet_by_name(name).to_python()
        if rows and rows[0] and rows[0][0] in first_keys and name not in ("lists", "_intlmon"):
            n += sum(1 for r in rows[2:] if any(v not in ("", None) for v in r))
    return n


# -- measuring ---------------------------------------------------------------------------------


def raw_read(files: list[Path]) -> tuple[float, float]:
    """(wall, CPU) seconds to read every sheet of every file into Python values with python-calamine alone."""
    from python_calamine import CalamineWorkbook

    start, cpu = time.perf_counter(), time.process_time()
    for path in files:
        wb = CalamineWorkbook.from_path(str(path))
        for name in wb.sheet_names:
            wb.get_sheet_by_name(name).to_python()
    return time.perf_counter() - start, time.process_time() - cpu


def pandas_baseline(files: list[Path], url: str) -> tuple[float, float, int]:
    """(wall, CPU) seconds and rows written by the peer: pandas reads every sheet of every file with
    calamine and appends each to a table named after the sheet with `to_sql`, validating nothing.

    `url`: a SQLite file path (written through the standard library's sqlite3, which pandas takes as is)
    or a PostgreSQL URL (through a SQLAlchemy engine, the way pandas writes to any other database).
    Each workbook is one transaction, as one upload is ours."""
    import pandas as pd

    if url.startswith("postgres"):
        import sqlalchemy

        engine = sqlalchemy.create_engine(url.replace("postgres://", "postgresql+psycopg://", 1)
                                          .replace("postgresql://", "postgresql+psycopg://", 1))
        start, cpu = time.perf_counter(), time.process_time()
        written = 0
        for path in files:
            frames = pd.read_excel(path, sheet_name=None, engine="calamine")
            with engine.begin() as conn:
                for name, frame in frames.items():
                    frame.to_sql(table_name(name), conn, if_exists="append", index=False)
                    written += len(frame)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        engine.dispose()
        return seconds, cpu, written
    import sqlite3

    conn = sqlite3.connect(url)
    start, cpu = time.perf_counter(), time.process_time()
    written = 0
    for path in files:
        frames = pd.read_excel(path, sheet_name=None, engine="calamine")
        with conn:
            for name, frame in frames.items():
                frame.to_sql(table_name(name), conn, if_exists="append", index=False)
                written += len(frame)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    conn.close()
    return seconds, cpu, written


def table_name(sheet: str) -> str:
    """A table per sheet name, short enough for PostgreSQL's 63-byte identifiers (Cyrillic takes two)."""
    return "sheet_" + hashlib.sha1(sheet.encode()).hexdigest()[:16]


class Phases:
    """Wall time per ingest phase, by wrapping the functions `ingest_file` calls."""

    def __init__(self):
        from intlmon.collection import ingest, reader

        self.seconds = {"read": 0.0, "convert+validate": 0.0, "store": 0.0}
        self.cpu = dict.fromkeys(self.seconds, 0.0)
        self.patches = [(reader, "read_workbook", "read"), (ingest, "validate_and_convert", "convert+validate"),
                        (ingest, "store_version", "store")]

    def __enter__(self):
        self.saved = []
        for module, name, phase in self.patches:
            original = getattr(module, name)
            self.saved.append((module, name, original))
            setattr(module, name, self.timed(original, phase))
        return self

    def timed(self, fn, phase):
        def wrapper(*args, **kwargs):
            start, cpu = time.perf_counter(), time.process_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[phase] += time.perf_counter() - start
                self.cpu[phase] += time.process_time() - cpu

        return wrapper

    def __exit__(self, *exc):
        for module, name, original in self.saved:
            setattr(module, name, original)


def ingest_all(files: list[Path], year: int, profile: Path | None):
    from intlmon.collection.ingest import ingest_file

    profiler = cProfile.Profile() if profile else None
    results = []
    with Phases() as phases:
        start, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        for path in files:
            results.append(ingest_file(path, year, lang="ru", actor="benchmark", accept_warnings=True))
        if profiler:
            profiler.disable()
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    if profiler:
        profiler.dump_stats(str(profile))
    return results, seconds, cpu, phases


def single_uploads(files: list[Path], year: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of each upload of one HEI's workbook (each stored as a new version)."""
    from intlmon.collection.ingest import ingest_file

    times = []
    for path in files:
        start, cpu = time.perf_counter(), time.process_time()
        result = ingest_file(path, year, lang="ru", actor="benchmark", accept_warnings=True)
        times.append((time.perf_counter() - start, time.process_time() - cpu))
        if result.stored is None:
            raise SystemExit(f"the single upload {path.name} was not stored: "
                             f"{[p.rule for p in result.problems if p.severity.value == 'error'][:5]}")
    return times


def heap_peak(path: Path, year: int) -> int:
    """tracemalloc peak (bytes) of ingesting one file again, rolled back (the stored copy's digest is
    blanked first, else the upload is recognised as identical and nothing is validated)."""
    from django.db import transaction

    from intlmon.collection.ingest import ingest_file
    from intlmon.collection.models import Submission

    with transaction.atomic():
        Submission.objects.filter(institution_id=path.stem, period__year=year).update(file_sha256="")
        tracemalloc.start()
        result = ingest_file(path, year, lang="ru", actor="benchmark", accept_warnings=True)
        assert result.stored is not None, "the heap-peak upload was not stored"
        transaction.set_rollback(True)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def both(args, argv: list[str]) -> int:
    """`--both URL`: the whole benchmark on SQLite, then on the PostgreSQL database URL, each in a process
    of its own (Django is configured once per process), the two outputs printed one after the other."""
    own = [a for i, a in enumerate(argv) if a != "--both" and (i == 0 or argv[i - 1] != "--both")]
    status = 0
    for extra in ([], ["--database-url", args.both]):
        done = subprocess.run([sys.executable, __file__, *own, *extra], capture_output=True, text=True)
        print(f"== {'PostgreSQL' if extra else 'SQLite'} ==")
        print(done.stdout, end="")
        print(done.stderr, end="", file=sys.stderr)
        status = status or done.returncode
    return status


def main(argv=None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    args = parse_args(argv)
    if args.both:
        return both(args, argv)
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="intlmon-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    books = workdir / "workbooks"
    if books.exists():
        shutil.rmtree(books)
    books.mkdir()
    created_pg, admin = False, ""
    if args.database_url:
        created_pg, admin = prepare_postgres(args.database_url)
        os.environ["DATABASE_URL"] = args.database_url
        parts = urlsplit(args.database_url)
        peer_url = urlunsplit(parts._replace(path=parts.path + "_pandas"))
        drop_postgres(admin, peer_url.rsplit("/", 1)[1])
        prepare_postgres(peer_url)
    else:
        db, peer_url = workdir / "bench.sqlite3", str(workdir / "pandas.sqlite3")
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
            Path(f"{peer_url}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    import django

    django.setup()
    from django.db import connection, connections

    from intlmon.collection.models import Submission
    from intlmon.records.models import SECTION_MODELS

    try:
        t0 = time.perf_counter()
        heis = setup_database(args.heis)
        connections.close_all()
        single_dir = workdir / "single"
        if single_dir.exists():
            shutil.rmtree(single_dir)
        child = multiprocessing.get_context("fork").Process(
            target=write_year, args=(books, heis, args.rows, args.year, args.seed,
                                     (single_dir, heis[0], args.single_rows)))
        child.start()
        child.join()
        if child.exitcode != 0:
            print("writing the workbooks failed", file=sys.stderr)
            return 1
        files = sorted(books.glob("*.xlsx"))
        rows_in_files = {p: data_rows(p) for p in files}
        total_rows = sum(rows_in_files.values())
        size = sum(p.stat().st_size for p in files)
        print(f"database: {connection.vendor} ({connection.settings_dict['NAME']})")
        print(f"prepared {len(files)} workbooks, {total_rows:,} data rows, {size / 1e6:.1f} MB "
              f"in {time.perf_counter() - t0:.1f} s ({workdir})")

        raw_runs = [raw_read(files) for _ in range(3)]
        raw = statistics.median(w for w, _ in raw_runs)
        raw_cpu = statistics.median(c for _, c in raw_runs)
        before = {m.__name__: m.objects.count() for m in SECTION_MODELS}
        results, seconds, cpu, phases = ingest_all(files, args.year, args.profile)
        stored = {m.__name__: m.objects.count() - before[m.__name__] for m in SECTION_MODELS}
        rss_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        rejected = [r for r in results if not r.accepted]
        for r in rejected[:5]:
            print(f"REJECTED {r.file}:", *[f"  {p.rule} {p.sheet} row {p.row} {p.column} {p.value!r}"
                                          for p in r.problems if p.severity.value == "error"][:5], sep="\n")
        warnings = Counter(p.rule for r in results for p in r.problems if p.severity.value == "warning")
        load_after_ours = os.getloadavg()
        peer, peer_cpu, peer_rows = pandas_baseline(files, peer_url)
        single_files = sorted(single_dir.glob("*.xlsx"))
        single_rows = [data_rows(p) for p in single_files]
        single = single_uploads(single_files, args.year)
        largest = max(files, key=lambda p: rows_in_files[p])
        peak = heap_peak(largest, args.year)

        print(f"files:            {len(files)} ({len(rejected)} rejected), "
              f"{Submission.objects.filter(is_current=True, period__year=args.year).count()} current submissions")
        print(f"rows:             {total_rows:,} in the files, {sum(stored.values()):,} stored "
              f"({', '.join(f'{k} {v:,}' for k, v in sorted(stored.items(), key=lambda kv: -kv[1]) if v)})")
        print(f"warnings:         {sum(warnings.values()):,} accepted as --accept-warnings does "
              f"({', '.join(f'{k} {v:,}' for k, v in warnings.most_common())})")
        print(f"ingest:           {seconds:.2f} s, {total_rows / seconds:,.0f} rows/s, CPU {cpu:.2f} s "
              f"({'; '.join(f'{k} {phases.seconds[k]:.2f} s, CPU {phases.cpu[k]:.2f} s' for k in phases.seconds)})")
        print(f"peak RSS:         {rss_kib / 1024:.0f} MiB (whole process: Django, registry index, all files)")
        print(f"tracemalloc peak: {peak / 2**20:.1f} MiB (one upload: {largest.name}, {rows_in_files[largest]:,} rows)")
        print(f"raw read:         {raw:.2f} s, CPU {raw_cpu:.2f} s (python-calamine, every sheet; median of "
              f"{', '.join(f'{w:.2f}' for w, _ in raw_runs)})")
        print(f"ratio:            {seconds / raw:.1f} wall, {cpu / raw_cpu:.1f} CPU (ours ÷ raw read; goal ≤ 10: "
              f"{verdict(seconds / raw <= 10)} wall, {verdict(cpu / raw_cpu <= 10)} CPU)")
        print(f"pandas baseline:  {peer:.2f} s, CPU {peer_cpu:.2f} s, {total_rows / peer:,.0f} rows/s "
              f"(read_excel calamine + to_sql, every sheet, {peer_rows:,} sheet rows, no validation)")
        print(f"vs baseline:      {seconds / peer:.2f} wall, {cpu / peer_cpu:.2f} CPU (ours ÷ pandas; goal < 1: "
              f"{verdict(seconds < peer)} wall, {verdict(cpu < peer_cpu)} CPU)")
        print(f"one HEI upload:   {statistics.median(w for w, _ in single):.2f} s median, CPU "
              f"{statistics.median(c for _, c in single):.2f} s ({', '.join(f'{w:.2f}' for w, _ in single)} s; "
              f"{', '.join(f'{n:,}' for n in single_rows)} rows, validated and stored into the loaded year; "
              f"goal ≤ 1 s: {verdict(statistics.median(w for w, _ in single) <= 1)} wall, "
              f"{verdict(statistics.median(c for _, c in single) <= 1)} CPU)")
        print(f"load average:     {load_after_ours[0]:.2f} after our ingest, {os.getloadavg()[0]:.2f} at the end "
              f"(2 cores; figures above 2 mean the machine was shared)")
        if args.profile:
            print(f"profile:          {args.profile}")
        ok = not rejected and sum(stored.values()) == total_rows
        if not ok:
            print("FAILED: not every file was accepted or not every row was stored", file=sys.stderr)
        return 0 if ok else 1
    finally:
        connections.close_all()
        if created_pg and not args.keep:
            drop_postgres(admin, urlsplit(args.database_url).path.lstrip("/"))
        if args.database_url and not args.keep:
            drop_postgres(admin, urlsplit(args.database_url).path.lstrip("/") + "_pandas")
        if not args.workdir and not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
