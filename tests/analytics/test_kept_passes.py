"""Each section's pass kept between runs and brought up to date by a signed pass over the changed versions
(`statistics.kept_passes`) gives exactly what a fresh computation gives — after an approval, after a version
stops counting (its groups vanish), after a registry change, and after rows were edited outside the
application and the cache cleared; and nothing a transaction computed is kept. The values kept beside the
passes (`statistics.kept_values`) are brought up to date from the changed groups and equal the fresh ones,
value for value, in the same order and the same dimension sets."""

from __future__ import annotations

import os

import pytest
from django.db import connection

from intlmon.analytics import stamp
from intlmon.analytics.registry import compute_all
from intlmon.analytics.statistics import kept_passes, kept_values, passes, shaping
from intlmon.collection.models import Submission
from intlmon.records.models import Agreement, DoubleDegreeProgramme, JointProgramme, MobilityFlow, Project
from intlmon.registry.models import ForeignOrganisation
from tests.analytics.test_passes import busy  # noqa: F401  (the fixture: a world of awkward rows)

pytestmark = [pytest.mark.skipif(not os.environ.get("DATABASE_URL", "").startswith("postgres"),
                                 reason="the passes are kept on PostgreSQL only"),
              # committed rows, as a page sees them (a pass computed in a transaction is not kept)
              pytest.mark.django_db(transaction=True)]


def whole_set() -> dict:
    return {stat_id: r.values for stat_id, r in compute_all(2023).items()}


def fresh() -> dict:
    kept_passes.forget()
    try:
        return whole_set()
    finally:
        kept_passes.forget()


@pytest.fixture
def deltas(monkeypatch) -> list:
    """The signed passes sent (one per section brought up to date)."""
    sent = []
    real = passes.Pass.delta

    def spy(self, removed, added):
        sent.append((self.model.__name__, tuple(removed), tuple(added)))
        return real(self, removed, added)

    monkeypatch.setattr(passes.Pass, "delta", spy)
    kept_passes.forget()
    yield sent
    kept_passes.forget()


@pytest.fixture
def brought(monkeypatch) -> list:
    """Each plan's values brought up to date from the changed groups: (statistic's plan key, done or not)."""
    outcomes = []
    real = kept_values.brought_up_to_date

    def spy(kept, p, old, new, year):
        found = real(kept, p, old, new, year)
        outcomes.append((p.key, found is not None))
        return found

    monkeypatch.setattr(kept_values, "brought_up_to_date", spy)
    return outcomes


def sets_of(results) -> dict:
    """Each result's values as the read service groups them (dimension set, multi, values in order)."""
    return {stat_id: [(s.dims, s.multi, s.values) for s in r.value_sets() or []] for stat_id, r in results.items()}


def approve_new_version(world, hei, rows: dict) -> Submission:
    """A new approved version of `hei` with `rows` ({model: [fields]}), stored as an upload stores them (in bulk:
    no per-row signal, so the year's generation does not move and the kept passes stay usable)."""
    Submission.objects.filter(institution=hei, period=world.period).update(is_current=False)
    sub = world.submission(hei, status="approved")
    for model, items in rows.items():
        model.objects.bulk_create([model(period=sub.period, submission=sub, institution=hei, **fields)
                                   for fields in items])
    return sub


def test_an_approval_is_added_to_the_kept_rows_and_gives_what_a_fresh_computation_gives(busy, deltas):  # noqa: F811
    h1 = busy.heis[0]
    before = whole_set()  # every pass sent whole, and kept
    assert not deltas
    approve_new_version(busy, h1, {
        Agreement: [{"country_id": "CN", "countries": ["CN"], "directions": ["research"]},
                    {"partner_id": "sorbonne", "directions": ["mobility"]}],
        MobilityFlow: [{"direction": "outbound", "person": "student", "level": "bachelor", "country_id": "TR",
                        "countries": ["TR", "RU"], "headcount": 9}],
    })
    after = whole_set()
    assert {name for name, _removed, _added in deltas} >= {"Agreement", "MobilityFlow", "Project"}
    assert all(len(removed) == 1 and len(added) == 1 for _name, removed, added in deltas)
    assert after == fresh()
    assert after["agreements_by_country"] != before["agreements_by_country"]  # the change is seen
    # h1's old version had projects, the new one none: its project groups are gone
    assert after["projects"] != before["projects"]
    assert whole_set() == after  # nothing changed since: the kept rows as they are


