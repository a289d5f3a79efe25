"""`intlmon demo` counts and exports what the statistics count, not a draft uploaded on top of it."""

from __future__ import annotations

from openpyxl import load_workbook

from intlmon.collection.export import section_counts, write_submissions
from intlmon.collection.ingest import ingest_file
from intlmon.collection.management.commands.demo import record_counts
from intlmon.collection.models import Submission
from intlmon.collection.template import write_template

DDP = "double_degree_programmes"


def ddp(**over):
    row = {
        "level": "master", "programme": "7M04107 Экономика", "partner": "Университет Лотарингии", "country": "Франция",
        "contract_date": "27.03.2021", "term": "5 лет", "languages": ["ru", "fr"], "funding": "student", "enrolment": 12,
    }
    row.update(over)
    return row


def test_the_demo_counts_the_approved_version_not_the_draft_on_top(reg, tmp_path):
    approved = write_template(tmp_path / "v1.xlsx", 2024, lang="ru", institution="kaznpu",
                              rows={DDP: [ddp(), ddp(programme="7M01705 Иностранный язык", enrolment=3)]})
    assert ingest_file(approved, 2024, "kaznpu").stored is not None
    Submission.objects.filter(institution_id="kaznpu", version=1).update(status=Submission.Status.APPROVED)
    draft = write_template(tmp_path / "v2.xlsx", 2024, lang="ru", institution="kaznpu", rows={DDP: [ddp()]})
    assert ingest_file(draft, 2024, "kaznpu").stored.submission.version == 2  # a draft, current, not approved

    assert record_counts(2024)["DoubleDegreeProgramme"] == 2  # the approved v1's two programmes
    assert section_counts(2024)[DDP] == 2
    assert section_counts(2024, counted=False)[DDP] == 1  # the upload database's view: what was just stored
    [path] = write_submissions(2024, tmp_path / "out")
    sheet = next(ws for ws in load_workbook(path).worksheets if ws["A3"].value is not None)
    assert sheet.max_row - 2 == 2  # the exported template holds v1's rows, not the draft's one
