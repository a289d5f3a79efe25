"""Statistics endpoints: the read service's JSON, equal to `intlmon stats --format json`; slices; 400/404."""

from __future__ import annotations

import json

DDP = "double_degree_programmes"


def test_the_list_names_every_declared_statistic_in_the_request_language(api):
    from intlmon.analytics.registry import all_statistics

    body = api("anonymous").get("/api/v1/statistics/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert sorted(s["id"] for s in body) == sorted(all_statistics())
    ddp = next(s for s in body if s["id"] == DDP)
    assert ddp["title"] == "Double-degree programmes"
    kk = next(s for s in api("anonymous").get("/api/v1/statistics/", HTTP_ACCEPT_LANGUAGE="kk").json() if s["id"] == DDP)
    assert kk["title"] != ddp["title"]


def test_a_statistic_is_what_intlmon_stats_prints_for_the_same_id_and_year(api, cli, capsys):
    served = api("anonymous").get(f"/api/v1/statistics/{DDP}/?year=2023").json()
    assert cli(["stats", "--year", "2023", "--format", "json", "--only", DDP]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert served == printed
    total = served["figures"][0]
    assert (total["dimension"], total["value"], total["source"]) == ({}, 2, "records")  # only HEI A's approved rows


def test_a_slice_is_the_read_service_figure_for_that_dimension(api):
    from intlmon.analytics.read import Reader

    body = api("anonymous").get(f"/api/v1/statistics/{DDP}/?year=2023&country=FR").json()
    assert body["figures"][0] == Reader(2023).figure(DDP, country="FR").as_json()
    assert body["figures"][0]["value"] == 1
    assert all(f["dimension"].get("country") == "FR" for f in body["figures"])


def test_bad_parameters_are_400_in_the_one_problem_shape_and_unknown_ids_404(api):
    from intlmon.collection.problems import FIELDS

    client = api("anonymous")
    for url, rule, column in ((f"/api/v1/statistics/{DDP}/", "year_required", "year"),
                              (f"/api/v1/statistics/{DDP}/?year=abc", "integer_parameter", "year"),
                              ("/api/v1/statistics/agreements_by_direction/?year=2023&country=FR",
                               "unknown_dimension", "country")):
        r = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        assert r.status_code == 400, url
        [p] = r.json()["problems"][:1]
        assert tuple(p) == FIELDS and (p["rule"], p["column"], p["severity"]) == (rule, column, "error")
    assert "abc" in client.get(f"/api/v1/statistics/{DDP}/?year=abc", HTTP_ACCEPT_LANGUAGE="en").json()[
        "problems"][0]["message"]
    assert client.get("/api/v1/statistics/no_such_statistic/?year=2023").status_code == 404
