"""`intlmon stats`: every statistic with values and sources; exit 2 on an unknown id."""

from __future__ import annotations

import json

from intlmon.records.models import DoubleDegreeProgramme


def test_it_prints_values_and_sources_as_json(world, cli, capsys):
    world.add(DoubleDegreeProgramme, world.heis[0], level="master", country_id="FR", enrolment=5)
    world.publish("agreements", {"direction": "Бірлескен зерттеу"}, 1539, "line 205")
    assert cli(["stats", "--year", "2023", "--format", "json",
                "--only", "double_degree_programmes", "agreements_by_direction"]) == 0
    out = json.loads(capsys.readouterr().out)
    figures = out["figures"]
    assert {f["statistic"] for f in figures} == {"double_degree_programmes", "agreements_by_direction"}
    ddp_total = next(f for f in figures if f["statistic"] == "double_degree_programmes" and not f["dimension"])
    assert (ddp_total["value"], ddp_total["source"], ddp_total["unit"], ddp_total["year"]) == (1, "records", "programmes", 2023)
    assert [f for f in figures if f["statistic"] == "agreements_by_direction"] == [
        {"statistic": "agreements_by_direction", "year": 2023, "dimension": {}, "value": 1539, "unit": "agreements",
         "source": "published", "note": "line 205"},
        {"statistic": "agreements_by_direction", "year": 2023, "dimension": {"direction": "research"}, "value": 1539,
         "unit": "agreements", "source": "published", "note": "line 205"}]


def test_it_prints_a_readable_table_with_labels_in_the_language(world, cli, capsys):
    world.add(DoubleDegreeProgramme, world.heis[0], level="master", country_id="FR")
    world.add(DoubleDegreeProgramme, world.heis[1], level="master", country_id="RU")
    assert cli(["stats", "--year", "2023", "--only", "double_degree_programmes", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Double-degree programmes  [double_degree_programmes]" in out
    assert "total: 2" in out
    assert "University 1" in out and "France" in out and "Russia" in out


def test_it_prints_every_statistic_by_default(world, cli, capsys):
    from intlmon.analytics.registry import all_statistics

    assert cli(["stats", "--year", "2023", "--format", "json"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    totals = [f["statistic"] for f in figures if not f["dimension"]]
    assert sorted(totals) == sorted(all_statistics())  # one total figure per statistic, data or not


def test_it_exits_2_on_an_unknown_id_and_lists_the_known_ones(world, cli, capsys):
    assert cli(["stats", "--year", "2023", "--only", "no_such_stat"]) == 2
    err = capsys.readouterr().err
    assert "no_such_stat" in err and "double_degree_programmes" in err
