"""`intlmon registry search TEXT [--kind K] [--limit N] [--format json]`, `intlmon registry show ID [--kind K]`.

Search lists HEIs, foreign partners and countries whose names, acronyms, ids or aliases contain the
text (any script); show prints one entry whole: names in every language, acronyms, aliases, category
per year, country and region. An id that is not in the registry exits 1.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext_lazy

from intlmon.registry.search import KINDS, describe, search

LABELS = {
    "name": pgettext_lazy("registry", "name"),
    "acronyms": pgettext_lazy("registry", "acronyms"),
    "kind": pgettext_lazy("registry", "kind"),
    "category": pgettext_lazy("registry", "category"),
    "city": pgettext_lazy("registry", "city"),
    "country": pgettext_lazy("registry", "country"),
    "region": pgettext_lazy("registry", "region"),
    "aliases": pgettext_lazy("registry", "aliases"),
}


class Command(BaseCommand):
    help = "Find registry ids by name (search) and show an HEI, foreign partner or country (show)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="search|show")
        find = sub.add_parser("search", help="entries whose names contain TEXT")
        find.add_argument("text")
        find.add_argument("--limit", type=int, default=20)
        show = sub.add_parser("show", help="one entry with all its names, aliases, category and region")
        show.add_argument("id")
        for p in (find, show):
            p.add_argument("--kind", choices=KINDS)
            p.add_argument("--lang", choices=["kk", "ru", "en"], help="language of names and messages")
            p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, kind=None, lang=None, format="text", **options):
        lang = lang or translation.get_language() or "ru"
        with translation.override(lang):
            if action == "search":
                self.search(options["text"], kind, lang, options["limit"], format)
            else:
                self.show(options["id"], kind, lang, format)

    def search(self, text, kind, lang, limit, format):
        hits = search(text, (kind,) if kind else KINDS, lang=lang, limit=limit)
        if format == "json":
            self.stdout.write(json.dumps([h.as_dict() for h in hits], ensure_ascii=False, indent=2))
            return
        if not hits:
            raise CommandError(_("nothing in the registry matches '%(text)s'") % {"text": text}, returncode=1)
        width = max(len(h.id) for h in hits)
        for h in hits:
            also = "" if h.matched in (h.name, h.id) else f"  ← {h.matched}"
            self.stdout.write(f"{h.kind:<12} {h.id:<{width}}  {h.name}{also}")

    def show(self, entity_id, kind, lang, format):
        entries = describe(entity_id, kind, lang)
        if not entries:
            raise CommandError(_("'%(id)s' is not a registry id; find one with `intlmon registry search NAME`") % {
                "id": entity_id}, returncode=1)
        if format == "json":
            self.stdout.write(json.dumps([e.as_dict() for e in entries], ensure_ascii=False, indent=2))
            return
        for n, e in enumerate(entries):
            if n:
                self.stdout.write("")
            self.write_entry(e)

    def write_entry(self, e):
        out = self.stdout.write
        out(f"{e.id}  ({e.kind})")
        for code, name in e.names.items():
            if name:
                out(f"  {LABELS['name']} [{code}]: {name}")
        if e.acronyms:
            out(f"  {LABELS['acronyms']}: {', '.join(e.acronyms)}")
        if e.organisation_kind:
            out(f"  {LABELS['kind']}: {e.organisation_kind}")
        if e.category:
            out(f"  {LABELS['category']}: " + ", ".join(f"{year}: {cat}" for year, cat in e.category.items()))
        if e.city:
            out(f"  {LABELS['city']}: {e.city}")
        if e.country and e.kind != "country":
            out(f"  {LABELS['country']}: {e.country}")
        if e.region:
            out(f"  {LABELS['region']}: {e.region}")
        if e.ror_id:
            out(f"  ROR: {e.ror_id}")
        if e.aliases:
            out(f"  {LABELS['aliases']} ({len(e.aliases)}):")
            for a in e.aliases:
                extra = f" [{a['country_raw']}]" if a.get("country_raw") else ""
                out(f"    {a['raw']}{extra}")
