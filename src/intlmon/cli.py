"""The `intlmon` command: intlmon's own management commands, grouped by task, from any folder.

- `intlmon` / `intlmon --help` lists intlmon's commands by task; Django's own commands (shell,
  createsuperuser, makemigrations …) stay reachable as `intlmon django COMMAND …`.
- The database is the configured one wherever the command runs: without `DATABASE_URL` or
  `INTLMON_VAR_DIR`, a source checkout uses its own `var/` (not `./var` of the current folder).
- Before a command that reads the database runs, the database is looked at without creating it: a
  missing file, an empty or out-of-date schema, or a server that does not answer is one line naming the
  database and what to run, never an empty `var/intlmon.sqlite3` left behind nor a traceback.

Exit codes: 0 success, 1 rejected input (CommandError, a database that is not ready), 2 usage error
(argparse, an unknown command). Subcommands with dashes (`load-registry`) map to modules with underscores.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

SOURCE_CHECKOUT = Path(__file__).resolve().parents[2]


# Django is not imported by this module's import (#17, eighth session): `intlmon report` forks its workers
# (`reports/ahead.py`) before anything of Django is loaded, the `django` package alone costing ~0.1 s of CPU
# (its version module imports subprocess, datetime …) and its translation module ~0.1 s more. These helpers
# translate when called, with Django's catalogues; their names are the ones `makemessages` looks for.
def _(message: str) -> str:
    from django.utils.translation import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, number: int) -> str:
    from django.utils.translation import ngettext as translate

    return translate(singular, plural, number)


def pgettext(context: str, message: str) -> str:
    from django.utils.translation import pgettext as translate

    return translate(context, message)


class _Later(tuple):
    """A message marked for the catalogue at import and translated when shown (`str()`), like Django's
    `gettext_lazy`, without importing Django to build it."""

    def __str__(self) -> str:
        context, message = self
        return _(message) if context is None else pgettext(context, message)


def gettext_lazy(message: str) -> _Later:
    return _Later((None, message))


def pgettext_lazy(context: str, message: str) -> _Later:
    return _Later((context, message))

# intlmon's commands by task, in the order a newcomer meets them. A command missing here is still
# listed (under "Other"), so a new command never hides; `runserver` is Django's but a user's command.
GROUPS = [
    (pgettext_lazy("cli", "Set up"), [
        ("migrate", gettext_lazy("create or upgrade the database schema")),
        ("load-registry", gettext_lazy("load countries, HEIs, partners and their aliases from data/")),
        ("demo", gettext_lazy("what is loaded and produced, and where")),
    ]),
    (pgettext_lazy("cli", "Registry and names"), [
        ("registry", gettext_lazy("search the registry by name; show an HEI, partner or country")),
        ("review", gettext_lazy("work the name-review queue: confirm, reject, register a new partner")),
        ("resolve", gettext_lazy("reconcile a CSV of names with the registry")),
    ]),
    (pgettext_lazy("cli", "Collection"), [
        ("template", gettext_lazy("the Excel workbook an HEI fills in")),
        ("ingest", gettext_lazy("check and store an HEI's workbook")),
        ("submission", gettext_lazy("the approval workflow of submitted versions")),
        ("import-tables", gettext_lazy("import consolidated tables of earlier years")),
    ]),
    (pgettext_lazy("cli", "Analysis and quality"), [
        ("stats", gettext_lazy("every declared statistic with its values and sources")),
        ("audit", gettext_lazy("the data-quality audit of a year")),
        ("explain", gettext_lazy("explain, list or withdraw explanations of audit findings")),
        ("composite", gettext_lazy("a composite indicator in COINr's terms: COINr's steps on COINr-shaped CSV "
                                   "files")),
        ("index", gettext_lazy("the internationalisation index of a year: score, rank and rank band per HEI")),
    ]),
    (pgettext_lazy("cli", "Reports"), [
        ("report", gettext_lazy("the national report, a country note, an HEI profile")),
        ("export", gettext_lazy("the open-data package of a year (Frictionless Data Package, CC BY 4.0)")),
        ("partnerships", gettext_lazy("strategic partnerships: the register, partners' rankings and the assessment "
                                      "against the Ministry's recommendations")),
    ]),
    (pgettext_lazy("cli", "Web"), [
        ("serve", gettext_lazy("the portal: production server (gunicorn), static files served by the app")),
        ("user", gettext_lazy("portal users: add one with a role, list them, create the demo users, issue API "
                                  "tokens")),
        ("runserver", gettext_lazy("the development web server")),
    ]),
]
# Commands that may run on a database that does not exist yet (they create or fill it) or need none.
NO_DATABASE_CHECK = {"migrate", "runserver", "help", "version", "composite"}
# Commands that mean nothing on a migrated database without the registry (HEIs, countries, partners).
NEEDS_REGISTRY = {"ingest", "template", "import_tables", "registry"}


def main(argv: list[str] | None = None) -> int:
    script = argv is None  # run as the `intlmon` program (not called in-process, e.g. by the tests)
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["report"]:  # its worker processes start their imports now, beside Django's (#17)
        if script:
            _end_without_teardown()
        from intlmon.reports.ahead import start

        start(argv[1:])
    code = _main(argv, admin=not (script and argv[:1] == ["report"]))
    if script and argv[:1] == ["report"]:
        global _report_code
        _report_code = code
    return code


def _main(argv: list[str], admin: bool = True) -> int:
    configure()
    import django

    if admin:
        django.setup()
    else:
        _setup_without_admin_modules()

    if not argv or argv[0] in ("-h", "--help", "help") and len(argv) == 1:
        sys.stdout.write(overview())
        return 0
    if argv[0] == "help":  # `intlmon help report` = `intlmon report --help`
        argv = [argv[1], "--help"]
    if argv[0] == "django":
        return run(argv[1:] or ["help"])
    name = argv[0].replace("-", "_")
    app = commands().get(name)
    if app is None:  # Django's own commands are still run when named directly; --help does not list them
        sys.stderr.write(_("unknown command '%(name)s'; `intlmon --help` lists the commands") % {"name": argv[0]} + "\n")
        return 2
    usage = usage_error(app, name, argv[1:])  # a mistyped option is a usage error (2), whatever the database
    if usage is not None:
        return usage
    if name == "migrate":  # the one command that may create the database (its folder, for SQLite)
        from django.db import connection

        if connection.vendor == "sqlite" and not _in_memory(str(connection.settings_dict["NAME"])):
            Path(connection.settings_dict["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    elif name not in NO_DATABASE_CHECK:
        problem = database_problem(quick=name == "report") or (registry_problem() if name in NEEDS_REGISTRY else None)
        if problem:
            sys.stderr.write(problem + "\n")
            return 1
    return run([name, *argv[1:]], own=app.startswith("intlmon."))


_report_code: int | None = None  # the exit status of a report run as the `intlmon` program, once known


def _end_without_teardown() -> None:
    """End a report process as soon as its exit functions have run, skipping the interpreter's teardown (#17).

    A report's process holds ~90,000 objects of Django, WeasyPrint and the documents; tearing its modules down
    costs CPU that a one-format note (a second or so in all) notices, and nothing in it is needed: by then the
    files are written and closed, the worker processes stopped and waited for (`workers.close`, an exit
    function), and the exit functions registered after this one — every one but the logging's — have run
    (they run last registered first). What is left is done here: the logging's handlers and the standard
    streams flushed, the database connections closed, then `os._exit` with the command's status. Registered
    only when `intlmon` runs as a program, first thing, so that it runs last; it ends nothing when the
    command raised (no status recorded): the interpreter then reports and ends as usual."""
    import atexit

    def end() -> None:
        if _report_code is None:
            return
        import logging

        from django.db import connections

        connections.close_all()
        logging.shutdown()
        code = _report_code
        for stream in (sys.stdout, sys.stderr):
            try:
                stream.flush()
            except (OSError, ValueError):  # a closed pipe: the status the interpreter gives when it cannot flush
                code = code or 120
        os._exit(code)

    atexit.register(end)


def _setup_without_admin_modules() -> None:
    """`django.setup()` without importing each app's admin module (#17, eighth session): a report process never
    serves the admin site, and the admin's start (`AdminConfig.ready` → `admin.autodiscover`) imports every
    app's admin.py and what they import (the registry's name resolver, with RapidFuzz; the admin's forms and
    widgets): a sixth of the CPU of a one-format country note's process before its own work. The admin
    modules register model admins on the admin site (and what they import connects the name resolver's
    registry signals, which a report does not need), so the report is the same. Only for `intlmon report` run as a program (its process ends with the report)."""
    import django
    from django.contrib import admin

    discover = admin.autodiscover
    admin.autodiscover = lambda: None
    try:
        django.setup()
    finally:
        admin.autodiscover = discover


def configure() -> None:
    """Settings module and, unless configured otherwise, the source checkout's var/ as the database home."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "intlmon.settings")
    from django.conf import settings

    if settings.configured:  # already set up (in-process callers such as the tests)
        return
    if not os.environ.get("DATABASE_URL") and not os.environ.get("INTLMON_VAR_DIR"):
        if (SOURCE_CHECKOUT / "pyproject.toml").is_file():
            os.environ["INTLMON_VAR_DIR"] = str(SOURCE_CHECKOUT / "var")


