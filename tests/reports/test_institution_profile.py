"""The institution profile on the 2023 data: values from the registry, competition ranks among the
HEIs of the same category (ties share a rank), read back from DOCX and PDF."""

from __future__ import annotations

import re

import pytest

from intlmon.analytics.read import Reader
from intlmon.analytics.registry import compute
from intlmon.analytics.statistics.base import category_map
from intlmon.registry.models import Institution, InstitutionCategory
from intlmon.reports.document import Figure, KeyFigures, Table
from intlmon.reports.formats import FORMATS
from intlmon.reports.institution import _indicators, build_institution_profile, competition_rank
from tests.helpers import loaded_reference

# marks the module as using the database, so pytest-django sets up the test database before the
# module fixture (it skips the set-up when no collected test asks for the database)
pytestmark = pytest.mark.django_db


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ").replace("\u202f", " "))


def _rank_table(doc) -> Table:
    [table] = [b for b in doc.blocks if isinstance(b, Table)]
    return table


def _row(table: Table, title: str) -> list:
    [row] = [r for r in table.rows if r[0] == title]
    return row


@pytest.fixture(scope="module")
def profiles(django_db_setup, django_db_blocker, reference_2023, tmp_path_factory):
    out = tmp_path_factory.mktemp("profiles")
    with django_db_blocker.unblock(), loaded_reference(reference_2023):
        categories = category_map(2023)
        # read as every document reads (a programme with partners in two countries is one programme)
        read = Reader(2023)
        data = {
            "categories": categories,
            "ddp": dict(read.by("double_degree_programmes", 2023, "institution")),
            "research": dict(read.by("projects", 2023, "institution", kind="research")),
            "docs": {},
        }
        data["kaznu_ddp_countries"] = {c for c in read.by("double_degree_programmes", 2023, "country", institution="kaznu") if c}
        for lang in ("en", "ru", "kk"):
            data["docs"][lang] = build_institution_profile("kaznu", 2023, lang)
        active = {v.dimension.get("institution") for _key, _title, topic in _indicators()
                  for stat_id in topic.ids for v in compute(stat_id, 2023).values}
        # every categorised HEI reported something in 2023: give a silent one a category
        silent = Institution.objects.exclude(pk__in=active).order_by("pk").first().pk
        InstitutionCategory.objects.update_or_create(institution_id=silent, year=2023,
                                                     defaults={"category": "private"})
        data["silent"] = silent
        data["docs"]["silent"] = build_institution_profile(silent, 2023, "en")
        data["docx"] = FORMATS["docx"](data["docs"]["ru"], out / "kaznu-ru.docx")
        data["pdf"] = FORMATS["pdf"](data["docs"]["en"], out / "kaznu-en.pdf")
    return data


def test_it_ranks_the_hei_among_its_category_with_the_registry_values(profiles):
    categories = profiles["categories"]
    peers = [c for c, cat in categories.items() if cat == categories["kaznu"]]
    ddp = {c: profiles["ddp"].get(c, 0) for c in peers}
    better = sorted(v for v in ddp.values() if v > ddp["kaznu"])
    row = _row(_rank_table(profiles["docs"]["en"]), "Double-degree programmes")
    assert row[1] == ddp["kaznu"]
    assert row[2] == f"{len(better) + 1} / {len(peers)}"
    assert row[3] == max(ddp.values())


def test_it_shares_a_rank_between_equal_values():
    values = {"a": 5, "b": 3, "c": 3, "d": 1, "e": 0}
    assert competition_rank(values, "a") == (1, 1)
    assert competition_rank(values, "b") == (2, 2)
    assert competition_rank(values, "c") == (2, 2)
    assert competition_rank(values, "d") == (4, 1)  # "1224": after two HEIs sharing 2nd comes 4th
    assert competition_rank(values, "missing") == (5, 1)  # nothing reported counts as 0


def test_it_marks_tied_ranks_in_the_table(profiles):
    table = _rank_table(profiles["docs"]["en"])
    for row in table.rows:
        rank, _, size = row[2].partition(" / ")
        assert rank.rstrip("=").isdigit() and int(rank.rstrip("=")) <= int(size.replace(",", ""))
    # a HEI that reported nothing shares the last rank with every other silent peer
    silent = _rank_table(profiles["docs"]["silent"])
    assert all(r[1] == 0 and r[2].split(" / ")[0].endswith("=") for r in silent.rows if r[3])


def test_it_reads_back_the_profile_from_docx_and_pdf(profiles):
    import docx
    from pypdf import PdfReader

    research = profiles["research"]["kaznu"]
    ru = docx.Document(str(profiles["docx"]))
    cells = [_flat(c.text) for t in ru.tables for row in t.rows for c in row.cells]
    assert "Казахский национальный университет имени аль-Фараби" in _flat(" ".join(p.text for p in ru.paragraphs))
    assert str(research) in cells
    pdf = _flat(" ".join(p.extract_text() or "" for p in PdfReader(str(profiles["pdf"])).pages))
    assert f"Research projects {research}" in pdf
    assert "Position among HEIs of the same category" in pdf


def test_it_shows_key_figures_a_peer_chart_and_a_partner_map(profiles):
    doc = profiles["docs"]["en"]
    categories = profiles["categories"]
    peers = [c for c, cat in categories.items() if cat == categories["kaznu"]]
    mine = profiles["research"]["kaznu"]
    rank = 1 + sum(1 for c in peers if profiles["research"].get(c, 0) > mine)
    [cards] = [b for b in doc.blocks if isinstance(b, KeyFigures)]
    assert ("Research projects", mine, f"rank {rank} of {len(peers)}") in cards.items
    figures = [b for b in doc.blocks if isinstance(b, Figure)]
    assert len(figures) == 2
    assert profiles["kaznu_ddp_countries"] <= set(figures[1].chart.meta["codes"])


def test_it_says_so_when_the_hei_reported_nothing(profiles):
    doc = profiles["docs"]["silent"]
    text = " ".join(getattr(b, "text", "") for b in doc.blocks)
    assert "No approved data on the HEI's international activity for 2023." in text
    assert not [b for b in doc.blocks if isinstance(b, (KeyFigures, Figure))]


def test_it_writes_the_profile_in_kazakh_and_russian(profiles):
    kk = profiles["docs"]["kk"]
    assert kk.subtitle == "Халықаралық қызмет профилі, 2023"
    assert _rank_table(kk).columns == ["Көрсеткіш", "Мәні", "Орны", "Санаттағы ең жоғары мән"]
    assert profiles["docs"]["ru"].subtitle == "Профиль международной деятельности, 2023"
