"""What a university reports for a year: one model per monitored section.

Every record belongs to a reporting period and to the submission version it came from, points at
registry entities by id, and keeps the raw text it was resolved from so a reviewer can always see
what was typed. An unresolved name leaves the id empty and the raw text in place — never a guess.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from intlmon.registry.models import Country, FieldOfEducation, ForeignOrganisation, Institution


class ReportingPeriod(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        PUBLISHED = "published", pgettext_lazy("reporting period status", "published")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")

    def __str__(self) -> str:
        return str(self.year)


class Level(models.TextChoices):
    BACHELOR = "bachelor", _("bachelor")
    MASTER = "master", _("master")
    DOCTORATE = "doctorate", _("doctorate")
    SPECIALIST = "specialist", _("specialist / residency")


class Funding(models.TextChoices):
    REPUBLICAN_BUDGET = "republican_budget", _("republican budget")
    EXTRA_BUDGETARY = "extra_budgetary", _("extra-budgetary funds of the HEI")
    STUDENT = "student", _("at the student's expense")
    GRANT = "grant", _("international grant")
    PARTNER = "partner", _("partner's funds")
    OTHER = "other", _("other")


class Format(models.TextChoices):
    PHYSICAL = "physical", _("physical (offline)")
    ONLINE = "online", _("online")
    BLENDED = "blended", _("blended")


class SectionRecord(models.Model):
    """Columns shared by every section row: where it belongs and where it came from."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="+")
    submission = models.ForeignKey("collection.Submission", on_delete=models.CASCADE, related_name="+")
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    source_sheet = models.CharField(max_length=100, blank=True)
    source_row = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        abstract = True


class PartnerMixin(models.Model):
    """The partner and its country, as resolved and as typed.

    One cell may name several countries ("Швейцария, Испания") or several partners: `country` and
    `partner` keep the first, `countries` and `partners` every one named (in order, without repeats),
    so a breakdown by country or partner can count the row once under each. The lists are empty when
    the cell names none; a single country is in both `country` and `countries`.
    """

    partner = models.ForeignKey(ForeignOrganisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    partner_raw = models.CharField(max_length=500, blank=True)
    partners = models.JSONField(default=list, blank=True, help_text=_("ids of every partner the cell names"))
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    country_raw = models.CharField(max_length=200, blank=True)
    countries = models.JSONField(default=list, blank=True, help_text=_("codes of every country the cell names"))

    class Meta:
        abstract = True


class Agreement(SectionRecord, PartnerMixin):
    class Direction(models.TextChoices):
        MOBILITY = "mobility", _("staff and student mobility")
        PROFESSIONAL_DEVELOPMENT = "professional_development", _("professional development")
        JOINT_PROJECTS = "joint_projects", _("joint projects")
        DEGREE_PROGRAMMES = "degree_programmes", _("joint / double-degree programmes")
        RESEARCH = "research", _("joint research")
        OTHER = "other", _("other")

    directions = models.JSONField(default=list, blank=True)
    signed_on = models.DateField(null=True, blank=True)
    signed_raw = models.CharField(max_length=100, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    open_ended = models.BooleanField(default=False)
    auto_renewal = models.BooleanField(default=False)
    term_raw = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")


class Presence(SectionRecord, PartnerMixin):
    """A foreign HEI's branch in Kazakhstan, or a Kazakh HEI's branch/representation abroad."""

    class Direction(models.TextChoices):
        INBOUND = "inbound", _("foreign branch in Kazakhstan")
        OUTBOUND = "outbound", _("Kazakh branch abroad")

    class Kind(models.TextChoices):
        BRANCH = "branch", _("branch")
        REPRESENTATION = "representation", _("representation")
        CENTRE = "centre", _("centre")
        OFFICE = "office", _("office")
        VIRTUAL = "virtual", _("virtual")

    class Status(models.TextChoices):
        """A presence that works now, or one announced (agreement signed, opening prepared)."""

        OPERATING = "operating", _("operating")
        PLANNED = "planned", _("planned")

    direction = models.CharField(max_length=10, choices=Direction.choices)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.BRANCH)
    name = models.CharField(max_length=500)
    city = models.CharField(max_length=100, blank=True)
    opened_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPERATING)

    class Meta:
        verbose_name = _("presence")
        verbose_name_plural = _("presences")