def test_an_hei_whose_version_stops_counting_leaves_no_group_behind(busy, deltas):  # noqa: F811
    h2 = busy.heis[1]
    whole_set()
    Submission.objects.filter(institution=h2, period=busy.period).update(status="draft")
    after = whole_set()
    assert deltas and all(added == () for _name, _removed, added in deltas)
    assert after == fresh()
    assert not any(v.dimension.get("institution") == h2.pk for values in after.values() for v in values)


def test_a_registry_change_sends_every_pass_whole_again(busy, deltas):  # noqa: F811
    before = whole_set()
    sorbonne = ForeignOrganisation.objects.get(pk="sorbonne")
    sorbonne.country_id = "CN"  # the agreements with the Sorbonne now count under China
    sorbonne.save()
    # what its commit does (the test's transaction never commits; `stamp`'s own tests check the signal)
    stamp.bump("global")
    after = whole_set()
    assert not deltas
    assert after == fresh() and after != before


def test_rows_edited_outside_the_application_are_counted_after_the_cache_is_cleared(busy, deltas):  # noqa: F811
    """The documented step after a raw SQL edit (docs/portal.md: clear the cache) also forgets the kept passes."""
    h1 = busy.heis[0]
    whole_set()
    old = Submission.objects.get(institution=h1, period=busy.period, is_current=True)
    with connection.cursor() as cursor:  # an edit outside the application: no signal, no new generation
        cursor.execute(f"DELETE FROM {Project._meta.db_table} WHERE submission_id = %s", [old.pk])
    stamp.clear()
    approve_new_version(busy, h1, {Project: [{"kind": "research", "country_id": "RU", "quantity": 1}]})
    after = whole_set()
    assert not deltas  # nothing was kept to bring up to date
    assert after == fresh()


def test_what_a_transaction_computed_is_not_kept(busy, deltas):  # noqa: F811
    """A transaction may roll back what it saw (a version stored and approved in it): its passes are not kept."""
    from django.db import transaction

    with transaction.atomic():
        whole_set()
    assert not kept_passes._kept
    whole_set()
    assert kept_passes._kept


def test_the_values_are_brought_up_to_date_from_the_changed_groups_and_equal_fresh_ones(busy, deltas, brought):  # noqa: F811
    h1, h2 = busy.heis[0], busy.heis[1]
    whole_set()  # the values of every plan shaped whole, and kept beside the passes
    assert not brought
    # (h1's programmes are the only ones naming several countries: kept, so that no dimension set comes or goes)
    several = {"level": "master", "country_id": "FR", "countries": ["FR", "TR"], "field_id": "05", "enrolment": 7}
    approve_new_version(busy, h1, {
        Agreement: [{"country_id": "CN", "countries": ["CN"], "directions": ["research", "mobility"]}],
        MobilityFlow: [{"direction": "inbound", "person": "staff", "level": "master", "country_id": "RU",
                        "headcount": 4}],
        JointProgramme: [several], DoubleDegreeProgramme: [several],
    })
    after = compute_all(2023)
    assert brought and all(done for _key, done in brought)  # no plan shaped whole again
    kept_passes.forget()
    again = compute_all(2023)
    assert {k: r.values for k, r in after.items()} == {k: r.values for k, r in again.items()}
    assert sets_of(after) == sets_of(again)
    # and once more from there: a version that stops counting takes its keys out; h2's agreement and mobility
    # flow were the only ones naming several countries, so those plans lose a dimension set: shaped whole
    brought.clear()
    Submission.objects.filter(institution=h2, period=busy.period).update(status="draft")
    after = compute_all(2023)
    assert any(done for _key, done in brought) and not all(done for _key, done in brought)
    assert {k: r.values for k, r in after.items()} == fresh()
    assert not any(v.dimension.get("institution") == h2.pk for r in after.values() for v in r.values)


