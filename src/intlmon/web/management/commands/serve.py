"""`intlmon serve [--port P] [--host H] [--workers N]`: the portal under gunicorn, static files by WhiteNoise.

The production server, against whatever database the settings name (`DATABASE_URL`). Under production
settings (`INTLMON_PRODUCTION=1`) the static files are first collected (hashed and compressed) into
var/static, so an install needs no separate step; elsewhere WhiteNoise serves them from the apps.
gunicorn replaces this process (exec), so signals and exit status are gunicorn's own. The page cache and the
generated downloads are cleared first (a new release may draw them differently; analytics/stamp.py), and
`intlmon warm` runs beside gunicorn's start to fill them again (`start_warming`). Each
worker keeps its database connection for 5 minutes between requests (`INTLMON_DB_CONN_MAX_AGE`, checked
before reuse): a sync worker serves one request at a time, and a new PostgreSQL connection per request cost
more CPU than most pages.

gunicorn runs `intlmon.web.serving:application` with `--preload`: the master imports the portal once and
prepares what every worker needs (views imported, URL resolvers and translation catalogues of each
language, templates compiled, the OpenAPI schema built in each language), closes its database
connections, and forks the workers from that process — no worker pays ~2 s of CPU for its first page or
0.3 s for a language's first schema (web/serving.py). A code change needs a restart (not a HUP).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from intlmon.analytics import stamp
from intlmon.web import generated_files


class Command(BaseCommand):
    help = "Run the portal with gunicorn (production server); static files served by WhiteNoise."

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--host", default="127.0.0.1",
                            help="address to listen on (default 127.0.0.1: put a TLS proxy in front)")
        parser.add_argument("--workers", type=int, default=3, help="gunicorn worker processes (default 3)")

    def handle(self, *args, port, host, workers, **options):
        if not 0 < port < 65536 or workers < 1:
            raise CommandError(_("--port must be 1–65535 and --workers at least 1"), returncode=2)
        if settings.STATIC_ROOT:
            call_command("collectstatic", interactive=False, verbosity=0)
        stamp.clear()  # cached pages were drawn by the previous release's templates (docs/portal.md)
        shutil.rmtree(generated_files.root(), ignore_errors=True)
        if not _importable("gunicorn"):
            raise CommandError(_("gunicorn is not installed: run `make install`"))
        # each worker keeps its database connection between requests (settings.py, INTLMON_DB_CONN_MAX_AGE)
        os.environ.setdefault("INTLMON_DB_CONN_MAX_AGE", "300")
        argv = [sys.executable, "-m", "gunicorn", "intlmon.web.serving:application", "--preload", "--bind",
                f"{host}:{port}", "--workers", str(workers), "--timeout", "120", "--access-logfile", "-",
                "--no-control-socket"]
        self.stdout.write(_("intlmon portal on http://%(host)s:%(port)s/ (database: %(db)s)")
                          % {"host": host, "port": port, "db": settings.DATABASES["default"]["NAME"]})
        self.stdout.flush()
        start_warming()
        os.execv(sys.executable, argv)


def start_warming() -> None:
    """`intlmon warm` in a process of its own at low priority, beside gunicorn's start: the cache was just
    cleared, and the overview of the latest year computes every year held (~18 s on the 1,000-HEI database),
    which the first visitor would otherwise wait for. It fills the file cache every worker reads; a visitor
    who comes first computes what he needs himself, as without it. Off with `INTLMON_DASHBOARD_WARM=0`.
    A child of this process, which gunicorn's master replaces: it is stopped when the master ends (Linux's
    parent-death signal), so an old release's warming never writes pages after a new release cleared them."""
    if os.environ.get("INTLMON_DASHBOARD_WARM", "1") == "0":
        return
    subprocess.Popen(["nice", "-n", "10", sys.executable, "-m", "intlmon.cli", "warm"], stdin=subprocess.DEVNULL,
                     preexec_fn=_stop_with_parent)


def _stop_with_parent() -> None:
    """In the child before exec: SIGTERM when the parent (gunicorn's master) ends (prctl PR_SET_PDEATHSIG)."""
    import ctypes
    import signal

    ctypes.CDLL(None, use_errno=True).prctl(1, int(signal.SIGTERM))  # 1 = PR_SET_PDEATHSIG


def _importable(name: str) -> bool:
    import importlib.util

    return importlib.util.find_spec(name) is not None