class Project(SectionRecord, PartnerMixin):
    class Kind(models.TextChoices):
        RESEARCH = "research", _("research")
        EDUCATIONAL = "educational", _("educational")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=1000, blank=True)
    funder = models.CharField(max_length=300, blank=True)
    field = models.ForeignKey(FieldOfEducation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    role = models.CharField(max_length=50, blank=True)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(null=True, blank=True)
    quantity = models.PositiveIntegerField(
        default=1, help_text=_("projects this row stands for (legacy tables give counts, not rows)")
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")


class ProgrammeRecord(SectionRecord, PartnerMixin):
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    programme_code = models.CharField(max_length=20, blank=True)
    programme_raw = models.TextField(blank=True)
    field = models.ForeignKey(FieldOfEducation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contract_date = models.DateField(null=True, blank=True)
    contract_date_raw = models.CharField(max_length=200, blank=True)
    term_years = models.PositiveSmallIntegerField(null=True, blank=True)
    valid_until = models.DateField(null=True, blank=True)
    open_ended = models.BooleanField(default=False)
    auto_renewal = models.BooleanField(default=False)
    term_raw = models.CharField(max_length=200, blank=True)
    languages = models.JSONField(default=list, blank=True)
    funding = models.CharField(max_length=30, choices=Funding.choices, blank=True)
    enrolment = models.PositiveIntegerField(null=True, blank=True, help_text=_("empty when not reported"))

    class Meta:
        abstract = True


class JointProgramme(ProgrammeRecord):
    class Meta:
        verbose_name = _("joint programme")
        verbose_name_plural = _("joint programmes")


class DoubleDegreeProgramme(ProgrammeRecord):
    class Meta:
        verbose_name = _("double-degree programme")
        verbose_name_plural = _("double-degree programmes")


class MobilityFlow(SectionRecord, PartnerMixin):
    class Direction(models.TextChoices):
        OUTBOUND = "outbound", _("outbound")
        INBOUND = "inbound", _("inbound")

    class Person(models.TextChoices):
        STUDENT = "student", _("student")
        STAFF = "staff", _("staff")

    direction = models.CharField(max_length=10, choices=Direction.choices)
    person = models.CharField(max_length=10, choices=Person.choices)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    field = models.ForeignKey(FieldOfEducation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices, blank=True)
    funding = models.CharField(max_length=30, choices=Funding.choices, blank=True)
    headcount = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("mobility flow")
        verbose_name_plural = _("mobility flows")


class VisitingFaculty(SectionRecord, PartnerMixin):
    headcount = models.PositiveIntegerField()
    academic_degree = models.CharField(max_length=100, blank=True)
    field = models.ForeignKey(FieldOfEducation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    format = models.CharField(max_length=10, choices=Format.choices, blank=True)
    funding = models.CharField(max_length=30, choices=Funding.choices, blank=True)

    class Meta:
        verbose_name = _("visiting faculty")
        verbose_name_plural = _("visiting faculty")


class InternationalStudents(SectionRecord):
    country = models.ForeignKey(Country, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    country_raw = models.CharField(max_length=200, blank=True)
    level = models.CharField(max_length=20, choices=Level.choices, blank=True)
    headcount = models.PositiveIntegerField()

    class Meta:
        verbose_name = _("international students")
        verbose_name_plural = _("international students")


class Publications(SectionRecord):
    class Database(models.TextChoices):
        SCOPUS = "scopus", "Scopus"
        WOS = "wos", "Web of Science"

    database = models.CharField(max_length=10, choices=Database.choices)
    field = models.ForeignKey(FieldOfEducation, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    count = models.PositiveIntegerField()
    with_foreign_coauthors = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("publications")
        verbose_name_plural = _("publications")


class InstitutionProfile(SectionRecord):
    students = models.PositiveIntegerField(null=True, blank=True)
    academic_staff = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("institution profile")
        verbose_name_plural = _("institution profiles")


class StrategicPartnership(SectionRecord, PartnerMixin):
    class Model(models.TextChoices):
        BRANCH = "branch", _("branch campus")
        CONSORTIUM = "consortium", _("consortium")
        JOINT_SCHOOL = "joint_school", _("joint school / double-degree programmes")
        CERTIFICATION_CENTRE = "certification_centre", _("certification centre")
        FRANCHISE = "franchise", _("franchise")
        JOINT_VENTURE = "joint_venture", _("joint venture")

    model = models.CharField(max_length=30, choices=Model.choices)
    start_year = models.PositiveSmallIntegerField(null=True, blank=True)
    term_years = models.PositiveSmallIntegerField(null=True, blank=True)
    partner_ranking = models.PositiveIntegerField(null=True, blank=True, help_text=_("best world ranking position"))
    foreign_staff_share = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    languages = models.JSONField(default=list, blank=True)
    kazakh_language_disciplines = models.PositiveSmallIntegerField(null=True, blank=True)
    registered = models.BooleanField(null=True)
    licensed = models.BooleanField(null=True)
    funding = models.CharField(max_length=30, choices=Funding.choices, blank=True)
    # issue 15: what the register (intlmon.partnerships) reads from the sheet besides the above
    status = models.CharField(max_length=20, blank=True)  # planned / operating / ended (partnership_statuses)
    ministry_agreement = models.CharField(max_length=500, blank=True)
    ministry_agreement_date = models.DateField(null=True, blank=True)
    other_parties = models.CharField(max_length=500, blank=True)
    joint_committees = models.CharField(max_length=500, blank=True)
    quality_assurance = models.CharField(max_length=500, blank=True)

    class Meta:
        verbose_name = _("strategic partnership")
        verbose_name_plural = _("strategic partnerships")


class PublishedFigure(models.Model):
    """A number as published (stated totals, figures of years before the system) — never recomputed.

    `statistic` and `dimension` name where it was printed (e.g. 'agreements', {'region': 'cis'}, or
    'stated:<table>' with the printed label); `source` says where so an auditor can find the line.
    `quantity` and `quantity_dimension`, when set, say what the number measures in the terms of the
    registered statistics (e.g. 'agreements_by_country', {'country': 'FR'}), so a report can print it
    beside — or instead of — the value computed from records; `source_line` and `quote` let a
    footnote cite the exact line and words.
    """

    period = models.ForeignKey(ReportingPeriod, on_delete=models.PROTECT, related_name="published_figures")
    statistic = models.CharField(max_length=100)
    dimension = models.JSONField(default=dict, blank=True)
    dimension_key = models.CharField(max_length=300, blank=True, help_text=_("canonical form of the dimension"))
    value = models.DecimalField(max_digits=14, decimal_places=2)
    value_raw = models.CharField(max_length=100, blank=True)
    label = models.CharField(max_length=500, blank=True)
    source = models.CharField(max_length=500, blank=True)
    quantity = models.CharField(max_length=100, blank=True, help_text=_("the registered statistic the figure states"))
    quantity_dimension = models.JSONField(default=dict, blank=True, help_text=_("that statistic's dimension codes"))
    source_line = models.PositiveIntegerField(null=True, blank=True, help_text=_("line in the source document"))
    quote = models.CharField(max_length=500, blank=True, help_text=_("the words as printed"))

    class Meta:
        ordering = ["period", "statistic", "dimension_key"]
        verbose_name = _("published figure")
        verbose_name_plural = _("published figures")
        constraints = [
            models.UniqueConstraint(fields=["period", "statistic", "dimension_key", "source"], name="uniq_published_figure")
        ]


SECTION_MODELS = [
    Agreement,
    Presence,
    Project,
    JointProgramme,
    DoubleDegreeProgramme,
    MobilityFlow,
    VisitingFaculty,
    InternationalStudents,
    Publications,
    InstitutionProfile,
    StrategicPartnership,
]
