"""The register of strategic partnerships (issue 15) and the ranking evidence of their partners.

A `Partnership` is the Centre's record of one strategic partnership in the sense of the Ministry's
Methodological Recommendations (seed 002): one of the six models of Chapter 2, one or more Kazakh HEIs,
one or more foreign partners (several for a consortium), and the facts the recommendations of Chapter 3
are assessed on. It is not a section record: an HEI reports its partnerships on the workbook's
"Strategic partnerships" sheet (`records.StrategicPartnership`, one row per partnership and version), and
`intlmon partnerships collect` carries what the counted versions say into the register, where analysts
complete it (Django admin).

Every fact may say where it comes from (`sources`: field name → source, e.g. "seed 002, line 37"), so a
scorecard shows its evidence with its origin. An empty field is *not stated*: the assessment reads it as
"no evidence", never as "not met".

A `Ranking` is a partner's position in QS, THE or ARWU with the URL it was read from, the date it was
retrieved and who entered it; nothing else counts as ranking evidence.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from intlmon.records.models import StrategicPartnership as ReportedPartnership
from intlmon.registry.models import ForeignOrganisation, Institution

Model = ReportedPartnership.Model  # the six approaches of Chapter 2, one declaration


class Partnership(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPERATING = "operating", _("operating")
        ENDED = "ended", _("ended")

    key = models.SlugField(_("key"), max_length=80, unique=True, help_text=_("stable identifier in data files"))
    name = models.CharField(_("name"), max_length=500)
    model = models.CharField(_("partnership model"), max_length=30, choices=Model.choices)
    institutions = models.ManyToManyField(Institution, blank=True, related_name="strategic_partnerships",
                                          verbose_name=_("Kazakh HEIs"))
    other_parties = models.JSONField(_("other parties"), default=list, blank=True,
                                     help_text=_("enterprises and organisations taking part, one name each"))
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(_("term (years)"), null=True, blank=True)
    open_ended = models.BooleanField(_("open-ended"), default=False)
    ministry_agreement = models.CharField(_("agreement with the Ministry"), max_length=300, blank=True,
                                          help_text=_("reference of the agreement with the Ministry"))
    ministry_agreement_date = models.DateField(_("date of the agreement with the Ministry"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, blank=True)
    registration = models.CharField(_("registration of the branch"), max_length=300, blank=True,
                                    help_text=_("business identification number or registration reference"))
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    licence = models.CharField(_("licence for educational activity"), max_length=300, blank=True)
    licensed_on = models.DateField(_("licensed on"), null=True, blank=True)
    teaching_languages = models.JSONField(_("teaching languages"), default=list, blank=True)
    kazakh_language_disciplines = models.PositiveSmallIntegerField(_("disciplines taught in Kazakh"), null=True,
                                                                   blank=True)
    history_of_kazakhstan = models.BooleanField(_("history of Kazakhstan taught"), null=True, blank=True)
    foreign_staff_share = models.DecimalField(_("share of foreign academic staff, %"), max_digits=5,
                                              decimal_places=2, null=True, blank=True)
    funding_sources = models.JSONField(_("funding sources"), default=list, blank=True,
                                       help_text=_("funding codes as in the workbook: republican_budget, extra_budgetary, student, grant, "
                                                   "partner, other"))
    joint_committees = models.JSONField(_("joint committees"), default=list, blank=True)
    kazakh_staff_share = models.DecimalField(_("share of Kazakh academic staff, %"), max_digits=5,
                                             decimal_places=2, null=True, blank=True)
    quality_assurance = models.TextField(_("quality-assurance system"), blank=True)
    governance = models.TextField(_("parity management"), blank=True)
    staff_development = models.TextField(_("professional development of academic staff"), blank=True)
    third_mission = models.TextField(_("third-mission activity"), blank=True)
    stated_none = models.JSONField(_("stated as absent"), default=list, blank=True,
                                   help_text=_("field names a source states there is none of (then the criterion "
                                               "is not met, instead of having no evidence)"))
    notes = models.TextField(_("notes"), blank=True)
    sources = models.JSONField(_("sources"), default=dict, blank=True,
                               help_text=_("field name → where the value comes from"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["key"]
        verbose_name = _("strategic partnership")
        verbose_name_plural = _("strategic partnerships")

    def __str__(self) -> str:
        return self.name

    def end_year(self) -> int | None:
        if self.start_year and self.term_years:
            return self.start_year + self.term_years
        return None


class PartnershipPartner(models.Model):
    """A foreign partner: a registry organisation when it is registered, else the name as the source gives it."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(ForeignOrganisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("foreign partner"))
    name = models.CharField(_("name as stated"), max_length=500, blank=True)
    lead = models.BooleanField(_("lead partner"), default=False)

    class Meta:
        ordering = ["-lead", "id"]
        verbose_name = _("foreign partner")
        verbose_name_plural = _("foreign partners")

    def __str__(self) -> str:
        return self.organisation.name_en if self.organisation_id else self.name


class TargetIndicator(models.Model):
    """An indicator the parties agreed on, with its target and achieved value for one year."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="targets")
    name = models.CharField(_("indicator"), max_length=300)
    year = models.PositiveSmallIntegerField(_("year"))
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    actual = models.DecimalField(_("achieved"), max_digits=12, decimal_places=2, null=True, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["partnership", "year", "name"]
        constraints = [models.UniqueConstraint(fields=["partnership", "name", "year"], name="one_target_per_year")]
        verbose_name = _("target indicator")
        verbose_name_plural = _("target indicators")

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Ranking(models.Model):
    """A partner's position in a world ranking, as read from a public source."""

    class System(models.TextChoices):
        QS = "qs", "QS"
        THE = "the", "THE"
        ARWU = "arwu", "ARWU"

    class Scope(models.TextChoices):
        OVERALL = "overall", _("overall")
        SUBJECT = "subject", _("subject")

    organisation = models.ForeignKey(ForeignOrganisation, on_delete=models.PROTECT, null=True, blank=True,
                                     related_name="+", verbose_name=_("foreign partner"))
    organisation_name = models.CharField(_("name as stated"), max_length=500, blank=True)
    system = models.CharField(_("ranking"), max_length=10, choices=System.choices)
    scope = models.CharField(_("scope"), max_length=10, choices=Scope.choices, default=Scope.OVERALL)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    edition = models.PositiveSmallIntegerField(_("edition year"))
    rank_from = models.PositiveIntegerField(_("rank (or first of the band)"))
    rank_to = models.PositiveIntegerField(_("last of the band"), null=True, blank=True)
    source_url = models.URLField(_("source URL"), max_length=500)
    retrieved_on = models.DateField(_("date retrieved"))
    entered_by = models.CharField(_("entered by"), max_length=150)
    quote = models.TextField(_("quotation"), blank=True)

    class Meta:
        ordering = ["-edition", "system", "rank_from"]
        verbose_name = _("ranking position")
        verbose_name_plural = _("ranking positions")

    def __str__(self) -> str:
        return f"{self.get_system_display()} {self.edition}: {self.position}"

    @property
    def position(self) -> str:
        """'285', or '551–600' for a band."""
        if self.rank_to and self.rank_to != self.rank_from:
            return f"{self.rank_from}–{self.rank_to}"
        return str(self.rank_from)

    @property
    def worst(self) -> int:
        """The band's last rank: a band counts as TOP-500 only when all of it is within 500."""
        return self.rank_to or self.rank_from
