"""The WSGI application `intlmon serve` runs, prepared before gunicorn forks its workers (`--preload`).

Why: each worker paid on its first requests for what is the same in every process — importing the views
and what they import, the URL resolvers of each language, the translation catalogues, compiling the
templates, and the OpenAPI schema in three languages (300 ms a language, kept per process:
`api/schema.py`): about 2 s of CPU for a worker's first page and 0.3 s for each language's first
`/api/v1/schema/`, some of it inside benchmarks/web.py's timed window; the modules views import inside a
function (the country note and its renderers, WeasyPrint: ~0.3 s of a worker's first PDF) are imported too,
and the registry's name indexes are built (`registry.resolve.index_for`: ~1.3 s of a worker's first upload or
review; each worker still checks the registry's fingerprint every few seconds and rebuilds after a change). With `--preload` gunicorn imports
this module once in its master process, and every worker starts from a copy of the prepared process
(fork; the memory pages stay shared until written).

What must not cross the fork: database connections (a socket shared by two processes mixes their
queries) — `prepare` closes every connection it opened; and threads (a fork copies only the thread that
forks) — none is started here: the dashboards' warming thread (`web/dashboards/warm.py`) starts in a
worker, after an approval that worker served. Nothing request- or data-dependent is kept: the page cache
and its stamps are read per request as before.
"""

from __future__ import annotations

import importlib
import logging
import time
from pathlib import Path

from django.core.wsgi import get_wsgi_application

log = logging.getLogger(__name__)

application = get_wsgi_application()


#: modules the views import inside a function (the country note and its DOCX/PDF renderers)
_LAZY_IMPORTS = ("intlmon.reports.country", "intlmon.reports.html", "intlmon.reports.formats", "intlmon.reports.docx",
                 "intlmon.reports.pdf")


def _template_names() -> list[str]:
    """Every template of the project's apps (`<app>/templates/**`), by the name `get_template` takes."""
    from django.apps import apps

    names = []
    for config in apps.get_app_configs():
        if not config.name.startswith("intlmon"):
            continue
        root = Path(config.path) / "templates"
        if root.is_dir():
            names += sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.suffix in (".html", ".txt", ".xml"))
    return names


def prepare() -> dict[str, int]:
    """Import, resolve, compile and build what every worker needs, then close the database connections."""
    from django.conf import settings
    from django.db import connections
    from django.template.loader import get_template
    from django.urls import get_resolver, reverse
    from django.utils import translation

    from intlmon.api.schema import SchemaView
    from intlmon.registry import resolve
    from intlmon.registry.models import ReviewItem
    from intlmon.reports.pdf_writer import import_weasyprint

    started = time.process_time()
    languages = [code for code, _name in settings.LANGUAGES]
    resolver = get_resolver()
    try:
        for lang in languages:
            with translation.override(lang):  # the catalogues and the resolver's reverse tables are per language
                reverse("web:home")
                resolver.reverse_dict  # noqa: B018 — fills this language's table
        for module in _LAZY_IMPORTS:  # what views import inside a function, on their first use
            importlib.import_module(module)
        import_weasyprint()  # the country note's PDF: ~0.3 s of a worker's first PDF (no thread, no font loaded)
        templates = _template_names()
        for name in templates:
            get_template(name)
        schemas = SchemaView.prepare(languages)
        for kind in (ReviewItem.Kind.INSTITUTION, ReviewItem.Kind.ORGANISATION):
            resolve.index_for(kind)  # the name indexes of an upload's or a review's partner names (~1.3 s)
    finally:
        connections.close_all()
    done = {"languages": len(languages), "templates": len(templates), "schemas": schemas,
            "cpu_ms": round(1000 * (time.process_time() - started))}
    log.info("prepared before forking: %s", done)
    return done


prepared = prepare()