def run(argv: list[str], own: bool = False) -> int:
    """Run a command. For intlmon's own commands a refusal (CommandError) is printed as its message
    alone, in the user's language: Django would put its English class name "CommandError: " before it.
    Django re-raises the error under --traceback instead of printing it, so that is how it reaches us."""
    from django.core.management import execute_from_command_line
    from django.core.management.base import CommandError
    from django.db import DatabaseError

    traceback = "--traceback" in argv
    if own and not traceback and argv:
        # right after the command's name: a command with sub-actions (`user add …`) hands everything
        # after the sub-action to the sub-action's parser, which does not know --traceback
        argv = [argv[0], "--traceback", *argv[1:]]
    try:
        execute_from_command_line(["intlmon", *argv])
    except CommandError as exc:
        if traceback or not own:
            raise
        sys.stderr.write(f"{exc}\n")
        return exc.returncode
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except DatabaseError as exc:
        if "--traceback" in argv:
            raise
        sys.stderr.write(_("database error on %(db)s: %(error)s (run with --traceback for details)") % {
            "db": database_name(), "error": first_line(exc)} + "\n")
        return 1
    return 0


def usage_error(app: str, name: str, args: list[str]) -> int | None:
    """Parse the arguments as the command will; the exit status when they are wrong (or --help was asked)."""
    from django.core.management import load_command_class

    command = load_command_class(app, name)
    command._called_from_command_line = True  # argparse errors exit 2 with the usage, not a CommandError
    try:
        command.create_parser("intlmon", name).parse_args(args)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return None