def test_a_pass_is_compiled_once_per_process_and_given_each_runs_versions(busy, deltas, monkeypatch):  # noqa: F811
    """Which versions count goes in as array parameters (`passes._build`): the SQL compiled for one set of
    versions serves the next, with that run's ids — and gives what a fresh computation gives."""
    compiled = []
    real = passes._compile
    monkeypatch.setattr(passes, "_compile", lambda *args: compiled.append(args[0]) or real(*args))
    passes._COMPILED.clear()
    whole_set()
    approve_new_version(busy, busy.heis[0], {Agreement: [{"country_id": "TR", "countries": ["TR"]}]})
    whole_set()  # each pass's signed form compiled for the first time
    approve_new_version(busy, busy.heis[1], {Agreement: [{"country_id": "CN", "countries": ["CN"]}]})
    compiled.clear()
    deltas.clear()
    after = whole_set()  # every pass brought up to date again: the same SQL, the new ids
    assert deltas and not compiled
    passes._COMPILED.clear()
    assert after == fresh() and compiled  # compiled again from scratch: the same values


def test_a_lock_or_a_reopening_changes_no_figure_and_a_return_takes_the_version_out(busy, deltas, monkeypatch):  # noqa: F811
    """What counts is the approved current version of each HEI (`scope.counted_ids`); a lock freezes a version
    whatever its state and a reopening unfreezes it, so neither changes a figure: the kept values stay as
    they are (no signed pass). Returning an approved version takes it out: brought up to date, as fresh."""
    from intlmon.collection.workflow import Actor, Role, transition

    analyst = Actor("analyst", Role.ANALYST)
    version = Submission.objects.get(institution=busy.heis[0], period=busy.period, is_current=True)
    before = whole_set()
    shaped = []
    real = shaping.shape_parts
    monkeypatch.setattr(shaping, "shape_parts", lambda *args: shaped.append(args[0].key) or real(*args))
    transition(version, "lock", analyst)
    assert whole_set() == before and not deltas
    transition(Submission.objects.get(pk=version.pk), "reopen", analyst)
    assert whole_set() == before and not deltas and not shaped  # the kept values as they were
    transition(Submission.objects.get(pk=version.pk), "return", analyst, comment="check the mobility rows")
    after = whole_set()
    assert deltas and after != before and after == fresh()


def test_values_computed_in_a_transaction_that_rolls_back_are_not_kept(busy, deltas):  # noqa: F811
    """The values depend on the registry too (an HEI's category): what a transaction saw may roll back, so a
    pass answered in one keeps no values (`kept_passes.execute`), even from rows kept before it."""
    from django.db import transaction

    from intlmon.registry.models import InstitutionCategory

    whole_set()
    for kept in list(kept_passes._kept._entries.values()):  # as after a run that read only some statistics
        kept.shapes.clear()

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        InstitutionCategory.objects.filter(institution=busy.heis[0]).update(category="private")
        whole_set()
        raise Rollback
    assert whole_set() == fresh()


def test_values_are_brought_up_to_date_from_the_origin_read_once(busy, deltas, monkeypatch):  # noqa: F811
    """Another thread may replace the kept pass meanwhile (the next approval's run, the warming): a run that has
    read a pass's origin brings its values up to date from that, whatever happens to the pass after."""
    whole_set()
    approve_new_version(busy, busy.heis[0], {Agreement: [{"country_id": "CN", "countries": ["CN"]}]})
    real = passes.Answer.touched

    def racing(self, i, changed):
        if self.kept is not None:
            self.kept.origin = None  # what a concurrent `execute` storing a newer pass does to this one
        return real(self, i, changed)

    monkeypatch.setattr(passes.Answer, "touched", racing)
    after = whole_set()
    monkeypatch.setattr(passes.Answer, "touched", real)
    assert after == fresh() and whole_set() == after
