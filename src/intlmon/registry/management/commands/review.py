"""`intlmon review list|confirm|reject|new`: work the name-review queue.

    intlmon review list [--kind K] [--all] [--format json]      open items, the most used first
    intlmon review confirm ITEM ID --actor NAME                 ITEM's text means registry entry ID
    intlmon review reject ITEM ID --actor NAME                  ITEM's text does not mean ID (never offered again)
    intlmon review new ITEM --actor NAME [--id SLUG] [--name-en T] [--name-ru T] [--country CC] [--kind K]
                                                               register a new foreign partner from ITEM's text

A confirmed text resolves at once in the next upload (an alias is stored). An unknown item, a closed
item or an id that is not in the registry exits 1 and changes nothing.
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from intlmon.registry import resolve as resolver
from intlmon.registry.models import Country, ForeignOrganisation, Institution, ReviewItem
from intlmon.registry.partners import RegistrationRefused, register_from_review

TARGETS = {
    ReviewItem.Kind.INSTITUTION: Institution,
    ReviewItem.Kind.ORGANISATION: ForeignOrganisation,
    ReviewItem.Kind.COUNTRY: Country,
}


class Command(BaseCommand):
    help = "Work the name-review queue: list it, confirm or reject a candidate, register a new foreign partner."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="list|confirm|reject|new")
        listing = sub.add_parser("list", help="open items, the most used first")
        listing.add_argument("--kind", choices=ReviewItem.Kind.values)
        listing.add_argument("--all", dest="include_closed", action="store_true", help="closed items too")
        listing.add_argument("--limit", type=int, default=50)
        listing.add_argument("--format", choices=["text", "json"], default="text")
        for name, text in (("confirm", "the item's text means registry entry ID"),
                           ("reject", "the item's text does not mean ID")):
            p = sub.add_parser(name, help=text)
            p.add_argument("item", type=int)
            p.add_argument("target", metavar="ID")
            p.add_argument("--actor", required=True, help="who decides (kept with the decision)")
        new = sub.add_parser("new", help="register a new foreign partner from the item's text")
        new.add_argument("item", type=int)
        new.add_argument("--actor", required=True)
        new.add_argument("--id", dest="organisation_id", default="", help="registry id (default: from the name)")
        new.add_argument("--name-en", default="")
        new.add_argument("--name-ru", default="")
        new.add_argument("--name-local", default="")
        new.add_argument("--country", default="", help="ISO alpha-2 (default: the country cell that came with the name)")
        new.add_argument("--kind", dest="organisation_kind", default=ForeignOrganisation.Kind.UNIVERSITY,
                         choices=ForeignOrganisation.Kind.values)
        new.add_argument("--ror", default="", help="ROR id (https://ror.org/…)")
        for p in (listing, *[sub.choices[n] for n in ("confirm", "reject", "new")]):
            p.add_argument("--lang", choices=["kk", "ru", "en"], help="language of the messages")

    def handle(self, *args, action, lang=None, **options):
        with translation.override(lang or translation.get_language()):
            getattr(self, f"do_{action}")(**options)

    # -- actions ------------------------------------------------------------------------------------
    def do_list(self, kind=None, include_closed=False, limit=50, format="text", **_options):
        qs = ReviewItem.objects.all() if include_closed else resolver.review_queue()
        if kind:
            qs = qs.filter(kind=kind)
        items = list(qs.order_by("-records", "raw")[:limit] if limit else qs.order_by("-records", "raw"))
        if format == "json":
            self.stdout.write(json.dumps([self.as_dict(i) for i in items], ensure_ascii=False, indent=2))
            return
        if not items:
            self.stdout.write(_("The review queue is empty."))
            return
        for i in items:
            where = f" [{i.context}]" if i.context else ""
            status = "" if i.status == ReviewItem.Status.OPEN else f" ({i.get_status_display()})"
            self.stdout.write(f"{i.pk:>5}  {i.kind:<12} {i.records:>4}×  {i.raw}{where}{status}")
            for c in i.candidates[:3]:
                self.stdout.write(f"{'':>7}→ {c.get('id')}  {c.get('score', 0):.2f}  {c.get('reason', '')}")
        self.stdout.write(_("confirm: intlmon review confirm ITEM ID --actor NAME; a new partner: "
                            "intlmon review new ITEM --actor NAME"))

    def do_confirm(self, item, target, actor, **_options):
        review_item = self.open_item(item)
        self.existing_target(review_item, target)
        resolver.confirm(review_item, self.target_id(review_item, target), user=actor)
        self.stdout.write(_("'%(raw)s' now resolves to %(id)s") % {"raw": review_item.raw, "id": review_item.resolved_id})

    def do_reject(self, item, target, actor, **_options):
        review_item = self.open_item(item)
        self.existing_target(review_item, target)
        resolver.reject(review_item, self.target_id(review_item, target), user=actor)
        review_item.refresh_from_db()
        if review_item.status == ReviewItem.Status.REJECTED:
            self.stdout.write(_("'%(raw)s' is not %(id)s; no candidate is left, the item is closed") % {
                "raw": review_item.raw, "id": target})
        else:
            self.stdout.write(_("'%(raw)s' is not %(id)s; it will not be offered again") % {
                "raw": review_item.raw, "id": target})

    def do_new(self, item, actor, organisation_id="", name_en="", name_ru="", name_local="", country="",
               organisation_kind=ForeignOrganisation.Kind.UNIVERSITY, ror="", **_options):
        review_item = self.open_item(item)
        try:
            organisation = register_from_review(
                review_item, user=actor, organisation_id=organisation_id, name_en=name_en, name_ru=name_ru,
                name_local=name_local, country=country, kind=organisation_kind, ror_id=ror)
        except RegistrationRefused as exc:
            raise CommandError(str(exc), returncode=1) from exc
        self.stdout.write(_("registered %(id)s (%(name)s, %(country)s); '%(raw)s' now resolves to it") % {
            "id": organisation.pk, "name": organisation.display_name(), "country": organisation.country_id or "-",
            "raw": review_item.raw})

    # -- helpers ------------------------------------------------------------------------------------
    def open_item(self, pk: int) -> ReviewItem:
        item = ReviewItem.objects.filter(pk=pk).first()
        if item is None:
            raise CommandError(_("no review item %(id)s (see `intlmon review list`)") % {"id": pk}, returncode=1)
        if item.status != ReviewItem.Status.OPEN:
            raise CommandError(_("review item %(id)s is already closed (%(status)s)") % {
                "id": pk, "status": item.get_status_display()}, returncode=1)
        return item

    @staticmethod
    def target_id(item: ReviewItem, target: str) -> str:
        return target.upper() if item.kind == ReviewItem.Kind.COUNTRY else target

    def existing_target(self, item: ReviewItem, target: str) -> None:
        model = TARGETS[ReviewItem.Kind(item.kind)]
        if not model.objects.filter(pk=self.target_id(item, target)).exists():
            raise CommandError(_("'%(id)s' is not a %(kind)s in the registry; find one with "
                                 "`intlmon registry search NAME`") % {"id": target, "kind": item.get_kind_display()},
                               returncode=1)

    @staticmethod
    def as_dict(i: ReviewItem) -> dict:
        return {"id": i.pk, "kind": i.kind, "raw": i.raw, "context": i.context, "records": i.records,
                "status": i.status, "candidates": i.candidates, "rejected": i.rejected_ids,
                "resolved_id": i.resolved_id or None, "resolved_by": i.resolved_by or None}
