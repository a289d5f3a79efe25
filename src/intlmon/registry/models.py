"""Registry: the things every record points at — countries, regions, fields, HEIs, partners, aliases.

Names exist in Kazakh, Russian and English; `display_name(lang)` picks one with a fallback so that a
missing translation shows another language rather than nothing.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class MultilingualName(models.Model):
    name_kk = models.CharField(_("name (Kazakh)"), max_length=300, blank=True)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)

    class Meta:
        abstract = True

    def display_name(self, lang: str | None = None) -> str:
        lang = (lang or get_language() or "ru")[:2]
        order = {"kk": ("kk", "ru", "en"), "ru": ("ru", "en", "kk"), "en": ("en", "ru", "kk")}.get(
            lang, ("en", "ru", "kk")
        )
        for code in order:
            value = getattr(self, f"name_{code}")
            if value:
                return value
        return str(self.pk)

    def __str__(self) -> str:
        return self.display_name()


class Region(MultilingualName):
    """A region of the monitoring (CIS, Asia, Europe, Africa, Americas, Oceania)."""

    code = models.SlugField(primary_key=True, max_length=20)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")


class Country(MultilingualName):
    code = models.CharField(_("ISO 3166-1 alpha-2"), primary_key=True, max_length=2)
    alpha3 = models.CharField(max_length=3, unique=True)
    numeric = models.CharField(max_length=3, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def region_for(self, year: int | None = None) -> Region | None:
        """The monitoring region of this country for a reporting year (mapping may change by period)."""
        return CountryRegion.region_of(self.code, year)


class CountryRegion(models.Model):
    """Which region a country is filed under, for a span of reporting years.

    The 2023 report files Turkey and Georgia under Europe; a later methodology may not. A row with
    empty years is the default; a row with years overrides it for those years.
    """

    country = models.ForeignKey(Country, on_delete=models.CASCADE, related_name="region_links")
    region = models.ForeignKey(Region, on_delete=models.PROTECT)
    year_from = models.PositiveSmallIntegerField(null=True, blank=True)
    year_to = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("country region")
        verbose_name_plural = _("country regions")
        constraints = [
            models.UniqueConstraint(fields=["country", "year_from", "year_to"], name="uniq_country_region_span")
        ]

    @classmethod
    def region_of(cls, code: str, year: int | None = None) -> Region | None:
        links = list(cls.objects.filter(country_id=code).select_related("region"))
        return pick_region(links, year)


def pick_region(links, year):
    """Most specific link covering the year wins; the open-ended default otherwise."""
    best = None
    for link in links:
        if year is not None and link.year_from is not None and year < link.year_from:
            continue
        if year is not None and link.year_to is not None and year > link.year_to:
            continue
        if year is None and (link.year_from is not None or link.year_to is not None):
            continue
        specific = link.year_from is not None or link.year_to is not None
        if best is None or specific:
            best = link
    return best.region if best else None


class CountryAlias(models.Model):
    """A spelling of a country cell as it arrives ('Ресей', 'ҚХР', 'Латвия, Рига').

    One spelling may name several countries ('США, Афганистан, Нигерия') or none: 'ЕО' marks a
    consortium and is kept with kind=consortium and no country.
    """

    class Kind(models.TextChoices):
        COUNTRY = "country", _("country")
        CONSORTIUM = "consortium", _("consortium, not a country")
        NOT_COUNTRY = "not_country", _("not a country")

    raw = models.CharField(max_length=300)
    key = models.CharField(max_length=300, unique=True, help_text=_("normalised form used for lookup"))
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COUNTRY)
    countries = models.ManyToManyField(Country, blank=True, related_name="aliases")
    source = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("country alias")
        verbose_name_plural = _("country aliases")

    def __str__(self) -> str:
        return self.raw


class FieldOfEducation(MultilingualName):
    """An area of the Kazakh classifier of training directions (01 … 12), mapped to ISCED-F 2013."""

    code = models.CharField(primary_key=True, max_length=2)
    isced_broad = models.CharField(_("ISCED-F 2013 broad field"), max_length=2)

    class Meta:
        ordering = ["code"]
        verbose_name = _("field of education")
        verbose_name_plural = _("fields of education")


class KzRegion(MultilingualName):
    """An oblast or a city of republican significance of Kazakhstan (17 + 3 since 8 June 2022).

    Not the monitoring's `Region` (a part of the world a partner country lies in): this is where an
    HEI is. An HEI's region is derived from its city (data/registry/kz_cities.csv) as of today's map.
    """

    class Kind(models.TextChoices):
        OBLAST = "oblast", _("region (oblast)")
        CITY = "city", _("city of republican significance")

    code = models.SlugField(primary_key=True, max_length=30)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    centre = models.CharField(_("administrative centre"), max_length=100, blank=True)
    since = models.PositiveSmallIntegerField(_("since (year)"), null=True, blank=True)
    source = models.TextField(blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order"]
        verbose_name = _("region of Kazakhstan")
        verbose_name_plural = _("regions of Kazakhstan")


class Institution(MultilingualName):
    """A Kazakh higher-education institution, current or former (merged, closed)."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        MERGED = "merged", _("merged into another HEI")
        CLOSED = "closed", _("closed")
        REORGANISED = "reorganised", _("reorganised")

    id = models.SlugField(primary_key=True, max_length=60)
    short_names = models.CharField(_("acronyms"), max_length=300, blank=True, help_text=_("separated by ';'"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        KzRegion, on_delete=models.PROTECT, null=True, blank=True, related_name="institutions",
        verbose_name=_("region of Kazakhstan"),
    )
    ror_id = models.URLField(_("ROR id"), blank=True)
    founded = models.PositiveSmallIntegerField(_("founded (year)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    status_since = models.PositiveSmallIntegerField(_("status since (year)"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="predecessors",
        verbose_name=_("merged into"),
    )
    source = models.TextField(_("source"), blank=True, help_text=_("where the row's facts come from"))
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    @property
    def acronyms(self) -> list[str]:
        return [s.strip() for s in self.short_names.split(";") if s.strip()]

    def category_for(self, year: int) -> str | None:
        row = self.categories.filter(year=year).first()
        return row.category if row else None


class InstitutionCategory(models.Model):
    """Ownership category of an HEI in a given year (it changes: state HEIs become joint-stock)."""

    class Category(models.TextChoices):
        NATIONAL = "national", _("national")
        STATE = "state", _("state")
        JOINT_STOCK = "joint_stock", _("joint-stock")
        PRIVATE = "private", _("private")
        INTERNATIONAL = "international", _("international")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="categories")
    year = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=20, choices=Category.choices)
    conflicts = models.CharField(
        max_length=200, blank=True, help_text=_("other categories the same year's sources give")
    )

    class Meta:
        ordering = ["institution", "year"]
        verbose_name = _("institution category")
        verbose_name_plural = _("institution categories")
        constraints = [models.UniqueConstraint(fields=["institution", "year"], name="uniq_category_year")]


