"""What a stated figure measures, read from its table, column, section and label.

The report prints the same quantity in several places (a table's total line, a count in a
heading, a sentence of the text). Each stated figure gets a key (family, measure, scope): figures
with equal keys must agree with each other, and the records give the value the key should have.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

FAMILIES = (
    ("ddp_", "ddp"),
    ("sop_", "sop"),
    ("hei_project_counts", "projects"),
    ("joint_science_projects", "projects"),
    ("joint_education_projects", "projects"),
    ("agreements_", "agreements"),
    ("publications_", "publications"),
    ("kz_hei_branches_abroad", "presence_out"),
    ("foreign_hei_branches_in_kz", "presence_in"),
)
LEVEL_WORDS = (("бакалавр", "bachelor"), ("магистр", "master"), ("доктор", "doctorate"))
CATEGORY_WORDS = (
    (r"ұлттық", "national"), (r"мемлекеттік|мемлекеттик", "state"), (r"(^|\W)(ақ|ао)(\W|$)", "joint_stock"),
    (r"жекеменшік", "private"), (r"халықаралық", "international"),
)
REGION_WORDS = (
    (r"тмд", "cis"), (r"оша", "asia"), (r"азия", "asia"), (r"европа|еуропа", "europe"), (r"африка", "africa"),
    (r"америка|ақш", "americas"), (r"австралия|океания", "oceania"),
)
COLUMN_MEASURES = {
    "ddp_count": "count", "sop_count": "count", "agreement_count": "count", "program": "count",
    "row count (in heading)": "count", "contingent": "enrolment", "educational_projects": "educational",
    "scientific_projects": "research", "hei_count (in label)": "institutions",
    "scopus_2023": "scopus", "wos_2023": "wos",
}


@dataclass(frozen=True)
class Key:
    family: str
    measure: str
    level: str = ""
    category: str = ""
    region: str = ""
    field: str = ""

    def describe(self) -> str:
        scope = ", ".join(v for v in (self.level, self.category, self.region, self.field) if v)
        return f"{self.family}/{self.measure}" + (f" ({scope})" if scope else "")


# family → the registered statistic of each measure ('' entries: the family's count statistic)
STATISTICS = {
    "ddp": {"": "double_degree_programmes", "enrolment": "double_degree_programmes_enrolment",
            "institutions": "institutions_with_double_degree_programmes", "countries": "double_degree_partner_countries"},
    "sop": {"": "joint_programmes", "enrolment": "joint_programmes_enrolment",
            "institutions": "institutions_with_joint_programmes", "countries": "joint_programme_partner_countries"},
    "projects": {"": "projects", "institutions": "institutions_with_projects", "countries": "projects_by_country"},
    "presence_in": {"": "foreign_branches_in_kz", "institutions": "institutions_hosting_foreign_branches",
                    "countries": "foreign_branches_in_kz"},
    "presence_out": {"": "kz_branches_abroad", "institutions": "institutions_with_branches_abroad",
                     "countries": "kz_branches_abroad_countries"},
    "agreements": {"": "agreements", "countries": "agreement_partner_countries", "region": "agreements_by_country"},
    "publications": {"": "publications"},
}
# printed tables outside the families above → the statistic they measure
TABLE_STATISTICS = (
    ("visiting_specialists", "visiting_faculty"),
    ("student_mobility", "mobility_by_country"),
    ("international_projects", "projects"),
    ("double_degree_programs", "double_degree_programmes"),
)


def statistic_of(key: Key) -> str:
    """The registered statistic a key measures (what a finding about it is filed under)."""
    measures = STATISTICS.get(key.family, {})
    if key.region and "region" in measures and key.measure not in ("countries", "institutions"):
        return measures["region"]
    return measures.get(key.measure, measures.get("", ""))


def statistic_of_table(table: str) -> str:
    """The registered statistic of a printed table that no stated key describes."""
    family = family_of(table)
    if family:
        return STATISTICS[family][""]
    return next((stat for prefix, stat in TABLE_STATISTICS if table.startswith(prefix)), "")


def family_of(table: str) -> str:
    for prefix, family in FAMILIES:
        if table.startswith(prefix):
            return family
    return ""


def words(text: str, table: tuple[tuple[str, str], ...]) -> str:
    folded = (text or "").casefold()
    for pattern, code in table:
        if re.search(pattern, folded):
            return code
    return ""


def in_text_measure(label: str, family: str) -> str | None:
    text = label.casefold()
    if "%" in text or "share" in text or re.search(r"\b(19|20)\d\d\b", text):
        return None  # a share (percentages are checked apart) or a figure of another year
    if "contingent" in text:
        return "enrolment"
    if re.search(r"heis (implementing|participating|with)|host heis|kazakh heis with", text):
        return "institutions"
    if "countries" in text:
        return "countries"
    if "taught in" in text:
        return None  # language of instruction: not a column of the tables
    if family == "publications":
        if "scopus/wos" in text or "(scopus+wos)" in text:
            return "scopus+wos"
        if "scopus" in text:
            return "scopus"
        if "web of science" in text:
            return "wos"
        return None
    if family == "projects":
        if "scientific" in text:
            return "research"
        if "educational" in text:
            return "educational"
        return "all"
    return "count"


def key_of(statistic: str, dimension: dict, value_raw: str) -> Key | None:
    """The key of a stated figure, or None when it measures something no other figure does."""
    table, _, column = statistic.removeprefix("stated:").partition(".")
    family = family_of(table)
    kind, section, label = dimension.get("kind", ""), dimension.get("section", ""), dimension.get("label", "")
    if not family:
        return None
    if kind == "in_text":
        measure = in_text_measure(label, family)
        scope_text = section
    elif kind == "summary_line":
        measure = "countries" if "стран" in value_raw else "count"
        scope_text = section if ":" in value_raw else ""
    else:
        measure = COLUMN_MEASURES.get(column)
        scope_text = f"{section} {label}"
    if measure is None:
        return None
    field = section if family == "publications" and kind == "in_text" else ""
    if field:
        scope_text = ""
    level = words(scope_text, LEVEL_WORDS)
    if kind == "count_in_heading" and level:
        # the heading counts rows of one category within a level ('Мемлекеттік ЖОО 30' under БАКАЛАВРИАТ)
        category = words(label, CATEGORY_WORDS) if not words(label, LEVEL_WORDS) else ""
    else:
        category = words(scope_text, CATEGORY_WORDS)
    region = words(scope_text, REGION_WORDS) if not category else ""
    return Key(family, measure, level, category, region, field)
