"""`intlmon partnerships list|show ID|assess --year Y|load|collect --year Y|rankings import FILE.csv`.

- `list` — the register: key, model, status, Kazakh HEIs, foreign partners;
- `show ID` — one partnership whole (ID = its key or number);
- `assess --year Y` — every partnership against every criterion: met / not met / no evidence / not
  applicable, with the evidence (`--format json`: the one machine shape, `partnerships.assess.as_json`,
  plus the national summary);
- `load [--file F] [--rankings R]` — the demo register from data/partnerships (idempotent; `make demo`);
- `collect --year Y` — the counted workbook rows of the "Strategic partnerships" sheet into the register;
- `rankings import FILE.csv` — ranking positions with their source URL (rejected whole on any problem).

Exit 0 ok, 1 rejected input or unknown ID, 2 usage error.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext as _

from intlmon.partnerships import assess as scoring
from intlmon.partnerships.criteria import BY_ID
from intlmon.partnerships.loading import Rejected, import_rankings, load_partnerships
from intlmon.partnerships.models import Partnership


def data_dir() -> Path:
    return settings.DATA_DIR / "partnerships"


class Command(BaseCommand):
    help = "The register of strategic partnerships and their assessment against the Ministry's recommendations."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="list|show|assess|load|collect|rankings")
        listing = sub.add_parser("list", help="the partnerships in the register")
        show = sub.add_parser("show", help="one partnership whole")
        show.add_argument("id", help="the partnership's key or number")
        assess = sub.add_parser("assess", help="every partnership against every criterion")
        assess.add_argument("--year", type=int, required=True)
        assess.add_argument("--partnership", help="only this partnership (key or number)")
        load = sub.add_parser("load", help="load the register and rankings from data/partnerships")
        load.add_argument("--file", type=Path, help="partnerships JSON (default data/partnerships/partnerships.json)")
        load.add_argument("--rankings", type=Path, help="rankings CSV (default data/partnerships/rankings.csv)")
        collect = sub.add_parser("collect", help="the counted workbook rows of the partnerships sheet into the register")
        collect.add_argument("--year", type=int, required=True)
        rankings = sub.add_parser("rankings", help="ranking positions of partners")
        rsub = rankings.add_subparsers(dest="rankings_action", required=True, metavar="import")
        imp = rsub.add_parser("import", help="import ranking positions from a CSV (with source URLs)")
        imp.add_argument("file", type=Path)
        for p in (listing, show, assess, load, collect, imp):
            p.add_argument("--lang", choices=["kk", "ru", "en"], help="language of labels and messages")
            p.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, action, lang=None, format="text", **options):
        lang = lang or translation.get_language() or "ru"
        with translation.override(lang):
            try:
                getattr(self, f"do_{action}")(lang=lang, format=format, **options)
            except Rejected as exc:
                raise CommandError(_("rejected, nothing was changed:") + "\n  " + "\n  ".join(exc.problems),
                                   returncode=1) from exc

    # -- output ----------------------------------------------------------------------------------------------
    def emit(self, data, format, lines):
        if format == "json":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str))
        else:
            for line in lines():
                self.stdout.write(line)

    def find(self, ident: str) -> Partnership:
        q = Q(key=ident) | (Q(pk=int(ident)) if ident.isdigit() else Q())
        found = scoring.partnerships().filter(q).first()
        if found is None:
            raise CommandError(_("no partnership '%(id)s' (see `intlmon partnerships list`)") % {"id": ident},
                               returncode=1)
        return found

    # -- actions ---------------------------------------------------------------------------------------------
    def do_list(self, lang, format, **options):
        items = list(scoring.partnerships())
        data = [scoring.register_json(p) for p in items]

        def lines():
            for p in items:
                heis = ", ".join(sorted(p.institutions.values_list("pk", flat=True))) or "—"
                partners = "; ".join(str(x) for x in p.partners.all()) or "—"
                status = p.get_status_display() if p.status else _("status not stated")
                yield f"{p.pk:>3}  {p.key:<32} {scoring.model_label(p.model)} · {status} · {heis} · {partners}"
            yield _("partnerships: %(n)s") % {"n": len(items)}

        self.emit(data, format, lines)

    def do_show(self, lang, format, id, **options):
        p = self.find(id)

        def lines():
            data = scoring.register_json(p)
            yield f"{p.name}"
            yield "  " + _("partnership model") + f": {scoring.model_label(p.model)}"
            for name, value in data.items():
                if name in ("name", "model", "id") or value in (None, "", [], {}, False):
                    continue
                yield f"  {name}: {json.dumps(value, ensure_ascii=False, default=str)}"

        self.emit(scoring.register_json(p), format, lines)

    def do_assess(self, lang, format, year, partnership=None, **options):
        qs = scoring.partnerships()
        if partnership:
            qs = qs.filter(pk=self.find(partnership).pk)
        cards = scoring.assess_all(year, qs)
        summary = scoring.summary(cards)
        data = {"year": year, "criteria": list(BY_ID), "summary": summary,
                "partnerships": [scoring.as_json(c) for c in cards]}

        def lines():
            for card in cards:
                p = card.partnership
                yield f"{p.key} — {p.name} ({scoring.model_label(p.model)})"
                for criterion, outcome in card.results:
                    yield f"  [{scoring.state_label(outcome.state)}] {criterion.id}: {criterion.text[lang]}"
                    for item in outcome.evidence:
                        yield f"      {scoring.describe(item, lang)}"
                yield ""
            yield _("partnerships assessed for %(year)s: %(n)s") % {"n": len(cards), "year": year}

        self.emit(data, format, lines)

    def do_load(self, lang, format, file=None, rankings=None, **options):
        base = data_dir()
        done = {"partnerships": load_partnerships(file or base / "partnerships.json"),
                "rankings": import_rankings(rankings or base / "rankings.csv")}
        self.emit(done, format, lambda: [
            _("partnerships: %(created)s created, %(updated)s updated") % done["partnerships"],
            _("ranking positions: %(created)s created, %(updated)s updated") % done["rankings"]])

    def do_collect(self, lang, format, year, **options):
        out = scoring_collect(year)
        data = {"created": out.created, "updated": out.updated, "conflicts": out.conflicts,
                "unresolved": out.unresolved}

        def lines():
            yield _("%(created)s created, %(updated)s updated") % {"created": len(out.created),
                                                                   "updated": len(out.updated)}
            for c in out.conflicts:
                yield _("conflict (the register's value kept): %(c)s") % {"c": c}
            for u in out.unresolved:
                yield _("left out, partner not resolved: %(u)s") % {"u": u}

        self.emit(data, format, lines)

    def do_rankings(self, lang, format, file, **options):
        if not file.exists():
            raise CommandError(_("%(file)s: no such file") % {"file": file}, returncode=1)
        done = import_rankings(file)
        self.emit(done, format, lambda: [_("ranking positions: %(created)s created, %(updated)s updated") % done])


def scoring_collect(year):
    from intlmon.partnerships.collect import collect

    return collect(year)