class InstitutionName(models.Model):
    """A name or acronym an HEI has or had, in one language, with its years and its citable source.

    Former names are also registered as aliases (so they resolve to the current institution); this
    table keeps what an alias does not: the kind, the years and the provenance.
    """

    class Kind(models.TextChoices):
        OFFICIAL = "official", _("official name")
        ACRONYM = "acronym", _("acronym")

    institution = models.ForeignKey(Institution, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=500)
    lang = models.CharField(max_length=5, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.OFFICIAL)
    valid_from = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.TextField(_("source"))
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["institution", "valid_from", "name"]
        verbose_name = _("name of an institution")
        verbose_name_plural = _("names of institutions")
        constraints = [
            models.UniqueConstraint(fields=["institution", "name", "kind"], name="uniq_institution_name")
        ]

    def __str__(self) -> str:
        return self.name


class ForeignOrganisation(models.Model):
    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("university")
        COMPANY = "company", _("company")
        AGENCY = "agency", _("agency")
        FOUNDATION = "foundation", _("foundation")
        OTHER = "other", _("other")

    id = models.SlugField(primary_key=True, max_length=80)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ru = models.CharField(_("name (Russian)"), max_length=300, blank=True)
    name_local = models.CharField(_("name (local)"), max_length=300, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.UNIVERSITY)
    ror_id = models.URLField(_("ROR id"), blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("foreign organisation")
        verbose_name_plural = _("foreign organisations")

    def display_name(self, lang: str | None = None) -> str:
        lang = (lang or get_language() or "ru")[:2]
        if lang in ("ru", "kk") and self.name_ru:
            return self.name_ru
        return self.name_en or self.name_ru or self.name_local or self.id

    def __str__(self) -> str:
        return self.display_name()


class Confidence(models.TextChoices):
    CERTAIN = "certain", _("certain")
    PROBABLE = "probable", _("probable")
    UNRESOLVED = "unresolved", _("unresolved")


class AliasOrigin(models.TextChoices):
    SEED = "seed", _("registry seed data")
    ROR = "ror", _("ROR record")
    CONFIRMED = "confirmed", _("confirmed by a reviewer")


class InstitutionAlias(models.Model):
    """A raw spelling of a Kazakh HEI. An empty institution marks a spelling known to be unmappable."""

    raw = models.CharField(max_length=500)
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    confidence = models.CharField(max_length=20, choices=Confidence.choices, default=Confidence.CERTAIN)
    origin = models.CharField(max_length=20, choices=AliasOrigin.choices, default=AliasOrigin.SEED)
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["raw"]
        verbose_name = _("institution alias")
        verbose_name_plural = _("institution aliases")
        constraints = [models.UniqueConstraint(fields=["raw", "institution"], name="uniq_inst_alias")]

    def __str__(self) -> str:
        return self.raw


class OrganisationAlias(models.Model):
    """A raw spelling of a foreign partner, with the country cell it came with.

    A cell naming two organisations is stored as two rows with the same raw text.
    """

    raw = models.CharField(max_length=500)
    country_raw = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        ForeignOrganisation, on_delete=models.CASCADE, null=True, blank=True, related_name="aliases"
    )
    confidence = models.CharField(max_length=20, choices=Confidence.choices, default=Confidence.CERTAIN)
    origin = models.CharField(max_length=20, choices=AliasOrigin.choices, default=AliasOrigin.SEED)
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["raw"]
        verbose_name = _("organisation alias")
        verbose_name_plural = _("organisation aliases")
        constraints = [
            models.UniqueConstraint(fields=["raw", "country_raw", "organisation"], name="uniq_org_alias")
        ]

    def __str__(self) -> str:
        return self.raw