def commands() -> dict[str, str]:
    from django.core.management import get_commands

    return get_commands()


def our_commands() -> list[str]:
    """intlmon's own commands (dashed), the ones `--help` and the README must list."""
    return sorted(n.replace("_", "-") for n, app in commands().items() if app.startswith("intlmon."))


def overview() -> str:
    from django.core.management import load_command_class

    lines = [_("intlmon — monitoring of the international activity of universities"), "",
             _("Usage: intlmon COMMAND [options]; intlmon COMMAND --help for its options."), ""]
    available = {n.replace("_", "-") for n in commands()}
    listed = set()
    groups = [(str(title), [(n, str(d)) for n, d in members if n in available]) for title, members in GROUPS]
    others = []
    for name in our_commands():
        if not any(name == n for _t, members in GROUPS for n, _d in members):
            help_text = load_command_class(commands()[name.replace("-", "_")], name.replace("-", "_")).help
            others.append((name, help_text.split(". ")[0].rstrip(".")))
    if others:
        groups.append((pgettext("cli", "Other"), others))
    width = max(len(n) for _t, members in groups for n, _d in members)
    for title, members in groups:
        if not members:
            continue
        lines.append(f"{title}:")
        for name, description in members:
            listed.add(name)
            lines.append(f"  {name:<{width}}  {description}")
        lines.append("")
    lines += [
        _("Django's own commands (shell, createsuperuser, makemigrations, …): intlmon django help"),
        _("Database: %(db)s (set DATABASE_URL or INTLMON_VAR_DIR to use another)") % {"db": database_name()},
        _("Exit status: 0 success, 1 rejected input, 2 usage error."),
    ]
    return "\n".join(lines) + "\n"


