"""The declared framework of the intlmon internationalisation index: every indicator, its pillar,
formula, denominator, direction, weight and the international framework it follows — once, here,
versioned. docs/index.md is its reading copy (tests/index/test_framework.py keeps them equal).

Changing anything below that moves a score (an indicator, a weight, a threshold, the Monte Carlo
set-up) is a new FRAMEWORK_VERSION: a ranking is only comparable with one of the same version.

Sources followed (each indicator names which):
- THE: Times Higher Education World University Rankings, "international outlook" pillar
  (international students, international staff, international co-authorship);
- QS: QS World University Rankings, International Student Ratio, International Faculty Ratio and
  International Research Network (IRN = L / ln P, L distinct partner locations, P distinct partners);
- UMR: U-Multirank, "international orientation" (student mobility, international academic staff,
  international joint publications, international research grants);
- IMPI: Indicators for Mapping and Profiling Internationalisation (EU Lifelong Learning project);
- STINT: the Swedish Foundation for International Cooperation in Research and Higher Education's
  internationalisation index (education, research, staff, students).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from django.utils.translation import gettext_lazy as _

FRAMEWORK_VERSION = "2026.1"

#: COINr Screen: an HEI with fewer than this share of the year's computable indicators is left out
#: (COINr's default 2/3 would keep almost no HEI of a year whose tables list each HEI in one or two of
#: them; a half still asks for most of an HEI's profile, and the screened-out list says who and why)
DAT_THRESH = 0.5

#: Monte Carlo runs of the uncertainty analysis and its seed (docs/index.md, "Why 200 runs")
MC_RUNS = 200
MC_SEED = 20261
#: weights × (1 ± U(−0.25, 0.25)) on indicators (level 1) and pillars (level 2), as COINr's vignette
WEIGHT_NOISE = {1: 0.25, 2: 0.25}
NORMALISATIONS = [("n_minmax", {"l_u": [1, 100]}), ("n_rank", None)]
AGGREGATIONS = ["a_amean", "a_gmean"]
WINMAX = [3, 4, 5]
IMPUTATIONS = ["none", "i_median"]

#: the nominal build, COINr's steps (an Impute after Screen: a screened-out HEI is never filled in)
STEPS = [
    {"Denominate": {}},
    {"Screen": {"unit_screen": "byNA", "dat_thresh": DAT_THRESH}},
    {"Impute": {"f_i": "none"}},
    {"Treat": {"winmax": 5}},
    {"Normalise": {"f_n": "n_minmax", "l_u": [0, 100]}},
    {"Aggregate": {"f_ag": "a_amean"}},
]

#: denominators: iData column → the statistic it is read from (the HEI profile sheet, or publications)
DENOMINATORS = {
    "students": "students_by_institution",
    "academic_staff": "academic_staff_by_institution",
    "publications": "publications_by_institution",
}
#: the denominators taken from the HEI profile sheet (a year without profiles cannot have them)
PROFILE_DENOMINATORS = ("students", "academic_staff")


@dataclass(frozen=True)
class Pillar:
    code: str
    name: object
    weight: float


@dataclass(frozen=True)
class Indicator:
    code: str
    pillar: str
    name: object
    why: object
    formula: str                     # in the statistics' terms, as docs/index.md prints it
    follows: str                     # THE, QS, UMR, IMPI, STINT
    statistic: str = ""              # read-service statistic of the numerator ("" for IRN)
    where: dict[str, str] = field(default_factory=dict)
    denominator: str | None = None   # a key of DENOMINATORS
    direction: int = 1
    weight: float = 1.0


PILLARS = [
    Pillar("MOB", _("Students"), 1.0),
    Pillar("STF", _("Academic staff"), 1.0),
    Pillar("EDU", _("International programmes"), 1.0),
    Pillar("RES", _("Research and partner network"), 1.0),
    Pillar("PRS", _("Presence and cooperation"), 1.0),
]

INDICATORS = [
    Indicator("ISR", "MOB", _("International degree students per student"),
              _("The share of foreign degree students is the first international-outlook measure of THE and QS."),
              "international_students_by_institution ÷ students", "THE, QS",
              "international_students_by_institution", denominator="students"),
    Indicator("OSM", "MOB", _("Outbound student mobility per student"),
              _("Students sent abroad measure an HEI's outward mobility (U-Multirank, IMPI)."),
              "mobility_by_institution[direction=outbound, person=student] ÷ students", "UMR, IMPI",
              "mobility_by_institution", {"direction": "outbound", "person": "student"}, "students"),
    Indicator("ISM", "MOB", _("Inbound student mobility per student"),
              _("Exchange students received measure how attractive an HEI is abroad (U-Multirank, IMPI)."),
              "mobility_by_institution[direction=inbound, person=student] ÷ students", "UMR, IMPI",
              "mobility_by_institution", {"direction": "inbound", "person": "student"}, "students"),
    Indicator("IFR", "STF", _("Visiting foreign faculty per academic staff"),
              _("Foreign academics teaching at the HEI: THE's international staff, QS's international faculty ratio."),
              "visiting_faculty ÷ academic_staff", "THE, QS, UMR",
              "visiting_faculty", denominator="academic_staff"),
    Indicator("OFM", "STF", _("Outbound staff mobility per academic staff"),
              _("Staff working abroad for a time carry partnerships home (STINT, IMPI)."),
              "mobility_by_institution[direction=outbound, person=staff] ÷ academic_staff", "STINT, IMPI",
              "mobility_by_institution", {"direction": "outbound", "person": "staff"}, "academic_staff"),
    Indicator("IFM", "STF", _("Inbound staff mobility per academic staff"),
              _("Foreign staff received on exchange (STINT, IMPI)."),
              "mobility_by_institution[direction=inbound, person=staff] ÷ academic_staff", "STINT, IMPI",
              "mobility_by_institution", {"direction": "inbound", "person": "staff"}, "academic_staff"),
    Indicator("DDP", "EDU", _("Double-degree programmes"),
              _("Programmes leading to a degree of the HEI and of a foreign partner (IMPI, STINT)."),
              "double_degree_programmes", "IMPI, STINT", "double_degree_programmes"),
    Indicator("JEP", "EDU", _("Joint educational programmes"),
              _("Programmes designed and run with a foreign partner (IMPI)."),
              "joint_programmes", "IMPI", "joint_programmes"),
    Indicator("DDE", "EDU", _("Double-degree enrolment per student"),
              _("How many of the HEI's students a double-degree programme reaches (IMPI)."),
              "double_degree_programmes_enrolment ÷ students", "IMPI",
              "double_degree_programmes_enrolment", denominator="students"),
    Indicator("RPJ", "RES", _("International research projects per academic staff"),
              _("Research funded and done with foreign partners, per academic (U-Multirank's international research grants)."),
              "projects[kind=research] ÷ academic_staff", "UMR, STINT",
              "projects", {"kind": "research"}, "academic_staff"),
    Indicator("IJP", "RES", _("Share of publications with foreign co-authors"),
              _("International co-authorship: THE's and U-Multirank's measure of research collaboration."),
              "publications_with_foreign_coauthors_by_institution ÷ publications_by_institution", "THE, UMR",
              "publications_with_foreign_coauthors_by_institution", denominator="publications"),
    Indicator("IRN", "RES", _("International research network (L / ln P)"),
              _("QS's International Research Network: partner countries L over the log of partners P rewards breadth over volume."),
              "agreement_partner_countries_by_institution ÷ ln(agreement_partners_by_institution), P ≥ 2", "QS"),
    Indicator("EPJ", "PRS", _("International educational projects"),
              _("Capacity-building and education projects with foreign partners (STINT, IMPI)."),
              "projects[kind=educational]", "STINT, IMPI", "projects", {"kind": "educational"}),
    Indicator("BRA", "PRS", _("Branches and representations abroad"),
              _("An HEI's own presence abroad (IMPI's transnational education)."),
              "kz_branches_abroad", "IMPI", "kz_branches_abroad"),
    Indicator("FBH", "PRS", _("Foreign branches and centres hosted"),
              _("Foreign universities' branches and centres at the HEI (IMPI's transnational education)."),
              "foreign_branches_in_kz", "IMPI", "foreign_branches_in_kz"),
]

INDICATOR_BY_CODE = {i.code: i for i in INDICATORS}
PILLAR_BY_CODE = {p.code: p for p in PILLARS}


def imeta(indicators: list[Indicator], pillars: list[Pillar] | None = None,
          weights: dict[str, float] | None = None) -> pd.DataFrame:
    """COINr's iMeta for ``indicators`` (the computable ones of a year): indicators, the pillars that
    hold one of them, the Index. ``weights`` overrides a weight by iCode (tests, what-if)."""
    pillars = pillars if pillars is not None else PILLARS
    weights = weights or {}
    used = [p for p in pillars if any(i.pillar == p.code for i in indicators)]
    rows = [{"Level": 1, "iCode": i.code, "iName": str(i.code), "Direction": i.direction,
             "Weight": weights.get(i.code, i.weight), "Denominator": i.denominator, "Parent": i.pillar,
             "Type": "Indicator"} for i in indicators]
    rows += [{"Level": 2, "iCode": p.code, "iName": p.code, "Direction": 1, "Weight": weights.get(p.code, p.weight),
              "Denominator": None, "Parent": "Index", "Type": "Aggregate"} for p in used]
    rows.append({"Level": 3, "iCode": "Index", "iName": "Index", "Direction": 1, "Weight": 1, "Denominator": None,
                 "Parent": None, "Type": "Aggregate"})
    return pd.DataFrame(rows)