class ReviewItem(models.Model):
    """A raw name that was not auto-accepted, held once with its impact and candidates.

    Every upload that meets the same text adds to `records`; the queue is worked in order of that
    impact. Confirming a candidate stores an alias (origin=confirmed), so the text resolves `auto`
    from then on; rejecting a candidate is kept in `rejected_ids` and the resolver never offers it
    for this text again.
    """

    class Kind(models.TextChoices):
        INSTITUTION = "institution", _("Kazakh institution")
        ORGANISATION = "organisation", _("foreign organisation")
        COUNTRY = "country", _("country")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CONFIRMED = "confirmed", _("confirmed")
        REJECTED = "rejected", _("no candidate fits")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    raw = models.CharField(_("raw text"), max_length=500)
    key = models.CharField(max_length=500, help_text=_("the raw text case-folded, whitespace collapsed"))
    context = models.CharField(
        max_length=200, blank=True, help_text=_("the country cell that came with an organisation name")
    )
    records = models.PositiveIntegerField(_("records using it"), default=0)
    decision = models.CharField(max_length=10, default="review")
    score = models.FloatField(default=0.0)
    candidates = models.JSONField(default=list, blank=True, help_text=_("[{id, score, reason}], best first"))
    rejected_ids = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    resolved_id = models.CharField(_("confirmed id"), max_length=80, blank=True)
    resolved_by = models.CharField(max_length=150, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    first_seen = models.DateTimeField(auto_now_add=True)
    last_seen = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-records", "raw"]
        verbose_name = _("review item")
        verbose_name_plural = _("review queue")
        constraints = [
            models.UniqueConstraint(fields=["kind", "key", "context"], name="uniq_review_item"),
        ]
        indexes = [models.Index(fields=["status", "-records"], name="review_queue_order")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.raw}"

    @property
    def candidate_ids(self) -> list[str]:
        return [c.get("id") for c in self.candidates if c.get("id")]