# -- the database, looked at before a command uses it ----------------------------------------------

def database_name() -> str:
    """The database as a person would recognise it: the SQLite file, or the server URL without password."""
    from django.db import connection

    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return str(s["NAME"])
    host = f"{s.get('HOST') or 'localhost'}:{s.get('PORT') or ''}".rstrip(":")
    return f"{connection.vendor}://{s.get('USER') or ''}@{host}/{s['NAME']}"


def first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


_ready: set[str] = set()  # databases found ready in this process (in-process callers run many commands)


def database_problem(quick: bool = False) -> str | None:
    """One line when the configured database cannot serve a command, else None. Creates nothing.

    `quick` (a report, #17): when every migration file of every app is recorded as applied, the database is up
    to date and nothing more is read; otherwise the full check below says how many are pending. The full check
    loads every migration module and builds their graph (~0.05-0.07 s of CPU, a twentieth of a one-format
    country note) to reach the same answer."""
    from django.db import DatabaseError, connection

    name = database_name()
    if name in _ready:
        return None
    setup = _("run `intlmon migrate` and `intlmon load-registry` (or `make demo` in the project folder)")
    if connection.vendor == "sqlite" and not _in_memory(str(connection.settings_dict["NAME"])):
        path = Path(connection.settings_dict["NAME"])
        if not path.is_file() or path.stat().st_size == 0:
            return _("no database at %(db)s: %(setup)s; or set DATABASE_URL or INTLMON_VAR_DIR to the one you use") % {
                "db": name, "setup": setup}
    try:
        tables = connection.introspection.table_names()
        if "django_migrations" not in tables:
            return _("the database %(db)s is empty: %(setup)s") % {"db": name, "setup": setup}
        if quick and every_migration_file_recorded(connection):
            _ready.add(name)
            return None
        from django.db.migrations.executor import MigrationExecutor

        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        return _("cannot use the database %(db)s: %(error)s") % {"db": name, "error": first_line(exc)}
    if pending:
        return ngettext("the database %(db)s is not up to date (%(count)d migration not applied): run `intlmon migrate`",
                        "the database %(db)s is not up to date (%(count)d migrations not applied): run `intlmon migrate`",
                        len(pending)) % {"db": name, "count": len(pending)}
    _ready.add(name)
    return None


def every_migration_file_recorded(connection) -> bool:
    """Whether each app's migration files (found as Django's loader finds them: the modules of its migrations
    package, or of `MIGRATION_MODULES`) are all recorded in `django_migrations`, read without importing them.
    True means no migration is pending: every node of the loader's graph is one of these files. False (a file
    not recorded, e.g. a squashed migration recorded by the ones it replaces) says nothing: ask the loader."""
    import importlib.util
    import pkgutil

    from django.apps import apps
    from django.conf import settings

    with connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        recorded = set(cursor.fetchall())
    for config in apps.get_app_configs():
        module = settings.MIGRATION_MODULES.get(config.label, f"{config.name}.migrations")
        if module is None:  # migrations turned off for that app
            continue
        try:
            spec = importlib.util.find_spec(module)
        except ModuleNotFoundError:  # MIGRATION_MODULES naming a package that does not exist: the loader decides
            return False
        if spec is None or not spec.submodule_search_locations:  # an app without migrations
            continue
        for _finder, file, is_package in pkgutil.iter_modules(spec.submodule_search_locations):
            if not is_package and file[0] not in "_~" and (config.label, file) not in recorded:
                return False
    return True


def registry_problem() -> str | None:
    """One line when the database has no registry loaded (a fresh `intlmon migrate` without load-registry)."""
    from intlmon.registry.models import Country, Institution

    if Country.objects.exists() or Institution.objects.exists():
        return None
    return _("the database %(db)s has no registry loaded: run `intlmon load-registry`") % {"db": database_name()}


def _in_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


if __name__ == "__main__":
    sys.exit(main())
